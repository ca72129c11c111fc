/**
 * Care that follows the person and the premises, not the case (docs/enforcement-rules.md, "The
 * person and the premises"):
 * - Vulnerability (reg 10; National Standards 72-74) is the debtor's. A flag on any of their cases
 *   or a 'vulnerable' outcome holds every case of the debtor, at every address, including cases
 *   imported later, until a team leader clears the hold. A flag counts until a team leader has
 *   decided about the debtor's vulnerability (a vulnerability hold set and cleared); the store
 *   turns every newly raised flag into a new hold (newVulnerability).
 * - Others at a vulnerable debtor's address (a vulnerable adult in the household) are held for a
 *   team leader's review rather than planned, until the team leader clears a review of them made
 *   since that vulnerability was recorded (reviewsNeeded says whom the store should open one for).
 * - A team leader's manual hold.
 * - A warning marker is the premises': every visit to that address needs a crew, whoever the debtor.
 * An address ("premises") is the postcode and the address text with case and punctuation ignored,
 * as visits.ts keys a debtor's visits.
 */
import type { RulesSettings } from './settings.js';
import type { Case, DebtorHold, UnplannedReason } from './types.js';

/** Why the person may not be visited, whatever the date. */
export type PersonHoldReason = Extract<UnplannedReason, 'vulnerable' | 'manual-hold' | 'held-for-review'>;

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Words that say nothing about which person or business a name is: titles, name particles
 * (Welsh ap, Arabic bin, Dutch van: shared by strangers), legal forms (Welsh ones too), an estate's
 * and an occupier's words, generic business words, joining words.
 */
const NOT_NAMES = new Set([
  ...['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'sir', 'dame', 'lady', 'lord', 'master', 'messrs'],
  ...['ap', 'ab', 'ferch', 'verch', 'bin', 'bint', 'ibn', 'al', 'el', 'van', 'von', 'der', 'den', 'de', 'da', 'di', 'du', 'la', 'le'],
  ...['ltd', 'limited', 'plc', 'llp', 'lp', 'llc', 'inc', 'cic', 'cyf', 'cyfyngedig', 'ccc', 'cwmni', 'co', 'company', 'trading', 'ta'],
  ...['estate', 'late', 'exors', 'executors', 'executor', 'personal', 'representatives', 'representative', 'trustees', 'trustee', 'occupier', 'owner'],
  ...['uk', 'group', 'holdings', 'properties', 'property', 'services', 'international', 'enterprises'],
  ...['and', 'the', 'of', 'as', 'for'],
]);

/**
 * The words of a name that can tell people apart, in any script: accents and apostrophes dropped
 * (Siân is Sian, O'Brien is OBrien), no initials and no NOT_NAMES.
 */
function nameWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !NOT_NAMES.has(w));
}

/**
 * Two names on cases of one debtor reference may be the same person (or the joint liable people of
 * one account): some word that can tell people apart is shared ("Mr J Smith" and "John Smith";
 * "Acme Ltd" and "ACME LIMITED"; a shared first name too, as after a surname changed on marriage),
 * or a name has no such word to compare (initials only). Names with no word
 * in common suggest the reference was reused for someone else, whom the first person's holds,
 * reviews and erasure would then reach (practice: a reference is the council's, not a proof of
 * identity, so the import asks a person to check rather than deciding).
 */
export function namesMayBeOnePerson(a: string, b: string): boolean {
  const wordsOfA = new Set(nameWords(a));
  const wordsOfB = nameWords(b);
  return wordsOfA.size === 0 || wordsOfB.length === 0 || wordsOfB.some((w) => wordsOfA.has(w));
}

/** The premises of a case: postcode and address text, normalised. */
export function premisesKey(c: Pick<Case, 'postcode' | 'address'>): string {
  return `${norm(c.postcode)}\u0000${norm(c.address)}`;
}

export interface PersonCare {
  /** The hold on the person, if any: vulnerability first, then a manual hold, then a review. */
  holdOf(debtorRef: string): PersonHoldReason | undefined;
  /** The debtor is vulnerable, by a hold or a flag no team leader has decided about. */
  isVulnerable(debtorRef: string): boolean;
  /** A warning marker at these premises, on any case there. */
  warningAt(c: Pick<Case, 'postcode' | 'address'>): boolean;
  /** A date the debtor asked not to be visited on (a religious observance), on any case of theirs. */
  avoidsDate(debtorRef: string, date: string): boolean;
}

