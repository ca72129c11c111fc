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
 *
 * Storage: the search's inner loop runs on typed arrays with no allocation per move, so segments
 * are not objects but integer handles into one SegmentStore, a Float64Array holding Field.Stride
 * numbers per segment (the layout below; flags are 0 or 1, locations -1 when there is none).
 */

/** Offsets of a segment's numbers within its stride. */
const enum Field {
  /** 1 when the segment starts with breaks (its head); the head's D, TW, E, L follow. */
  HasHead = 0,
  HeadDuration = 1,
  HeadTimeWarp = 2,
  HeadEarly = 3,
  HeadLate = 4,
  /** 1 when the segment has a real location (its core); the core's D, TW, E, L follow. */
  HasCore = 5,
  Duration = 6,
  TimeWarp = 7,
  Early = 8,
  Late = 9,
  /** Location of the first / last real (non-break) visit; -1 when the segment has none. */
  FirstLocation = 10,
  LastLocation = 11,
  Load = 12,
  Distance = 13,
  Prize = 14,
  Jobs = 15,
  /** Numbers per segment (128 bytes). */
  Stride = 16,
}

// Scratch for the two-part merge result of mergeDurations.
let rD = 0;
let rTW = 0;

/**
 * The Vidal merge of (aD, aTW, aE, aL) followed after `travel` by (bD, bTW, bE, bL), into r*.
 * SegmentStore.merge writes it out in place (the same operations in the same order, so the results
 * are the same to the bit): a call that V8 does not inline passes its nine numbers boxed.
 */
function mergeDurations(aD: number, aTW: number, aE: number, aL: number, travel: number, bD: number, bTW: number, bE: number, bL: number): void {
  const delta = aD - aTW + travel;
  const waitDelta = Math.max(bE - delta - aL, 0);
  const warpDelta = Math.max(aE + delta - bL, 0);
  rD = aD + bD + travel + waitDelta;
  rTW = aTW + bTW + warpDelta;
}

/**
 * Every segment of one search: node segments, cached route prefixes and suffixes, scratch. A handle
 * h addresses numbers h * Stride .. h * Stride + Stride - 1 of `data`. Handles stay valid when the
 * store grows (only `data` is replaced), so read `data` afresh after any allocate().
 */
export class SegmentStore {
  data: Float64Array;
  private used = 0;

  /** `durations` and `distances` are the flat location matrices of size n x n. */
  constructor(
    readonly durations: Float64Array,
    readonly distances: Float64Array,
    readonly n: number,
    capacity: number,
  ) {
    this.data = new Float64Array(Math.max(1, capacity) * Field.Stride);
  }

  /** Handles of `count` new empty segments: first .. first + count - 1. */
  allocate(count: number): number {
    const first = this.used;
    const needed = (first + count) * Field.Stride;
    if (needed > this.data.length) {
      const data = new Float64Array(Math.max(needed, 2 * this.data.length));
      data.set(this.data.subarray(0, first * Field.Stride));
      this.data = data;
    }
    this.used += count;
    const d = this.data;
    for (let h = first; h < first + count; h++) {
      const o = h * Field.Stride;
      d.fill(0, o, o + Field.Stride);
      d[o + Field.FirstLocation] = -1;
      d[o + Field.LastLocation] = -1;
    }
    return first;
  }

  /** The segment of a break: head only, no location. */
  setBreak(h: number, duration: number, early: number, late: number): void {
    const o = h * Field.Stride;
    const d = this.data;
    d[o + Field.HasHead] = 1;
    d[o + Field.HeadDuration] = duration;
    d[o + Field.HeadTimeWarp] = 0;
    d[o + Field.HeadEarly] = early;
    d[o + Field.HeadLate] = late;
  }

