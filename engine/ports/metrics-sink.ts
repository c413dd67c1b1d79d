/**
 * MetricsSink port: time series of agent load and engine throughput, written in batches off the decision
 * path. A sink must never block or throw into the driver: failures are the adapter's to buffer and retry.
 */

/** One agent load sample (ratios 0–1) at engine clock ms. */
export interface AgentLoadPoint {
  agentId: string;
  cluster: string;
  atMs: number;
  cpu: number;
  memory: number;
  network: number;
  runningTasks: number;
}

/** Engine counters sampled once per interval. */
export interface EnginePoint {
  atMs: number;
  stimuli: number;
  decisions: number;
  completions: number;
  aliveAgents: number;
  readyTasks: number;
  runningTasks: number;
}

/** One settled task attempt (execution history): completed, failed, gave-up or cancelled. */
export interface TaskRunPoint {
  taskId: string;
  dagId?: string | undefined;
  agentId?: string | undefined;
  attempt?: number | undefined;
  outcome: string;
  atMs: number;
  /** From assignment to the outcome, when the assignment time is known. */
  durationMs?: number | undefined;
}

/** One sample of the engine process itself. */
export interface SystemPoint {
  atMs: number;
  host: string;
  rssBytes: number;
  heapUsedBytes: number;
  /** CPU time used since the previous sample. */
  cpuUserMs: number;
  cpuSystemMs: number;
  eventLoopDelayMsP99: number;
  stimulusQueue: number;
}

export interface MetricsSink {
  /** Writes a batch of agent load samples. */
  writeAgentLoad(points: readonly AgentLoadPoint[]): Promise<void>;
  /** Writes a batch of engine samples. */
  writeEngine(points: readonly EnginePoint[]): Promise<void>;
  /** Writes task execution history; optional (sinks without it drop these points). */
  writeTaskRuns?(points: readonly TaskRunPoint[]): Promise<void>;
  /** Writes process samples; optional. */
  writeSystem?(points: readonly SystemPoint[]): Promise<void>;
}
