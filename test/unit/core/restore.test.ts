/**
 * Restart recovery in the core: a run is stopped half-way, its recorded progress (as the TaskStore would
 * hold it) is planned and restored into a fresh core. Nothing finished runs again, held attempts keep
 * their agent and number, gave-up tasks settle their DAG, and the run completes.
 */
import { describe, expect, it } from 'vitest';
import { MemoryTaskStore } from '../../../engine/adapters/memory/memory-task-store.js';
import type { Command } from '../../../engine/core/stimuli.js';
import { TaskState } from '../../../engine/core/transitions.js';
import type { DagSpec } from '../../../engine/model/types.js';
import { buildRestorePlan } from '../../../engine/server/restore-plan.js';
import { agent, Driver, task } from '../../helpers/engine-driver.js';

const dag: DagSpec = {
  id: 'wf',
  tasks: [task('a'), task('b', ['a'], { outputBytes: 10 }), task('c', ['b']), task('d'), task('e')],
};
const agents = [agent('x', { slots: 2 }), agent('y', { slots: 2 })];

/** Records commands the way the live executor does (attempts, completions, gave-ups). */
async function record(store: MemoryTaskStore, cmds: Command[], atMs: number): Promise<void> {
  for (const c of cmds) {
    if (c.kind === 'AssignTask')
      await store.recordAttempts([
        { taskId: c.taskId, dagId: 'wf', agentId: c.agentId, attempt: c.attempt, assignedAtMs: atMs },
      ]);
    if (c.kind === 'TaskCompleted')
      await store.recordOutcomes([
        { taskId: c.taskId, kind: 'completed', atMs, agentId: c.agentId, attempt: c.attempt },
      ]);
  }
}

async function runHalfway() {
  const before = new Driver({ heartbeatTimeoutMs: 60_000 });
  const store = new MemoryTaskStore();
  for (const a of agents) await record(store, before.send({ kind: 'AgentJoined', agent: a }, 0), 0);
  await record(store, before.send({ kind: 'DagSubmitted', dag }, 1), 1);
  const held = new Map<string, { agentId: string; attempt: number }>();
  for (const c of before.log) if (c.kind === 'AssignTask') held.set(c.taskId, c);
  const a = held.get('a')!;
  await record(
    store,
    before.send({ kind: 'TaskFinished', taskId: 'a', agentId: a.agentId, attempt: a.attempt }, 5),
    5,
  );
  for (const c of before.log) if (c.kind === 'AssignTask') held.set(c.taskId, c);
  return { before, store, held };
}

