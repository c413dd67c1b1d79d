/**
 * The shortcuts of the heartbeat path: handles (engine indices echoed by agents, checked against the ids),
 * versioned held lists (an unchanged report against unchanged holdings is not compared again), and the
 * sweeps that skip what cannot have changed. Each must give exactly the outcome of the full work.
 */
import { describe, expect, it } from 'vitest';
import type { EngineConfig, EngineConfigInput } from '../../../engine/core/state.js';
import { AgentStatus } from '../../../engine/core/state.js';
import type { Command, HeldTasks } from '../../../engine/core/stimuli.js';
import { TaskState } from '../../../engine/core/transitions.js';
import { agent, Driver, task } from '../../helpers/engine-driver.js';

const cfg = { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 1000 };
const driver = (c: EngineConfigInput = cfg) => new Driver(c as Partial<EngineConfig>);
const hb = (agentId: string, held?: HeldTasks, agentHandle?: number) =>
  ({ kind: 'Heartbeat', agentId, agentHandle, metrics: { cpu: 0, memory: 0, network: 0 }, held }) as const;
const check = { kind: 'TimerFired', timer: 'heartbeat-check', key: 'hb' } as const;
const assignOf = (cmds: Command[]) =>
  cmds.find((c): c is Extract<Command, { kind: 'AssignTask' }> => c.kind === 'AssignTask')!;

describe('handles', () => {
  it('the engine hands out agent handles at join and task handles with assignments', () => {
    const d = driver();
    const j1 = d.send({ kind: 'AgentJoined', agent: agent('a1') });
    const j2 = d.send({ kind: 'AgentJoined', agent: agent('a2') });
    expect(j1).toContainEqual({ kind: 'AgentRegistered', agentId: 'a1', agentHandle: 0 });
    expect(j2).toContainEqual({ kind: 'AgentRegistered', agentId: 'a2', agentHandle: 1 });
    const a = assignOf(d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x'), task('y')] } }));
    expect(d.s.taskSpec[a.handle]!.id).toBe(a.taskId);
    expect(d.s.agentSpec[a.agentHandle]!.id).toBe(a.agentId);
  });

  it('a wrong or stale handle never misdirects a report: the id decides', () => {
    const d = driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'AgentJoined', agent: agent('a2') });
    const cmds = d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x'), task('y')] } });
    const ax = cmds.find((c) => c.kind === 'AssignTask' && c.taskId === 'x') as Extract<
      Command,
      { kind: 'AssignTask' }
    >;
    const other = ax.handle === 0 ? 1 : 0;
    const otherAgent = ax.agentHandle === 0 ? 1 : 0;
    // Handles naming the other task and the other agent: the report still finishes x on its agent.
    d.send({
      kind: 'TaskFinished',
      taskId: 'x',
      agentId: ax.agentId,
      attempt: 1,
      handle: other,
      agentHandle: otherAgent,
    });
    expect(d.s.taskState[ax.handle]).toBe(TaskState.Done);
    expect(d.s.taskState[other]).not.toBe(TaskState.Done);
    // Out-of-range handles fall back to the ids as well.
    const ay = d.assignments(d.log).find((c) => c.taskId === 'y')!;
    d.send({
      kind: 'TaskFinished',
      taskId: 'y',
      agentId: ay.agentId,
      attempt: 1,
      handle: 99,
      agentHandle: -5,
    });
    expect(d.s.stats.completions).toBe(2);
    expect(d.s.stats.staleReports).toBe(0);
  });
});

