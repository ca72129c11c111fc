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

export function loggerOptions(options: { level?: string; stream?: NodeJS.WritableStream } = {}): FastifyServerOptions['logger'] {
  return {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.stream ? { stream: options.stream } : {}),
  };
}
