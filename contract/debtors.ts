import * as z from 'zod/mini';

/** A debtor's holds (team leader) and erasure on request (admin). */

export const ErasureAnswer = z.object({
  debtorRef: z.string(),
  caseRefs: z.array(z.string()).check(z.describe("every case of the debtor, now erased (name and address read '[erased]')")),
  newlyErased: z.array(z.string()).check(z.describe('the cases this request erased; empty when an earlier request had')),
  closed: z.array(z.string()).check(z.describe('the cases that were open or suspended and are now closed: an erased case is never planned')),
  outcomeNotesErased: z.number().check(z.int()),
  planStopsErased: z.number().check(z.int(), z.describe('stops of stored plans whose coordinates were coarsened and markers cleared')),
  erasedAt: z.string().check(z.describe('when the debtor was first erased on request')),
});

export const DebtorParams = z.object({ debtorRef: z.string().check(z.minLength(1), z.maxLength(64)) });
export const HoldParams = z.extend(DebtorParams, { id: z.coerce.number().check(z.int(), z.gte(1)) });

/** A reason is personal data: bounded, kept with the hold, never in logs or the audit. */
const Reason = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));

export const HoldAnswer = z.object({
  id: z.number().check(z.int()),
  debtorRef: z.string(),
  kind: z
    .enum(['vulnerable', 'manual', 'review'])
    .check(
      z.describe(
        "vulnerable: a flag or a 'vulnerable' outcome on any of the debtor's cases; manual: a team leader's; review: a person at the address is vulnerable",
      ),
    ),
  reason: z.string(),
  setBy: z.string(),
  setAt: z.string(),
  clearedBy: z.optional(z.string()),
  clearedAt: z.optional(z.string()),
  clearReason: z.optional(z.string()),
});

export const SetHoldBody = z.object({ kind: z.literal('manual'), reason: Reason.check(z.describe("the team leader's reason, shown with the hold")) });
export const ClearHoldBody = z.object({ reason: Reason.check(z.describe("the team leader's reason for clearing it")) });
export const ErasureBody = z.object({
  reason: z
    .string()
    .check(z.trim(), z.minLength(1), z.maxLength(500), z.describe("the admin's reason, kept in the audit: say what the request was, not who made it")),
});