describe('versioned held lists', () => {
  function placed() {
    const d = driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 2 }) });
    const a = assignOf(d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] } }));
    return { d, a };
  }

  it('an unchanged report is let through, and a change on either side is compared again', () => {
    const { d, a } = placed();
    const held = { taskIds: ['x'], attempts: [1], handles: [a.handle], version: 7 };
    d.send(hb('a1', held), 100);
    expect(d.s.faults.heldVersionSeen[0]).toBe(7);
    d.send(hb('a1', held), 200);
    expect(d.s.faults.heldSkips[0]).toBe(1);
    // The engine's side changes (a second task is placed on the agent): the same report is compared
    // again, and long enough after the assignment the missing attempt counts as lost on the wire.
    d.send({ kind: 'DagSubmitted', dag: { id: 'e', tasks: [task('z')] } }, 250);
    d.send(hb('a1', held), 300);
    expect(d.s.faults.heldVersionSeen[0]).toBe(-1);
    const cmds = d.send(hb('a1', held), 600);
    expect(d.s.faults.stats.lostOnWire).toBe(1);
    expect(d.assignments(cmds)).toEqual([expect.objectContaining({ taskId: 'z', attempt: 2 })]);
  });

  it('a report with an orphan is never let through: the cancel is repeated while it is held', () => {
    const { d, a } = placed();
    const held = { taskIds: ['x', 'ghost'], attempts: [1, 1], handles: [a.handle, -1], version: 3 };
    const c1 = d.send(hb('a1', held), 100);
    const c2 = d.send(hb('a1', held), 200);
    for (const cmds of [c1, c2])
      expect(cmds).toContainEqual({ kind: 'CancelTask', taskId: 'ghost', agentId: 'a1', attempt: 1 });
    expect(d.s.faults.stats.orphansCancelled).toBe(2);
  });

  it('compares anyway after 15 unchanged reports in a row (an agent that never moves its version)', () => {
    const { d, a } = placed();
    const held = { taskIds: ['x'], attempts: [1], handles: [a.handle], version: 1 };
    for (let i = 1; i <= 16; i++) d.send(hb('a1', held), i * 100);
    expect(d.s.faults.heldSkips[0]).toBe(15);
    d.send(hb('a1', held), 1700);
    expect(d.s.faults.heldSkips[0]).toBe(0);
    // A lying agent: same version, but it dropped the task. Found at the next full comparison at the
    // latest (here: the skip budget is spent after 15 more reports).
    const lying = { taskIds: [], attempts: [], handles: [], version: 1 };
    let lost = 0;
    for (let i = 18; i <= 40 && lost === 0; i++) {
      d.send(hb('a1', lying), i * 100);
      lost = d.s.faults.stats.lostOnWire;
    }
    expect(lost).toBe(1);
  });
});

describe('sweep shortcuts', () => {
  it('the liveness sweep still declares a silent agent dead after skipping quiet passes', () => {
    const d = driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'AgentJoined', agent: agent('a2') });
    for (let t = 100; t <= 500; t += 100) {
      d.send(hb('a1'), t);
      d.send(hb('a2'), t);
      d.send(check, t + 1);
    }
    // a2 goes silent; a1 keeps beating. Every sweep must keep the lower bound honest (the invariant check
    // after each stimulus verifies it) and a2 is found.
    for (let t = 600; t <= 2000; t += 100) {
      d.send(hb('a1'), t);
      d.send(check, t + 1);
    }
    expect(d.s.agentStatus[1]).toBe(AgentStatus.Dead);
    expect(d.s.agentStatus[0]).toBe(AgentStatus.Alive);
    expect(d.s.faults.livenessDueMs).toBeGreaterThan(2000);
  });

  it('the cluster count runs again as soon as an agent is suspected', () => {
    const d = driver({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 5000 });
    for (const id of ['a1', 'a2', 'a3', 'a4'])
      d.send({ kind: 'AgentJoined', agent: agent(id, { cluster: 'c1' }) });
    for (let t = 100; t <= 500; t += 100) {
      for (const id of ['a1', 'a2', 'a3', 'a4']) d.send(hb(id), t);
      d.send(check, t + 1);
    }
    const swept = d.s.faults.clustersSweptVersion;
    d.send(check, 550);
    expect(d.s.faults.clustersSweptVersion).toBe(swept);
    for (let t = 600; t <= 1500; t += 100) d.send(check, t);
    expect(d.s.faults.stats.clusterFaults).toBe(1);
  });
});