describe('ProgressRestored', () => {
  it('restores done and in-flight tasks without new assignments or completions, then finishes the run', async () => {
    const { before, store, held } = await runHalfway();
    const summaries = await store.summaries(dag.tasks.map((t) => t.id));
    const plan = buildRestorePlan(summaries, new Map(agents.map((a) => [a.id, a])));
    const after = new Driver({ heartbeatTimeoutMs: 60_000 });
    after.send({ kind: 'DagSubmitted', dag }, 100);
    const cmds = after.send({ kind: 'ProgressRestored', agents: plan.agents, tasks: plan.tasks }, 101);
    const s = after.s;
    expect(s.taskState[s.taskIndex.get('a')!]).toBe(TaskState.Done);
    for (const id of ['b', 'd', 'e']) {
      const t = s.taskIndex.get(id)!;
      if (before.s.taskState[before.s.taskIndex.get(id)!] !== TaskState.Assigned) continue;
      expect(s.taskState[t]).toBe(TaskState.Assigned);
      expect(s.agentSpec[s.taskAgent[t]!]!.id).toBe(held.get(id)!.agentId);
      expect(s.taskAttempt[t]).toBe(held.get(id)!.attempt);
    }
    const restoredHeld = new Set(plan.tasks.filter((r) => r.state === 'in-flight').map((r) => r.taskId));
    const reassigned = after.assignments(cmds).filter((c) => restoredHeld.has(c.taskId));
    expect(reassigned).toEqual([]);
    expect(cmds.some((c) => c.kind === 'TaskCompleted')).toBe(false);
    // A finish the agent repeats for the restored-done task is refused; held attempts finish normally.
    after.send(
      { kind: 'TaskFinished', taskId: 'a', agentId: held.get('a')!.agentId, attempt: held.get('a')!.attempt },
      102,
    );
    expect(s.stats.duplicateCompletionsRefused).toBe(1);
    let guard = 0;
    while (s.stateCounts[TaskState.Done]! < dag.tasks.length && guard++ < 20) {
      for (let t = 0; t < s.taskSpec.length; t++) {
        if (s.taskState[t] !== TaskState.Assigned && s.taskState[t] !== TaskState.Running) continue;
        const agentId = s.agentSpec[s.taskAgent[t]!]!.id;
        after.send(
          { kind: 'TaskFinished', taskId: s.taskSpec[t]!.id, agentId, attempt: s.taskAttempt[t]! },
          110 + guard,
        );
      }
    }
    expect(s.stateCounts[TaskState.Done]).toBe(dag.tasks.length);
    expect(after.log.filter((c) => c.kind === 'DagCompleted')).toEqual([
      { kind: 'DagCompleted', dagId: 'wf', failedTasks: 0 },
    ]);
    expect(
      after.log
        .filter((c) => c.kind === 'TaskCompleted')
        .map((c) => (c as { taskId: string }).taskId)
        .sort(),
    ).toEqual(['b', 'c', 'd', 'e'].filter((id) => id !== 'a'));
  });

  it('settles gave-up tasks and their descendants, continues attempt numbers, and completes the DAG when all is settled', () => {
    const d = new Driver({ heartbeatTimeoutMs: 60_000 });
    d.send({ kind: 'DagSubmitted', dag }, 1);
    const cmds = d.send(
      {
        kind: 'ProgressRestored',
        agents: [{ spec: agents[0]!, alive: false }],
        tasks: [
          { taskId: 'a', state: 'done', attempt: 1, agentId: 'x' },
          { taskId: 'b', state: 'failed', attempt: 4, reason: 'boom' },
          { taskId: 'd', state: 'ready', attempt: 2 },
          { taskId: 'e', state: 'cancelled', attempt: 0 },
        ],
      },
      2,
    );
    const s = d.s;
    expect(s.taskState[s.taskIndex.get('c')!]).toBe(TaskState.Failed);
    expect(cmds.filter((c) => c.kind === 'TaskGaveUp').map((c) => (c as { taskId: string }).taskId)).toEqual([
      'c',
    ]);
    expect(s.agentStatus[s.agentIndex.get('x')!]).not.toBe(0);
    d.send({ kind: 'AgentJoined', agent: agents[1]! }, 3);
    const assign = d.assignments(d.log).find((c) => c.taskId === 'd')!;
    expect(assign.attempt).toBe(3);
    const done = d.send({ kind: 'TaskFinished', taskId: 'd', agentId: 'y', attempt: 3 }, 4);
    expect(done).toContainEqual({ kind: 'DagCompleted', dagId: 'wf', failedTasks: 3 });
  });
});

