import * as z from 'zod/mini';
import { CaseRef } from './common.js';

/** Cases as the API shows them (a summary of solver/rules' Case) and the import's answer. */

export const CaseSummary = z.object({
  ref: z.string(),
  debtorRef: z.string(),
  name: z.string(),
  address: z.string(),
  postcode: z.string(),
  lat: z.number(),
  lon: z.number(),
  balance: z.number(),
  noticeDate: z.string(),
  premises: z.enum(['domestic', 'business']),
  debtType: z.enum(['council_tax', 'nndr', 'bid', 'hbop']),
  status: z.enum(['open', 'suspended', 'closed']),
  flags: z.object({ vulnerable: z.boolean(), warning: z.boolean() }),
  tradingHours: z.optional(z.string()),
  previousAttempts: z.array(z.string()),
});

export const CaseStatusQuery = z.object({ status: z.optional(z.enum(['open', 'suspended', 'closed'])) });
export const CaseParams = z.object({ ref: CaseRef });

/** A row a re-import did not take whole: an outcome recorded in Rounds says otherwise. */
export const KeptRow = z.object({
  row: z.number().check(z.int(), z.describe('spreadsheet row (the header is row 1)')),
  caseRef: z.string(),
  fields: z.array(z.string()).check(z.describe('the columns not taken from the file, e.g. status, vulnerable, previous_attempts')),
  reason: z.string().check(z.describe('what was recorded in Rounds, e.g. "closed by a \'paid\' outcome recorded 2026-03-04"')),
});

/** A row whose case joined a debtor reference under a name sharing no word with that debtor's other cases' names. */
export const OtherNameRow = z.object({
  row: z.number().check(z.int(), z.describe('spreadsheet row (the header is row 1)')),
  caseRef: z.string(),
  debtorRef: z.string(),
});

/** POST /api/cases/import: new cases, cases updated by ref, the rows kept as recorded, and names to check. */
export const ImportAnswer = z.object({
  imported: z.number().check(z.int()),
  updated: z.number().check(z.int()),
  kept: z.array(KeptRow).check(z.describe('rows that did not take every column from the file, because an outcome recorded in Rounds says otherwise')),
  otherName: z
    .array(OtherNameRow)
    .check(
      z.describe(
        "rows of a case new to its debtor_ref whose name shares no word with the names of that debtor's other cases (imported): if it is another person, give them their own debtor_ref, since holds, reviews and erasure follow the reference",
      ),
    ),
  outsideRoadArea: z
    .optional(
      z.object({
        cases: z.number().check(z.int()),
        roads: z.string().check(z.describe('the road data in use, e.g. "north London demo"')),
        districts: z.array(z.object({ district: z.string(), cases: z.number().check(z.int()) })).check(z.describe('by postcode district, most first')),
      }),
    )
    .check(z.describe("cases of the file beyond the road data in use (kept; the planner leaves them out as outside-road-area): load your area's road extract")),
});

/** GET /api/cases/:ref: the summary and the case's outcomes. */
export const CaseDetail = z.extend(CaseSummary, {
  outcomes: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      at: z.string(),
      recordedBy: z.string(),
      officerId: z.optional(z.string()),
      amount: z.optional(z.number()),
      note: z.optional(z.string()),
    }),
  ),
});
