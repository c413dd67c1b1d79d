/**
 * Contract of the AgentLoadCache and DecisionCache ports (memory and Redis). Factories take the entry
 * lifetime in ms; expiry is checked against real time with a short TTL.
 */
import { expect, it } from 'vitest';
import type { AgentLoadCache, DecisionCache } from '../../engine/ports/live-state-cache.js';

const load = (agentId: string, cpu: number, atMs = 1) => ({
  agentId,
  cluster: 'c1',
  atMs,
  cpu,
  memory: 0.25,
  network: 0,
  runningTasks: 2,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers the AgentLoadCache contract. */
export function agentLoadCacheConformance(make: (ttlMs: number) => Promise<AgentLoadCache>): void {
  it('load cache: keeps the latest sample per agent, returns listed agents in order, all() sorted', async () => {
    const c = await make(60_000);
    await c.put([load('b', 0.1), load('a', 0.2), load('b', 0.3, 2)]);
    expect((await c.get(['b', 'ghost', 'a'])).map((p) => [p.agentId, p.cpu])).toEqual([
      ['b', 0.3],
      ['a', 0.2],
    ]);
    expect((await c.all()).map((p) => p.agentId)).toEqual(['a', 'b']);
    expect(await c.get([])).toEqual([]);
    expect((await c.get(['a']))[0]).toEqual(load('a', 0.2));
  });

  it('load cache: an agent that stops reporting expires; a refreshed one stays', async () => {
    const c = await make(150);
    await c.put([load('quiet', 0.5), load('busy', 0.5)]);
    await sleep(90);
    await c.put([load('busy', 0.6)]);
    await sleep(90);
    expect((await c.all()).map((p) => p.agentId)).toEqual(['busy']);
    expect(await c.get(['quiet'])).toEqual([]);
  });
}

/** Registers the DecisionCache contract. */
export function decisionCacheConformance(make: (ttlMs: number) => Promise<DecisionCache>): void {
  it('decision cache: the latest decision per task wins; unknown tasks are undefined', async () => {
    const c = await make(60_000);
    await c.put([
      { taskId: 't1', dagId: 'd', agentId: 'a1', attempt: 1, atMs: 5 },
      { taskId: 't1', dagId: 'd', agentId: 'a2', attempt: 2, atMs: 6 },
    ]);
    expect(await c.get('t1')).toEqual({ taskId: 't1', dagId: 'd', agentId: 'a2', attempt: 2, atMs: 6 });
    expect(await c.get('t2')).toBeUndefined();
  });

  it('decision cache: entries expire', async () => {
    const c = await make(100);
    await c.put([{ taskId: 't1', dagId: 'd', agentId: 'a1', attempt: 1, atMs: 5 }]);
    await sleep(180);
    expect(await c.get('t1')).toBeUndefined();
  });
}