/**
 * The case may not be visited on `date`: a do-not-visit date of the case, or (with the caseload's
 * care) of any case of its debtor, since the observance is the person's, not the debt's.
 */
export function doNotVisitOn(c: Pick<Case, 'doNotVisit' | 'debtorRef'>, date: string, care?: PersonCare): boolean {
  return c.doNotVisit.includes(date) || (care?.avoidsDate(c.debtorRef, date) ?? false);
}

const active = (h: DebtorHold) => h.clearedAt === undefined;

function byDebtor(holds: readonly DebtorHold[]): Map<string, DebtorHold[]> {
  const out = new Map<string, DebtorHold[]>();
  for (const h of holds) {
    const list = out.get(h.debtorRef);
    if (list) list.push(h);
    else out.set(h.debtorRef, [h]);
  }
  return out;
}

/**
 * When each vulnerable debtor's vulnerability was recorded: the latest active vulnerability hold's
 * setAt, or '' for a flag without any hold (every review counts for it).
 */
function vulnerableSince(cases: readonly Case[], holds: Map<string, DebtorHold[]>, settings: Pick<RulesSettings, 'suspendVulnerable'>): Map<string, string> {
  const since = new Map<string, string>();
  if (!settings.suspendVulnerable) return since;
  for (const [debtorRef, list] of holds) {
    const open = list.filter((h) => h.kind === 'vulnerable' && active(h));
    if (open.length > 0) since.set(debtorRef, open.map((h) => h.setAt).sort()[open.length - 1]);
  }
  for (const c of cases) {
    if (!c.vulnerable || since.has(c.debtorRef)) continue;
    const decided = (holds.get(c.debtorRef) ?? []).some((h) => h.kind === 'vulnerable');
    if (!decided) since.set(c.debtorRef, '');
  }
  return since;
}

/** The premises of every case, and the debtors with a case there. */
function debtorsByPremises(cases: readonly Case[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of cases) {
    const key = premisesKey(c);
    const set = out.get(key);
    if (set) set.add(c.debtorRef);
    else out.set(key, new Set([c.debtorRef]));
  }
  return out;
}

/**
 * For each debtor at the premises of a vulnerable debtor (not vulnerable themselves): the
 * vulnerable debtors there, with when their vulnerability was recorded.
 */
function neighboursOfVulnerable(cases: readonly Case[], since: Map<string, string>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  if (since.size === 0) return out;
  for (const debtors of debtorsByPremises(cases).values()) {
    const vulnerable = [...debtors].filter((d) => since.has(d));
    if (vulnerable.length === 0) continue;
    for (const d of debtors) {
      if (since.has(d)) continue;
      const causes = out.get(d) ?? new Map<string, string>();
      for (const v of vulnerable) causes.set(v, since.get(v)!);
      out.set(d, causes);
    }
  }
  return out;
}

/** A review of the debtor still open, or opened on or after `since` (and cleared since). */
const reviewedSince = (list: readonly DebtorHold[], since: string) => list.some((h) => h.kind === 'review' && (active(h) || h.setAt >= since));

export function personCare(cases: readonly Case[], holds: readonly DebtorHold[] = [], settings: Pick<RulesSettings, 'suspendVulnerable'>): PersonCare {
  const holdsOf = byDebtor(holds);
  const since = vulnerableSince(cases, holdsOf, settings);
  const neighbours = neighboursOfVulnerable(cases, since);
  const warned = new Set(cases.filter((c) => c.warning).map(premisesKey));
  const avoided = new Map<string, Set<string>>();
  for (const c of cases) {
    if (c.doNotVisit.length === 0) continue;
    const dates = avoided.get(c.debtorRef) ?? new Set<string>();
    for (const d of c.doNotVisit) dates.add(d);
    avoided.set(c.debtorRef, dates);
  }
  const holdOf = (debtorRef: string): PersonHoldReason | undefined => {
    if (since.has(debtorRef)) return 'vulnerable';
    const list = holdsOf.get(debtorRef) ?? [];
    if (list.some((h) => h.kind === 'manual' && active(h))) return 'manual-hold';
    if (list.some((h) => h.kind === 'review' && active(h))) return 'held-for-review';
    const causes = neighbours.get(debtorRef);
    if (causes && [...causes.values()].some((s) => !reviewedSince(list, s))) return 'held-for-review';
    return undefined;
  };
  return {
    holdOf,
    isVulnerable: (debtorRef) => since.has(debtorRef),
    warningAt: (c) => warned.has(premisesKey(c)),
    avoidsDate: (debtorRef, date) => avoided.get(debtorRef)?.has(date) ?? false,
  };
}

