/**
 * Live forecasting: a server with a `forecast` section runs the forecasting worker, fed by the connected
 * agents' heartbeat CPU, and its forecasts reach the core (`agentPredictedLoad`, which the predicted-load
 * Score plugin reads) as ForecastUpdated stimuli. Real gRPC agents over loopback, in-process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AgentFleet } from '../../../engine/agent/agent-fleet.js';
import type { AgentSpec } from '../../../engine/model/types.js';
import type { RunningServer } from '../../../engine/server/server.js';
import { TOKENS, waitFor } from '../../helpers/live.js';
import { startTestServer } from '../../unit/server/test-server.js';

const AGENTS = 3;
const specs: AgentSpec[] = Array.from({ length: AGENTS }, (_, i) => ({
  id: `fc-${i}`,
  cluster: 'c0',
  type: 'std',
  capabilities: [],
  slots: 2,
  speed: 1,
  memoryMb: 1024,
  powerIdleW: 50,
  powerMaxW: 150,
}));

let server: RunningServer | undefined;
let fleet: AgentFleet | undefined;
afterAll(async () => {
  await fleet?.stop('test over');
  await server?.close();
});

describe('live server with forecasting on', () => {
  it('forecasts every connected agent from its heartbeats and feeds the forecasts to the core', async () => {
    server = await startTestServer({
      engine: { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 2000 },
      forecast: { model: 'ma5', stepMs: 200, horizonSteps: 3, capacity: 60, agentsMax: 8 },
    });
    const forecasting = server.ctx.forecasting!;
    expect(forecasting).toBeDefined();
    fleet = new AgentFleet({
      engine: `127.0.0.1:${server.grpcPort}`,
      specs,
      exec: 'sleep',
      timeScale: 1,
      token: TOKENS.agent,
      agentsPerChannel: 8,
      startSpreadMs: 0,
      log: () => {},
    });
    fleet.start();
    // One long task: one agent runs at CPU 0.5 (1 of 2 slots), the others idle at 0.
    const submit = await server.app.inject({
      method: 'POST',
      url: '/v1/dags',
      headers: { authorization: `Bearer ${TOKENS.operator}` },
      payload: { id: 'fc-dag', tasks: [{ id: 'long', workUnits: 20_000 }] },
    });
    expect(submit.statusCode, submit.body).toBeLessThan(300);
    const ids = specs.map((s) => s.id);
    const last = await waitFor(
      () => {
        const stim = forecasting.last;
        if (!stim || stim.forecasts.length < AGENTS) return undefined;
        return stim.forecasts.some((f) => f.cpu > 0.3) ? stim : undefined;
      },
      15_000,
      'forecasts for every agent, one of them busy',
    );
    expect(last.forecasts.map((f) => f.agentId).sort()).toEqual(ids);
    const cpu = new Map(last.forecasts.map((f) => [f.agentId, f.cpu]));
    const busy = ids.filter((id) => cpu.get(id)! > 0.3);
    expect(busy).toHaveLength(1);
    expect(cpu.get(busy[0]!)).toBeLessThanOrEqual(0.5 + 1e-9);
    for (const id of ids.filter((x) => x !== busy[0])) expect(cpu.get(id)).toBe(0);
    // The core holds the forecasts (what the predicted-load plugin scores with).
    await waitFor(
      () => {
        const st = server!.ctx.state;
        const a = st.agentIndex.get(busy[0]!);
        return a !== undefined && st.agentPredictedLoad[a]! > 0.3 ? true : undefined;
      },
      5_000,
      'the busy agent’s predicted load in the core',
    );
    // And keeps refreshing every grid step.
    const before = forecasting.stats().refreshes;
    await waitFor(
      () => (forecasting.stats().refreshes > before ? true : undefined),
      5_000,
      'another refresh',
    );
  }, 30_000);
});
