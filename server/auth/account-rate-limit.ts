import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { userOf } from './plugin.js';

/**
 * A route's rate limit counted per signed-in account, not per address: a council's officers often
 * reach Rounds through one address (its proxy), and one busy map must not hold the others up. It runs
 * as a preHandler, after the session hook, so the account is known (onRequest, the plugin's default,
 * runs before it). Counts are kept per API instance.
 */
export function perAccountPerMinute(max: number): RateLimitOptions {
  return {
    max,
    timeWindow: 60_000,
    hook: 'preHandler',
    keyGenerator: (request: FastifyRequest) => `account:${userOf(request).username}`,
  };
}
