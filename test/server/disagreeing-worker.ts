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
import { contradictoryProblem } from '../rules/contradictory-problem.js';
import { solve } from '../../solver/vrp/solve.js';

if (parentPort) {
  serveJobs(parentPort, async (job) => {
    if (job.kind !== 'plan') throw new Error(`this test thread plans single days, not a ${job.kind}`);
    warnOnCheckerDisagreement(solve(contradictoryProblem(), { seed: 1, maxIterations: 10 }));
    return { kind: 'plan', value: assemblePlan({ date: job.input.date, weight: 0, estimate: true }, [], []) };
  });
}
