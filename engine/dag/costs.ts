/**
 * Cost arrays the analyses take: compute cost per task and communication cost per edge, both in ms.
 * Analyses never read task fields directly, so callers can plug in any cost model (mean over agents,
 * fastest agent, measured runtimes).
 */
import type { DagGraph } from './graph.js';

/** Estimated network for communication costs: `bytes / bandwidth + latency` for each edge with data. */
export interface EdgeCostModel {
  bandwidthBytesPerMs: number;
  latencyMs: number;
}

/** Compute cost of each task on an agent of relative `speed` (workUnits / speed). */
export function taskCostsMs(graph: DagGraph, speed = 1): Float64Array {
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  const costs = new Float64Array(graph.taskCount);
  for (let i = 0; i < costs.length; i++) costs[i] = graph.workUnits[i]! / speed;
  return costs;
}

/** Communication cost of each edge; edges that carry no bytes cost 0 (no latency either). */
export function edgeCostsMs(graph: DagGraph, model: EdgeCostModel): Float64Array {
  if (!(model.bandwidthBytesPerMs > 0))
    throw new RangeError(`bandwidthBytesPerMs must be > 0, got ${model.bandwidthBytesPerMs}`);
  const costs = new Float64Array(graph.edgeCount);
  for (let e = 0; e < costs.length; e++) {
    const bytes = graph.edgeBytes[e]!;
    costs[e] = bytes > 0 ? bytes / model.bandwidthBytesPerMs + model.latencyMs : 0;
  }
  return costs;
}

/** All-zero edge costs (every task on one agent, or communication ignored). */
export function zeroEdgeCosts(graph: DagGraph): Float64Array {
  return new Float64Array(graph.edgeCount);
}
