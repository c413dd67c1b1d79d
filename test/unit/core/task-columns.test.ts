import { describe, expect, it } from 'vitest';
import { story } from '../../../engine/core/engine.js';
import { IdIndex } from '../../../engine/core/id-index.js';
import { TaskState } from '../../../engine/core/transitions.js';
import { agent, Driver, task } from '../../helpers/engine-driver.js';

describe('task columns and id index', () => {
  it('keep every task intact while the columns grow past their initial capacity', () => {
    const d = new Driver({ initialTaskCapacity: 16 });
    d.send({ kind: 'AgentJoined', agent: agent('a1', { slots: 4 }) });
    // 12 DAGs of 10 chained tasks: 120 tasks, the columns grow 16 → 1024 while work is in flight.
    for (let k = 0; k < 12; k++) {
      const tasks = Array.from({ length: 10 }, (_, i) =>
        task(`d${k}.${i}`, i === 0 ? [] : [`d${k}.${i - 1}`]),
      );
      d.send({ kind: 'DagSubmitted', dag: { id: `d${k}`, tasks } }, k);
    }
    expect(d.s.taskSpec).toHaveLength(120);
    expect(d.s.taskState.length).toBeGreaterThanOrEqual(120);
    for (let k = 0; k < 12; k++) {
      const head = d.s.taskIndex.get(`d${k}.0`)!;
      const tail = d.s.taskIndex.get(`d${k}.9`)!;
      expect(d.s.taskSpec[head]!.id).toBe(`d${k}.0`);
      expect(d.s.taskState[tail]).toBe(TaskState.Waiting);
      expect(d.s.taskPendingParents[tail]).toBe(1);
      expect(d.s.taskSeq[tail]).toBe(tail);
    }
    // The first DAG's head was assigned before any growth; its story and attempt survived the copies.
    const first = d.s.taskIndex.get('d0.0')!;
    expect(d.s.taskState[first]).toBe(TaskState.Assigned);
    expect(d.s.taskAttempt[first]).toBe(1);
    expect(story(d.s, 'd0.0').map((e) => e.to)).toEqual(['waiting', 'ready', 'assigned']);
  });

  it('IdIndex behaves like a Map for get / has / set / size', () => {
    const idx = new IdIndex();
    const model = new Map<string, number>();
    const ids = ['', 'a', 'ab', 'abc', 'task-1', 'task-10', 'x'.repeat(40)];
    for (let i = 0; i < 5000; i++) ids.push(`dag${i % 37}.t${i}`);
    ids.forEach((id, i) => {
      idx.set(id, i);
      model.set(id, i);
    });
    idx.set('a', 99);
    model.set('a', 99);
    expect(idx.size).toBe(model.size);
    for (const [id, v] of model) {
      expect(idx.get(id)).toBe(v);
      expect(idx.has(id)).toBe(true);
    }
    expect(idx.get('missing')).toBeUndefined();
    expect(idx.has('dag1.t0')).toBe(false);
  });
});
