/**
 * Domain model shared by the engine core, the simulator and the live server.
 * Units are integers where they can be: milliseconds (`…Ms`), bytes (`…Bytes`), megabytes (`…Mb`);
 * the unit is the last word of a name.
 */

export type TaskId = string;
export type AgentId = string;
export type DagId = string;

/** A unit of work. `workUnits` is the runtime in milliseconds on an agent of speed 1.0. */
export interface TaskSpec {
  id: TaskId;
  /** Task type, e.g. `compute`, `io`, `gpu-train`; agents may be better at some types. */
  type: string;
  workUnits: number;
  /** Slots (cores) the task occupies while it runs; at least 1. */
  cpuDemand: number;
  memoryMb: number;
  /** Bytes the task reads that do not come from a parent (fetched from the task's own store). */
  inputBytes: number;
  /** Bytes the task produces; each child reads them. */
  outputBytes: number;
  /** Higher runs first. */
  priority: number;
  /** Absolute deadline (ms since the run's start), if any. */
  deadlineMs?: number | undefined;
  /** Capabilities an agent must have to run the task (all of them). */
  requires?: readonly string[] | undefined;
  /** Placement constraints: run only in these clusters / on these agent types; never in `avoidClusters`. */
  affinity?: TaskAffinity | undefined;
  /** Parent task ids within the same DAG. */
  parents: readonly TaskId[];
  /** Data artifacts the task reads / writes; the DAG builder can infer edges from them. */
  reads?: readonly string[] | undefined;
  writes?: readonly string[] | undefined;
}

export interface TaskAffinity {
  clusters?: readonly string[] | undefined;
  agentTypes?: readonly string[] | undefined;
  avoidClusters?: readonly string[] | undefined;
}

/** A workflow: tasks with dependencies. */
export interface DagSpec {
  id: DagId;
  tasks: readonly TaskSpec[];
  /** Free-form labels (workflow name, generator parameters, origin file). */
  labels?: Readonly<Record<string, string>> | undefined;
}

/** A worker agent as it registers with the engine. */
export interface AgentSpec {
  id: AgentId;
  cluster: string;
  type: string;
  capabilities: readonly string[];
  /** Parallel task slots (cores). */
  slots: number;
  /** Relative speed: a task of `workUnits` w runs w / speed ms. */
  speed: number;
  memoryMb: number;
  powerIdleW: number;
  powerMaxW: number;
}

/** Load an agent reports with its heartbeat. Ratios are 0–1. */
export interface LoadMetrics {
  cpu: number;
  memory: number;
  network: number;
  /** 0–1: how well the agent's recent work matched the types it is suited for (1 = always matched). */
  taskTypeMatch?: number | undefined;
  /** Actual / expected runtime, EWMA; 1 = as predicted, > 1 slower. */
  historicalPerformance?: number | undefined;
}

/** Estimated network the engine plans with (the simulator has the true one). */
export interface NetworkModel {
  intraClusterBandwidthBytesPerMs: number;
  intraClusterLatencyMs: number;
  interClusterBandwidthBytesPerMs: number;
  interClusterLatencyMs: number;
}

export function transferTimeMs(
  net: NetworkModel,
  bytes: number,
  sameAgent: boolean,
  sameCluster: boolean,
): number {
  if (sameAgent || bytes <= 0) return 0;
  return sameCluster
    ? bytes / net.intraClusterBandwidthBytesPerMs + net.intraClusterLatencyMs
    : bytes / net.interClusterBandwidthBytesPerMs + net.interClusterLatencyMs;
}
