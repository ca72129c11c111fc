import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RoutingError } from '../../solver/roads/backend.js';
import { CalendarRangeError, PlanningInputError } from '../../solver/rules/errors.js';
import type { Problem } from '../../solver/vrp/model.js';
import { solve } from '../../solver/vrp/solve.js';
import { toProblem } from '../../server/errors.js';
import { fromFailure, toFailure } from '../../server/jobs/failure.js';
import { searchBudgetMs } from '../../server/jobs/runner.js';
import { OFFICER, makeApp, type TestApp } from './helpers.js';

/** An error as the server gets it from a planning thread: tagged, cloned across, rebuilt. */
const across = (err: unknown) => fromFailure(structuredClone(toFailure(err)));

describe('errors across the planning thread boundary', () => {
  it('keep their kind and the fields the answer names', () => {
    const input = across(new PlanningInputError('no officer is available on 2026-03-08', 'date'));
    expect(input).toBeInstanceOf(PlanningInputError);
    expect(toProblem(input)).toMatchObject({
      status: 422,
      title: 'Cannot plan',
      detail: 'no officer is available on 2026-03-08',
      errors: [{ field: 'body.date', message: 'no officer is available on 2026-03-08' }],
    });

    const range = across(new CalendarRangeError('2099-01-05 is after the bank-holiday data', '2099-01-05', 'date'));
    expect(range).toBeInstanceOf(CalendarRangeError);
    expect(range).toMatchObject({ kind: 'calendar-range', date: '2099-01-05', field: 'date', name: 'CalendarRangeError' });
    expect(toProblem(range)).toMatchObject({ status: 422, title: 'Cannot plan', errors: [{ field: 'body.date' }] });

    const noRoad = across(new RoutingError('point 3 is more than 300 m from any road', 'NoRoad', 3, [3, 5]));
    expect(noRoad).toMatchObject({ kind: 'routing', code: 'NoRoad', point: 3, points: [3, 5] });
    expect(toProblem(noRoad)).toMatchObject({ status: 422, title: 'Routing failed', errors: [{ field: 'points.3' }] });
    expect(toProblem(across(new RoutingError('OSRM server is unreachable', 'Unavailable')))).toMatchObject({ status: 503, title: 'Routing failed' });
  });

  it('a bug stays a 500 that says nothing of it, its name and stack kept for the log', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'lat')");
    const rebuilt = across(bug);
    expect(rebuilt).not.toBeInstanceOf(PlanningInputError);
    expect(rebuilt.name).toBe('TypeError');
    expect(rebuilt.stack).toBe(bug.stack);
    expect(toProblem(rebuilt)).toMatchObject({ status: 500, title: 'Internal error', detail: 'An internal error occurred; it has been logged.' });
    expect(toFailure('a string thrown')).toEqual({ kind: 'internal', name: 'Error', message: 'a string thrown' });
  });

  it('a real thread: a date past the bank-holiday data is a 422 that says so', async () => {
    const t = await makeApp();
    try {
      await t.inject({ method: 'POST', url: '/api/officers', payload: OFFICER });
      const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: '2099-01-06', timeLimitMs: 100 } });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ type: 'https://rounds.example/problems/unplannable', title: 'Cannot plan' });
      expect(res.json<{ detail: string }>().detail).toMatch(/^planning date 2099-01-06 is outside the bank-holiday data/);
    } finally {
      await t.close();
    }
  });
});

describe('a disagreement between the search and its checker in a planning thread', () => {
  let t: TestApp;
  const planIds: string[] = [];

  beforeAll(async () => {
    t = await makeApp({ captureLogs: true, extra: { planningWorker: new URL('./disagreeing-worker.ts', import.meta.url) } });
    await t.inject({ method: 'POST', url: '/api/officers', payload: OFFICER });
    for (const replace of [false, true]) {
      const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: '2026-03-03', replace } });
      expect(res.statusCode, res.body).toBe(201);
      planIds.push(res.json<{ id: string }>().id);
    }
  });
  afterAll(async () => t.close());

  const logLines = () =>
    t
      .logs()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('is counted in GET /api/health, and the plan is still made', async () => {
    const health = await t.inject({ url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok', checkerDisagreements: 2 });
    expect(planIds).toHaveLength(2);
  });

  it('is logged at error level in one short line per job, naming the job', () => {
    const jobs = logLines().filter((l) => l.msg === 'planning job started');
    const lines = logLines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('checker disagreement: '));
    expect(lines.map((l) => l.jobId)).toEqual(jobs.map((j) => j.jobId));
    for (const line of lines) {
      expect(line).toMatchObject({ level: 50, kind: 'plan', about: 'feasibility', violations: 1, seed: 1, iterations: 10, jobs: 2 });
      expect(line.msg).toMatch(/found 1 violation\(s\): vehicle-not-allowed: /);
      expect(JSON.stringify(line).length).toBeLessThan(1000);
    }
  });

  it("shows a job that failed inside its thread as an internal error, never the error's own words", async () => {
    // This thread plans single days: a week fails with a plain Error (as a database error would, naming a host).
    const started = await t.inject({ method: 'POST', url: '/api/plans/week?async=1', payload: { from: '2026-03-02', days: 1, replace: true } });
    expect(started.statusCode, started.body).toBe(202);
    const url = `/api/jobs/${started.json<{ jobId: string }>().jobId}`;
    await vi.waitFor(async () => expect((await t.inject({ url })).json().status).toBe('failed'), { timeout: 10_000, interval: 50 });
    const job = await t.inject({ url });
    expect(job.json().error).toEqual({ name: 'Error', message: 'An internal error occurred; it has been logged.' });
    expect(job.body).not.toContain('single days');
  });

  it('logs its reproduction at debug level, which reruns to the same disagreement', () => {
    const line = logLines().find((l) => l.msg === 'checker disagreement reproduction');
    expect(line?.level).toBe(20);
    const reproduction = line!.reproduction as { problem: Problem; seed: number; iterations: number };
    expect(reproduction.problem.durations).toEqual([0, 10, 20, 10, 0, 10, 20, 10, 0]);
    const again = solve(reproduction.problem, { seed: reproduction.seed, maxIterations: reproduction.iterations });
    expect(again.checkerDisagreement?.violations.map((v) => v.code)).toEqual(['vehicle-not-allowed']);
  });
});

describe('search time a job asks for', () => {
  it('a re-plan on the doorstep searches 1 s unless told, a day 5 s, a week 5 s a day, a sweep 5 s a weight', () => {
    expect(searchBudgetMs('replan', {})).toBe(1000);
    expect(searchBudgetMs('replan', { timeLimitMs: 3000 })).toBe(3000);
    expect(searchBudgetMs('plan', {})).toBe(5000);
    expect(searchBudgetMs('week', { days: 3 })).toBe(15_000);
    expect(searchBudgetMs('sweep', { weights: [0, 1, 2, 3] })).toBe(20_000);
    expect(searchBudgetMs('roads', {})).toBe(0);
  });
});
