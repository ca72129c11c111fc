/**
 * `npm run --silent backtest -- --weeks N [--json]` on the server's database (ROUNDS_DB): scores the
 * recovery forecast on the last N weeks of recorded outcomes (solver/rules/backtest.ts), the model
 * learning week by week from what was recorded before against the priors alone.
 *   exit 0: the report (a table, or JSON with --json);
 *   exit 1: the database could not be read;
 *   exit 2: a bad argument or no database, one line on stderr.
 * Reads only: outcomes, cases and settings.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backtest, type BacktestReport, type ModelScore } from '../../solver/rules/backtest.js';
import { configFromEnv } from '../config.js';
import { loadRecordedVisits } from '../jobs/planning-data.js';
import { openStore } from '../store/open.js';
import { isPostgresUrl } from '../store/database-url.js';

class UsageError extends Error {}

function parse(argv: string[]): { weeks: number; json: boolean } {
  let values: { weeks?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { weeks: { type: 'string' }, json: { type: 'boolean' } } }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  if (values.weeks === undefined) throw new UsageError('missing --weeks N');
  const weeks = Number(values.weeks);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 104)
    throw new UsageError(`--weeks must be a whole number from 1 to 104, not ${JSON.stringify(values.weeks)}`);
  return { weeks, json: values.json === true };
}

const f3 = (n: number) => n.toFixed(3);
const pct = (n: number) => `${(100 * n).toFixed(1)}%`;

function calibrationTable(name: string, s: ModelScore): string[] {
  return [
    `${name}: calibration of P(contact)`,
    '| predicted | visits | mean predicted | observed |',
    '|---|---:|---:|---:|',
    ...s.calibration.map((b) => `| ${b.from.toFixed(1)}-${b.to.toFixed(1)} | ${b.visits} | ${pct(b.meanPredicted)} | ${pct(b.observed)} |`),
    '',
  ];
}

function render(r: BacktestReport): string {
  if (r.learned.visits === 0) return 'No recorded outcomes to score (record some, or seed the demo with `npm run seed -- --history 12`).\n';
  const lines = [
    `Backtest ${r.from} to ${r.to} (exclusive): ${r.learned.visits} visits, ${r.learned.contacts} with contact.`,
    'Each week is predicted by the model learned from the outcomes recorded before it.',
    '',
    '| model | contact Brier | payment Brier (given contact) |',
    '|---|---:|---:|',
    `| learning | ${f3(r.learned.contactBrier)} | ${f3(r.learned.paymentBrier)} |`,
    `| prior only | ${f3(r.prior.contactBrier)} | ${f3(r.prior.paymentBrier)} |`,
    `| skill (1 - learning / prior) | ${pct(1 - r.learned.contactBrier / r.prior.contactBrier)} | ${pct(1 - r.learned.paymentBrier / r.prior.paymentBrier)} |`,
    '',
    '| week from | trained on | visits | contact Brier learning | prior | payment Brier learning | prior |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.weeks.map(
      (w) =>
        `| ${w.from} | ${w.trainedOn} | ${w.visits} | ${f3(w.learned.contactBrier)} | ${f3(w.prior.contactBrier)} | ${f3(w.learned.paymentBrier)} | ${f3(w.prior.paymentBrier)} |`,
    ),
    '',
    ...calibrationTable('Learning', r.learned),
    ...calibrationTable('Prior only', r.prior),
  ];
  return `${lines.join('\n')}`;
}

async function main(): Promise<void> {
  let args: { weeks: number; json: boolean };
  let dbPath: string;
  try {
    args = parse(process.argv.slice(2));
    dbPath = configFromEnv().dbPath;
    if (!isPostgresUrl(dbPath) && !existsSync(dbPath)) throw new UsageError(`no database at ${dbPath} (ROUNDS_DB)`);
  } catch (err) {
    console.error(`backtest: ${(err as Error).message}`);
    process.exit(2);
  }
  const store = await openStore(dbPath);
  try {
    const settings = await store.getSettings();
    const report = backtest(await loadRecordedVisits(store, settings), settings, { weeks: args.weeks });
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
  } catch (err) {
    console.error(`backtest: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

void main();
