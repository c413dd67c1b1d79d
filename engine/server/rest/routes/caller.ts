/** The authenticated caller of a request (set by the auth hook). */
import type { FastifyRequest } from 'fastify';
import type { ApiIdentity } from '../../auth/token-registry.js';

const KEY = Symbol('agentsched.caller');

/** Stores the caller on the request. */
export function setCaller(req: FastifyRequest, who: ApiIdentity): void {
  (req as unknown as Record<symbol, ApiIdentity>)[KEY] = who;
}

/** The caller's token name ('anonymous' on public routes). */
export function callerName(req: FastifyRequest): string {
  return (req as unknown as Record<symbol, ApiIdentity | undefined>)[KEY]?.name ?? 'anonymous';
}
