/**
 * Route segments: the O(1) concatenation algebra behind every move evaluation (Vidal et al. 2013,
 * "A hybrid genetic algorithm with adaptive diversity management..."; PyVRP's DurationSegment).
 *
 * A segment summarises a stretch of consecutive visits:
 *   duration  D   travel + service + unavoidable waiting inside the stretch
 *   timeWarp  TW  how much the stretch must "travel back in time" to meet its windows
 *   early     E   earliest start of the first service that gives duration D
 *   late      L   latest start of the first service without adding time warp
 * plus load, distance, prize and the count of job visits.
 *
 * Breaks are "taken where the vehicle is": after the previous visit's service and before the travel
 * to the next location. A break has no location of its own, so the travel entering a segment must
 * come after the segment's leading breaks. A segment therefore keeps its leading breaks apart
 * ("head") from the rest ("core", which starts at a real location); merging places the travel
 * between the left core and the right core, after the right head. Prefixes of a route start at a
 * depot and never have a head.
 */
export class Segment {
  hasHead = false;
  headDuration = 0;
  headTimeWarp = 0;
  headEarly = 0;
  headLate = 0;
  hasCore = false;
  duration = 0;
  timeWarp = 0;
  early = 0;
  late = 0;
  /** Location of the first / last real (non-break) visit; -1 when the segment has none. */
  firstLocation = -1;
  lastLocation = -1;
  load = 0;
  distance = 0;
  prize = 0;
  jobs = 0;

  copyFrom(s: Segment): void {
    this.hasHead = s.hasHead;
    this.headDuration = s.headDuration;
    this.headTimeWarp = s.headTimeWarp;
    this.headEarly = s.headEarly;
    this.headLate = s.headLate;
    this.hasCore = s.hasCore;
    this.duration = s.duration;
    this.timeWarp = s.timeWarp;
    this.early = s.early;
    this.late = s.late;
    this.firstLocation = s.firstLocation;
    this.lastLocation = s.lastLocation;
    this.load = s.load;
    this.distance = s.distance;
    this.prize = s.prize;
    this.jobs = s.jobs;
  }

  clear(): void {
    this.hasHead = false;
    this.hasCore = false;
    this.firstLocation = -1;
    this.lastLocation = -1;
    this.load = 0;
    this.distance = 0;
    this.prize = 0;
    this.jobs = 0;
    this.duration = 0;
    this.timeWarp = 0;
  }
}

// Scratch for the two-part merge result, so merge() may write into one of its inputs.
let rD = 0;
let rTW = 0;
let rE = 0;
let rL = 0;

/** The Vidal merge of (aD, aTW, aE, aL) followed after `travel` by (bD, bTW, bE, bL), into r*. */
function mergeDurations(
  aD: number, aTW: number, aE: number, aL: number, travel: number,
  bD: number, bTW: number, bE: number, bL: number,
): void {
  const delta = aD - aTW + travel;
  const waitDelta = Math.max(bE - delta - aL, 0);
  const warpDelta = Math.max(aE + delta - bL, 0);
  rD = aD + bD + travel + waitDelta;
  rTW = aTW + bTW + warpDelta;
  rE = Math.max(bE - delta, aE) - waitDelta;
  rL = Math.min(bL - delta, aL) + warpDelta;
}

/**
 * out = a followed by b. `durations` and `distances` are the flat location matrices of size n x n.
 * `out` may be the same object as `a` or `b`.
 */
export function merge(
  out: Segment, a: Segment, b: Segment,
  durations: Float64Array, distances: Float64Array, n: number,
): void {
  const load = a.load + b.load;
  const prize = a.prize + b.prize;
  const jobs = a.jobs + b.jobs;
  if (!a.hasCore) {
    if (!a.hasHead) {
      out.copyFrom(b);
      return;
    }
    // a is breaks only: they join b's head.
    let hD = a.headDuration, hTW = a.headTimeWarp, hE = a.headEarly, hL = a.headLate;
    if (b.hasHead) {
      mergeDurations(hD, hTW, hE, hL, 0, b.headDuration, b.headTimeWarp, b.headEarly, b.headLate);
      hD = rD; hTW = rTW; hE = rE; hL = rL;
    }
    const distance = a.distance + b.distance;
    out.hasCore = b.hasCore;
    out.duration = b.duration;
    out.timeWarp = b.timeWarp;
    out.early = b.early;
    out.late = b.late;
    out.firstLocation = b.firstLocation;
    out.lastLocation = b.lastLocation;
    out.hasHead = true;
    out.headDuration = hD;
    out.headTimeWarp = hTW;
    out.headEarly = hE;
    out.headLate = hL;
    out.distance = distance;
    out.load = load;
    out.prize = prize;
    out.jobs = jobs;
    return;
  }
  let cD = a.duration, cTW = a.timeWarp, cE = a.early, cL = a.late;
  if (b.hasHead) {
    mergeDurations(cD, cTW, cE, cL, 0, b.headDuration, b.headTimeWarp, b.headEarly, b.headLate);
    cD = rD; cTW = rTW; cE = rE; cL = rL;
  }
  let distance = a.distance + b.distance;
  let lastLocation = a.lastLocation;
  if (b.hasCore) {
    const arc = a.lastLocation * n + b.firstLocation;
    mergeDurations(cD, cTW, cE, cL, durations[arc], b.duration, b.timeWarp, b.early, b.late);
    cD = rD; cTW = rTW; cE = rE; cL = rL;
    distance += distances[arc];
    lastLocation = b.lastLocation;
  }
  out.hasHead = a.hasHead;
  out.headDuration = a.headDuration;
  out.headTimeWarp = a.headTimeWarp;
  out.headEarly = a.headEarly;
  out.headLate = a.headLate;
  out.hasCore = true;
  out.duration = cD;
  out.timeWarp = cTW;
  out.early = cE;
  out.late = cL;
  out.firstLocation = a.firstLocation;
  out.lastLocation = lastLocation;
  out.distance = distance;
  out.load = load;
  out.prize = prize;
  out.jobs = jobs;
}

/** Total duration and time warp of a segment as a whole (head then core). */
export function totalDuration(s: Segment): number {
  if (!s.hasHead) return s.duration;
  if (!s.hasCore) return s.headDuration;
  mergeDurations(s.headDuration, s.headTimeWarp, s.headEarly, s.headLate, 0, s.duration, s.timeWarp, s.early, s.late);
  return rD;
}

export function totalTimeWarp(s: Segment): number {
  if (!s.hasHead) return s.timeWarp;
  if (!s.hasCore) return s.headTimeWarp;
  mergeDurations(s.headDuration, s.headTimeWarp, s.headEarly, s.headLate, 0, s.duration, s.timeWarp, s.early, s.late);
  return rTW;
}
