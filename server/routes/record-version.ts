/**
 * Writes made on a record as read (RFC 9110 13.1.1): GET answers the record's ETag (recordTag), a
 * replacement sends it back as If-Match, and the store compares it on the locked row (412 when
 * someone saved the record since). The routes share these two steps.
 */
import type { FastifyReply } from 'fastify';
import { ProblemError } from '../errors.js';
import { recordTag } from '../store/record-tag.js';

/** The record, answered with its ETag. */
export function withTag<T>(reply: FastifyReply, record: T): T {
  reply.header('etag', recordTag(record));
  return record;
}

/**
 * The If-Match a replacement must send: 428 naming the header without it. `what` says what the
 * write is ("replacing an officer"), `readFrom` where the tag is read.
 */
export function requiredIfMatch(headers: { 'if-match'?: string }, what: string, readFrom: string): string {
  const ifMatch = headers['if-match'];
  if (ifMatch === undefined) {
    throw new ProblemError(428, 'Precondition required', `${what} needs the version you read: send its ETag as If-Match`, [
      { field: 'headers.if-match', message: `required (the ETag of ${readFrom})` },
    ]);
  }
  return ifMatch;
}
