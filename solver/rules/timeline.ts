/**
 * Walks one route in time: travel, waiting for a window, lateness past it, service, breaks. Used
 * to report solver routes and to evaluate an officer's own order (plan mode: never refuses, it
 * measures). Times in seconds after the plan day's local midnight, distances in metres.
 */
export interface TimelineWindow {
  start: number;
  end: number;
}

export type TimelineItem =
  | { kind: 'stop'; location: number; service: number; windows: TimelineWindow[]; window?: number }
  | { kind: 'break'; duration: number; window: TimelineWindow };

export interface TimelineEntry {
  arrival: number;
  start: number;
  departure: number;
  wait: number;
  /** Seconds the start is past the window's end (0 when on time). */
  lateness: number;
  /** Index of the window the start falls in (or was late for); -1 for a stop with no windows. */
  window: number;
}

export interface Timeline {
  departure: number;
  entries: TimelineEntry[];
  /** Entries of breaks that were inserted automatically (evaluation), with where they fell. */
  breaksTaken: Array<{ afterItem: number; start: number; end: number }>;
  endArrival: number;
  distance: number;
  drive: number;
}

export interface TimelineInput {
  size: number;
  durations: ArrayLike<number>;
  distances: ArrayLike<number>;
  startLocation: number;
  endLocation: number;
  /** Earliest departure from the start. */
  departAt: number;
  items: TimelineItem[];
  /** A break taken automatically at the first stop left at or after its window opens (evaluation). */
  autoBreak?: { duration: number; window: TimelineWindow };
  /** Leave later rather than wait at the first stop (solver plans; not when re-planning mid-day). */
  delayDeparture?: boolean;
}

function chooseWindow(windows: TimelineWindow[], arrival: number, fixed?: number): number {
  if (windows.length === 0) return -1;
  if (fixed !== undefined && fixed >= 0 && fixed < windows.length) return fixed;
  const i = windows.findIndex((w) => w.end >= arrival);
  return i >= 0 ? i : windows.length - 1;
}

export function walkRoute(input: TimelineInput): Timeline {
  const { size, durations, distances } = input;
  const leg = (a: number, b: number) => ({ dur: durations[a * size + b], dist: distances[a * size + b] });
  let departure = input.departAt;
  const first = input.items[0];
  if (input.delayDeparture && first?.kind === 'stop') {
    const travel = leg(input.startLocation, first.location).dur;
    const w = chooseWindow(first.windows, departure + travel, first.window);
    if (w >= 0) departure = Math.max(departure, first.windows[w].start - travel);
  }
  let t = departure;
  let at = input.startLocation;
  let distance = 0;
  let drive = 0;
  let breakPending = input.autoBreak;
  const breaksTaken: Timeline['breaksTaken'] = [];
  const entries: TimelineEntry[] = [];
  input.items.forEach((item, index) => {
    if (item.kind === 'break') {
      const start = Math.max(t, item.window.start);
      const lateness = Math.max(0, start - item.window.end);
      t = start + item.duration;
      entries.push({ arrival: start, start, departure: t, wait: start - (entries.at(-1)?.departure ?? departure), lateness, window: 0 });
      return;
    }
    if (breakPending && t >= breakPending.window.start && index > 0) {
      breaksTaken.push({ afterItem: index - 1, start: t, end: t + breakPending.duration });
      t += breakPending.duration;
      breakPending = undefined;
    }
    const { dur, dist } = leg(at, item.location);
    distance += dist;
    drive += dur;
    const arrival = t + dur;
    const w = chooseWindow(item.windows, arrival, item.window);
    const window = w >= 0 ? item.windows[w] : undefined;
    const start = window ? Math.max(arrival, window.start) : arrival;
    const lateness = window ? Math.max(0, start - window.end) : 0;
    t = start + item.service;
    at = item.location;
    entries.push({ arrival, start, departure: t, wait: start - arrival, lateness, window: w });
  });
  const back = leg(at, input.endLocation);
  distance += back.dist;
  drive += back.dur;
  return { departure, entries, breaksTaken, endArrival: t + back.dur, distance, drive };
}
