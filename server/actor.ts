import type { FastifyRequest } from 'fastify';
import { userOf } from './auth/plugin.js';

/** Who is making a change, for the audit trail: always the signed-in user (never a header the caller writes). */
export function actorOf(request: FastifyRequest): string {
  return userOf(request).username;
}
