import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRoute } from '../../../solver/vrp/evaluate-route';
import type { Problem } from '../../../solver/vrp/model';
import { lineProblem } from './line-problem';

const LUNCH = -1;

describe('evaluateRoute on a hand-computed route', () => {
  it('times each visit, takes the earliest window still open and delays departure to avoid waiting', () => {
    // Leaving at 0: A at 10 waits to 30; B at 45 makes window 0 (ends 45); lunch 50-65 at B;
    // C at 75; home at 110. The 20 waited at A is absorbed by leaving at 20 instead.
    const report = evaluateRoute(lineProblem(), 0, [0, 1, LUNCH, 2]);
    expect(report.violations).toEqual([]);
    expect(report.departure).toBe(20);
    expect(report.visits.map((v) => [v.arrival, v.wait, v.start, v.departure, v.window, v.value, v.lateness])).toEqual([
      [30, 0, 30, 35, 0, 10, 0],
      [45, 0, 45, 50, 0, 10, 0],
      [50, 0, 50, 65, 0, 0, 0],
      [75, 0, 75, 80, 0, 4, 0],
    ]);
    expect(report.visits.map((v) => v.load)).toEqual([3, 7, 7, 9]);
    expect(report.visits.map((v) => v.location)).toEqual([1, 2, 2, 3]); // lunch where the van is
    expect(report.arrival).toBe(110);
    expect(report.distance).toBe(60);
    expect(report.duration).toBe(90);
    expect(report.cost).toBe(7 + 60 + 0.5 * 90);
    expect(report.value).toBe(24);
  });

  it('uses the chosen windows when given, with their value factor', () => {
    // B in window 1 (60-80, x2): waits 45->60; lunch 65-80; C 90-95; home 125. Waiting 20 + 15,
    // but the lunch window (ends 70, reached at 65 after 15 of waiting) caps the delay at 30.
    const report = evaluateRoute(lineProblem(), 0, [0, 1, LUNCH, 2], [0, 1, 0, 0]);
    expect(report.violations).toEqual([]);
    expect(report.departure).toBe(30);
    expect(report.visits.map((v) => [v.arrival, v.wait, v.start, v.window])).toEqual([
      [40, 0, 40, 0],
      [55, 5, 60, 1],
      [65, 0, 65, 0],
      [90, 0, 90, 0],
    ]);
    expect(report.visits[1].value).toBe(20);
    expect(report.duration).toBe(95);
  });

  it('reports a late job, a missed window and a break not taken, and keeps timing the route', () => {
    // C first (30-35), A at 55: 15 after its window; B at 70 falls in window 1.
    const report = evaluateRoute(lineProblem(), 0, [2, 0, 1]);
    expect(report.visits.map((v) => [v.arrival, v.start, v.lateness, v.value, v.window])).toEqual([
      [30, 30, 0, 4, 0],
      [55, 55, 15, 0, 0],
      [70, 70, 0, 20, 1],
    ]);
    const codes = report.violations.map((v) => v.code).sort();
    expect(codes).toEqual(['break-missing', 'late']);
    expect(report.violations.find((v) => v.code === 'late')).toMatchObject({ position: 1, job: 0, amount: 15 });
  });

  it('reports a break started after its window', () => {
    // A 30-35, C 55-60, B 70-75 (window 1), lunch reached at 75 > 70.
    const report = evaluateRoute(lineProblem(), 0, [0, 2, 1, LUNCH]);
    const late = report.violations.filter((v) => v.code === 'break-late');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ position: 3, break: 0, amount: 5 });
  });

  it('reports capacity, shift end, limits, skills and pins without refusing the order', () => {
    const problem = lineProblem();
    const vehicle = problem.vehicles[0];
    vehicle.capacity = 6;
    vehicle.shift.end = 100;
    vehicle.maxDuration = 80;
    vehicle.maxDistance = 50;
    problem.jobs[2].skills = ['warrant'];
    problem.jobs[1].allowedVehicles = [3];
    const report = evaluateRoute(problem, 0, [0, 1, LUNCH, 2, 7, -5]);
    const codes = report.violations.map((v) => v.code).sort();
    expect(codes).toEqual(['capacity', 'max-distance', 'max-duration', 'shift-end', 'skill-missing', 'unknown-break', 'unknown-job', 'vehicle-not-allowed']);
    expect(report.violations.find((v) => v.code === 'capacity')).toMatchObject({ position: 1, amount: 1 });
    expect(report.violations.find((v) => v.code === 'shift-end')).toMatchObject({ amount: 10 });
    expect(report.visits).toHaveLength(6);
  });

  it('reports a locked prefix that does not open the route, ignoring breaks', () => {
    const problem = lineProblem();
    problem.vehicles[0].lockedPrefix = [0, 1];
    expect(evaluateRoute(problem, 0, [0, LUNCH, 1, 2]).violations.map((v) => v.code)).not.toContain('locked-prefix');
    expect(evaluateRoute(problem, 0, [1, 0, LUNCH, 2]).violations.map((v) => v.code)).toContain('locked-prefix');
  });

  it('costs nothing for a route without jobs', () => {
    const report = evaluateRoute(lineProblem(), 0, []);
    expect(report).toMatchObject({ used: false, distance: 0, duration: 0, cost: 0, violations: [] });
  });
});

