import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDag } from '../../engine/dag/build.js';
import { edgeCostsMs, taskCostsMs } from '../../engine/dag/costs.js';
import { criticalPath, pathLengthMs } from '../../engine/dag/critical-path.js';
import { type DagGraph, graphFromEdges } from '../../engine/dag/graph.js';
import { orderingHint } from '../../engine/dag/optimise/ordering-hint.js';
import { orderPositions } from '../../engine/dag/topo.js';
import { dagArb } from './dag-arbitraries.js';

const network = { bandwidthBytesPerMs: 100_000, latencyMs: 3 };

/** Length of every entry-to-exit path (exhaustive; the arbitrary keeps graphs small). */
function allPathLengths(g: DagGraph, taskCost: Float64Array, edgeCost: Float64Array): number[] {
  const out: number[] = [];
  const walk = (v: number, acc: number, budget: { n: number }) => {
    if (budget.n-- <= 0) return;
    const len = acc + taskCost[v]!;
    if (g.succOffsets[v] === g.succOffsets[v + 1]) out.push(len);
    for (let e = g.succOffsets[v]!; e < g.succOffsets[v + 1]!; e++)
      walk(g.succTargets[e]!, len + edgeCost[e]!, budget);
  };
  const budget = { n: 20_000 };
  for (let v = 0; v < g.taskCount; v++) if (g.predOffsets[v] === g.predOffsets[v + 1]) walk(v, 0, budget);
  return out;
}

describe('critical path', () => {
  it('is at least as long as every entry-to-exit path, and is itself such a path', () => {
    fc.assert(
      fc.property(dagArb({ maxTasks: 14, maxEdges: 30 }), (spec) => {
        const g = buildDag(spec);
        const taskCost = taskCostsMs(g);
        const edgeCost = edgeCostsMs(g, network);
        const cp = criticalPath(g, taskCost, edgeCost);
        const lengths = allPathLengths(g, taskCost, edgeCost);
        for (const len of lengths) expect(cp.lengthMs).toBeGreaterThanOrEqual(len - 1e-6);
        if (g.taskCount === 0) return;
        expect(pathLengthMs(g, cp.tasks, taskCost, edgeCost)).toBeCloseTo(cp.lengthMs, 6);
        expect(lengths.some((len) => Math.abs(len - cp.lengthMs) < 1e-6)).toBe(true);
        const first = cp.tasks[0]!;
        const last = cp.tasks[cp.tasks.length - 1]!;
        expect(g.predOffsets[first]).toBe(g.predOffsets[first + 1]);
        expect(g.succOffsets[last]).toBe(g.succOffsets[last + 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('slack is never negative and is zero along the critical path', () => {
    fc.assert(
      fc.property(dagArb({ maxTasks: 30 }), (spec) => {
        const g = buildDag(spec);
        const cp = criticalPath(g, taskCostsMs(g), edgeCostsMs(g, network));
        for (const s of cp.slackMs) expect(s).toBeGreaterThanOrEqual(0);
        for (const v of cp.tasks) expect(cp.slackMs[v]!).toBeLessThan(1e-6);
      }),
      { numRuns: 200 },
    );
  });

  it('the ordering hint is a topological order of all tasks', () => {
    fc.assert(
      fc.property(dagArb({ maxTasks: 30 }), (spec) => {
        const g = buildDag(spec);
        const hint = orderingHint(g, taskCostsMs(g), edgeCostsMs(g, network));
        const pos = orderPositions(hint, g.taskCount);
        expect(new Set(hint).size).toBe(g.taskCount);
        for (let v = 0; v < g.taskCount; v++)
          for (let e = g.succOffsets[v]!; e < g.succOffsets[v + 1]!; e++)
            expect(pos[v]!).toBeLessThan(pos[g.succTargets[e]!]!);
      }),
      { numRuns: 200 },
    );
  });

  it('the ordering hint stays topological when parents and children share a rank (zero-cost tasks)', () => {
    // Regression (fast-check seed 554867208): a zero-work parent has its child's rank, and sorting by
    // rank then "longer work first" put the child before it.
    const g = graphFromEdges(['p', 'c', 'd'], Int32Array.of(0), Int32Array.of(1), {
      workUnits: Float64Array.of(0, 50, 10),
    });
    const hint = [...orderingHint(g, taskCostsMs(g), edgeCostsMs(g, network))].map((i) => g.ids[i]);
    expect(hint.indexOf('p')).toBeLessThan(hint.indexOf('c'));
  });
});
