/** A postgres:// or postgresql:// URL selects PostgreSQL (ROUNDS_DB); anything else is a SQLite file path. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/** The database for a message: a SQLite path as it is, a PostgreSQL URL without its user and password. */
export function databaseLabel(database: string): string {
  if (!isPostgresUrl(database)) return database;
  try {
    const url = new URL(database);
    return `PostgreSQL database ${decodeURIComponent(url.pathname.slice(1)) || '(default)'} on ${url.host}`;
  } catch {
    return 'PostgreSQL database (unparsable URL)';
  }
}
