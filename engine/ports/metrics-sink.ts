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

export interface MetricsSink {
  /** Writes a batch of agent load samples. */
  writeAgentLoad(points: readonly AgentLoadPoint[]): Promise<void>;
  /** Writes a batch of engine samples. */
  writeEngine(points: readonly EnginePoint[]): Promise<void>;
}
