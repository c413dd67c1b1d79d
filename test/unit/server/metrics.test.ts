import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('GET /metrics (Prometheus)', () => {
  it('serves the text exposition format with task, agent and decision figures to a viewer', async () => {
    const submit = await server.app.inject({
      method: 'POST',
      url: '/v1/dags',
      headers: { authorization: `Bearer ${TOKENS.operator}` },
      payload: {
        id: 'm1',
        tasks: [
          { id: 'a', workUnits: 10 },
          { id: 'b', workUnits: 10, parents: ['a'] },
        ],
      },
    });
    expect(submit.statusCode, submit.body).toBeLessThan(300);
    const res = await server.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKENS.viewer}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    const text = res.body;
    expect(text).toMatch(/^# HELP agentsched_tasks Tasks by lifecycle state\.$/m);
    expect(text).toMatch(/^# TYPE agentsched_decisions_total counter$/m);
    expect(text).toMatch(/^agentsched_tasks_submitted_total 2$/m);
    expect(text).toMatch(/^agentsched_tasks\{state="waiting"\} 1$/m);
    expect(text).toMatch(/^agentsched_agents\{view="alive"\} 0$/m);
    // Every sample line is `name{labels} number`.
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))) {
      expect(line).toMatch(/^agentsched_[a-z_]+(\{[a-z]+="[a-z-]+"\})? -?\d+(\.\d+)?(e[-+]?\d+)?$/);
    }
  });

  it('is not public', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(401);
  });
});
