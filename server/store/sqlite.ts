import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { registerAuditHash } from './sql-audit.js';
import { SqliteClient } from './sqlite-client.js';
import { SqlStore } from './sql-store.js';

/** Applies the migrations not yet applied, each in its own transaction (SQLite's write lock keeps another process out). */
function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT id FROM migrations').all() as Array<{ id: number }>).map((r) => r.id));
  for (const m of MIGRATIONS) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, new Date().toISOString());
    }).immediate();
  }
}

function open(path: string): Database.Database {
  let db: Database.Database;
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    // Debtors' personal data: the file readable by its owner only, from its first byte (SQLite
    // gives its WAL and shared-memory files the database file's permissions).
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    db = new Database(path);
    db.pragma('journal_mode = WAL');
  } else {
    db = new Database(path);
  }
  // An acknowledged write survives a power cut (WAL's default NORMAL may lose the last commits).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted and overwritten content is zeroed, not left in free pages: erased personal data goes.
  db.pragma('secure_delete = ON');
  // Before migrating: migration 3 hashes the rows written before the chain with it.
  registerAuditHash(db);
  migrate(db);
  return db;
}

/** The embedded store: one SQLite file in WAL mode with foreign keys on, migrated as it opens. */
export class SqliteStore extends SqlStore {
  constructor(path: string) {
    super(new SqliteClient(open(path)));
  }
}
