import { describe, expect, it } from 'vitest';
import { applyDiff, diffDags, isEmptyDiff } from '../../../engine/dag/diff.js';
import { mergeDags } from '../../../engine/dag/merge.js';
import { dag, task } from './make.js';

const base = dag([task('a'), task('b', ['a']), task('c', ['a']), task('d', ['b', 'c'])]);

describe('diffDags', () => {
  it('reports added, removed and changed tasks with changed fields, and edges', () => {
    const next = dag([
      task('a', [], { workUnits: 20, requires: ['gpu'] }),
      task('b', ['a']),
      task('d', ['b', 'e']),
      task('e', ['a'], { type: 'io' }),
    ]);
    const d = diffDags(base, next);
    expect(d.tasksAdded).toEqual([task('e', [], { type: 'io' })]);
    expect(d.tasksRemoved).toEqual(['c']);
    expect(d.tasksChanged).toEqual([
      {
        id: 'a',
        changes: [
          { field: 'workUnits', from: 10, to: 20 },
          { field: 'requires', from: undefined, to: ['gpu'] },
        ],
      },
    ]);
    expect(d.edgesAdded).toEqual([
      ['e', 'd'],
      ['a', 'e'],
    ]);
    expect(d.edgesRemoved).toEqual([
      ['a', 'c'],
      ['c', 'd'],
    ]);
    expect(isEmptyDiff(diffDags(next, applyDiff(base, d)))).toBe(true);
  });

  it('is empty for equal DAGs regardless of parent order', () => {
    const swapped = dag([task('a'), task('b', ['a']), task('c', ['a']), task('d', ['c', 'b'])]);
    expect(isEmptyDiff(diffDags(base, swapped))).toBe(true);
  });

  it('refuses a diff that does not fit, naming the task', () => {
    const d = diffDags(base, dag([task('a')]));
    expect(() => applyDiff(dag([task('z')]), d)).toThrow(/cannot remove task "b": it is not in dag d/);
  });
});

describe('mergeDags', () => {
  it('combines independent changes', () => {
    const ours = dag([
      task('a', [], { workUnits: 99 }),
      task('b', ['a']),
      task('c', ['a']),
      task('d', ['b', 'c']),
    ]);
    const theirs = dag([
      task('a', [], { priority: 5 }),
      task('b', ['a']),
      task('d', ['b']),
      task('x', ['d']),
    ]);
    const r = mergeDags(base, ours, theirs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.merged.tasks).toEqual([
      task('a', [], { workUnits: 99, priority: 5 }),
      task('b', ['a']),
      task('d', ['b']),
      task('x', ['d']),
    ]);
  });

  it('reports both sides changing one field, not guessing', () => {
    const ours = dag([task('a', [], { workUnits: 1 }), ...base.tasks.slice(1)]);
    const theirs = dag([task('a', [], { workUnits: 2 }), ...base.tasks.slice(1)]);
    const r = mergeDags(base, ours, theirs);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.conflicts).toEqual([
      {
        kind: 'field',
        taskIds: ['a'],
        field: 'workUnits',
        ours: 1,
        theirs: 2,
        message: 'task "a": both sides changed workUnits',
      },
    ]);
  });

  it.each([
    [
      'delete-modify',
      dag([task('a'), task('b', ['a']), task('d', ['b'])]),
      dag([...base.tasks.slice(0, 2), task('c', ['a'], { workUnits: 3 }), base.tasks[3]!]),
    ],
    [
      'both-added',
      dag([...base.tasks, task('n', [], { type: 'x' })]),
      dag([...base.tasks, task('n', [], { type: 'y' })]),
    ],
    [
      'edge-to-removed-task',
      dag([task('a'), task('b', ['a']), task('d', ['b'])]),
      dag([...base.tasks, task('z', ['c'])]),
    ],
    ['invalid-result', dag([task('a', ['d']), ...base.tasks.slice(1)]), base],
  ])('reports %s', (kind, ours, theirs) => {
    const r = mergeDags(base, ours, theirs);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflicts.map((c) => c.kind)).toContain(kind);
  });

  it('is commutative when there is no conflict', () => {
    const ours = dag([...base.tasks, task('p', ['d'])]);
    const theirs = dag([
      task('a'),
      task('b', ['a']),
      task('c', ['a'], { memoryMb: 5 }),
      task('d', ['b', 'c']),
      task('m', ['a']),
    ]);
    expect(mergeDags(base, ours, theirs)).toEqual(mergeDags(base, theirs, ours));
  });
});
