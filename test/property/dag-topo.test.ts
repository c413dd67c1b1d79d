import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDag, validateDag } from '../../engine/dag/build.js';
import { edgeIndex } from '../../engine/dag/critical-path.js';
import { computeLevels } from '../../engine/dag/levels.js';
import { orderPositions, topologicalOrder } from '../../engine/dag/topo.js';
import { dagArb } from './dag-arbitraries.js';

describe('topological order and levels', () => {
  it('topological order contains every task once and puts every parent before its child', () => {
    fc.assert(
      fc.property(dagArb({ maxTasks: 40 }), (spec) => {
        const g = buildDag(spec);
        const order = topologicalOrder(g);
        expect(new Set(order).size).toBe(g.taskCount);
        const pos = orderPositions(order, g.taskCount);
        for (let v = 0; v < g.taskCount; v++)
          for (let e = g.succOffsets[v]!; e < g.succOffsets[v + 1]!; e++)
            expect(pos[v]!).toBeLessThan(pos[g.succTargets[e]!]!);
      }),
      { numRuns: 200 },
    );
  });

  it('the order is the same however often it is computed', () => {
    fc.assert(
      fc.property(dagArb(), (spec) => {
        expect(topologicalOrder(buildDag(spec))).toEqual(topologicalOrder(buildDag(structuredClone(spec))));
      }),
    );
  });

  it('every edge goes to a deeper level, and depth is one more than the deepest level', () => {
    fc.assert(
      fc.property(dagArb({ maxTasks: 40 }), (spec) => {
        const g = buildDag(spec);
        const l = computeLevels(g);
        for (let v = 0; v < g.taskCount; v++)
          for (let e = g.succOffsets[v]!; e < g.succOffsets[v + 1]!; e++)
            expect(l.levelOf[g.succTargets[e]!]!).toBeGreaterThan(l.levelOf[v]!);
        expect(l.depth).toBe(g.taskCount === 0 ? 0 : Math.max(...l.levelOf) + 1);
        expect(l.widths.reduce((s, w) => s + w, 0)).toBe(g.taskCount);
      }),
      { numRuns: 200 },
    );
  });

  it('adding an edge that closes a path reports a cycle whose consecutive ids are real edges', () => {
    fc.assert(
      fc.property(dagArb({ maxTasks: 25 }), fc.nat(), (spec, pick) => {
        const g = buildDag(spec);
        if (g.edgeCount === 0) return;
        // edge u→v exists; add v→u via a parent link on u
        const e = pick % g.edgeCount;
        let u = 0;
        while (g.succOffsets[u + 1]! <= e) u++;
        const v = g.succTargets[e]!;
        const tasks = spec.tasks.map((t) =>
          t.id === g.ids[u] ? { ...t, parents: [...t.parents, g.ids[v]!] } : t,
        );
        const issues = validateDag({ ...spec, tasks });
        expect(issues.map((i) => i.code)).toEqual(['cycle']);
        const cycle = issues[0]!.taskIds;
        const withBack = buildDag({
          ...spec,
          tasks: tasks.map((t) => (t.id === g.ids[u] ? { ...t, parents: t.parents.slice(0, -1) } : t)),
        });
        const index = new Map(withBack.ids.map((id, i) => [id, i]));
        for (let k = 0; k < cycle.length; k++) {
          const from = cycle[k]!;
          const to = cycle[(k + 1) % cycle.length]!;
          const isBack = from === g.ids[v] && to === g.ids[u];
          expect(isBack || edgeIndex(withBack, index.get(from)!, index.get(to)!) >= 0).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
