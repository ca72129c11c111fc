/**
 * `npm run --silent audit -- verify` on the server's database (ROUNDS_DB): checks the whole audit
 * hash chain (server/store/sqlite-audit.ts).
 *   exit 0: `ok: N rows, chain intact` and the last row's hash (keep it elsewhere: a later run
 *           whose chain no longer passes through it shows the trail was rewritten);
 *   exit 1: the first row that breaks the chain, and what is wrong with it;
 *   exit 2: a bad argument or no database, one line on stderr.
 * The database (a SQLite file or a PostgreSQL URL) is opened as it is, read-only: no migration, no write.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configFromEnv } from '../config.js';
import { verifyAuditChain } from '../store/sql-audit.js';
import { SqliteClient } from '../store/sqlite-client.js';
import { isPostgresUrl } from '../store/database-url.js';
import { PgClient } from '../store/pg-client.js';
import type { SqlDatabase } from '../store/sql-client.js';

class UsageError extends Error {}

function parse(argv: string[]): 'verify' {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const [command, ...extra] = positionals;
  if (!command) throw new UsageError('missing command: verify');
  if (command !== 'verify') throw new UsageError(`unknown command '${command}': verify`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  return command;
}

/** The database as it is, read-only: no migration, no write (SQLite's query_only, PostgreSQL's read-only transactions). */
function openReadOnly(database: string): SqlDatabase {
  if (isPostgresUrl(database)) return new PgClient(database, { max: 1, readOnly: true });
  const db = new Database(database, { fileMustExist: true });
  db.pragma('query_only = ON');
  db.pragma('busy_timeout = 5000');
  return new SqliteClient(db);
}

async function main(): Promise<void> {
  let dbPath: string;
  try {
    parse(process.argv.slice(2));
    dbPath = configFromEnv().dbPath;
    if (!isPostgresUrl(dbPath) && !existsSync(dbPath)) throw new UsageError(`no database at ${dbPath} (ROUNDS_DB)`);
  } catch (err) {
    console.error(`audit: ${(err as Error).message}`);
    process.exit(2);
  }
  const db = openReadOnly(dbPath);
  try {
    const report = await verifyAuditChain(db);
    if (report.ok) {
      console.log(`ok: ${report.rows} rows, chain intact${report.lastId === null ? '' : ` (last row ${report.lastId}, hash ${report.lastHash})`}`);
    } else {
      console.log(
        report.id === undefined
          ? `broken: ${report.problem} (${report.rows} rows verify)`
          : `broken at row ${report.id}: ${report.problem} (the ${report.rows} rows before it verify)`,
      );
      process.exitCode = 1;
    }
  } catch (err) {
    console.error(`audit: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

await main();
