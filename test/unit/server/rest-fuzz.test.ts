/**
 * REST fuzzing (fast-check, thousands of requests): malformed, oversized and random input on every route
 * gets a 4xx problem+json (or a success), never a 5xx, and the server keeps serving.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRouteDefs } from '../../../engine/server/rest/build-app.js';
import type { RunningServer } from '../../../engine/server/server.js';
import { TOKENS } from '../../helpers/live.js';
import { startTestServer } from './test-server.js';

const BODY_MAX = 32 * 1024;
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({
    limits: { bodyBytesMax: BODY_MAX, tasksPerDagMax: 200, pendingTasksMax: 5000 } as never,
  });
});
afterAll(async () => {
  await server.close();
});

const routes = allRouteDefs({ config: { limits: { tasksPerDagMax: 200 } } as never }).filter(
  (r) => !r.websocket,
);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;
const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
  'multipart/form-data',
  '',
];

const segment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('..', '%00', '%zz', '%2F', 'a'.repeat(600), '\u0000', '😀'),
);
const pathArb = fc.oneof(
  fc
    .tuple(fc.constantFrom(...routes), segment)
    .map(([r, s]) => r.url.replace(/:([A-Za-z]+)/g, () => encodeURIComponent(s))),
  fc.array(segment, { maxLength: 5 }).map((segs) => `/${segs.map((s) => encodeURIComponent(s)).join('/')}`),
);
const queryArb = fc.dictionary(
  fc.constantFrom('limit', 'cursor', 'state', 'dagId', 'agentId', 'status', 'cluster', 'x'),
  fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)),
  { maxKeys: 4 },
);
const bodyArb = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.constant('{"id":'),
  fc.integer({ min: BODY_MAX, max: BODY_MAX * 3 }).map((n) => `{"id":"${'x'.repeat(n)}"}`),
);

function assertProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  what: string,
): void {
  expect(res.statusCode, `${what} -> ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400 && res.body !== '') {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    const p = JSON.parse(res.body) as { status: number; detail: string };
    expect(p.status).toBe(res.statusCode);
    expect(p.detail.length).toBeGreaterThan(0);
  }
}

describe('REST fuzzing', () => {
  it('random methods, paths, queries, content types and bodies: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        pathArb,
        queryArb,
        fc.constantFrom(...CONTENT_TYPES),
        bodyArb,
        fc.constantFrom(TOKENS.admin, TOKENS.operator, TOKENS.viewer),
        async (method, path, query, type, body, token) => {
          const qs = new URLSearchParams(query).toString();
          const res = await server.app.inject({
            method,
            url: `${path}${qs ? `?${qs}` : ''}`,
            headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) },
            ...(method === 'GET' || method === 'HEAD' ? {} : { payload: body }),
          });
          assertProblem(res, `${method} ${path}`);
        },
      ),
      { numRuns: 2500 },
    );
  });

  const taskArb = fc.record(
    {
      id: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a', 'b', 'c')),
      parents: fc.array(fc.constantFrom('a', 'b', 'c', 'zz', ''), { maxLength: 3 }),
      workUnits: fc.oneof(fc.double(), fc.integer({ min: -5, max: 5000 })),
      cpuDemand: fc.oneof(fc.integer({ min: -2, max: 5000 }), fc.double()),
      memoryMb: fc.integer({ min: -1, max: 10 }),
      requires: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      priority: fc.integer(),
      command: fc.string({ maxLength: 20 }),
    },
    { requiredKeys: ['id'] },
  );

  it('structured but wrong DAG submissions: 201 or a 4xx naming a field', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 16 }),
        fc.array(taskArb, { maxLength: 6 }),
        async (id, tasks) => {
          const res = await server.app.inject({
            method: 'POST',
            url: '/v1/dags',
            headers: { authorization: `Bearer ${TOKENS.operator}` },
            payload: { id: `${id}-${n++}`, tasks },
          });
          assertProblem(res, `POST /v1/dags ${JSON.stringify(tasks).slice(0, 200)}`);
          expect([201, 400, 409, 422, 429]).toContain(res.statusCode);
          if (res.statusCode >= 400)
            expect(JSON.parse(res.body).detail).toMatch(/^[a-z/]+[\w/[\]]*:|tasks:|id:|body/);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('an oversized body is 413 naming the body, and the server still serves', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/dags',
      headers: { authorization: `Bearer ${TOKENS.operator}`, 'content-type': 'application/json' },
      payload: 'x'.repeat(BODY_MAX + 10),
    });
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(res.body).detail).toMatch(/^body:/);
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