/**
 * The debtors the store should open a review hold for: each one at the premises of a vulnerable
 * debtor with no review opened since that vulnerability was recorded (an active review counts),
 * with the vulnerable debtors concerned (for the store's link, never shown).
 */
export function reviewsNeeded(
  cases: readonly Case[],
  holds: readonly DebtorHold[],
  settings: Pick<RulesSettings, 'suspendVulnerable'>,
): Array<{ debtorRef: string; because: string[] }> {
  const holdsOf = byDebtor(holds);
  const since = vulnerableSince(cases, holdsOf, settings);
  const out: Array<{ debtorRef: string; because: string[] }> = [];
  for (const [debtorRef, causes] of neighboursOfVulnerable(cases, since)) {
    const list = holdsOf.get(debtorRef) ?? [];
    const because = [...causes].filter(([, s]) => !reviewedSince(list, s)).map(([v]) => v);
    if (because.length > 0) out.push({ debtorRef, because: because.sort() });
  }
  return out.sort((a, b) => (a.debtorRef < b.debtorRef ? -1 : a.debtorRef > b.debtorRef ? 1 : 0));
}

/**
 * A vulnerability the store records as a new hold on the debtor: a flag on a case that did not
 * carry one (a new case, or the flag raised again), whatever was decided about earlier flags.
 */
export function newVulnerability(before: Pick<Case, 'vulnerable'> | undefined, after: Pick<Case, 'vulnerable'>): boolean {
  return after.vulnerable && !(before?.vulnerable ?? false);
}

/** What personCare needs of a case to connect it to others: its debtor and its premises. */
export type CaseKey = Pick<Case, 'ref' | 'debtorRef' | 'postcode' | 'address'>;

/** How careReach reads further cases (the store, in a planning job: server/jobs/planning-data.ts). */
export interface CaseKeyReader {
  /** Every case of these debtors. */
  ofDebtors(debtorRefs: string[]): Promise<CaseKey[]>;
  /** Every case with one of these postcodes (as stored). */
  atPostcodes(postcodes: string[]): Promise<CaseKey[]>;
}

/**
 * The cases personCare consults for the care of `planned`'s debtors and premises, `planned`
 * included: so that a plan read from part of the caseload (a team's patch) holds, flags and
 * crews each of its cases exactly as it would from the whole. Care follows the person and the
 * premises: every case of the planned debtors (a flag anywhere is theirs); every case at the
 * premises of those (another debtor's vulnerability there holds them for review, a warning
 * marker there needs a crew); and every case of the debtors found there (whether they are
 * vulnerable). `complete` says which postcodes `planned` holds every case of already (a whole
 * patch read), so that they are not read again.
 */
export async function careReach(planned: readonly CaseKey[], read: CaseKeyReader, complete: (postcode: string) => boolean): Promise<CaseKey[]> {
  const byRef = new Map(planned.map((c) => [c.ref, c]));
  const add = (cases: readonly CaseKey[]) => cases.forEach((c) => byRef.set(c.ref, c));
  const debtors = new Set(planned.map((c) => c.debtorRef));
  const theirs = await read.ofDebtors([...debtors].sort());
  add(theirs);
  const premises = new Set([...byRef.values()].filter((c) => debtors.has(c.debtorRef)).map(premisesKey));
  const elsewhere = new Set([...byRef.values()].filter((c) => debtors.has(c.debtorRef) && !complete(c.postcode)).map((c) => c.postcode));
  const there = (await read.atPostcodes([...elsewhere].sort())).filter((c) => premises.has(premisesKey(c)));
  add(there);
  const neighbours = new Set(there.map((c) => c.debtorRef).filter((d) => !debtors.has(d)));
  add(await read.ofDebtors([...neighbours].sort()));
  return [...byRef.values()];
}
