/**
 * WebSocket fuzzing: random text and binary frames, invalid subscriptions, oversized frames and bad query
 * strings get an error reply (status 400) or a 4xx close / refusal; live events keep flowing to clients
 * and the filters hold.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '../../../engine/server/server.js';
import { TOKENS } from '../../helpers/live.js';
import { startTestServer } from './test-server.js';

const WS_MAX = 4096;
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { wsMessageBytesMax: WS_MAX } as never });
});
afterAll(async () => {
  await server.close();
});

function open(query = ''): Promise<{ ws: WebSocket; messages: any[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.httpPort}/v1/events${query}`, {
      headers: { authorization: `Bearer ${TOKENS.viewer}` },
    });
    const messages: any[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    ws.on('open', () => resolve({ ws, messages, closed }));
    ws.on('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('WebSocket fuzzing', () => {
  it('thousands of random frames get error replies (status 400), never a crash', async () => {
    const frame = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .record({
          op: fc.constantFrom('subscribe', 'sub', ''),
          kinds: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
          agents: fc.oneof(fc.string(), fc.array(fc.string({ maxLength: 5 }))),
        })
        .map((v) => JSON.stringify(v)),
      fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b)),
    );
    const frames = fc.sample(frame, { numRuns: 3000, seed: 42 });
    let conn = await open();
    let replies = 0;
    for (let i = 0; i < frames.length; i++) {
      if (conn.ws.readyState !== WebSocket.OPEN) {
        expect(await conn.closed).toBe(1008);
        replies += conn.messages.filter(
          (m) => m.kind === 'error' || (m.kind === 'subscribed' && m.filter),
        ).length;
        conn = await open();
      }
      conn.ws.send(frames[i]!);
      if (i % 50 === 49) await until(() => conn.messages.length > 0);
    }
    await until(() => conn.ws.readyState !== WebSocket.OPEN || conn.messages.length > 10, 2000);
    for (const m of conn.messages) expect(['error', 'subscribed']).toContain(m.kind);
    for (const m of conn.messages.filter((x) => x.kind === 'error')) expect(m.status).toBe(400);
    conn.ws.close();
    expect(replies + conn.messages.length).toBeGreaterThan(100);
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 60_000);

  it('an oversized frame closes with 1009; a bad query string is refused with 400', async () => {
    const conn = await open();
    conn.ws.send('x'.repeat(WS_MAX + 1));
    expect(await conn.closed).toBe(1009);
    await expect(open('?kinds=nonsense')).rejects.toThrow('HTTP 400');
    await expect(open('?extra=1')).rejects.toThrow('HTTP 400');
  });

  it('filters: a DAG-filtered client sees only that DAG’s events', async () => {
    const conn = await open('?kinds=dag,task,decision&dags=wanted');
    for (const id of ['wanted', 'other']) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/dags',
        headers: { authorization: `Bearer ${TOKENS.operator}` },
        payload: { id, tasks: [{ id: `${id}-t` }] },
      });
      expect(res.statusCode).toBe(201);
      await server.app.inject({
        method: 'POST',
        url: `/v1/dags/${id}/cancel`,
        headers: { authorization: `Bearer ${TOKENS.operator}` },
      });
    }
    await until(() => conn.messages.some((m) => m.kind === 'dag'));
    const events = conn.messages.filter((m) => m.seq !== undefined);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.dagId).toBe('wanted');
    conn.ws.close();
  });
});
