/**
 * Communication-to-computation ratio and the makespan lower bounds used in the scheduling literature.
 */
import type { AgentSpec } from '../model/types.js';
import { taskCostsMs, zeroEdgeCosts } from './costs.js';
import { criticalPath } from './critical-path.js';
import type { DagGraph } from './graph.js';
import { topologicalOrder } from './topo.js';

/**
 * CCR = mean communication cost per edge / mean compute cost per task (Topcuoglu et al., HEFT).
 * 0 when there are no edges or no compute.
 */
export function communicationToComputationRatio(taskCost: Float64Array, edgeCost: Float64Array): number {
  if (edgeCost.length === 0 || taskCost.length === 0) return 0;
  const meanTask = sum(taskCost) / taskCost.length;
  if (meanTask === 0) return 0;
  return sum(edgeCost) / edgeCost.length / meanTask;
}

export interface MakespanLowerBounds {
  /** Critical path with every task on the fastest agent and no communication (all on one agent). */
  criticalPathMs: number;
  /** Total work (workUnits × cpuDemand) / total capacity (Σ slots × speed). */
  workMs: number;
  /** The larger of the two: no schedule on this fleet can finish sooner. */
  lowerBoundMs: number;
}

/** The fleet shape the bounds need; `AgentSpec` satisfies it. */
export type FleetCapacity = readonly Pick<AgentSpec, 'slots' | 'speed'>[];

/** Lower bounds on the makespan of `graph` on `fleet`. Throws RangeError for an empty or zero-speed fleet. */
export function makespanLowerBounds(
  graph: DagGraph,
  fleet: FleetCapacity,
  order: Int32Array = topologicalOrder(graph),
): MakespanLowerBounds {
  let fastest = 0;
  let capacity = 0;
  for (const a of fleet) {
    if (a.speed > fastest) fastest = a.speed;
    capacity += a.slots * a.speed;
  }
  if (!(fastest > 0) || !(capacity > 0))
    throw new RangeError('the fleet needs at least one agent with speed > 0 and slots > 0');
  const cp = criticalPath(graph, taskCostsMs(graph, fastest), zeroEdgeCosts(graph), order).lengthMs;
  let work = 0;
  for (let i = 0; i < graph.taskCount; i++) work += graph.workUnits[i]! * graph.cpuDemand[i]!;
  const workMs = work / capacity;
  return { criticalPathMs: cp, workMs, lowerBoundMs: Math.max(cp, workMs) };
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}
