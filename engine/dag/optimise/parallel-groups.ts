/**
 * Parallel groups: sets of tasks with no dependency between any two, so they can run together.
 * Levels are such groups (antichains); each task belongs to exactly one.
 */
import type { DagGraph } from '../graph.js';
import { computeLevels, levelGroups } from '../levels.js';

/** Task ids grouped by level, first level first, ids in spec order within a group. */
export function parallelGroups(graph: DagGraph): string[][] {
  return levelGroups(computeLevels(graph)).map((g) => Array.from(g, (i) => graph.ids[i]!));
}
