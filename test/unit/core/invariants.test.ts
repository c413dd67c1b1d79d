/**
 * The invariant checker itself: a sound state passes, and each kind of corruption is reported with a
 * sentence naming the task or agent (the simulator and the tests rely on it to catch engine bugs).
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../engine/core/invariants.js';
import { TaskState } from '../../../engine/core/transitions.js';
import { agent, Driver, task } from '../../helpers/engine-driver.js';

/** Two agents (2 slots each); DAG x → y plus an independent z; x and z placed, y waiting. */
function running(): Driver {
  const d = new Driver();
  d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 2 }) });
  d.send({ kind: 'AgentJoined', agent: agent('a2', { slots: 2 }) });
  d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x'), task('y', ['x']), task('z')] } });
  return d;
}

const idx = (d: Driver, id: string) => d.s.taskSpec.findIndex((t) => t.id === id);

describe('checkInvariants', () => {
  it('passes a sound state, including after completions', () => {
    const d = running();
    expect(checkInvariants(d.s)).toEqual([]);
    const x = idx(d, 'x');
    const holder = d.s.agentSpec[d.s.taskAgent[x]!]!.id;
    d.send({ kind: 'TaskStarted', taskId: 'x', agentId: holder, attempt: 1 }, 1);
    d.send({ kind: 'TaskFinished', taskId: 'x', agentId: holder, attempt: 1 }, 2);
    expect(checkInvariants(d.s)).toEqual([]);
  });

  it('reports a task held by two agents', () => {
    const d = running();
    const x = idx(d, 'x');
    const other = d.s.taskAgent[x] === 0 ? 1 : 0;
    d.s.agentRunning[other]!.add(x);
    // Agents are checked in index order: the second holder is the one reported.
    expect(checkInvariants(d.s)).toContain('task x held by agents 0 and 1');
  });

  it('reports agents holding fewer tasks than are assigned or running', () => {
    const d = running();
    const z = idx(d, 'z');
    d.s.agentRunning[d.s.taskAgent[z]!]!.delete(z);
    expect(checkInvariants(d.s).join('\n')).toMatch(/2 tasks assigned or running but agents hold 1/);
  });

  it('reports a task running before its parents are done', () => {
    const d = running();
    d.s.taskState[idx(d, 'y')] = TaskState.Ready;
    expect(checkInvariants(d.s).join('\n')).toMatch(/task y is ready before its parents are done/);
  });

  it('reports a waiting task whose pending-parent count is wrong', () => {
    const d = running();
    d.s.taskPendingParents[idx(d, 'y')] = 0;
    expect(checkInvariants(d.s).join('\n')).toMatch(/task y waits for 0 parents but 1 are not done/);
  });

  it('reports a task completed twice', () => {
    const d = running();
    d.s.taskCompletions[idx(d, 'z')] = 2;
    expect(checkInvariants(d.s).join('\n')).toMatch(/task z completed 2 times/);
  });

  it("reports free-slot indexes that disagree with the agents' slots", () => {
    const d = running();
    const cls = d.s.agentClasses[0]!;
    cls.freeSlots += 1;
    d.s.totalFreeSlots += 1;
    const errors = checkInvariants(d.s).join('\n');
    expect(errors).toMatch(/class ".*" counts \d+ free slots, agents have \d+/);
    expect(errors).toMatch(/total free slots \d+ != \d+/);
  });

  it('reports an agent with free slots missing from its free list', () => {
    const d = running();
    const a = d.s.agentFreePos.findIndex((p) => p >= 0);
    expect(a).toBeGreaterThanOrEqual(0);
    d.s.agentFreePos[a] = -1;
    expect(checkInvariants(d.s).join('\n')).toMatch(
      /agent a\d has \d+ free slots but is not in the free list/,
    );
  });
});
