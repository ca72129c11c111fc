/**
 * A planning thread for tests whose day plan provokes a disagreement between the search and its
 * independent checker, which real data cannot (the rules build consistent problems): the real
 * protocol (server/jobs/serve.ts), a real search on a deliberately inconsistent problem, the
 * rules' own warning; then an empty plan for the day, so that the job ends as a real one does.
 */
import { parentPort } from 'node:worker_threads';
import { serveJobs } from '../../server/jobs/serve.js';
import { warnOnCheckerDisagreement } from '../../solver/rules/plan-day.js';
import { assemblePlan } from '../../solver/rules/plan-output.js';
import type { Problem } from '../../solver/vrp/model.js';
import { solve } from '../../solver/vrp/solve.js';

/** Two jobs on a line; job 0 opens vehicle 0's locked prefix although it is pinned to vehicle 1 (contradictory on purpose). */
export function contradictoryProblem(): Problem {
  const matrix = [0, 10, 20, 10, 0, 10, 20, 10, 0];
  const job = (id: string, location: number) => ({ id, location, service: 5, windows: [], prize: 50, required: false, demand: 1, skills: [] });
  const vehicle = (id: string) => ({
    id,
    start: 0,
    end: 0,
    shift: { start: 0, end: 500 },
    breaks: [],
    skills: [],
    capacity: 10,
    costPerDistance: 1,
    costPerDuration: 0,
    fixedCost: 0,
  });
  return {
    locationCount: 3,
    durations: Float64Array.from(matrix),
    distances: Float64Array.from(matrix),
    jobs: [{ ...job('a', 1), allowedVehicles: [1] }, job('b', 2)],
    vehicles: [{ ...vehicle('v0'), lockedPrefix: [0] }, vehicle('v1')],
  };
}

if (parentPort) {
  serveJobs(parentPort, async (job) => {
    if (job.kind !== 'plan') throw new Error(`this test thread plans single days, not a ${job.kind}`);
    warnOnCheckerDisagreement(solve(contradictoryProblem(), { seed: 1, maxIterations: 10 }));
    return { kind: 'plan', value: assemblePlan({ date: job.input.date, weight: 0, estimate: true }, [], []) };
  });
}
