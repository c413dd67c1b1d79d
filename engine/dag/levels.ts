/**
 * Levels (antichains): a task's level is the length of the longest parent chain above it, so sources
 * are level 0 and no two tasks of one level depend on each other. Depth is the number of levels.
 */
import type { DagGraph } from './graph.js';
import { topologicalOrder } from './topo.js';

export interface DagLevels {
  /** Level of each task (0 for sources). */
  readonly levelOf: Int32Array;
  /** Number of levels (0 for an empty DAG). */
  readonly depth: number;
  /** Tasks per level. */
  readonly widths: Int32Array;
  /** Largest level: the most tasks that can run in parallel level by level. */
  readonly maxWidth: number;
}

/** Levels of every task; `order` must be a topological order of `graph` (computed when omitted). */
export function computeLevels(graph: DagGraph, order: Int32Array = topologicalOrder(graph)): DagLevels {
  const n = graph.taskCount;
  const { predOffsets, predSources } = graph;
  const levelOf = new Int32Array(n);
  let depth = 0;
  for (let k = 0; k < order.length; k++) {
    const v = order[k]!;
    let level = 0;
    const end = predOffsets[v + 1]!;
    for (let p = predOffsets[v]!; p < end; p++) {
      const l = levelOf[predSources[p]!]! + 1;
      if (l > level) level = l;
    }
    levelOf[v] = level;
    if (level + 1 > depth) depth = level + 1;
  }
  const widths = new Int32Array(depth);
  for (let i = 0; i < n; i++) widths[levelOf[i]!]!++;
  let maxWidth = 0;
  for (let l = 0; l < depth; l++) if (widths[l]! > maxWidth) maxWidth = widths[l]!;
  return { levelOf, depth, widths, maxWidth };
}

/** Task indices grouped by level, each group in ascending index order. */
export function levelGroups(levels: DagLevels): Int32Array[] {
  const groups = Array.from(levels.widths, (w) => new Int32Array(w));
  const fill = new Int32Array(levels.depth);
  for (let i = 0; i < levels.levelOf.length; i++) {
    const l = levels.levelOf[i]!;
    groups[l]![fill[l]!++] = i;
  }
  return groups;
}
