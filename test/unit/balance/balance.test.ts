/** Imbalance detection, the cost model and the migration handshake, driven through the engine core. */
import { describe, expect, it } from 'vitest';
import {
  createImbalanceReport,
  detectImbalance,
  spread,
} from '../../../engine/balance/imbalance-detector.js';
import { estimateMove } from '../../../engine/balance/migration-cost.js';
import type { EngineConfig, EngineConfigInput } from '../../../engine/core/state.js';
import type { Command } from '../../../engine/core/stimuli.js';
import { agent, Driver, task } from '../../helpers/engine-driver.js';

const driver = (cfg: EngineConfigInput) => new Driver(cfg as Partial<EngineConfig>);
const pass = { kind: 'TimerFired', timer: 'rebalance', key: 'balance' } as const;
const migrations = (cmds: Command[]) =>
  cmds.filter((c): c is Extract<Command, { kind: 'MigrateTask' }> => c.kind === 'MigrateTask');

/** a1 (fast, 1 slot + 7 queued) takes every task; a2 (4 slots) joins afterwards, idle. */
function skewed(cfg: EngineConfigInput = {}, tasks = 8) {
  const d = driver({
    queueDepthSlots: 7,
    heartbeatTimeoutMs: 1e9,
    faults: { phiThreshold: 1e6 },
    balance: { enabled: true, migrationsPerPassMax: 3, ...cfg.balance },
    ...cfg,
  });
  d.send({ kind: 'AgentJoined', agent: agent('a1', { speed: 2 }) });
  d.send({
    kind: 'DagSubmitted',
    dag: { id: 'd', tasks: Array.from({ length: tasks }, (_, i) => task(`t${i}`, [], { workUnits: 1000 })) },
  });
  d.send({ kind: 'AgentJoined', agent: agent('a2', { slots: 4 }) });
  return d;
}

describe('imbalance detector', () => {
  it('computes CV and max/mean', () => {
    expect(spread([1, 1, 1, 1], 4)).toEqual({ mean: 1, cv: 0, maxMean: 1 });
    const s = spread([0, 2], 2);
    expect(s.cv).toBeCloseTo(1, 9);
    expect(s.maxMean).toBe(2);
  });

  it('finds the overloaded and idle agents, with hysteresis on the overloaded set', () => {
    const d = skewed();
    const r = createImbalanceReport();
    detectImbalance(d.s, r);
    expect(r.overloaded).toEqual([0]);
    expect(r.idle).toEqual([1]);
    expect(r.cv).toBeGreaterThan(0.9);
    // Load 8 → 5.5 (mean 2.75): below the enter threshold (3.3) but above leave (3.2): stays overloaded.
    d.s.agentUsedSlots[0] = 5.5;
    d.s.agentUsedSlots[1] = 0;
    detectImbalance(d.s, r);
    expect(r.overloaded).toEqual([0]);
    d.s.agentUsedSlots[0] = 8;
  });
});

describe('migration cost model', () => {
  it('moves a queued task when the wait it saves exceeds the cost by the margin', () => {
    const d = skewed();
    const last = d.s.taskIndex.get('t7')!;
    const est = estimateMove(d.s, last, 0, 1);
    expect(est.mode).toBe('queued');
    expect(est.benefitMs).toBeGreaterThan(0);
    expect(est.worth).toBe(true);
  });

  it('does not move a running task whose restart would lose more than it gains', () => {
    const d = skewed({ balance: { migrateRunning: true } });
    d.send({ kind: 'TaskStarted', taskId: 't0', agentId: 'a1', attempt: 1 }, 400);
    const est = estimateMove(d.s, 0, 0, 1);
    expect(est.mode).toBe('restart');
    expect(est.worth).toBe(false);
  });

  it('checkpointing keeps the progress of a running task', () => {
    const d = skewed({ balance: { migrateRunning: true, checkpointableTypes: ['compute'] } });
    d.send({ kind: 'TaskStarted', taskId: 't0', agentId: 'a1', attempt: 1 }, 400);
    expect(estimateMove(d.s, 0, 0, 1).mode).toBe('checkpoint');
  });
});

describe('migration handshake', () => {
  it('requests at most migrationsPerPassMax moves, and moves a task only on confirmation', () => {
    const d = skewed();
    const req = migrations(d.send(pass, 1000));
    expect(req).toHaveLength(3);
    expect(req.every((m) => m.fromAgentId === 'a1' && m.toAgentId === 'a2' && m.mode === 'queued')).toBe(
      true,
    );
    const m = req[0]!;
    const ok = d.send(
      {
        kind: 'MigrationConfirmed',
        taskId: m.taskId,
        agentId: 'a1',
        attempt: m.attempt,
        progressFraction: 0,
      },
      1001,
    );
    expect(d.assignments(ok)).toEqual([
      expect.objectContaining({ taskId: m.taskId, agentId: 'a2', attempt: 2 }),
    ]);
    const r = req[1]!;
    d.send(
      {
        kind: 'MigrationRefused',
        taskId: r.taskId,
        agentId: 'a1',
        attempt: r.attempt,
        reason: 'already started',
      },
      1002,
    );
    expect(d.s.taskAgent[d.s.taskIndex.get(r.taskId)!]).toBe(0);
    expect(d.s.balance.stats).toMatchObject({ confirmed: 1, refused: 1, perPassMaxSeen: 3 });
  });

  it('does not move a task back within its cooldown (anti-thrash)', () => {
    const d = skewed();
    const req = migrations(d.send(pass, 1000));
    for (const m of req)
      d.send(
        {
          kind: 'MigrationConfirmed',
          taskId: m.taskId,
          agentId: 'a1',
          attempt: m.attempt,
          progressFraction: 0,
        },
        1001,
      );
    const moved = new Set(req.map((m) => m.taskId));
    const again = migrations(d.send(pass, 2000));
    expect(again.some((m) => moved.has(m.taskId))).toBe(false);
  });

  it('negotiated: announces, collects bids and awards the cheapest bidder', () => {
    const d = skewed({ balance: { negotiated: true, migrationsPerPassMax: 1 } });
    d.send({ kind: 'AgentJoined', agent: agent('a3') }, 10);
    const ann = d.send(pass, 1000).find((c) => c.kind === 'MigrationAnnounced');
    expect(ann).toMatchObject({ kind: 'MigrationAnnounced', fromAgentId: 'a1' });
    const taskId = (ann as { taskId: string }).taskId;
    d.send({ kind: 'MigrationBid', taskId, agentId: 'a2', costMs: 900 }, 1001);
    d.send({ kind: 'MigrationBid', taskId, agentId: 'a3', costMs: 10 }, 1001);
    const award = migrations(d.send(pass, 2000));
    expect(award).toEqual([expect.objectContaining({ taskId, toAgentId: 'a3' })]);
  });
});
