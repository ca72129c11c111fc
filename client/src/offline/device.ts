/**
 * What Rounds keeps on the officer's phone (IndexedDB, through idb): the signed-in officer's day,
 * to open with no signal, and the outcomes and check-ins waiting to be sent. Nothing else: no other
 * officer's day, no other API answer. The day is cleared on sign-out and once it is over; an
 * officer's waiting records at their sign-out (another officer's stay for them to send).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import * as z from 'zod/mini';
import { caseSchema, officerSchema, planSchema, roadMapSchema, sessionUserSchema, type Plan, type RoadMap } from '../api/schemas';
import { roadRouteSchema } from '../state/store';

/*
 * What IndexedDB gives back may have been written by an earlier version of the app (an update
 * between yesterday's save and today's opening) or be damaged, so nothing read from it is trusted
 * as typed: each read parses it with the schemas below, built from the API's own.
 */

/** An outcome or check-in made on the phone, kept until the server has it. */
const queuedSchema = z.object({
  /** The Idempotency-Key: the same on every retry, so the server records it once. */
  key: z.string(),
  /** Whose it is: only the officer who made it sends it. */
  username: z.string(),
  kind: z.enum(['outcome', 'check-in']),
  body: z.record(z.string(), z.unknown()),
  /** What the officer sees in the waiting list ("No contact, 12 High Street"). */
  label: z.string(),
  /** When it was made (ISO): sent in this order. */
  queuedAt: z.string(),
  /** 'conflict': the server refused it (the case closed or moved meanwhile); kept and shown until the officer dismisses it. */
  state: z.enum(['queued', 'conflict']),
  problem: z.optional(z.string()),
});
export type Queued = z.infer<typeof queuedSchema>;

/**
 * The officer's day as kept, but its roads (keptRoads() reads them apart). The plan is parsed with
 * the API's plan schema: the store only ever holds a plan the server answered (or a merge of its
 * answers), every stop judged.
 */
const keptDaySchema = z.object({
  username: z.string(),
  user: sessionUserSchema,
  date: z.string(),
  savedAt: z.string(),
  plan: planSchema,
  officers: z.array(officerSchema),
  officerNames: z.map(z.string(), z.string()),
  /** Only the cases on the officer's route. */
  cases: z.array(caseSchema),
  paths: z.map(z.string(), roadRouteSchema),
  outcomes: z.map(z.string(), z.string()),
  lastCheckIn: z.nullable(z.string()),
});

/** The officer's day as last loaded, to open from with no connection. */
export type SavedDay = Omit<z.infer<typeof keptDaySchema>, 'plan'> & {
  plan: Plan;
  /** The road graph of the route's area (the offline base map), when it was fetched; read back only through keptRoads(), which parses it. */
  roads?: RoadMap;
};

/** The kept day as savedDay() gives it back: parsed, without its roads. */
export type KeptDay = Omit<SavedDay, 'roads'>;

interface DeviceDb extends DBSchema {
  // Values as read back: unknown until parsed (a Queued and a SavedDay as written).
  queue: { key: string; value: unknown };
  day: { key: 'current'; value: unknown };
}

let db: Promise<IDBPDatabase<DeviceDb>> | null = null;

function open(): Promise<IDBPDatabase<DeviceDb>> {
  db ??= openDB<DeviceDb>('rounds-device', 1, {
    upgrade(d) {
      d.createObjectStore('queue', { keyPath: 'key' });
      d.createObjectStore('day');
    },
  });
  return db;
}

export async function queued(): Promise<Queued[]> {
  return queueOf(await (await open()).getAll('queue'));
}

/**
 * The waiting items as IndexedDB gives them back, in sending order. One that does not parse may
 * still be an outcome the officer recorded, so it is neither deleted nor sent: it stays in storage
 * as it was, and is listed as refused ('conflict': the sending skips it) with what can be read of
 * it, so the officer sees it with the other refusals, tells the office, and dismisses it.
 */
export function queueOf(stored: unknown[]): Queued[] {
  return stored.map(queuedOf).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.key.localeCompare(b.key));
}