/** Random single-window routes on integer data, with the departure found by trying every time. */
const routeCase = fc
  .record({
    xs: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 6 }),
    windows: fc.array(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 40 })), { minLength: 6, maxLength: 6 }),
    services: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 6, maxLength: 6 }),
    shiftStart: fc.integer({ min: 0, max: 20 }),
  })
  .map(({ xs, windows, services, shiftStart }): Problem => {
    const points = [0, ...xs];
    const matrix = points.flatMap((a) => points.map((b) => Math.abs(a - b)));
    return {
      locationCount: points.length,
      durations: matrix,
      distances: matrix,
      jobs: xs.map((_, i) => ({
        id: `j${i}`,
        location: i + 1,
        service: services[i],
        prize: 1,
        required: true,
        demand: 0,
        skills: [],
        windows: [{ start: windows[i][0], end: windows[i][0] + windows[i][1] }],
      })),
      vehicles: [
        {
          id: 'v',
          start: 0,
          end: 0,
          shift: { start: shiftStart, end: 10_000 },
          breaks: [],
          skills: [],
          capacity: 0,
          costPerDistance: 1,
          costPerDuration: 0,
          fixedCost: 0,
        },
      ],
    };
  });

function simulateFrom(problem: Problem, departure: number): { end: number; lateness: number[] } {
  let time = departure;
  let at = 0;
  const lateness: number[] = [];
  for (const job of problem.jobs) {
    time += Math.abs(problem.durations[at * problem.locationCount + job.location]);
    at = job.location;
    lateness.push(Math.max(0, time - job.windows[0].end));
    time = Math.max(time, job.windows[0].start) + job.service;
  }
  return { end: time + problem.durations[at * problem.locationCount], lateness };
}

describe('evaluateRoute departure time', () => {
  it('gives the least duration over all departures that add no lateness', () => {
    fc.assert(
      fc.property(routeCase, (problem) => {
        const visits = problem.jobs.map((_, i) => i);
        const report = evaluateRoute(problem, 0, visits);
        const shiftStart = problem.vehicles[0].shift.start;
        const earliest = simulateFrom(problem, shiftStart);
        let best = Infinity;
        for (let departure = shiftStart; departure <= shiftStart + 400; departure++) {
          const run = simulateFrom(problem, departure);
          if (run.lateness.every((late, i) => late <= earliest.lateness[i])) best = Math.min(best, run.end - departure);
        }
        expect(report.duration).toBe(best);
        expect(report.arrival).toBe(earliest.end);
        expect(report.visits.map((v) => v.lateness)).toEqual(earliest.lateness);
      }),
      { numRuns: 300 },
    );
  });
});
