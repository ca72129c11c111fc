/**
 * Per-team concurrency across workers (server/jobs/owner-slots.ts) on a real Redis: at most the
 * limit of one owner's jobs hold a slot, a job run again keeps its own, a released slot is free at
 * once, and a dead worker's slot frees itself when its lease runs out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnerSlots } from '../../server/jobs/owner-slots.js';
import { decodeFailure, encodeFailure } from '../../server/jobs/queue-shared.js';
import { ConflictError } from '../../server/store/store.js';
import { JobCancelledError, JobTimeLimitError } from '../../server/jobs/errors.js';
import { redisAvailable, startRedis, type RedisProcess } from './queue-processes.js';

describe('a failure as a queue job keeps it', () => {
  it('comes back as the same error, without a stack, and a reason BullMQ wrote is an internal error', () => {
    expect(decodeFailure(encodeFailure({ kind: 'cancelled', jobId: 'j1' }))).toBeInstanceOf(JobCancelledError);
    const cap = decodeFailure(encodeFailure({ kind: 'time-limit', limitMs: 60_000 }));
    expect(cap).toBeInstanceOf(JobTimeLimitError);
    expect(cap.message).toContain('1-minute');
    const conflict = decodeFailure(encodeFailure({ kind: 'conflict', message: 'changed', currentVersion: 3 }));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).currentVersion).toBe(3);
    expect(encodeFailure({ kind: 'internal', name: 'TypeError', message: 'x is undefined', stack: 'TypeError: x\n    at secret.ts:1' })).not.toContain(
      'secret.ts',
    );
    expect(decodeFailure('job stalled more than allowable limit')).toMatchObject({ name: 'QueueError', message: 'job stalled more than allowable limit' });
  });
});

describe.skipIf(!redisAvailable())('one team’s jobs running at once across workers', () => {
  let dir: string;
  let server: RedisProcess;
  let redis: Redis;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-slots-'));
    server = await startRedis(dir);
    redis = new Redis(server.url);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets at most the limit of one owner’s jobs run, others’ jobs apart', async () => {
    const slots = new OwnerSlots(redis, 2, 60_000);
    expect(await slots.acquire('tl', 'a')).toBe(true);
    expect(await slots.acquire('tl', 'b')).toBe(true);
    expect(await slots.acquire('tl', 'c')).toBe(false);
    // Another team is not held up.
    expect(await slots.acquire('tl2', 'x')).toBe(true);
    // A job run again (its worker died) keeps its own slot.
    expect(await slots.acquire('tl', 'a')).toBe(true);
    await slots.release('tl', 'b');
    expect(await slots.acquire('tl', 'c')).toBe(true);
    expect((await slots.running('tl')).sort()).toEqual(['a', 'c']);
  });

  it('frees the slot of a worker that stopped renewing it once its lease ends', async () => {
    const slots = new OwnerSlots(redis, 1, 300);
    expect(await slots.acquire('lease', 'dead')).toBe(true);
    expect(await slots.acquire('lease', 'next')).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(await slots.acquire('lease', 'next')).toBe(true);
    // A renewal keeps a live job's slot past its first lease.
    await new Promise((r) => setTimeout(r, 200));
    await slots.renew('lease', 'next');
    await new Promise((r) => setTimeout(r, 200));
    expect(await slots.acquire('lease', 'other')).toBe(false);
  });
});
