import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { userOf } from './plugin.js';

/**
 * A route's rate limit counted per signed-in account, not per address: a council's officers often
 * reach Rounds through one address (its proxy), and one busy map must not hold the others up. It
 * runs before the body is read (preParsing), after the app's session hook (onRequest), which has
 * refused anyone not signed in: the account is known, and a held account's 4 MB bodies are not read.
 * Counts are kept per API instance and per route.
 */
export function perAccountPerMinute(max: number): RateLimitOptions {
  return {
    max,
    timeWindow: 60_000,
    hook: 'preParsing',
    keyGenerator: (request: FastifyRequest) => `account:${userOf(request).username}`,
  };
}