  /** The segment of one visit at a location (a job, or a depot with job count 0). */
  setVisit(h: number, location: number, service: number, early: number, late: number, load: number, prize: number, jobs: number): void {
    const o = h * Field.Stride;
    const d = this.data;
    d[o + Field.HasCore] = 1;
    d[o + Field.Duration] = service;
    d[o + Field.Early] = early;
    d[o + Field.Late] = late;
    d[o + Field.FirstLocation] = location;
    d[o + Field.LastLocation] = location;
    d[o + Field.Load] = load;
    d[o + Field.Prize] = prize;
    d[o + Field.Jobs] = jobs;
  }

  copy(out: number, s: number): void {
    if (out === s) return;
    const d = this.data;
    const o = out * Field.Stride;
    const so = s * Field.Stride;
    for (let f = 0; f < Field.Stride; f++) d[o + f] = d[so + f];
  }

  /** Makes `s` the empty segment (merging anything after it gives that thing). */
  clear(s: number): void {
    const o = s * Field.Stride;
    const d = this.data;
    d[o + Field.HasHead] = 0;
    d[o + Field.HasCore] = 0;
    d[o + Field.FirstLocation] = -1;
    d[o + Field.LastLocation] = -1;
    d[o + Field.Load] = 0;
    d[o + Field.Distance] = 0;
    d[o + Field.Prize] = 0;
    d[o + Field.Jobs] = 0;
    d[o + Field.Duration] = 0;
    d[o + Field.TimeWarp] = 0;
  }

  /** out = a followed by b. `out` may be `a` or `b`. */
  merge(out: number, a: number, b: number): void {
    const d = this.data;
    const o = out * Field.Stride;
    const ao = a * Field.Stride;
    const bo = b * Field.Stride;
    if (d[ao + Field.HasCore] === 0) {
      this.mergeAfterBreaks(o, ao, bo);
      return;
    }
    const load = d[ao + Field.Load] + d[bo + Field.Load];
    const prize = d[ao + Field.Prize] + d[bo + Field.Prize];
    const jobs = d[ao + Field.Jobs] + d[bo + Field.Jobs];
    let cD = d[ao + Field.Duration],
      cTW = d[ao + Field.TimeWarp],
      cE = d[ao + Field.Early],
      cL = d[ao + Field.Late];
    if (d[bo + Field.HasHead] !== 0) {
      // mergeDurations with travel 0 (the "+ 0"s stay: they turn -0 into 0 as the call did).
      const bE = d[bo + Field.HeadEarly];
      const bL = d[bo + Field.HeadLate];
      const delta = cD - cTW + 0;
      const waitDelta = Math.max(bE - delta - cL, 0);
      const warpDelta = Math.max(cE + delta - bL, 0);
      cD = cD + d[bo + Field.HeadDuration] + 0 + waitDelta;
      cTW = cTW + d[bo + Field.HeadTimeWarp] + warpDelta;
      const early = Math.max(bE - delta, cE) - waitDelta;
      cL = Math.min(bL - delta, cL) + warpDelta;
      cE = early;
    }
    let distance = d[ao + Field.Distance] + d[bo + Field.Distance];
    let lastLocation = d[ao + Field.LastLocation];
    if (d[bo + Field.HasCore] !== 0) {
      // mergeDurations across the travel from a's last location to b's first: the hottest lines.
      const arc = lastLocation * this.n + d[bo + Field.FirstLocation];
      const travel = this.durations[arc];
      const bE = d[bo + Field.Early];
      const bL = d[bo + Field.Late];
      const delta = cD - cTW + travel;
      const waitDelta = Math.max(bE - delta - cL, 0);
      const warpDelta = Math.max(cE + delta - bL, 0);
      cD = cD + d[bo + Field.Duration] + travel + waitDelta;
      cTW = cTW + d[bo + Field.TimeWarp] + warpDelta;
      const early = Math.max(bE - delta, cE) - waitDelta;
      cL = Math.min(bL - delta, cL) + warpDelta;
      cE = early;
      distance += this.distances[arc];
      lastLocation = d[bo + Field.LastLocation];
    }
    if (o !== ao) {
      d[o + Field.HasHead] = d[ao + Field.HasHead];
      d[o + Field.HeadDuration] = d[ao + Field.HeadDuration];
      d[o + Field.HeadTimeWarp] = d[ao + Field.HeadTimeWarp];
      d[o + Field.HeadEarly] = d[ao + Field.HeadEarly];
      d[o + Field.HeadLate] = d[ao + Field.HeadLate];
      d[o + Field.FirstLocation] = d[ao + Field.FirstLocation];
    }
    d[o + Field.HasCore] = 1;
    d[o + Field.Duration] = cD;
    d[o + Field.TimeWarp] = cTW;
    d[o + Field.Early] = cE;
    d[o + Field.Late] = cL;
    d[o + Field.LastLocation] = lastLocation;
    d[o + Field.Distance] = distance;
    d[o + Field.Load] = load;
    d[o + Field.Prize] = prize;
    d[o + Field.Jobs] = jobs;
  }

