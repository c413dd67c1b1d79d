import { describe, expect, it } from 'vitest';
import { buildDag, tryBuildDag, validateDag } from '../../../engine/dag/build.js';
import { DagError } from '../../../engine/dag/errors.js';
import { topologicalOrder } from '../../../engine/dag/topo.js';
import { dag, task } from './make.js';

function edgesOf(spec: ReturnType<typeof dag>): string[] {
  const g = buildDag(spec);
  const out: string[] = [];
  for (let v = 0; v < g.taskCount; v++)
    for (let e = g.succOffsets[v]!; e < g.succOffsets[v + 1]!; e++)
      out.push(`${g.ids[v]}->${g.ids[g.succTargets[e]!]}`);
  return out.sort();
}

describe('buildDag', () => {
  it('builds explicit edges and carries weights', () => {
    const g = buildDag(
      dag([task('a', [], { workUnits: 5, outputBytes: 7 }), task('b', ['a'], { cpuDemand: 3 })]),
    );
    expect(g.taskCount).toBe(2);
    expect(g.edgeCount).toBe(1);
    expect(Array.from(g.workUnits)).toEqual([5, 10]);
    expect(Array.from(g.cpuDemand)).toEqual([1, 3]);
    expect(Array.from(g.edgeBytes)).toEqual([7]);
    expect(Array.from(g.predSources)).toEqual([0]);
  });

  it('infers an edge from the writer of an artifact to each reader, merging it with explicit ones', () => {
    const spec = dag([
      task('w', [], { writes: ['x', 'y'] }),
      task('r1', ['w'], { reads: ['x'] }),
      task('r2', [], { reads: ['x', 'y', 'external'] }),
      task('self', [], { reads: ['z'], writes: ['z'] }),
    ]);
    expect(edgesOf(spec)).toEqual(['w->r1', 'w->r2']);
  });

  it('collapses a parent listed twice into one edge', () => {
    expect(edgesOf(dag([task('a'), task('b', ['a', 'a'])]))).toEqual(['a->b']);
  });

  it.each([
    [
      'duplicate id',
      [task('a'), task('a')],
      'duplicate-id',
      ['a'],
      /"a" is used twice \(tasks\[0\] and tasks\[1\]\)/,
    ],
    [
      'dangling parent',
      [task('a', ['ghost'])],
      'dangling-parent',
      ['a', 'ghost'],
      /"a" names parent "ghost"/,
    ],
    ['self-loop', [task('a', ['a'])], 'self-loop', ['a'], /"a" names itself/],
    [
      'two writers',
      [task('a', [], { writes: ['f'] }), task('b', [], { writes: ['f'] })],
      'multiple-writers',
      ['a', 'b'],
      /"f" is written by two tasks, "a" and "b"/,
    ],
    [
      'negative work',
      [task('a', [], { workUnits: -1 })],
      'invalid-field',
      ['a'],
      /workUnits is -1, expected a finite number >= 0/,
    ],
    ['zero cpu', [task('a', [], { cpuDemand: 0 })], 'invalid-field', ['a'], /cpuDemand is 0/],
  ])('reports %s naming the ids', (_name, tasks, code, ids, message) => {
    const issues = validateDag(dag(tasks));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe(code);
    expect(issues[0]!.taskIds).toEqual(ids);
    expect(issues[0]!.message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const issues = validateDag(dag([task('a'), task('a'), task('b', ['b', 'nope'])]));
    expect(issues.map((i) => i.code).sort()).toEqual(['dangling-parent', 'duplicate-id', 'self-loop']);
  });

  it('reports one cycle as ordered ids that really form a cycle', () => {
    const spec = dag([
      task('s'),
      task('a', ['s', 'c']),
      task('b', ['a']),
      task('c', ['b']),
      task('t', ['c']),
    ]);
    const result = tryBuildDag(spec);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]!.code).toBe('cycle');
    expect(result.issues[0]!.taskIds).toEqual(['a', 'b', 'c']);
    expect(result.issues[0]!.message).toContain('a -> b -> c -> a');
  });

  it('reports a cycle made through inferred dependencies', () => {
    const spec = dag([
      task('a', [], { reads: ['y'], writes: ['x'] }),
      task('b', [], { reads: ['x'], writes: ['y'] }),
    ]);
    const issues = validateDag(spec);
    expect(issues[0]!.code).toBe('cycle');
    expect([...issues[0]!.taskIds].sort()).toEqual(['a', 'b']);
  });

  it('throws a DagError carrying all issues from buildDag', () => {
    try {
      buildDag(dag([task('a', ['x']), task('b', ['y'])]));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DagError);
      expect((err as DagError).issues).toHaveLength(2);
      expect((err as DagError).message).toMatch(/and 1 more problem/);
    }
  });

  it('handles a 100,000-task chain without recursion', () => {
    const tasks = Array.from({ length: 100_000 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`]));
    const g = buildDag(dag(tasks));
    expect(topologicalOrder(g)[99_999]).toBe(99_999);
    tasks[0] = task('t0', ['t99999']);
    const issues = validateDag(dag(tasks));
    expect(issues[0]!.taskIds).toHaveLength(100_000);
  });
});
