/**
 * Cooperative drain over REST with real agents over loopback: the drained agent gets no new tasks, its
 * running task finishes on it (not re-placed), it is reported drained (GET and a WebSocket event, after
 * its task's completion), and then it leaves; readmitting lifts the drain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AgentFleet } from '../../../engine/agent/agent-fleet.js';
import type { AgentSpec } from '../../../engine/model/types.js';
import type { RunningServer } from '../../../engine/server/server.js';
import { api, TOKENS, waitFor } from '../../helpers/live.js';
import { startTestServer } from '../../unit/server/test-server.js';

const spec = (id: string): AgentSpec => ({
  id,
  cluster: 'c0',
  type: 'std',
  capabilities: [],
  slots: 1,
  speed: 1,
  memoryMb: 1024,
  powerIdleW: 0,
  powerMaxW: 0,
});

let server: RunningServer;
let fleet: AgentFleet;
let http: string;
const events: { seq: number; kind: string; type: string; agentId?: string; taskId?: string }[] = [];
let ws: WebSocket;

beforeAll(async () => {
  server = await startTestServer({ engine: { heartbeatIntervalMs: 200, heartbeatTimeoutMs: 2000 } });
  http = `127.0.0.1:${server.httpPort}`;
  fleet = new AgentFleet({
    engine: `127.0.0.1:${server.grpcPort}`,
    specs: [spec('a'), spec('b')],
    exec: 'sleep',
    timeScale: 1,
    token: TOKENS.agent,
    agentsPerChannel: 8,
    startSpreadMs: 0,
    log: () => {},
  });
  fleet.start();
  ws = new WebSocket(`ws://${http}/v1/events?kinds=agent,task,decision`, {
    headers: { authorization: `Bearer ${TOKENS.viewer}` },
  });
  ws.on('message', (d) => {
    const e = JSON.parse(String(d));
    if (e.seq !== undefined) events.push(e);
  });
  await new Promise((r) => ws.on('open', r));
  for (const id of ['a', 'b'])
    await waitFor(
      async () =>
        (await api(http, 'GET', `/v1/agents/${id}`, TOKENS.viewer)).json?.status === 'alive'
          ? true
          : undefined,
      10_000,
      `agent ${id} alive`,
      20,
    );
}, 20_000);

afterAll(async () => {
  ws?.close();
  await fleet?.stop('test over');
  await server?.close();
});

const taskOf = async (id: string) => (await api(http, 'GET', `/v1/tasks/${id}`, TOKENS.viewer)).json;
const agentOf = async (id: string) => (await api(http, 'GET', `/v1/agents/${id}`, TOKENS.viewer)).json;

describe('drain over REST', () => {
  it('the agent finishes its running task, takes nothing new, is reported drained, then leaves', async () => {
    const first = await api(http, 'POST', '/v1/dags', TOKENS.operator, {
      id: 'long',
      tasks: [
        { id: 'long.0', workUnits: 800 },
        { id: 'long.1', workUnits: 800 },
      ],
    });
    expect(first.status).toBe(201);
    await waitFor(
      () => (events.filter((e) => e.kind === 'task' && e.type === 'running').length === 2 ? true : undefined),
      5000,
      'both long tasks running',
      10,
    );
    const onA = events.find((e) => e.kind === 'decision' && e.agentId === 'a')!.taskId!;

    const drain = await api(http, 'POST', '/v1/agents/a/drain', TOKENS.operator);
    expect(drain.status).toBe(202);
    expect(drain.json).toMatchObject({ status: 'draining', detail: '1 running tasks to finish' });
    expect(await agentOf('a')).toMatchObject({ drain: 'draining', status: 'alive', adminState: 'draining' });

    const more = await api(http, 'POST', '/v1/dags', TOKENS.operator, {
      id: 'short',
      tasks: [0, 1, 2].map((i) => ({ id: `short.${i}`, workUnits: 30 })),
    });
    expect(more.status).toBe(201);
    await waitFor(
      async () => ((await agentOf('a')).drain === 'drained' ? true : undefined),
      10_000,
      'agent a drained',
      20,
    );
    await waitFor(
      async () => ((await taskOf('short.2')).state === 'done' ? true : undefined),
      10_000,
      'the short tasks',
      20,
    );

    const long = await taskOf(onA);
    expect(long).toMatchObject({ state: 'done', agentId: 'a', attempt: 1 });
    for (const i of [0, 1, 2]) expect((await taskOf(`short.${i}`)).agentId).toBe('b');
    const decisionsOnA = events.filter((e) => e.kind === 'decision' && e.agentId === 'a');
    expect(decisionsOnA.map((e) => e.taskId)).toEqual([onA]);

    const seqOf = (pred: (e: (typeof events)[number]) => boolean) => events.find(pred)?.seq ?? -1;
    const draining = seqOf((e) => e.kind === 'agent' && e.type === 'draining' && e.agentId === 'a');
    const done = seqOf((e) => e.kind === 'task' && e.type === 'done' && e.taskId === onA);
    const drained = seqOf((e) => e.kind === 'agent' && e.type === 'drained' && e.agentId === 'a');
    expect(draining).toBeGreaterThan(0);
    expect(done).toBeGreaterThan(draining);
    expect(drained).toBeGreaterThan(done);

    // The agent process leaves once drained; the drain stays visible.
    await fleet.agents[0]!.done;
    await waitFor(
      async () => ((await agentOf('a')).status === 'left' ? true : undefined),
      5000,
      'agent a to leave',
      20,
    );
    expect(await agentOf('a')).toMatchObject({ drain: 'drained', connected: false });
  }, 30_000);

  it('readmit lifts the drain once the agent has left', async () => {
    const r = await api(http, 'POST', '/v1/agents/a/readmit', TOKENS.operator);
    expect(r.status).toBe(202);
    expect(await agentOf('a')).toMatchObject({ drain: 'none', adminState: 'active' });
  });
});
