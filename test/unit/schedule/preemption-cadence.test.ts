import { describe, expect, it } from 'vitest';
import { agent, Driver, task } from '../../helpers/engine-driver.js';

describe('preemption for urgent tasks', () => {
  it('an urgent task takes the slot of the most recently started low-priority task, which is re-queued without losing an attempt', () => {
    const d = new Driver({ preemption: { enabled: true, urgentPriority: 10 }, maxAttempts: 1 });
    d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 2 }) });
    d.send({ kind: 'DagSubmitted', dag: { id: 'bg', tasks: [task('old'), task('new')] } });
    d.send({ kind: 'TaskStarted', taskId: 'old', agentId: 'a1', attempt: 1 }, 10);
    d.send({ kind: 'TaskStarted', taskId: 'new', agentId: 'a1', attempt: 1 }, 20);
    const cmds = d.send(
      { kind: 'DagSubmitted', dag: { id: 'fire', tasks: [task('urgent', [], { priority: 50 })] } },
      30,
    );
    expect(cmds).toContainEqual({ kind: 'CancelTask', taskId: 'new', agentId: 'a1', attempt: 1 });
    expect(d.assignments(cmds).map((c) => c.taskId)).toEqual(['urgent']);
    expect(d.s.stats.preemptions).toBe(1);
    // The victim runs again later even with maxAttempts 1: the preemption was refunded.
    const later = d.send({ kind: 'TaskFinished', taskId: 'urgent', agentId: 'a1', attempt: 1 }, 40);
    expect(d.assignments(later)).toEqual([expect.objectContaining({ taskId: 'new', attempt: 2 })]);
  });

  it('does not preempt when disabled, for equal priority, or when a slot is free', () => {
    for (const [enabled, prio, slots] of [
      [false, 50, 1],
      [true, 0, 1],
      [true, 50, 2],
    ] as const) {
      const d = new Driver({ preemption: { enabled, urgentPriority: 0 } });
      d.send({ kind: 'AgentJoined', agent: agent('a1', { slots }) });
      d.send({ kind: 'DagSubmitted', dag: { id: 'bg', tasks: [task('x')] } });
      const cmds = d.send(
        { kind: 'DagSubmitted', dag: { id: 'u', tasks: [task('u', [], { priority: prio })] } },
        5,
      );
      expect(cmds.filter((c) => c.kind === 'CancelTask')).toEqual([]);
      expect(d.s.stats.preemptions).toBe(0);
    }
  });
});

describe('scheduling cadence', () => {
  it('interval mode places on timer ticks, at most a batch per tick, and adapts to the queue', () => {
    const d = new Driver({
      scheduling: {
        mode: 'interval',
        intervalMs: 100,
        intervalMinMs: 10,
        intervalMaxMs: 1000,
        batch: 2,
        batchMin: 1,
        batchMax: 8,
        adaptive: true,
      },
    });
    const join = d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 10 }) });
    expect(join).toContainEqual({ kind: 'ArmTimer', atMs: 100, timer: 'schedule', key: 'tick' });
    const submit = d.send({
      kind: 'DagSubmitted',
      dag: { id: 'd', tasks: Array.from({ length: 9 }, (_, i) => task(`t${i}`)) },
    });
    expect(d.assignments(submit)).toEqual([]);
    expect(submit.filter((c) => c.kind === 'ArmTimer' && c.timer === 'schedule')).toEqual([]); // one tick pending
    const tick1 = d.send({ kind: 'TimerFired', timer: 'schedule', key: 'tick' }, 100);
    expect(d.assignments(tick1)).toHaveLength(2);
    // 7 left > batch 2: the batch doubles and the interval halves.
    expect(d.s.cadence).toMatchObject({ batch: 4, intervalMs: 50 });
    expect(tick1).toContainEqual({ kind: 'ArmTimer', atMs: 150, timer: 'schedule', key: 'tick' });
    const tick2 = d.send({ kind: 'TimerFired', timer: 'schedule', key: 'tick' }, 150);
    expect(d.assignments(tick2)).toHaveLength(4);
    const tick3 = d.send({ kind: 'TimerFired', timer: 'schedule', key: 'tick' }, 175);
    expect(d.assignments(tick3)).toHaveLength(3);
    expect(d.s.cadence.ticks).toBe(3);
  });

  it('immediate mode (the default) places at once', () => {
    const d = new Driver();
    d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 4 }) });
    const cmds = d.send({ kind: 'DagSubmitted', dag: { id: 'd', tasks: [task('a'), task('b')] } });
    expect(d.assignments(cmds)).toHaveLength(2);
  });
});
