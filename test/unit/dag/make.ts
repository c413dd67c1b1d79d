/** Small builders for DAG tests. */
import type { DagSpec, TaskSpec } from '../../../engine/model/types.js';

export function task(id: string, parents: string[] = [], extra: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id,
    type: 'compute',
    workUnits: 10,
    cpuDemand: 1,
    memoryMb: 0,
    inputBytes: 0,
    outputBytes: 0,
    priority: 0,
    parents,
    ...extra,
  };
}

export function dag(tasks: TaskSpec[], id = 'd'): DagSpec {
  return { id, tasks };
}
