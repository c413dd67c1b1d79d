/**
 * Deny-by-default authentication and authorisation for every REST and WebSocket route: a route must
 * declare its access (`config.access`); `public` routes pass, others need a bearer token whose role
 * ranks at least as high. No token or an unknown one: 401; a known token with too low a role, or a route
 * that declares nothing: 403.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Access, roleAllows } from '../auth/roles.js';
import { bearerToken, type TokenRegistry } from '../auth/token-registry.js';
import { problemOf, sendProblem } from './problem.js';
import { setCaller } from './routes/caller.js';

const WS_PROTOCOL_PREFIX = 'bearer.';

/** A token from `authorization: Bearer …`, or from a `bearer.<token>` WebSocket subprotocol (browsers). */
function presentedToken(req: FastifyRequest): string | undefined {
  const fromHeader = bearerToken(req.headers.authorization);
  if (fromHeader !== undefined) return fromHeader;
  const protocols = req.headers['sec-websocket-protocol'];
  if (typeof protocols !== 'string') return undefined;
  for (const p of protocols.split(',')) {
    const v = p.trim();
    if (v.startsWith(WS_PROTOCOL_PREFIX) && v.length > WS_PROTOCOL_PREFIX.length) {
      return bearerToken(`Bearer ${v.slice(WS_PROTOCOL_PREFIX.length)}`);
    }
  }
  return undefined;
}

/** The onRequest hook. */
export function authHook(tokens: TokenRegistry) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (req.is404) return undefined;
    const access = (req.routeOptions.config as { access?: Access } | undefined)?.access;
    if (access === 'public') return undefined;
    const instance = req.url.split('?')[0];
    const token = presentedToken(req);
    const who = token === undefined ? undefined : tokens.apiIdentity(token);
    if (!who) {
      const detail =
        token === undefined ? 'authorization: bearer token required' : 'authorization: unknown token';
      return sendProblem(
        reply,
        problemOf(401, 'unauthenticated', detail, instance, [{ field: 'authorization', message: detail }]),
        {
          'www-authenticate': 'Bearer realm="agentsched"',
        },
      );
    }
    if (access === undefined) {
      return sendProblem(
        reply,
        problemOf(403, 'forbidden', 'route declares no access rule; denied by default', instance),
      );
    }
    if (!roleAllows(who.role, access)) {
      const detail = `authorization: role "${who.role}" may not do this; "${access}" or higher required`;
      return sendProblem(
        reply,
        problemOf(403, 'forbidden', detail, instance, [{ field: 'authorization', message: detail }]),
      );
    }
    setCaller(req, who);
    return undefined;
  };
}
