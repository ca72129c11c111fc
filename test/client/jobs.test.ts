import { describe, expect, it } from 'vitest';
import { parseJobEvent } from '../../client/src/api/jobs';

// The shapes server/routes/jobs.ts sends: 'status', 'progress' {fraction?, phase?}, then 'done' | 'failed' | 'cancelled' with the job view.
describe('planning job events (SSE)', () => {
  it('progress as a fraction, clamped, with the phase as message', () => {
    expect(parseJobEvent('progress', JSON.stringify({ fraction: 0.25, phase: 'search' }))).toEqual({ kind: 'progress', fraction: 0.25, message: 'search' });
    expect(parseJobEvent('progress', JSON.stringify({ fraction: 1.7 }))).toMatchObject({ fraction: 1 });
    expect(parseJobEvent('progress', JSON.stringify({ phase: 'matrix' }))).toEqual({ kind: 'progress', fraction: undefined, message: 'matrix' });
  });

  it('done carries the saved plan id', () => {
    const view = { id: 'j1', kind: 'plan', status: 'done', result: { planId: 'p7', version: 1 } };
    expect(parseJobEvent('done', JSON.stringify(view))).toEqual({ kind: 'done', result: { planId: 'p7', version: 1 } });
  });

  it('failed carries the problem’s detail as a readable message', () => {
    const view = {
      id: 'j1',
      status: 'failed',
      error: { name: 'Error', message: 'raw' },
      problem: { title: 'Cannot plan', detail: 'no officers work on 2026-12-25' },
    };
    expect(parseJobEvent('failed', JSON.stringify(view))).toEqual({ kind: 'error', message: 'no officers work on 2026-12-25' });
    expect(parseJobEvent('failed', 'not json')).toEqual({ kind: 'error', message: 'not json' });
    expect(parseJobEvent('failed', '{}')).toEqual({ kind: 'error', message: 'The planning run failed' });
  });

  it('cancelled, and events the client does not act on', () => {
    expect(parseJobEvent('cancelled', '{}')).toEqual({ kind: 'cancelled' });
    expect(parseJobEvent('status', JSON.stringify({ status: 'queued' }))).toBeNull();
    // Names the server never sends are not guessed at.
    expect(parseJobEvent('complete', '{}')).toBeNull();
  });
});
