import type { FastifyRequest } from 'fastify';

/** Who is making a change, for the audit log: the `x-rounds-user` header, else 'anonymous'. */
export function actorOf(request: FastifyRequest): string {
  const h = request.headers['x-rounds-user'];
  const v = Array.isArray(h) ? h[0] : h;
  return v && /^[\w.@ -]{1,64}$/.test(v) ? v.trim() : 'anonymous';
}
