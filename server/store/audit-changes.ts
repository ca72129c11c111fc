/**
 * What a change changed, for the audit detail: the dotted paths of the changed leaves with their
 * values before and after, except personal data, of which only the fact that it changed is kept
 * (the audit trail is read by people who may not read debtors' or officers' personal data).
 */
import type { Officer } from '../../solver/rules/types.js';
import type { FieldChange } from './store.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality of JSON values (key order does not matter). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

/**
 * The leaves that differ between two JSON documents, by dotted path, in key order. Objects are
 * walked; arrays and scalars are leaves (a list of dates is one field). A leaf only on one side
 * has no `before` (added) or no `after` (removed).
 */
export function leafChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => leafChanges(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (isPlainObject(before) && after === undefined) return Object.keys(before).flatMap((k) => leafChanges(before[k], undefined, path ? `${path}.${k}` : k));
  if (before === undefined && isPlainObject(after)) return Object.keys(after).flatMap((k) => leafChanges(undefined, after[k], path ? `${path}.${k}` : k));
  if (sameJson(before, after)) return [];
  return [{ field: path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}

/**
 * As leafChanges, with each top-level field in `personal` reduced to `{field, personal: true}`
 * once, whatever changed inside it: that it changed, never its values.
 */
export function changesWithout(personal: ReadonlySet<string>, before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  const seen = new Set<string>();
  for (const c of leafChanges(before, after)) {
    const top = c.field.split('.')[0];
    if (!personal.has(top)) out.push(c);
    else if (!seen.has(top)) {
      seen.add(top);
      out.push({ field: top, personal: true });
    }
  }
  return out;
}

/**
 * An officer's personal data: the name, the home start and end points, and the dates off (which
 * can reveal sickness). Their working pattern (shift, days, break, skills, Saturday quota) is the
 * team's planning and is recorded with its values.
 */
export const OFFICER_PERSONAL_FIELDS: ReadonlySet<keyof Officer> = new Set(['name', 'start', 'end', 'unavailableDates']);

/** What an officer's create (no before), update or delete (no after) changed. */
export function officerChanges(before: Officer | undefined, after: Officer | undefined): FieldChange[] {
  return changesWithout(OFFICER_PERSONAL_FIELDS, before, after);
}
