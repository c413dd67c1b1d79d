/**
 * One-call summary of a DAG for `dag inspect` and reports: size, shape, critical path, CCR, bounds.
 */
import type { DagSpec } from '../model/types.js';
import { communicationToComputationRatio, type FleetCapacity, makespanLowerBounds } from './bounds.js';
import { buildDag } from './build.js';
import { type EdgeCostModel, edgeCostsMs, taskCostsMs } from './costs.js';
import { criticalPath } from './critical-path.js';
import { countSourcesAndSinks } from './graph.js';
import { computeLevels } from './levels.js';
import { topologicalOrder } from './topo.js';

export interface DagSummary {
  id: string;
  tasks: number;
  edges: number;
  sources: number;
  sinks: number;
  depth: number;
  maxWidth: number;
  totalWorkMs: number;
  criticalPath: { lengthMs: number; computeMs: number; taskIds: string[] };
  ccr: number;
  lowerBounds: { criticalPathMs: number; workMs: number; lowerBoundMs: number };
}

export interface SummaryOptions {
  network: EdgeCostModel;
  fleet: FleetCapacity;
}

/**
 * Summarises `spec` (throws `DagError` if it does not build). The critical path counts compute at speed
 * 1 and communication through `options.network`; lower bounds use `options.fleet`.
 */
export function summariseDag(spec: DagSpec, options: SummaryOptions): DagSummary {
  const graph = buildDag(spec);
  const order = topologicalOrder(graph);
  const levels = computeLevels(graph, order);
  const taskCost = taskCostsMs(graph);
  const edgeCost = edgeCostsMs(graph, options.network);
  const cp = criticalPath(graph, taskCost, edgeCost, order);
  let computeMs = 0;
  for (const v of cp.tasks) computeMs += taskCost[v]!;
  let totalWorkMs = 0;
  for (const w of taskCost) totalWorkMs += w;
  return {
    id: spec.id,
    tasks: graph.taskCount,
    edges: graph.edgeCount,
    ...countSourcesAndSinks(graph),
    depth: levels.depth,
    maxWidth: levels.maxWidth,
    totalWorkMs,
    criticalPath: { lengthMs: cp.lengthMs, computeMs, taskIds: Array.from(cp.tasks, (i) => graph.ids[i]!) },
    ccr: communicationToComputationRatio(taskCost, edgeCost),
    lowerBounds: makespanLowerBounds(graph, options.fleet, order),
  };
}