  /**
   * The time warp of `a` followed by the single-node segment `w` followed by `b`, as
   * merge(merge(a, w), b) computes it (the same operations, so the same number), without writing.
   * Where w or b starts with breaks, or a has no location, it answers the warp the three carry
   * already, which the whole can only exceed. Insertion filters use it: on routes that wait for
   * their windows most places for one more visit make some later visit late.
   */
  concatenationWarp(a: number, w: number, b: number): number {
    const d = this.data;
    const ao = a * Field.Stride;
    const wo = w * Field.Stride;
    const bo = b * Field.Stride;
    if (
      d[ao + Field.HasCore] === 0 ||
      d[wo + Field.HasHead] !== 0 ||
      d[wo + Field.HasCore] === 0 ||
      d[bo + Field.HasHead] !== 0 ||
      d[bo + Field.HasCore] === 0
    ) {
      return d[ao + Field.TimeWarp] + d[wo + Field.TimeWarp] + d[bo + Field.TimeWarp];
    }
    const n = this.n;
    const aD = d[ao + Field.Duration];
    const aTW = d[ao + Field.TimeWarp];
    const aE = d[ao + Field.Early];
    const aL = d[ao + Field.Late];
    const wE = d[wo + Field.Early];
    const wL = d[wo + Field.Late];
    let travel = this.durations[d[ao + Field.LastLocation] * n + d[wo + Field.FirstLocation]];
    let delta = aD - aTW + travel;
    const waitDelta = Math.max(wE - delta - aL, 0);
    let warpDelta = Math.max(aE + delta - wL, 0);
    const cD = aD + d[wo + Field.Duration] + travel + waitDelta;
    const cTW = aTW + d[wo + Field.TimeWarp] + warpDelta;
    const cE = Math.max(wE - delta, aE) - waitDelta;
    travel = this.durations[d[wo + Field.LastLocation] * n + d[bo + Field.FirstLocation]];
    delta = cD - cTW + travel;
    warpDelta = Math.max(cE + delta - d[bo + Field.Late], 0);
    return cTW + d[bo + Field.TimeWarp] + warpDelta;
  }

