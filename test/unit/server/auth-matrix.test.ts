/**
 * Auth matrix over every route the server declares (REST and WebSocket): no token 401, unknown token 401,
 * a role below the route's 403, the route's role and above pass; public probes need nothing.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ROLES, type Role, roleAllows } from '../../../engine/server/auth/roles.js';
import { allRouteDefs } from '../../../engine/server/rest/build-app.js';
import type { RouteDef } from '../../../engine/server/rest/route-def.js';
import type { RunningServer } from '../../../engine/server/server.js';
import { TOKENS } from '../../helpers/live.js';
import { startTestServer } from './test-server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function urlOf(r: RouteDef): string {
  return r.url.replace(/:([A-Za-z]+)/g, 'unknown-$1');
}

async function statusOf(r: RouteDef, token: string | undefined): Promise<{ status: number; type: string }> {
  const res = await server.app.inject({
    method: r.method,
    url: urlOf(r),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(r.method === 'GET' ? {} : { payload: {} }),
  });
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? '') };
}

describe('auth matrix (every route)', () => {
  const routes = allRouteDefs({ config: { limits: { tasksPerDagMax: 10 } } as never });
  const guarded = routes.filter((r) => r.access !== 'public');

  it('covers the whole API', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(
      routes
        .filter((r) => r.access === 'public')
        .map((r) => r.url)
        .sort(),
    ).toEqual(['/healthz', '/readyz']);
  });

  it.each(guarded.map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s: no token and an unknown token get 401 problem+json',
    async (_n, r) => {
      for (const token of [undefined, 'not-a-real-token']) {
        const res = await statusOf(r, token);
        expect(res.status).toBe(401);
        expect(res.type).toContain('application/problem+json');
      }
    },
  );

  it.each(guarded.map((r) => [`${r.method} ${r.url} (${r.access})`, r] as const))(
    '%s: roles below get 403, the rest pass auth',
    async (_n, r) => {
      for (const role of ROLES) {
        const res = await statusOf(r, TOKENS[role]);
        if (roleAllows(role, r.access as Role)) expect([401, 403]).not.toContain(res.status);
        else {
          expect(res.status).toBe(403);
          expect(res.type).toContain('application/problem+json');
        }
      }
    },
  );

  it('public probes answer without a token', async () => {
    for (const r of routes.filter((x) => x.access === 'public'))
      expect((await statusOf(r, undefined)).status).toBe(200);
  });

  it('the WebSocket upgrade is refused with 401 without a token and accepted for a viewer', async () => {
    const tryOpen = (headers: Record<string, string>, protocols?: string[]) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.httpPort}/v1/events`, protocols, { headers });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
        });
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
        ws.on('error', () => resolve(-1));
      });
    expect(await tryOpen({})).toBe(401);
    expect(await tryOpen({ authorization: 'Bearer wrong' })).toBe(401);
    expect(await tryOpen({ authorization: `Bearer ${TOKENS.viewer}` })).toBe(101);
    expect(await tryOpen({}, [`bearer.${TOKENS.viewer}`])).toBe(101);
  });
});
