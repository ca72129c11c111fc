/**
 * What Rounds keeps on the officer's phone (IndexedDB, through idb): the signed-in officer's day,
 * to open with no signal, and the outcomes and check-ins waiting to be sent. Nothing else: no other
 * officer's day, no other API answer. Cleared on sign-out and once the day is over.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { roadMapSchema, type CaseSummary, type Officer, type Plan, type RoadMap, type SessionUser } from '../api/schemas';
import type { RoadRoute } from '../state/store';

/** An outcome or check-in made on the phone, kept until the server has it. */
export interface Queued {
  /** The Idempotency-Key: the same on every retry, so the server records it once. */
  key: string;
  /** Whose it is: only the officer who made it sends it. */
  username: string;
  kind: 'outcome' | 'check-in';
  body: Record<string, unknown>;
  /** What the officer sees in the waiting list ("No contact, 12 High Street"). */
  label: string;
  /** When it was made (ISO): sent in this order. */
  queuedAt: string;
  /** 'conflict': the server refused it (the case closed or moved meanwhile); kept and shown until the officer dismisses it. */
  state: 'queued' | 'conflict';
  problem?: string;
}

/** The officer's day as last loaded, to open from with no connection. */
export interface SavedDay {
  username: string;
  user: SessionUser;
  date: string;
  savedAt: string;
  plan: Plan;
  officers: Officer[];
  officerNames: Map<string, string>;
  /** Only the cases on the officer's route. */
  cases: CaseSummary[];
  paths: Map<string, RoadRoute>;
  outcomes: Map<string, string>;
  lastCheckIn: string | null;
  /** The road graph of the route's area (the offline base map), when it was fetched; read back only through keptRoads(), which parses it. */
  roads?: RoadMap;
}

interface DeviceDb extends DBSchema {
  queue: { key: string; value: Queued };
  day: { key: 'current'; value: SavedDay };
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
  const all = await (await open()).getAll('queue');
  return all.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.key.localeCompare(b.key));
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
  const day = await tx.objectStore('day').get('current');
  if (day && day.username === username) {
    const outcomes = day.date === done.date && done.outcomes ? new Map([...day.outcomes, ...done.outcomes]) : day.outcomes;
    const lastCheckIn = done.checkInAt && (!day.lastCheckIn || done.checkInAt > day.lastCheckIn) ? done.checkInAt : day.lastCheckIn;
    if (outcomes !== day.outcomes || lastCheckIn !== day.lastCheckIn) void tx.objectStore('day').put({ ...day, outcomes, lastCheckIn }, 'current');
  }
  await tx.done;
}

export async function dropQueued(key: string): Promise<void> {
  await (await open()).delete('queue', key);
}

export async function savedDay(): Promise<SavedDay | undefined> {
  return (await open()).get('day', 'current');
}

/** The road graph kept with the day, for the base map with no connection; none when there is no day or no usable copy. */
export async function keptRoads(): Promise<RoadMap | undefined> {
  return roadMapOf((await savedDay())?.roads);
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
  const before = await tx.store.get('current');
  const outcomes = before && before.username === day.username && before.date === day.date ? new Map([...before.outcomes, ...day.outcomes]) : day.outcomes;
  void tx.store.put({ ...day, outcomes }, 'current');
  await tx.done;
}

/** Sign-out (or the day over): nothing of the officer's day stays on the phone. */
export async function forgetDay(withQueue: boolean): Promise<void> {
  const d = await open();
  await d.delete('day', 'current');
  if (withQueue) await d.clear('queue');
}