function queuedOf(stored: unknown): Queued {
  const parsed = queuedSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const text = (name: string): string | undefined => {
    const value = fieldOf(stored, name);
    return typeof value === 'string' ? value : undefined;
  };
  return {
    // The store's key path: what dismissing it deletes.
    key: text('key') ?? '',
    username: text('username') ?? '',
    kind: fieldOf(stored, 'kind') === 'check-in' ? 'check-in' : 'outcome',
    body: {},
    label: text('label') ?? 'Recorded on this phone',
    queuedAt: text('queuedAt') ?? '',
    state: 'conflict',
    problem: 'kept by an earlier version of the app in a shape this one cannot send',
  };
}

function fieldOf(stored: unknown, name: string): unknown {
  return typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>)[name] : undefined;
}

export async function putQueued(item: Queued): Promise<void> {
  await (await open()).put('queue', item);
}

/**
 * Keeps what the officer just did in one step: the items waiting to be sent, and the same doings
 * in the kept day (an outcome's stop done, the last check-in), so the day opens as it was left
 * even if the app is closed or reloaded at once, with or without a connection.
 */
export async function keepDoings(
  username: string,
  items: Queued[],
  done: { date: string; outcomes?: ReadonlyMap<string, string>; checkInAt?: string },
): Promise<void> {
  const tx = (await open()).transaction(['queue', 'day'], 'readwrite');
  for (const item of items) void tx.objectStore('queue').put(item);
  const stored = await tx.objectStore('day').get('current');
  const day = dayOf(stored);
  if (day && day.username === username) {
    const outcomes = day.date === done.date && done.outcomes ? new Map([...day.outcomes, ...done.outcomes]) : day.outcomes;
    const lastCheckIn = done.checkInAt && (!day.lastCheckIn || done.checkInAt > day.lastCheckIn) ? done.checkInAt : day.lastCheckIn;
    if (outcomes !== day.outcomes || lastCheckIn !== day.lastCheckIn) {
      void tx.objectStore('day').put({ ...day, roads: fieldOf(stored, 'roads'), outcomes, lastCheckIn }, 'current');
    }
  }
  await tx.done;
}

export async function dropQueued(key: string): Promise<void> {
  await (await open()).delete('queue', key);
}

/** The kept day, parsed; none when there is none or it is not of the shape this version keeps (then the app opens as with none). */
export async function savedDay(): Promise<KeptDay | undefined> {
  const tx = (await open()).transaction('day', 'readwrite');
  const stored = await tx.store.get('current');
  const day = dayOf(stored);
  // One that cannot be opened goes, as another officer's or an over day would (nothing recorded
  // goes with it: what waits to be sent is in the queue, what was sent is on the server).
  if (!day && stored !== undefined) void tx.store.delete('current');
  await tx.done;
  return day;
}

/**
 * A day as IndexedDB gives it back, parsed with the API's own schemas: one of another shape (an
 * older plan or case, cases not a list, a Map kept as a plain object) counts as none. Its roads are
 * left out: keptRoads() reads them alone, so a bad copy of them costs the base map only.
 */
export function dayOf(stored: unknown): KeptDay | undefined {
  const parsed = keptDaySchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

/** The road graph kept with the day, for the base map with no connection; none when there is no day or no usable copy. */
export async function keptRoads(): Promise<RoadMap | undefined> {
  return roadMapOf(fieldOf(await (await open()).get('day', 'current'), 'roads'));
}

/**
 * A road graph as IndexedDB gives it back: whatever was put there, by this version of the app or
 * an earlier one (which kept the server's answer unparsed), so it is parsed with the API's own
 * schema; a copy of any other shape counts as none.
 */
export function roadMapOf(stored: unknown): RoadMap | undefined {
  const parsed = roadMapSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

/** Keeps the day; what this phone already kept as done on that day stays done (a save may start before a tap's outcome reaches the screen). */
export async function saveDay(day: SavedDay): Promise<void> {
  const tx = (await open()).transaction('day', 'readwrite');
  const before = dayOf(await tx.store.get('current'));
  const outcomes = before && before.username === day.username && before.date === day.date ? new Map([...before.outcomes, ...day.outcomes]) : day.outcomes;
  void tx.store.put({ ...day, outcomes }, 'current');
  await tx.done;
}

/** Sign-out (or the day over): nothing of the officer's day stays on the phone. Their waiting records go with dropQueued. */
export async function forgetDay(): Promise<void> {
  await (await open()).delete('day', 'current');
}
