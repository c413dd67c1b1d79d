import { describe, expect, it } from 'vitest';
import { story } from '../../../engine/core/engine.js';
import { checkInvariants } from '../../../engine/core/invariants.js';
import { TaskState } from '../../../engine/core/transitions.js';
import { agent, Driver, task } from '../../helpers/engine-driver.js';

describe('engine core', () => {
  it('places root tasks on join and children only after their parents finish', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 2 }) });
    const c1 = d.send({
      kind: 'DagSubmitted',
      dag: { id: 'd', tasks: [task('x'), task('y'), task('z', ['x', 'y'])] },
    });
    expect(d.assignments(c1).map((c) => c.taskId)).toEqual(['x', 'y']);
    expect(d.s.taskState[d.s.taskIndex.get('z')!]).toBe(TaskState.Waiting);
    d.send({ kind: 'TaskStarted', taskId: 'x', agentId: 'a1', attempt: 1 }, 1);
    const c2 = d.send({ kind: 'TaskFinished', taskId: 'x', agentId: 'a1', attempt: 1 }, 100);
    expect(d.assignments(c2)).toEqual([]);
    const c3 = d.send({ kind: 'TaskFinished', taskId: 'y', agentId: 'a1', attempt: 1 }, 120);
    expect(d.assignments(c3).map((c) => c.taskId)).toEqual(['z']);
    const c4 = d.send({ kind: 'TaskFinished', taskId: 'z', agentId: 'a1', attempt: 1 }, 300);
    expect(c4).toContainEqual({ kind: 'DagCompleted', dagId: 'd', failedTasks: 0 });
  });

  it('never assigns more work than an agent has slots', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 2 }) });
    const cmds = d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('p'), task('q'), task('r')] } });
    expect(d.assignments(cmds)).toHaveLength(2);
    expect(d.s.stateCounts[TaskState.Ready]).toBe(1);
  });

  it('lists the parents an assigned task must fetch its inputs from', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({
      kind: 'DagSubmitted',
      dag: { id: 'd', tasks: [task('x', [], { outputBytes: 500 }), task('y', ['x'], { inputBytes: 7 })] },
    });
    const cmds = d.send({ kind: 'TaskFinished', taskId: 'x', agentId: 'a1', attempt: 1 }, 10);
    expect(d.assignments(cmds)[0]!.inputs).toEqual([
      { fromAgentId: 'a1', bytes: 500 },
      { fromAgentId: null, bytes: 7 },
    ]);
  });

  it('re-places the tasks of an agent that stops heartbeating, and ignores its late reports', () => {
    const d = new Driver({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 250 });
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'AgentJoined', agent: agent('a2') });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x'), task('y')] } });
    const holder = d.s.agentSpec[d.s.taskAgent[d.s.taskIndex.get('x')!]!]!.id;
    const other = holder === 'a1' ? 'a2' : 'a1';
    d.send({ kind: 'Heartbeat', agentId: other, metrics: { cpu: 1, memory: 0, network: 0 } }, 200);
    d.send({ kind: 'TaskFinished', taskId: 'y', agentId: other, attempt: 1 }, 200);
    const cmds = d.send({ kind: 'TimerFired', timer: 'heartbeat-check', key: 'hb' }, 300);
    expect(cmds).toContainEqual(expect.objectContaining({ kind: 'AgentDeclaredDead', agentId: holder }));
    expect(cmds).toContainEqual({ kind: 'CancelTask', taskId: 'x', agentId: holder, attempt: 1 });
    expect(d.assignments(cmds)).toEqual([
      expect.objectContaining({ taskId: 'x', agentId: other, attempt: 2 }),
    ]);
    // The dead agent's late report for attempt 1 is stale: refused, no completion.
    const late = d.send({ kind: 'TaskFinished', taskId: 'x', agentId: holder, attempt: 1 }, 310);
    expect(late).toEqual([]);
    expect(d.s.stats.staleReports).toBe(1);
    const done = d.send({ kind: 'TaskFinished', taskId: 'x', agentId: other, attempt: 2 }, 400);
    expect(done.filter((c) => c.kind === 'TaskCompleted')).toHaveLength(1);
  });

  it('refuses a second completion of the same attempt', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] } });
    d.send({ kind: 'TaskFinished', taskId: 'x', agentId: 'a1', attempt: 1 }, 5);
    const again = d.send({ kind: 'TaskFinished', taskId: 'x', agentId: 'a1', attempt: 1 }, 6);
    expect(again).toEqual([]);
    expect(d.s.stats.duplicateCompletionsRefused).toBe(1);
    expect(d.s.taskCompletions[0]).toBe(1);
  });

  it('fails a task after its attempt budget and fails its descendants with it', () => {
    const d = new Driver({ maxAttempts: 2 });
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({
      kind: 'DagSubmitted',
      dag: { id: 'd', tasks: [task('x'), task('y', ['x']), task('z', ['y'])] },
    });
    d.send({ kind: 'TaskFailed', taskId: 'x', agentId: 'a1', attempt: 1, reason: 'exit 1' }, 1);
    const cmds = d.send({ kind: 'TaskFailed', taskId: 'x', agentId: 'a1', attempt: 2, reason: 'exit 1' }, 2);
    const gaveUp = cmds.filter((c) => c.kind === 'TaskGaveUp').map((c) => (c as { taskId: string }).taskId);
    expect(gaveUp.sort()).toEqual(['x', 'y', 'z']);
    expect(cmds).toContainEqual({ kind: 'DagCompleted', dagId: 'd', failedTasks: 3 });
  });

  it('reports a task no alive agent can run as failed after the grace period instead of waiting forever', () => {
    const d = new Driver({ unschedulableGraceMs: 1000 });
    d.send({ kind: 'AgentJoined', agent: agent('a1', { capabilities: ['cpu'] }) });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('g', [], { requires: ['gpu'] })] } });
    d.send({ kind: 'Heartbeat', agentId: 'a1', metrics: { cpu: 0, memory: 0, network: 0 } }, 900);
    expect(d.send({ kind: 'TimerFired', timer: 'heartbeat-check', key: 'hb' }, 900)).not.toContainEqual(
      expect.objectContaining({ kind: 'TaskGaveUp' }),
    );
    const cmds = d.send({ kind: 'TimerFired', timer: 'heartbeat-check', key: 'hb' }, 1001);
    expect(cmds).toContainEqual(expect.objectContaining({ kind: 'TaskGaveUp', taskId: 'g' }));
    expect((cmds.find((c) => c.kind === 'TaskGaveUp') as { reason: string }).reason).toMatch(/unschedulable/);
  });

  it('fails at once a task whose memory no agent of the fleet has', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1', { memoryMb: 1024 }) });
    const cmds = d.send({
      kind: 'DagSubmitted',
      dag: { id: 'd', tasks: [task('big', [], { memoryMb: 4096 })] },
    });
    expect(cmds).toContainEqual(expect.objectContaining({ kind: 'TaskGaveUp', taskId: 'big' }));
  });

  it('waits for a capable agent that is busy rather than placing on an incapable one', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('cpu1', { capabilities: ['cpu'] }) });
    d.send({ kind: 'AgentJoined', agent: agent('gpu1', { capabilities: ['cpu', 'gpu'] }) });
    const cmds = d.send({
      kind: 'DagSubmitted',
      dag: { id: 'd', tasks: [task('g1', [], { requires: ['gpu'] }), task('g2', [], { requires: ['gpu'] })] },
    });
    expect(d.assignments(cmds).map((c) => [c.taskId, c.agentId])).toEqual([['g1', 'gpu1']]);
    const next = d.send({ kind: 'TaskFinished', taskId: 'g1', agentId: 'gpu1', attempt: 1 }, 50);
    expect(d.assignments(next).map((c) => [c.taskId, c.agentId])).toEqual([['g2', 'gpu1']]);
  });

  it.each([
    ['a cycle', [task('a', ['b']), task('b', ['a'])], /cycle/],
    ['an unknown parent', [task('a', ['ghost'])], /unknown task "ghost"/],
    ['a self-loop', [task('a', ['a'])], /depends on itself/],
    ['a duplicate id', [task('a'), task('a')], /duplicate task id "a"/],
  ])('rejects a DAG with %s, naming the problem', (_label, tasks, reason) => {
    const d = new Driver();
    const cmds = d.send({ kind: 'DagSubmitted', dag: { id: 'bad', tasks } });
    expect(cmds).toEqual([{ kind: 'DagRejected', dagId: 'bad', reason: expect.stringMatching(reason) }]);
    expect(d.s.taskSpec).toHaveLength(0);
  });

  it('readmits an agent that heartbeats after being declared dead', () => {
    const d = new Driver({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 250 });
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'TimerFired', timer: 'heartbeat-check', key: 'hb' }, 300);
    expect(d.s.aliveAgents).toBe(0);
    const cmds = d.send(
      { kind: 'Heartbeat', agentId: 'a1', metrics: { cpu: 0, memory: 0, network: 0 } },
      320,
    );
    expect(cmds).toContainEqual({ kind: 'AgentReadmitted', agentId: 'a1' });
    expect(d.s.aliveAgents).toBe(1);
  });

  it('cancels a task and its waiting descendants on request', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x'), task('y', ['x'])] } });
    const cmds = d.send({ kind: 'CancelRequested', taskId: 'x' }, 5);
    expect(cmds).toContainEqual({ kind: 'CancelTask', taskId: 'x', agentId: 'a1', attempt: 1 });
    expect(d.s.stateCounts[TaskState.Cancelled]).toBe(2);
  });

  it('tells the story of a task: every transition with the stimulus that caused it', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1') });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] }, stimulusId: 'submit-1' });
    d.send({ kind: 'TaskStarted', taskId: 'x', agentId: 'a1', attempt: 1 }, 3);
    d.send({ kind: 'TaskFinished', taskId: 'x', agentId: 'a1', attempt: 1, stimulusId: 'fin-9' }, 9);
    const s = story(d.s, 'x');
    expect(s.map((e) => `${e.from}->${e.to}`)).toEqual([
      'new->waiting',
      'waiting->ready',
      'ready->assigned',
      'assigned->running',
      'running->done',
    ]);
    expect(s[0]!.stimulusId).toBe('submit-1');
    expect(s[4]).toMatchObject({ stimulusId: 'fin-9', atMs: 9, agentId: 'a1', attempt: 1 });
  });

  it('refuses an unknown strategy in a config change without changing anything', () => {
    const d = new Driver();
    const cmds = d.send({ kind: 'ConfigChanged', strategy: 'nonsense' });
    expect(cmds[0]).toMatchObject({ kind: 'Alert', level: 'warning' });
    expect(d.s.config.strategy).toBe('eft');
  });

  it('detects a corrupted state', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 1 }) });
    d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('x')] } });
    d.s.agentUsedSlots[0] = 0;
    expect(checkInvariants(d.s).join('\n')).toMatch(/used slots 0 != 1/);
  });
});
