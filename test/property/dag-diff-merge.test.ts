import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, diffDags, isEmptyDiff } from '../../engine/dag/diff.js';
import { mergeDags } from '../../engine/dag/merge.js';
import type { DagSpec, TaskSpec } from '../../engine/model/types.js';
import { dagArb } from './dag-arbitraries.js';

/** A sparse random edit of `base`: change fields, drop tasks, add tasks and edges (kept acyclic by rank). */
const editArb = (base: DagSpec, tag: string) =>
  fc
    .record({
      change: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 99 })), { maxLength: 3 }),
      drop: fc.array(fc.nat(), { maxLength: 2 }),
      add: fc.array(fc.nat(), { maxLength: 2 }),
      link: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
    })
    .map(({ change, drop, add, link }) => {
      const n = base.tasks.length;
      let tasks: TaskSpec[] = base.tasks.map((t) => ({ ...t, parents: [...t.parents] }));
      for (const [i, w] of change) if (n > 0) tasks[i % n] = { ...tasks[i % n]!, workUnits: w };
      const dropped = new Set(drop.filter(() => n > 0).map((i) => `t${i % n}`));
      tasks = tasks
        .filter((t) => !dropped.has(t.id))
        .map((t) => ({ ...t, parents: t.parents.filter((p) => !dropped.has(p)) }));
      add.forEach((p, k) => {
        const parent = tasks.length > 0 ? [tasks[p % tasks.length]!.id] : [];
        tasks.push({ ...(base.tasks[0] ?? blank), id: `t${n + 1000}${tag}${k}`, parents: parent });
      });
      const rank = (id: string) => Number.parseInt(id.slice(1), 10);
      for (const [x, y] of link) {
        if (tasks.length < 2) break;
        const a = tasks[x % tasks.length]!;
        const k = y % tasks.length;
        const b = tasks[k]!;
        if (rank(a.id) < rank(b.id) && !b.parents.includes(a.id))
          tasks[k] = { ...b, parents: [...b.parents, a.id] };
      }
      return { ...base, tasks };
    });

const blank: TaskSpec = {
  id: '',
  type: 'compute',
  workUnits: 1,
  cpuDemand: 1,
  memoryMb: 0,
  inputBytes: 0,
  outputBytes: 0,
  priority: 0,
  parents: [],
};

describe('diff', () => {
  it('diff(a, apply(a, diff(a, b))) is empty for any two DAGs', () => {
    fc.assert(
      fc.property(dagArb({ maxTasks: 15 }), dagArb({ maxTasks: 15 }), (a, b) => {
        const d = diffDags(a, b);
        expect(isEmptyDiff(diffDags(b, applyDiff(a, d)))).toBe(true);
        expect(isEmptyDiff(diffDags(a, applyDiff(a, diffDags(a, a))))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('three-way merge', () => {
  const triple = dagArb({ maxTasks: 12 }).chain((base) =>
    fc.tuple(fc.constant(base), editArb(base, 'o'), editArb(base, 'x')),
  );

  it('a merge with no conflicts is commutative', () => {
    let clean = 0;
    fc.assert(
      fc.property(triple, ([base, ours, theirs]) => {
        const ab = mergeDags(base, ours, theirs);
        const ba = mergeDags(base, theirs, ours);
        expect(ab.ok).toBe(ba.ok);
        if (ab.ok) {
          clean++;
          expect(ab).toEqual(ba);
        }
      }),
      { numRuns: 300 },
    );
    expect(clean).toBeGreaterThan(50);
  });

  it('merging a side with an unchanged base gives that side (up to order)', () => {
    fc.assert(
      fc.property(triple, ([base, ours]) => {
        const r = mergeDags(base, ours, base);
        expect(r.ok).toBe(true);
        if (r.ok) expect(isEmptyDiff(diffDags(ours, r.merged))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
