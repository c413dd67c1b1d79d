/** Fault detection and recovery driven through the engine core (no simulator). */
import { describe, expect, it } from 'vitest';
import { AgentHealth } from '../../../engine/core/agent-health.js';
import type { EngineConfig, EngineConfigInput } from '../../../engine/core/state.js';
import { AgentStatus } from '../../../engine/core/state.js';
import type { Command } from '../../../engine/core/stimuli.js';
import { TaskState } from '../../../engine/core/transitions.js';
import { DEFAULT_FAULT_RULES, type FaultRule } from '../../../engine/faults/fault-rules.js';
import { agent, Driver, task } from '../../helpers/engine-driver.js';

const hb = (agentId: string, held?: { taskIds: string[]; attempts: number[] }) =>
  ({ kind: 'Heartbeat', agentId, metrics: { cpu: 0, memory: 0, network: 0 }, held }) as const;
const check = { kind: 'TimerFired', timer: 'heartbeat-check', key: 'hb' } as const;
const kinds = (cmds: Command[]) => cmds.map((c) => c.kind);
const driver = (cfg: EngineConfigInput) => new Driver(cfg as Partial<EngineConfig>);

describe('heartbeat detection (phi accrual + probes + timeout fallback)', () => {
  const cfg = { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 1000 };

  it('suspects a silent agent, probes it, and clears the suspicion when it answers', () => {
    const d = driver(cfg);
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    for (let t = 100; t <= 500; t += 100) d.send(hb('a1'), t);
    const c1 = d.send(check, 700);
    expect(c1).toContainEqual({ kind: 'ProbeAgent', agentId: 'a1' });
    expect(d.s.agentHealth[0]).toBe(AgentHealth.Suspect);
    d.send(hb('a1'), 702);
    expect(d.s.agentHealth[0]).toBe(AgentHealth.Healthy);
    expect(d.s.faults.stats.suspicionsCleared).toBe(1);
  });

  it('declares dead an agent that answers no probe, well before the plain timeout', () => {
    const d = driver(cfg);
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    for (let t = 100; t <= 500; t += 100) d.send(hb('a1'), t);
    d.send(check, 700);
    const c2 = d.send(check, 950);
    expect(kinds(c2)).toContain('ProbeAgent');
    const c3 = d.send(check, 1200);
    expect(c3).toContainEqual(expect.objectContaining({ kind: 'AgentDeclaredDead', agentId: 'a1' }));
    expect(d.s.faults.stats.declaredByPhi).toBe(1);
  });

  it('a suspect agent gets no new work', () => {
    const d = driver(cfg);
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send(hb('a1'), 100);
    d.send(check, 400);
    const cmds = d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] } }, 401);
    expect(d.assignments(cmds)).toEqual([]);
    expect(d.assignments(d.send(hb('a1'), 402))).toHaveLength(1);
  });
});

describe('communication monitoring (heartbeats list held attempts)', () => {
  it('re-places an assignment the agent never got, and cancels an orphan it runs', () => {
    const d = driver({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 1000 });
    d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 2 }) });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] } });
    const cmds = d.send(hb('a1', { taskIds: ['ghost'], attempts: [3] }), 300);
    expect(cmds).toContainEqual({ kind: 'CancelTask', taskId: 'ghost', agentId: 'a1', attempt: 3 });
    expect(d.assignments(cmds)).toEqual([expect.objectContaining({ taskId: 'x', attempt: 2 })]);
    expect(d.s.faults.stats.lostOnWire).toBe(1);
  });

  it('completes a task from a repeated finish report when its TaskFinished was lost', () => {
    const d = driver({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 1000 });
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] } });
    const cmds = d.send(
      {
        ...hb('a1', { taskIds: [], attempts: [] }),
        held: { taskIds: [], attempts: [], finishedTaskIds: ['x'], finishedAttempts: [1] },
      },
      300,
    );
    expect(cmds).toContainEqual({ kind: 'TaskCompleted', taskId: 'x', agentId: 'a1', attempt: 1 });
    expect(d.s.taskCompletions[0]).toBe(1);
  });

  it('re-admits a dead agent only once it reports a clean slate', () => {
    const d = driver({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 250 });
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] } });
    d.send(check, 300);
    expect(d.s.agentStatus[0]).toBe(AgentStatus.Dead);
    const c1 = d.send(hb('a1', { taskIds: ['x'], attempts: [1] }), 320);
    expect(c1).toContainEqual({ kind: 'CancelTask', taskId: 'x', agentId: 'a1', attempt: 1 });
    expect(d.s.agentStatus[0]).toBe(AgentStatus.Dead);
    const c2 = d.send(hb('a1', { taskIds: [], attempts: [] }), 420);
    expect(c2).toContainEqual({ kind: 'AgentReadmitted', agentId: 'a1' });
  });
});

