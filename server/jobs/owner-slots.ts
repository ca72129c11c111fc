/**
 * Per-team concurrency across every queue worker: at most `limit` of one team's jobs run at once,
 * whichever workers run them. A job's team is the team of its officers (settings.teams,
 * solver/rules/patches.ts planTeam); a plan of no one team counts under its owner (the team leader
 * who asked), as every job did before teams. BullMQ's open-source edition has no groups, so the workers share a
 * semaphore in Redis: a sorted set per owner of the job ids running, each scored by when its lease
 * ends. A worker takes a slot before it runs a job and gives it back after; it renews the lease
 * while the job runs, so that the slot of a worker that died frees itself when the lease runs out.
 * A job that finds its owner at the limit goes back to the queue, delayed a little (queue-worker.ts).
 */
import type { Redis } from 'ioredis';
import { ownerSlotsKey } from './queue-shared.js';

/**
 * KEYS[1] the owner's set; ARGV: lease ms, limit, job id. Redis's own clock, so that workers'
 * clocks need not agree. A job already holding a slot (run again after its worker died) keeps it.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], lease)
  return 1
end
return 0
`;

/** Renews a lease, only while the job still holds its slot. */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
  return 1
end
return 0
`;

export class OwnerSlots {
  constructor(
    private readonly redis: Redis,
    /** Jobs of one owner running at once across all workers. */
    readonly limit: number,
    /** How long a slot outlives its worker's last renewal. */
    private readonly leaseMs: number,
  ) {}

  async acquire(owner: string, jobId: string): Promise<boolean> {
    return (await this.redis.eval(ACQUIRE, 1, ownerSlotsKey(owner), this.leaseMs, this.limit, jobId)) === 1;
  }

  async renew(owner: string, jobId: string): Promise<void> {
    await this.redis.eval(RENEW, 1, ownerSlotsKey(owner), this.leaseMs, jobId);
  }

  async release(owner: string, jobId: string): Promise<void> {
    await this.redis.zrem(ownerSlotsKey(owner), jobId);
  }

  /** The owner's jobs running now (tests and monitoring). */
  async running(owner: string): Promise<string[]> {
    return this.redis.zrange(ownerSlotsKey(owner), '0', '-1');
  }
}
