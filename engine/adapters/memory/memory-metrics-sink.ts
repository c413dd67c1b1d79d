/** In-memory MetricsSink: keeps the most recent samples (bounded) for tests and the stats route. */
import type { AgentLoadPoint, EnginePoint, MetricsSink } from '../../ports/metrics-sink.js';

export class MemoryMetricsSink implements MetricsSink {
  readonly agentLoad: AgentLoadPoint[] = [];
  readonly engine: EnginePoint[] = [];

  constructor(readonly pointsMax = 50_000) {}

  /** Keeps the newest `pointsMax` agent samples. */
  async writeAgentLoad(points: readonly AgentLoadPoint[]): Promise<void> {
    this.agentLoad.push(...points);
    if (this.agentLoad.length > this.pointsMax)
      this.agentLoad.splice(0, this.agentLoad.length - this.pointsMax);
  }

  /** Keeps the newest `pointsMax` engine samples. */
  async writeEngine(points: readonly EnginePoint[]): Promise<void> {
    this.engine.push(...points);
    if (this.engine.length > this.pointsMax) this.engine.splice(0, this.engine.length - this.pointsMax);
  }
}
