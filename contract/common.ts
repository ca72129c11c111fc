import * as z from 'zod/mini';

/**
 * Shapes every area of the HTTP API uses. The contract is written with zod/mini so that the client
 * can parse answers with these very schemas without carrying full zod (about 19 kB gzipped more);
 * the server validates and documents (OpenAPI) with them through fastify-type-provider-zod.
 */

export const IsoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  z.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real calendar date'),
);

export const LocalTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)'));

export const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'));

export const Point = z.object({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lon: z.number().check(z.gte(-180), z.lte(180)),
});

/** An id in a path (a plan, a job, an officer). */
export const IdParams = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });

/** A case ref as a request names it. */
export const CaseRef = z.string().check(z.minLength(1), z.maxLength(64));

/**
 * A paging cursor: a row id of the audit or the outcomes (PostgreSQL keeps them as integer, so a
 * larger number is no row and, passed to the database, its error: a 500 instead of a 400).
 */
export const RowId = z.coerce.number().check(z.int(), z.gte(0), z.lte(2_147_483_647));

/** A list's totals: a day's, a route's, a week's. */
export const Totals = z.object({ visits: z.number(), miles: z.number(), value: z.number() });

/**
 * The headers of a write made on a record as read: If-Match, the ETag its GET answered (`readFrom`),
 * bounded; 428 where the write requires it, 412 when someone has saved the record since.
 */
export const ifMatchHeaders = (readFrom: string) =>
  z.object({
    'if-match': z.optional(z.string().check(z.maxLength(100), z.describe(`the ETag of the record as read (${readFrom}); 412 when someone has saved it since`))),
  });
