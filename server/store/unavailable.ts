/** Socket errors and SQLSTATEs that mean "the database is not there", not "the query is wrong". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  // admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down)
  '57P01',
  '57P02',
  '57P03',
]);

/**
 * True for an error that says the database is unreachable: refused or dropped connections, a
 * server shutting down or starting (57P01..03), connection exceptions (SQLSTATE class 08, e.g.
 * 08006, 08001), and pg's own "Connection terminated" and connect timeout. The one place that
 * decides it: server/errors.ts answers these with 503, the pg client destroys the connection.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(err.message);
}

/** The error's code alone, for a log line: never its message (it may name the host) nor the URL. */
export function unavailableCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'connection-lost';
}

/** PostgreSQL refused a text value it cannot hold (a NUL character): the request's fault, not the server's. */
export function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === '22021' || code === '22P05';
}