describe('cluster classification', () => {
  it('a cluster whose agents all go silent is classified system-level and evacuated', () => {
    const d = driver({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 5000 });
    for (const id of ['a1', 'a2', 'a3', 'a4'])
      d.send({ kind: 'AgentJoined', agent: agent(id, { cluster: 'c1' }) });
    d.send({ kind: 'AgentJoined', agent: agent('b1', { cluster: 'c2' }) });
    let out: Command[] = [];
    for (let t = 100; t <= 1000; t += 100) {
      d.send(hb('b1'), t);
      out = out.concat(d.send(check, t));
    }
    expect(out).toContainEqual(
      expect.objectContaining({
        kind: 'FaultClassified',
        level: 'system',
        pattern: 'cluster-unreachable',
        subject: 'c1',
      }),
    );
    expect(d.s.faults.stats.clusterFaults).toBe(1);
    expect(d.s.agentStatus.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(d.s.agentStatus[4]).toBe(AgentStatus.Alive);
  });
});

const retryRules: FaultRule[] = DEFAULT_FAULT_RULES.map((r) =>
  r.pattern === 'task-failed'
    ? { ...r, retry: { kind: 'exponential', baseMs: 100, maxMs: 1000, jitter: 0, memoryFactor: 2 } }
    : r,
);

describe('recovery', () => {
  it('retries a failed task after an exponential back-off, with more memory', () => {
    const d = driver({ faultRules: retryRules });
    d.send({ kind: 'AgentJoined', agent: agent('a1', { memoryMb: 4096 }) });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x', [], { memoryMb: 512 })] } });
    const c1 = d.send({ kind: 'TaskFailed', taskId: 'x', agentId: 'a1', attempt: 1, reason: 'oom' }, 10);
    expect(d.assignments(c1)).toEqual([]);
    expect(c1).toContainEqual({ kind: 'ArmTimer', atMs: 110, timer: 'retry', key: '0' });
    expect(d.s.taskSpec[0]!.memoryMb).toBe(1024);
    const c2 = d.send({ kind: 'TimerFired', timer: 'retry', key: '0' }, 110);
    expect(d.assignments(c2)).toEqual([expect.objectContaining({ taskId: 'x', attempt: 2 })]);
    const c3 = d.send({ kind: 'TaskFailed', taskId: 'x', agentId: 'a1', attempt: 2, reason: 'oom' }, 120);
    expect(c3).toContainEqual({ kind: 'ArmTimer', atMs: 320, timer: 'retry', key: '0' });
  });

  it('opens an agent breaker after consecutive failures, half-opens it later, closes it on success', () => {
    const d = driver({
      faults: { breakerFailuresMax: 2, breakerOpenMs: 1000, probationSuccesses: 1 },
      maxAttempts: 9,
    });
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] } });
    d.send({ kind: 'TaskFailed', taskId: 'x', agentId: 'a1', attempt: 1, reason: 'e' }, 1);
    const c = d.send({ kind: 'TaskFailed', taskId: 'x', agentId: 'a1', attempt: 2, reason: 'e' }, 2);
    expect(c).toContainEqual(
      expect.objectContaining({ kind: 'FaultClassified', pattern: 'task-failures', action: 'open-breaker' }),
    );
    expect(d.s.agentHealth[0]).toBe(AgentHealth.CircuitOpen);
    expect(d.assignments(c)).toEqual([]);
    d.send(hb('a1'), 900);
    const half = d.send(check, 1002);
    expect(d.s.agentHealth[0]).toBe(AgentHealth.Probation);
    expect(d.assignments(half)).toHaveLength(1);
    d.send({ kind: 'TaskFinished', taskId: 'x', agentId: 'a1', attempt: 3 }, 1010);
    expect(d.s.agentHealth[0]).toBe(AgentHealth.Healthy);
  });

  it('quarantines a flapping agent (isolated, then on probation)', () => {
    const d = driver({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 250 });
    let t = 0;
    let out: Command[] = [];
    for (let k = 0; k < 3; k++) {
      out = out.concat(d.send({ kind: 'AgentJoined', agent: agent('a1') }, t));
      out = out.concat(d.send(check, t + 300));
      t += 1000;
    }
    expect(out).toContainEqual(expect.objectContaining({ kind: 'IsolateAgent', agentId: 'a1' }));
    d.send({ kind: 'AgentJoined', agent: agent('a1') }, t);
    expect(d.s.agentHealth[0]).toBe(AgentHealth.Quarantined);
    const cmds = d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] } }, t + 1);
    expect(d.assignments(cmds)).toEqual([]);
  });
});

