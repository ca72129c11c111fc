import * as z from 'zod/mini';
import { IsoDate, RowId } from './common.js';

/** The audit trail: hash-chained entries, read by filters a page at a time. */

export const AuditEntry = z.object({
  id: z.number().check(z.int()),
  at: z.string().check(z.describe('ISO 8601, UTC')),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

const Name = z.string().check(z.minLength(1), z.maxLength(32));

export const AuditQuery = z.object({
  actor: z.optional(z.string().check(z.minLength(1), z.maxLength(128))).check(z.describe('the username who acted')),
  caseRef: z
    .optional(z.string().check(z.minLength(1), z.maxLength(64)))
    .check(z.describe('entries about this case, or whose detail lists it (an import, a run sheet printed)')),
  action: z.optional(Name).check(z.describe('e.g. create, update, delete, import, outcome, read, sign-in')),
  entity: z.optional(Name).check(z.describe('e.g. case, officer, crew, settings, plan, run-sheet, user, session')),
  from: z.optional(IsoDate).check(z.describe('first day, a London calendar day (YYYY-MM-DD)')),
  to: z.optional(IsoDate).check(z.describe('last day, inclusive, a London calendar day (YYYY-MM-DD)')),
  before: z.optional(RowId.check(z.gte(1))).check(z.describe('the next page: entries older than this id (the last id of the page before)')),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 100),
});
