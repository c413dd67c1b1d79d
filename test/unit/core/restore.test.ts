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
