import * as z from 'zod/mini';

/** Lone-working check-ins (POST/GET /api/check-ins) and the key that makes a repeated request safe. */

/** The Idempotency-Key header a phone sends with a queued outcome or check-in: printable ASCII, no spaces. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .optional(z.string().check(z.regex(/^[\x21-\x7e]{8,128}$/, '8 to 128 printable characters, no spaces')))
    .check(z.describe('makes the request safe to repeat: a replayed key answers the first result and records nothing')),
});

export const CheckInBody = z.object({
  at: z.iso.datetime({ offset: true }).check(z.describe('when the officer checked in (ISO 8601): the moment they pressed, even if sent later')),
});

export const CheckInResponse = z.object({
  id: z.number().check(z.int()),
  officerId: z.string(),
  at: z.string().check(z.describe('UTC ISO 8601')),
  recordedBy: z.string(),
});

export const CheckInsQuery = z.object({ date: z.iso.date().check(z.describe('London date')) });
