import { describe, expect, it } from 'vitest';
import { communicationToComputationRatio, makespanLowerBounds } from '../../../engine/dag/bounds.js';
import { buildDag } from '../../../engine/dag/build.js';
import { edgeCostsMs, taskCostsMs } from '../../../engine/dag/costs.js';
import { criticalPath, pathLengthMs } from '../../../engine/dag/critical-path.js';
import { graphFromEdges } from '../../../engine/dag/graph.js';
import { computeLevels, levelGroups } from '../../../engine/dag/levels.js';
import { downwardRanks, upwardRanks } from '../../../engine/dag/ranks.js';
import { topologicalOrder } from '../../../engine/dag/topo.js';
import { TOPCUOGLU_COSTS, TOPCUOGLU_EDGES } from '../schedule-static/topcuoglu-example.js';
import { dag, task } from './make.js';

// The 10-task example of Topcuoglu, Hariri & Wu (HEFT, IEEE TPDS 2002): mean computation costs over
// three processors, and communication costs per edge. The paper lists rank_u for every task.
const meanCost = TOPCUOGLU_COSTS.map((row) => (row[0] + row[1] + row[2]) / 3);
const heftEdges = TOPCUOGLU_EDGES;
const paperRankU = [108, 77, 80, 80, 69, 63.333, 42.667, 35.667, 44.333, 14.667];

function heftGraph() {
  const ids = meanCost.map((_, i) => `n${i + 1}`);
  const g = graphFromEdges(
    ids,
    Int32Array.from(heftEdges, (e) => e[0] - 1),
    Int32Array.from(heftEdges, (e) => e[1] - 1),
    { workUnits: Float64Array.from(meanCost), edgeBytes: Float64Array.from(heftEdges, (e) => e[2]) },
  );
  // bandwidth 1 byte/ms and no latency: edge cost = the paper's communication cost.
  return { g, taskCost: taskCostsMs(g), edgeCost: edgeCostsMs(g, { bandwidthBytesPerMs: 1, latencyMs: 0 }) };
}

describe('analysis on the HEFT paper example', () => {
  it('upward ranks match the paper', () => {
    const { g, taskCost, edgeCost } = heftGraph();
    const rank = upwardRanks(g, taskCost, edgeCost);
    for (const [i, r] of paperRankU.entries()) expect(rank[i]).toBeCloseTo(r, 2);
  });

  it('critical path is n1 → n2 → n9 → n10 with length 108 and zero slack on it', () => {
    const { g, taskCost, edgeCost } = heftGraph();
    const cp = criticalPath(g, taskCost, edgeCost);
    expect(Array.from(cp.tasks, (i) => g.ids[i])).toEqual(['n1', 'n2', 'n9', 'n10']);
    expect(cp.lengthMs).toBeCloseTo(108, 9);
    expect(pathLengthMs(g, cp.tasks, taskCost, edgeCost)).toBeCloseTo(108, 9);
    for (const v of cp.tasks) expect(cp.slackMs[v]).toBeCloseTo(0, 9);
    // n7 (rank_u 42.667) starts no earlier than n3 ends: downward = 13 + 12 + 14.333 + 23.
    expect(downwardRanks(g, taskCost, edgeCost)[6]).toBeCloseTo(13 + 12 + 43 / 3 + 23, 9);
    expect(cp.slackMs[6]).toBeCloseTo(108 - (13 + 12 + 43 / 3 + 23) - 42.667, 2);
  });

  it('levels are {n1} {n2..n6} {n7 n8 n9} {n10}', () => {
    const { g } = heftGraph();
    const levels = computeLevels(g);
    expect(levels.depth).toBe(4);
    expect(Array.from(levels.widths)).toEqual([1, 5, 3, 1]);
    expect(levels.maxWidth).toBe(5);
    expect(levelGroups(levels).map((l) => Array.from(l, (i) => g.ids[i]))).toEqual([
      ['n1'],
      ['n2', 'n3', 'n4', 'n5', 'n6'],
      ['n7', 'n8', 'n9'],
      ['n10'],
    ]);
  });

  it('CCR is mean edge cost over mean task cost', () => {
    const { taskCost, edgeCost } = heftGraph();
    const meanEdge = heftEdges.reduce((s, e) => s + e[2], 0) / heftEdges.length;
    const meanTask = meanCost.reduce((s, c) => s + c, 0) / meanCost.length;
    expect(communicationToComputationRatio(taskCost, edgeCost)).toBeCloseTo(meanEdge / meanTask, 12);
    expect(communicationToComputationRatio(taskCost, new Float64Array(0))).toBe(0);
  });
});

describe('topological order', () => {
  it('is deterministic FIFO from sources in spec order', () => {
    const g = buildDag(dag([task('c', ['a']), task('a'), task('b'), task('d', ['c', 'b'])]));
    expect(Array.from(topologicalOrder(g), (i) => g.ids[i])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('throws a cycle DagError from a raw graph with a cycle', () => {
    const g = graphFromEdges(['x', 'y'], Int32Array.of(0, 1), Int32Array.of(1, 0));
    expect(() => topologicalOrder(g)).toThrow(/cycle: x -> y -> x/);
  });

  it('handles an empty DAG', () => {
    const g = buildDag(dag([]));
    expect(topologicalOrder(g)).toHaveLength(0);
    expect(computeLevels(g).depth).toBe(0);
    expect(criticalPath(g, new Float64Array(0), new Float64Array(0)).lengthMs).toBe(0);
  });
});

describe('makespan lower bounds', () => {
  const spec = dag([
    task('a', [], { workUnits: 100 }),
    task('b', ['a'], { workUnits: 300, cpuDemand: 2 }),
    task('c', ['a'], { workUnits: 200 }),
  ]);

  it('uses the fastest agent for the critical path and total capacity for the work bound', () => {
    const g = buildDag(spec);
    const b = makespanLowerBounds(g, [
      { slots: 1, speed: 2 },
      { slots: 2, speed: 1 },
    ]);
    expect(b.criticalPathMs).toBe(200); // (100 + 300) / 2
    expect(b.workMs).toBe((100 + 600 + 200) / 4);
    expect(b.lowerBoundMs).toBe(225);
  });

  it('rejects an empty fleet', () => {
    expect(() => makespanLowerBounds(buildDag(spec), [])).toThrow(RangeError);
  });
});