  /** merge() when a has no core: a is empty (out = b) or breaks only (they join b's head). */
  private mergeAfterBreaks(o: number, ao: number, bo: number): void {
    const d = this.data;
    if (d[ao + Field.HasHead] === 0) {
      if (o !== bo) for (let f = 0; f < Field.Stride; f++) d[o + f] = d[bo + f];
      return;
    }
    const load = d[ao + Field.Load] + d[bo + Field.Load];
    const prize = d[ao + Field.Prize] + d[bo + Field.Prize];
    const jobs = d[ao + Field.Jobs] + d[bo + Field.Jobs];
    let hD = d[ao + Field.HeadDuration],
      hTW = d[ao + Field.HeadTimeWarp],
      hE = d[ao + Field.HeadEarly],
      hL = d[ao + Field.HeadLate];
    if (d[bo + Field.HasHead] !== 0) {
      // mergeDurations with travel 0, as in merge().
      const bE = d[bo + Field.HeadEarly];
      const bL = d[bo + Field.HeadLate];
      const delta = hD - hTW + 0;
      const waitDelta = Math.max(bE - delta - hL, 0);
      const warpDelta = Math.max(hE + delta - bL, 0);
      hD = hD + d[bo + Field.HeadDuration] + 0 + waitDelta;
      hTW = hTW + d[bo + Field.HeadTimeWarp] + warpDelta;
      const early = Math.max(bE - delta, hE) - waitDelta;
      hL = Math.min(bL - delta, hL) + warpDelta;
      hE = early;
    }
    const distance = d[ao + Field.Distance] + d[bo + Field.Distance];
    if (o !== bo) {
      d[o + Field.HasCore] = d[bo + Field.HasCore];
      d[o + Field.Duration] = d[bo + Field.Duration];
      d[o + Field.TimeWarp] = d[bo + Field.TimeWarp];
      d[o + Field.Early] = d[bo + Field.Early];
      d[o + Field.Late] = d[bo + Field.Late];
      d[o + Field.FirstLocation] = d[bo + Field.FirstLocation];
      d[o + Field.LastLocation] = d[bo + Field.LastLocation];
    }
    d[o + Field.HasHead] = 1;
    d[o + Field.HeadDuration] = hD;
    d[o + Field.HeadTimeWarp] = hTW;
    d[o + Field.HeadEarly] = hE;
    d[o + Field.HeadLate] = hL;
    d[o + Field.Distance] = distance;
    d[o + Field.Load] = load;
    d[o + Field.Prize] = prize;
    d[o + Field.Jobs] = jobs;
  }

  // Readers, for callers outside this file (the layout stays private to it).
  duration(s: number): number {
    return this.data[s * Field.Stride + Field.Duration];
  }
  timeWarp(s: number): number {
    return this.data[s * Field.Stride + Field.TimeWarp];
  }
  firstLocation(s: number): number {
    return this.data[s * Field.Stride + Field.FirstLocation];
  }
  lastLocation(s: number): number {
    return this.data[s * Field.Stride + Field.LastLocation];
  }
  load(s: number): number {
    return this.data[s * Field.Stride + Field.Load];
  }
  distance(s: number): number {
    return this.data[s * Field.Stride + Field.Distance];
  }
  prize(s: number): number {
    return this.data[s * Field.Stride + Field.Prize];
  }
  jobs(s: number): number {
    return this.data[s * Field.Stride + Field.Jobs];
  }
  hasHead(s: number): boolean {
    return this.data[s * Field.Stride + Field.HasHead] !== 0;
  }
  hasCore(s: number): boolean {
    return this.data[s * Field.Stride + Field.HasCore] !== 0;
  }

  /** Total duration of a segment as a whole (head then core). */
  totalDuration(s: number): number {
    const d = this.data;
    const o = s * Field.Stride;
    if (d[o + Field.HasHead] === 0) return d[o + Field.Duration];
    if (d[o + Field.HasCore] === 0) return d[o + Field.HeadDuration];
    this.mergeHeadAndCore(o);
    return rD;
  }

  /** Total time warp of a segment as a whole (head then core). */
  totalTimeWarp(s: number): number {
    const d = this.data;
    const o = s * Field.Stride;
    if (d[o + Field.HasHead] === 0) return d[o + Field.TimeWarp];
    if (d[o + Field.HasCore] === 0) return d[o + Field.HeadTimeWarp];
    this.mergeHeadAndCore(o);
    return rTW;
  }

  private mergeHeadAndCore(o: number): void {
    const d = this.data;
    mergeDurations(
      d[o + Field.HeadDuration],
      d[o + Field.HeadTimeWarp],
      d[o + Field.HeadEarly],
      d[o + Field.HeadLate],
      0,
      d[o + Field.Duration],
      d[o + Field.TimeWarp],
      d[o + Field.Early],
      d[o + Field.Late],
    );
  }
}
