/**
 * The planning caseload read in part (Store.planningCaseKeys, Store.planningCases): a team's
 * planning job reads its own patch and what care connects to it (server/jobs/planning-data.ts),
 * not the whole agency. The rules choose what to read (solver/rules/patches.ts otherTeamsAreas,
 * person.ts careReach); these queries only select by the keys they are given.
 */
import type { CaseKey } from '../../solver/rules/person.js';
import type { Case } from '../../solver/rules/types.js';
import type { Params, SqlClient } from './sql-client.js';
import type { PlanningCaseFilter } from './store.js';

/** What planning reads: open and suspended cases, and closed ones with a warning marker (the premises' caution outlives the case). */
const PLANNING = "(status IN ('open', 'suspended') OR (status = 'closed' AND warning = 1))";

const quoted = (chars: string) => [...chars].map((c) => `'${c}'`).join(', ');
const charAt = (fromEnd: number) => `substr(postcode, length(postcode) - ${fromEnd}, 1)`;
/**
 * A postcode in the import's form (server/import/fields.ts: "N11 1NN", the outward code, one space,
 * a digit and two capital letters). Only such a postcode is left out by its area: any other is read,
 * and the rules judge it as they would have.
 */
const IMPORT_FORM = `(length(postcode) BETWEEN 6 AND 8 AND ${charAt(3)} = ' ' AND ${charAt(2)} IN (${quoted('0123456789')})
  AND ${charAt(1)} IN (${quoted('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}) AND ${charAt(0)} IN (${quoted('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}))`;
/** Its outward code ("N11") and sector ("N11 1"); guarded, since PostgreSQL refuses a negative substr length. */
const DISTRICT = 'CASE WHEN length(postcode) >= 6 THEN substr(postcode, 1, length(postcode) - 4) END';
const SECTOR = 'CASE WHEN length(postcode) >= 6 THEN substr(postcode, 1, length(postcode) - 2) END';

function where(db: SqlClient, filter: PlanningCaseFilter): { sql: string; params: Params } {
  const { dialect } = db;
  const parts = [PLANNING];
  const params: unknown[] = [];
  if (filter.outsideAreas && filter.outsideAreas.length > 0) {
    parts.push(`NOT (${IMPORT_FORM} AND (${dialect.inList(DISTRICT)} OR ${dialect.inList(SECTOR)}))`);
    params.push(dialect.listParam(filter.outsideAreas), dialect.listParam(filter.outsideAreas));
  }
  for (const [column, values] of [
    ['debtor_ref', filter.debtorRefs],
    ['postcode', filter.postcodes],
    ['ref', filter.refs],
  ] as const) {
    if (values === undefined) continue;
    parts.push(dialect.inList(column));
    params.push(dialect.listParam(values));
  }
  return { sql: parts.join(' AND '), params };
}

export async function planningCaseKeys(db: SqlClient, filter: PlanningCaseFilter): Promise<CaseKey[]> {
  if ([filter.debtorRefs, filter.postcodes, filter.refs].some((list) => list?.length === 0)) return [];
  const { sql, params } = where(db, filter);
  const rows = await db.all(`SELECT ref, debtor_ref, postcode, address FROM cases WHERE ${sql}`, params);
  return rows.map((r) => ({ ref: r.ref as string, debtorRef: r.debtor_ref as string, postcode: r.postcode as string, address: r.address as string }));
}

/** In the order listCases gives each of the three reads loadPlanningData made of the whole caseload. */
const PLANNING_ORDER = "CASE status WHEN 'open' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END, ref";

export async function planningCases(db: SqlClient, refs: readonly string[], caseFromRow: (r: Record<string, unknown>) => Case): Promise<Case[]> {
  if (refs.length === 0) return [];
  const { sql, params } = where(db, { refs });
  return (await db.all(`SELECT * FROM cases WHERE ${sql} ORDER BY ${PLANNING_ORDER}`, params)).map(caseFromRow);
}