describe('AgentReconnected after a restart', () => {
  /** A fresh core with `wf` restored: a done, b/d/e in flight as recorded before the restart. */
  async function restored(config = {}) {
    const { store, held } = await runHalfway();
    const summaries = await store.summaries(dag.tasks.map((t) => t.id));
    const plan = buildRestorePlan(summaries, new Map(agents.map((a) => [a.id, a])));
    const d = new Driver({ heartbeatTimeoutMs: 3_000, heartbeatIntervalMs: 1_000, ...config });
    d.send({ kind: 'DagSubmitted', dag }, 100);
    d.send(
      { kind: 'ProgressRestored', agents: plan.agents, tasks: plan.tasks, reconnectGraceMs: 5_000 },
      101,
    );
    const inFlight = plan.tasks.filter((r) => r.state === 'in-flight');
    return { d, held, inFlight };
  }
  const attemptsOn = (d: Driver, agentId: string) => {
    const s = d.s;
    const a = s.agentIndex.get(agentId)!;
    return [...s.agentRunning[a]!].map((t) => ({ taskId: s.taskSpec[t]!.id, attempt: s.taskAttempt[t]! }));
  };

  it('a finish reported after the agent resumes is recorded once and releases dependants; nothing is re-placed', async () => {
    const { d, held } = await restored();
    const s = d.s;
    const b = held.get('b')!;
    const onB = attemptsOn(d, b.agentId);
    expect(onB.map((r) => r.taskId)).toContain('b');
    // The agent finished b while the engine was down: its Hello lists the rest plus one orphan.
    const still = onB.filter((r) => r.taskId !== 'b');
    const hello = [...still, { taskId: 'c', attempt: 7 }];
    const cmds = d.send(
      {
        kind: 'AgentReconnected',
        agent: agents.find((a) => a.id === b.agentId)!,
        held: { taskIds: hello.map((r) => r.taskId), attempts: hello.map((r) => r.attempt) },
      },
      2_000,
    );
    expect(cmds).toContainEqual({ kind: 'CancelTask', taskId: 'c', agentId: b.agentId, attempt: 7 });
    expect(d.assignments(cmds)).toEqual([]);
    expect(s.faults.stats.agentsResumed).toBe(1);
    const done = d.send({ kind: 'TaskFinished', taskId: 'b', agentId: b.agentId, attempt: b.attempt }, 2_001);
    expect(done).toContainEqual({
      kind: 'TaskCompleted',
      taskId: 'b',
      agentId: b.agentId,
      attempt: b.attempt,
    });
    expect(s.taskState[s.taskIndex.get('c')!]).not.toBe(TaskState.Waiting);
    // The repeat of the same report (re-sent at least once) is refused.
    d.send({ kind: 'TaskFinished', taskId: 'b', agentId: b.agentId, attempt: b.attempt }, 2_002);
    expect(s.stats.duplicateCompletionsRefused).toBe(1);
    expect(d.log.filter((c) => c.kind === 'TaskCompleted' && c.taskId === 'b')).toHaveLength(1);
    // Its heartbeats, listing what it still holds, re-place nothing that it reported or still runs.
    const hb = attemptsOn(d, b.agentId);
    const beat = d.send(
      {
        kind: 'Heartbeat',
        agentId: b.agentId,
        metrics: { cpu: 0.5, memory: 0, network: 0 },
        held: { taskIds: hb.map((r) => r.taskId), attempts: hb.map((r) => r.attempt) },
      },
      9_000,
    );
    expect(beat.filter((c) => c.kind === 'CancelTask' || c.kind === 'AssignTask')).toEqual([]);
  });

  it('an attempt the resumed agent neither holds nor reports is re-placed by heartbeat reconciliation', async () => {
    const { d, held } = await restored();
    const s = d.s;
    const b = held.get('b')!;
    const spec = agents.find((a) => a.id === b.agentId)!;
    d.send({ kind: 'AgentReconnected', agent: spec, held: { taskIds: [], attempts: [] } }, 2_000);
    expect(s.taskState[s.taskIndex.get('b')!]).not.toBe(TaskState.Ready);
    const cmds = d.send(
      {
        kind: 'Heartbeat',
        agentId: b.agentId,
        metrics: { cpu: 0, memory: 0, network: 0 },
        held: { taskIds: [], attempts: [] },
      },
      10_000,
    );
    const again = d.assignments(cmds).find((c) => c.taskId === 'b');
    expect(again?.attempt).toBe(b.attempt + 1);
  });

  it('an agent that comes back with another capacity joins afresh: what it holds is cancelled and retried', async () => {
    const { d, held } = await restored();
    const b = held.get('b')!;
    const spec = agents.find((a) => a.id === b.agentId)!;
    const cmds = d.send(
      {
        kind: 'AgentReconnected',
        agent: { ...spec, slots: spec.slots + 1 },
        held: { taskIds: ['b'], attempts: [b.attempt] },
      },
      2_000,
    );
    expect(cmds).toContainEqual({ kind: 'CancelTask', taskId: 'b', agentId: b.agentId, attempt: b.attempt });
    expect(d.assignments(cmds).find((c) => c.taskId === 'b')?.attempt).toBe(b.attempt + 1);
    expect(d.s.faults.stats.agentsResumed).toBe(0);
  });

  it('attempts of an agent that never reconnects are retried once its grace and heartbeat timeout pass', async () => {
    const { d, inFlight } = await restored();
    const s = d.s;
    const gone = inFlight[0]!.agentId!;
    const other = agents.find((a) => a.id !== gone)!;
    const mine = inFlight.filter((r) => r.agentId === gone).map((r) => r.taskId);
    const theirs = attemptsOn(d, other.id);
    d.send(
      {
        kind: 'AgentReconnected',
        agent: other,
        held: { taskIds: theirs.map((r) => r.taskId), attempts: theirs.map((r) => r.attempt) },
      },
      1_000,
    );
    const retried = new Set<string>();
    for (let at = 2_000; at <= 12_000; at += 1_000) {
      const held = attemptsOn(d, other.id);
      d.send(
        {
          kind: 'Heartbeat',
          agentId: other.id,
          metrics: { cpu: 0, memory: 0, network: 0 },
          held: { taskIds: held.map((r) => r.taskId), attempts: held.map((r) => r.attempt) },
        },
        at,
      );
      const cmds = d.send({ kind: 'TimerFired', timer: 'heartbeat-check', key: 'hb' }, at);
      for (const c of d.assignments(cmds)) retried.add(c.taskId);
      if (at < 5_000) expect(retried.size).toBe(0);
    }
    const g = s.agentIndex.get(gone)!;
    expect(s.agentStatus[g]).not.toBe(0);
    expect(mine.length).toBeGreaterThan(0);
    for (const id of mine) {
      const t = s.taskIndex.get(id)!;
      // Back in the ready queue (the other agent is full) or placed again under a new attempt number.
      const requeued = s.taskState[t] === TaskState.Ready;
      const placedAgain =
        s.taskAgent[t] !== g && s.taskAttempt[t]! > inFlight.find((r) => r.taskId === id)!.attempt;
      expect(requeued || placedAgain).toBe(true);
    }
  });
});

