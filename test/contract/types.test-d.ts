/**
 * The API's contract (contract/) checked against the domain's and the server's own types at compile
 * time: `npm run typecheck` (tsconfig.json includes test/) fails when a field is added to one and not
 * the other, or when a value the server holds would not pass the schema it is answered with. Nothing
 * here runs; vitest does not collect *.test-d.ts files.
 */
import type * as z from 'zod/mini';
import type { AuditEntry as AuditAnswer } from '../../contract/audit.js';
import type { CaseSummary } from '../../contract/cases.js';
import type { SweepResult as SweepAnswer } from '../../contract/jobs.js';
import type { ModelResponse } from '../../contract/model.js';
import type { Crew as CrewAnswer, Officer as OfficerAnswer, SaturdayMonthSchema } from '../../contract/officers.js';
import type { OutcomeListItem } from '../../contract/outcomes.js';
import type { DayPlanSchema, PlanResponse, SaturdayQuotaSchema } from '../../contract/plans.js';
import type { SessionUser } from '../../contract/session.js';
import type { SettingsView } from '../../contract/settings.js';
import type { Account } from '../../contract/users.js';
import type { SignedInUser } from '../../server/auth/roles.js';
import type { SweepResult } from '../../server/jobs/protocol.js';
import type { Settings } from '../../server/settings.js';
import type { AuditEntry, Outcome, User } from '../../server/store/store.js';
import type { ModelSummary } from '../../solver/rules/learning.js';
import type { SaturdayMonth } from '../../solver/rules/saturdays.js';
import type {
  Case,
  CheckIn,
  Crew,
  DayPlan,
  Officer,
  PlannedRoute,
  PlannedStop,
  SaturdayQuotaStatus,
  UnplannedCase,
  Violation,
} from '../../solver/rules/types.js';

/** Compiles only when T is exactly true; the error names the check that failed. */
function check<T extends true>(_name: string): T | void {}

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Leaf = string | number | boolean | null | undefined;
/**
 * A type's field names, all the way down through objects and arrays, with optionality and leaf
 * types left out (those the assignability checks below catch): two types with the same Shape have
 * the same fields at every level.
 */
type Shape<T> = T extends readonly (infer E)[] ? Shape<NonNullable<E>>[] : T extends Leaf ? 'leaf' : { [K in keyof T]-?: Shape<NonNullable<T[K]>> };
/** True, or the top-level fields in one and not the other (none listed: the difference is deeper down). */
type SameFields<A, B> = Equal<Shape<A>, Shape<B>> extends true ? true : { fieldsNotInBoth: Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A> };
/** Every field of the answer is one the domain has (the answer may leave some out). */
type FieldsFrom<Answer, Domain> = Exclude<keyof Answer, keyof Domain> extends never ? true : false;
/** The server can answer with what it holds: the schema accepts the value. */
type Accepts<Schema extends z.ZodMiniType, Value> = [Value] extends [z.input<Schema>] ? true : false;

type DayPlanAnswer = z.output<typeof DayPlanSchema>;
type RouteAnswer = DayPlanAnswer['routes'][number];
type StopAnswer = RouteAnswer['stops'][number];

// The day plan, field for field, at every level.
check<SameFields<DayPlan, DayPlanAnswer>>('DayPlan');
check<SameFields<PlannedRoute, RouteAnswer>>('PlannedRoute');
check<SameFields<PlannedStop, StopAnswer>>('PlannedStop');
check<SameFields<Violation, StopAnswer['violations'][number]>>('Violation');
check<SameFields<CheckIn, NonNullable<RouteAnswer['checkIns']>[number]>>('CheckIn');
check<SameFields<UnplannedCase, DayPlanAnswer['unplanned'][number]>>('UnplannedCase');
check<Accepts<typeof DayPlanSchema, DayPlan>>('a DayPlan passes DayPlanSchema');
check<SameFields<Omit<z.output<typeof PlanResponse>, 'id' | 'version' | 'createdBy' | 'createdAt'>, DayPlan>>(
  'PlanResponse is a DayPlan with its id and version',
);
check<SameFields<SaturdayQuotaStatus, z.output<typeof SaturdayQuotaSchema>>>('SaturdayQuotaStatus');
check<Accepts<typeof SaturdayQuotaSchema, SaturdayQuotaStatus>>('a SaturdayQuotaStatus passes SaturdayQuotaSchema');

// Officers and crews.
check<SameFields<Officer, z.output<typeof OfficerAnswer>>>('Officer');
check<Accepts<typeof OfficerAnswer, Officer>>('an Officer passes the Officer schema');
check<Equal<Crew, z.output<typeof CrewAnswer>>>('Crew');
check<SameFields<SaturdayMonth, z.output<typeof SaturdayMonthSchema>>>('SaturdayMonth');
check<Accepts<typeof SaturdayMonthSchema, SaturdayMonth>>('a SaturdayMonth passes SaturdayMonthSchema');

// A case summary is a projection of the case (plus its flags): no field the case does not have.
check<FieldsFrom<Omit<z.output<typeof CaseSummary>, 'flags'>, Case>>('CaseSummary fields are Case fields');
check<Accepts<typeof CaseSummary, Pick<Case, Exclude<keyof z.output<typeof CaseSummary>, 'flags'>> & { flags: { vulnerable: boolean; warning: boolean } }>>(
  'a Case summarised passes CaseSummary',
);
// An outcome as listed: the stored outcome less what the store keeps for itself (balanceBefore).
check<SameFields<Omit<Outcome, 'balanceBefore'>, z.output<typeof OutcomeListItem>>>('Outcome');
check<Accepts<typeof OutcomeListItem, Outcome>>('a stored Outcome passes OutcomeListItem');

// Accounts, the signed-in user, the audit, a sweep's result, the settings the client reads.
// The subject (an account's person at the identity provider) stays in the server: the answer drops it.
check<SameFields<Omit<User, 'subject'>, z.output<typeof Account>>>('User');
check<Accepts<typeof Account, User>>('a User passes Account');
check<SameFields<SignedInUser, z.output<typeof SessionUser>>>('SignedInUser');
check<SameFields<AuditEntry, z.output<typeof AuditAnswer>>>('AuditEntry');
check<SameFields<SweepResult, z.output<typeof SweepAnswer>>>('SweepResult');
check<Accepts<typeof SettingsView, Settings>>('the server Settings pass the client view');

// The forecast the model page shows, as the rules compute it.
check<SameFields<ModelSummary, z.output<typeof ModelResponse>>>('ModelSummary');
check<Accepts<typeof ModelResponse, ModelSummary>>('a ModelSummary passes ModelResponse');
