/**
 * The Idempotency-Key request header (IETF draft "The Idempotency-Key HTTP Header Field"): a phone
 * that lost its signal re-sends a queued outcome or check-in with the same key, and the server
 * answers the first result instead of recording it again.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { ProblemError } from '../errors.js';
import type { OnceResult } from '../store/store.js';

export { IdempotencyHeaders } from '../../contract/check-ins.js';

/** What a request asked, as a hash: the same key with another body is a client fault, not a replay. */
export function fingerprint(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** The first result for a replayed key (marked so), or a 422 when the key was first sent with another request. */
export function answerReplay<T>(reply: FastifyReply, once: OnceResult<T>, asked: string): T {
  if (once.fingerprint !== asked) {
    throw new ProblemError(422, 'Idempotency key reused', 'This Idempotency-Key was first sent with a different request: make a new key for a new request.');
  }
  reply.header('idempotent-replayed', 'true');
  return once.result;
}