describe('restored work on an agent that has not reconnected yet', () => {
  it('is not speculated while the agent is away; its finish report is recorded once when it returns', () => {
    // Regression: the straggler scan saw the outage as run time and started a copy of a task the agent
    // had already finished while the engine was down, so it ran twice.
    const d = new Driver();
    const x = agent('x', { slots: 2 });
    const y = agent('y', { slots: 2 });
    d.send({ kind: 'DagSubmitted', dag: { id: 'r', tasks: [task('a')] } }, 0);
    d.send(
      {
        kind: 'ProgressRestored',
        agents: [{ spec: x, alive: true }],
        tasks: [{ taskId: 'a', state: 'in-flight', attempt: 1, agentId: 'x', started: true }],
        reconnectGraceMs: 15_000,
      },
      10,
    );
    d.send({ kind: 'AgentJoined', agent: y }, 20);
    // 12 s without word from x: heartbeat-check sweeps run, y heartbeats and has free slots.
    for (let t = 250; t <= 12_000; t += 250) {
      if (t % 1000 === 0)
        d.send({ kind: 'Heartbeat', agentId: 'y', metrics: { cpu: 0, memory: 0, network: 0 } }, t);
      d.send({ kind: 'TimerFired', timer: 'heartbeat-check', key: 'hb' }, t);
    }
    expect(d.assignments(d.log).filter((c) => c.taskId === 'a')).toEqual([]);
    d.send({ kind: 'AgentReconnected', agent: x, held: { taskIds: [], attempts: [] } }, 12_100);
    d.send({ kind: 'TaskFinished', taskId: 'a', agentId: 'x', attempt: 1 }, 12_101);
    const s = d.s;
    expect(s.taskState[s.taskIndex.get('a')!]).toBe(TaskState.Done);
    expect(s.taskCompletions[s.taskIndex.get('a')!]).toBe(1);
    expect(s.stats.staleReports).toBe(0);
    expect(d.assignments(d.log).filter((c) => c.taskId === 'a')).toEqual([]);
  });
});
