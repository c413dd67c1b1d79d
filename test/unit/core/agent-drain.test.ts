/**
 * Operator drain through the core: a draining agent gets no new work, what it holds finishes, and it is
 * reported drained once it holds nothing; the drain survives re-joins until it is lifted.
 */
import { describe, expect, it } from 'vitest';
import { drainStateOf } from '../../../engine/core/agent-drain.js';
import type { Command } from '../../../engine/core/stimuli.js';
import { agent, Driver, task } from '../../helpers/engine-driver.js';

const kinds = (cmds: Command[]) => cmds.map((c) => c.kind);
const placedOn = (d: Driver, cmds: Command[]) => d.assignments(cmds).map((c) => `${c.taskId}@${c.agentId}`);

/** Two one-slot agents, each running one task. */
function busyPair(): Driver {
  const d = new Driver({ heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 5000 });
  d.send({ kind: 'AgentJoined', agent: agent('a') });
  d.send({ kind: 'AgentJoined', agent: agent('b') });
  const cmds = d.send({ kind: 'DagSubmitted', dag: { id: 'd1', tasks: [task('t1'), task('t2')] } });
  expect(placedOn(d, cmds).sort()).toEqual(['t1@a', 't2@b']);
  return d;
}

describe('operator drain', () => {
  it('a draining agent keeps its running task, gets no new work, and is drained when the task finishes', () => {
    const d = busyPair();
    const onA = d.assignments(d.log).find((c) => c.agentId === 'a')!;
    const req = d.send({ kind: 'AgentDrainRequested', agentId: 'a' }, 10);
    expect(kinds(req)).toEqual(['AgentDraining']);
    expect(kinds(req)).not.toContain('CancelTask');
    expect(drainStateOf(d.s, 'a')).toBe('draining');

    // b finishes first: the new work goes to b, never to the draining a.
    d.send({ kind: 'DagSubmitted', dag: { id: 'd2', tasks: [task('t3'), task('t4')] } }, 20);
    const other = onA.taskId === 't1' ? 't2' : 't1';
    const freed = d.send({ kind: 'TaskFinished', taskId: other, agentId: 'b', attempt: 1 }, 100);
    expect(placedOn(d, freed)).toEqual(['t3@b']);

    const fin = d.send({ kind: 'TaskFinished', taskId: onA.taskId, agentId: 'a', attempt: 1 }, 150);
    expect(kinds(fin)).toContain('AgentDrained');
    expect(d.assignments(fin)).toEqual([]);
    expect(drainStateOf(d.s, 'a')).toBe('drained');
    expect(
      d
        .assignments(d.log)
        .filter((c) => c.agentId === 'a')
        .map((c) => c.taskId),
    ).toEqual([onA.taskId]);
  });

  it('an idle agent is drained at once; a second request changes nothing', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a') });
    expect(kinds(d.send({ kind: 'AgentDrainRequested', agentId: 'a' }))).toEqual([
      'AgentDraining',
      'AgentDrained',
    ]);
    expect(d.send({ kind: 'AgentDrainRequested', agentId: 'a' })).toEqual([]);
    expect(d.send({ kind: 'AgentDrainRequested', agentId: 'unknown' })).toEqual([]);
    expect(drainStateOf(d.s, 'unknown')).toBe('none');
  });

  it('a failed task on a draining agent is placed elsewhere and the agent is drained', () => {
    const d = busyPair();
    const onA = d.assignments(d.log).find((c) => c.agentId === 'a')!;
    d.send({ kind: 'AgentDrainRequested', agentId: 'a' }, 10);
    d.send({ kind: 'AgentJoined', agent: agent('c') }, 20);
    const failed = d.send(
      { kind: 'TaskFailed', taskId: onA.taskId, agentId: 'a', attempt: 1, reason: 'boom' },
      30,
    );
    expect(kinds(failed)).toContain('AgentDrained');
    // The retry (after its back-off) may only land on c.
    for (let t = 40; t < 5000 && d.assignments(d.log).length < 3; t += 100)
      d.send({ kind: 'Heartbeat', agentId: 'c', metrics: { cpu: 0, memory: 0, network: 0 } }, t);
    const all = d.assignments(d.log);
    expect(all).toHaveLength(3);
    expect(all[2]).toMatchObject({ taskId: onA.taskId, agentId: 'c', attempt: 2 });
  });

  it('the drain survives a re-join (the new connection is told again) until it is lifted', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a') });
    d.send({ kind: 'AgentDrainRequested', agentId: 'a' });
    d.send({ kind: 'AgentLeft', agentId: 'a' }, 10);
    const rejoin = d.send({ kind: 'AgentJoined', agent: agent('a') }, 20);
    expect(kinds(rejoin)).toEqual(expect.arrayContaining(['AgentDraining', 'AgentDrained']));
    expect(placedOn(d, d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('t')] } }, 30))).toEqual(
      [],
    );

    const lifted = d.send({ kind: 'AgentDrainLifted', agentId: 'a' }, 40);
    expect(drainStateOf(d.s, 'a')).toBe('none');
    expect(placedOn(d, lifted)).toEqual(['t@a']);
  });
});
