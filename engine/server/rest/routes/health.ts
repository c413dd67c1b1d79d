/** Health (process up) and readiness (listeners up, not shutting down) probes; public by design. */
import { ProblemError } from '../problem.js';
import type { RouteDef } from '../route-def.js';
import { ANY_OBJECT } from '../schemas.js';

export function healthRoutes(): RouteDef[] {
  return [
    {
      method: 'GET',
      url: '/healthz',
      access: 'public',
      tag: 'health',
      summary: 'Liveness: the process serves HTTP',
      schema: { response: { 200: ANY_OBJECT } },
      handler: async () => ({ status: 'ok' }),
    },
    {
      method: 'GET',
      url: '/readyz',
      access: 'public',
      tag: 'health',
      summary: 'Readiness: gRPC gateway and REST up, stores open, not shutting down',
      schema: { response: { 200: ANY_OBJECT } },
      errors: [503],
      handler: async (ctx) => {
        if (!ctx.ready) throw new ProblemError(503, 'not-ready', 'engine is starting or shutting down');
        return { status: 'ready', agentsConnected: ctx.gateway.connectedCount };
      },
    },
  ];
}
