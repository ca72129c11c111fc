import * as z from 'zod/mini';
import { CaseRef, IsoDate, RowId } from './common.js';

/** Visit outcomes an officer or team leader records (POST /api/outcomes) and reads back. */

export const OutcomeKind = z.enum(['paid', 'arrangement', 'no_contact', 'goods_controlled', 'vulnerable', 'gone_away']);

/** POST /api/outcomes. */
export const OutcomeBody = z.object({
  caseRef: CaseRef,
  kind: OutcomeKind,
  at: z.iso.datetime({ offset: true, local: true }).check(z.describe('when the visit happened, ISO 8601')),
  officerId: z.optional(z.string().check(z.maxLength(64))),
  amount: z.optional(z.number().check(z.positive(), z.lte(10_000_000))),
  note: z.optional(z.string().check(z.maxLength(2000))),
});

export const OutcomeResponse = z.extend(OutcomeBody, { id: z.number().check(z.int()), recordedBy: z.string(), caseStatus: z.string() });
/** GET /api/outcomes: the recorded outcomes (without the case's status). */
export const OutcomeListItem = z.omit(OutcomeResponse, { caseStatus: true });
export const OutcomeQuery = z.object({
  caseRef: z.optional(CaseRef),
  since: z.optional(IsoDate).check(z.describe("only those recorded on this London day or later (an officer's phone: what another device recorded)")),
  limit: z
    ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 1000)
    .check(
      z.describe('the most outcomes one page reads (1-1000, default 1000); a page may hold fewer once filtered: follow the Link rel="next" until it is absent'),
    ),
  after: z.optional(RowId).check(z.describe('the next page: outcomes with an id above this one (the Link rel="next" of the page before gives it)')),
});