describe('stragglers and speculative copies', () => {
  it('copies a straggler to another agent; the first finish wins and the loser is cancelled', () => {
    const d = driver({
      heartbeatIntervalMs: 1000,
      heartbeatTimeoutMs: 100_000,
      faults: { stragglerFactor: 2, stragglerMinExtraMs: 100 },
    });
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'AgentJoined', agent: agent('a2', { speed: 0.5 }) });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x', [], { workUnits: 1000 })] } });
    const slow = d.s.agentSpec[d.s.taskAgent[0]!]!.id;
    const other = slow === 'a1' ? 'a2' : 'a1';
    d.send({ kind: 'TaskStarted', taskId: 'x', agentId: slow, attempt: 1 }, 1);
    d.send(hb('a1'), 3500);
    d.send(hb('a2'), 3500);
    const c = d.send(check, 3750);
    expect(c).toContainEqual(
      expect.objectContaining({
        kind: 'AssignTask',
        taskId: 'x',
        agentId: other,
        attempt: 2,
        speculative: true,
      }),
    );
    const win = d.send({ kind: 'TaskFinished', taskId: 'x', agentId: slow, attempt: 1 }, 3800);
    expect(win).toContainEqual({ kind: 'CancelTask', taskId: 'x', agentId: other, attempt: 2 });
    expect(win.filter((x) => x.kind === 'TaskCompleted')).toEqual([
      { kind: 'TaskCompleted', taskId: 'x', agentId: slow, attempt: 1 },
    ]);
    expect(d.send({ kind: 'TaskFinished', taskId: 'x', agentId: other, attempt: 2 }, 3900)).toEqual([]);
    expect(d.s.taskCompletions[0]).toBe(1);
    expect(d.s.taskState[0]).toBe(TaskState.Done);
  });

  it('the copy takes over when the straggler is lost', () => {
    const d = driver({
      heartbeatIntervalMs: 1000,
      heartbeatTimeoutMs: 100_000,
      faults: { stragglerFactor: 2, stragglerMinExtraMs: 100 },
    });
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'AgentJoined', agent: agent('a2') });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x', [], { workUnits: 1000 })] } });
    const first = d.s.agentSpec[d.s.taskAgent[0]!]!.id;
    d.send({ kind: 'TaskStarted', taskId: 'x', agentId: first, attempt: 1 }, 1);
    d.send(hb('a1'), 3500);
    d.send(hb('a2'), 3500);
    d.send(check, 3750);
    expect(d.s.faults.specAgent.size).toBe(1);
    d.send({ kind: 'AgentLeft', agentId: first }, 3800);
    expect(d.s.faults.specAgent.size).toBe(0);
    expect(d.s.taskAttempt[0]).toBe(2);
    const done = d.send(
      { kind: 'TaskFinished', taskId: 'x', agentId: first === 'a1' ? 'a2' : 'a1', attempt: 2 },
      4000,
    );
    expect(kinds(done)).toContain('TaskCompleted');
  });
});
