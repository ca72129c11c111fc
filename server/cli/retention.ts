/**
 * `npm run --silent retention -- run [--dry-run]` on the server's database (ROUNDS_DB): prunes plan
 * versions and erases closed cases past their period as the stored settings say, and prints what
 * it did (refs and counts, never personal data). --dry-run prints what a run would do and changes
 * nothing. A bad argument is one line on stderr naming it, exit 2.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { configFromEnv } from '../config.js';
import { runRetention } from '../retention.js';
import type { RetentionReport } from '../store/store.js';
import { openStore } from '../store/open.js';
import { IDEMPOTENCY_KEY_DAYS } from '../store/sql-retention.js';

class UsageError extends Error {}

function parse(argv: string[]): { dryRun: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { 'dry-run': { type: 'boolean', default: false } } });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const [command, ...extra] = parsed.positionals;
  if (!command) throw new UsageError('missing command: run');
  if (command !== 'run') throw new UsageError(`unknown command '${command}': run`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  return { dryRun: parsed.values['dry-run'] === true };
}

/** The report as lines a person reads: counts, then the refs. */
function describeReport(r: RetentionReport): string[] {
  const verb = r.dryRun ? 'would be' : 'were';
  const pruned = r.planVersionsPruned.reduce((n, p) => n + p.versions.length, 0);
  const lines = [
    `retention ${r.dryRun ? 'dry run (nothing changed)' : 'run'} on ${r.today}: keep the last ${r.policy.planVersionsKept} versions of each plan, ` +
      `prune older ones ${r.policy.planVersionsAfterDays} days after the plan's date; erase closed cases ${r.policy.closedCaseDays} days after they closed`,
    `plan versions that ${verb} pruned: ${pruned}`,
    ...r.planVersionsPruned.map((p) => `  plan ${p.planId}: versions ${p.versions.join(', ')}`),
    `closed cases that ${verb} erased: ${r.casesErased.length}`,
    ...(r.casesErased.length > 0 ? [`  ${r.casesErased.join(' ')}`] : []),
    `outcome notes that ${verb} erased: ${r.outcomeNotesErased}`,
    `plan stops that ${verb} erased: ${r.planStopsErased}`,
    `phone request keys that ${verb} forgotten (older than ${IDEMPOTENCY_KEY_DAYS} days): ${r.idempotencyKeysForgotten}`,
  ];
  return lines;
}

async function main(): Promise<void> {
  let args: { dryRun: boolean };
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    console.error(`retention: ${(err as Error).message}`);
    process.exit(2);
  }
  const store = await openStore(configFromEnv().dbPath);
  try {
    const report = await runRetention(store, { actor: `cli:${userInfo().username}`, dryRun: args.dryRun });
    for (const line of describeReport(report)) console.log(line);
  } catch (err) {
    console.error(`retention: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

void main();
