import type { FastifyServerOptions } from 'fastify';

/**
 * Pino options for the API. Debtor names and addresses must never reach a log: request bodies are
 * not logged at all, and any object that carries such a field by mistake is censored by path.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'body',
  '*.body',
  'name',
  'address',
  '*.name',
  '*.address',
  '*.*.name',
  '*.*.address',
  'cases',
  '*.cases',
];

/**
 * A request as logged: method, path and where it came from, never the query string (a single
 * sign-on callback carries the provider's code and state there; searches carry what was searched).
 */
function requestForLog(req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: req.url?.split('?')[0], host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export function loggerOptions(options: { level?: string; stream?: NodeJS.WritableStream } = {}): FastifyServerOptions['logger'] {
  return {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: requestForLog },
    ...(options.stream ? { stream: options.stream } : {}),
  };
}
