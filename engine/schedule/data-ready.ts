/**
 * Per-decision cache of data-ready delays. For one task, the delay until its inputs could be on an agent
 * is the same for every agent of a cluster except the agents holding a parent's output; `prepare`
 * computes the per-cluster value once and marks those agents, so `delayMs(a)` is an array read for all
 * but a handful of agents.
 */
import type { EngineState } from '../core/state.js';
import { dataReadyDelayMs } from './strategy.js';

export class DataReadyCache {
  private perCluster = new Float64Array(16);
  private stamp = new Int32Array(0);
  private decision = 0;
  private s: EngineState | null = null;
  private t = -1;

  /** Computes the per-cluster delays for task `t`; call once per decision. */
  prepare(s: EngineState, t: number): void {
    const nClusters = s.clusterIndex.size;
    if (this.perCluster.length < nClusters) this.perCluster = new Float64Array(nClusters * 2);
    if (this.stamp.length < s.agentSpec.length) this.stamp = new Int32Array(s.agentSpec.length * 2);
    this.decision++;
    this.s = s;
    this.t = t;
    const net = s.config.network;
    const out = this.perCluster;
    const own = s.taskSpec[t]!.inputBytes;
    out.fill(
      own > 0 ? own / net.intraClusterBandwidthBytesPerMs + net.intraClusterLatencyMs : 0,
      0,
      nClusters,
    );
    const parents = s.taskParents[t]!;
    for (let i = 0; i < parents.length; i++) {
      const p = parents[i]!;
      const bytes = s.taskSpec[p]!.outputBytes;
      if (bytes <= 0) continue;
      const from = s.taskOutputAgent[p]!;
      this.stamp[from] = this.decision;
      const home = s.agentClusterId[from]!;
      const inter = bytes / net.interClusterBandwidthBytesPerMs + net.interClusterLatencyMs;
      const intra = bytes / net.intraClusterBandwidthBytesPerMs + net.intraClusterLatencyMs;
      for (let c = 0; c < nClusters; c++) {
        const d = c === home ? intra : inter;
        if (d > out[c]!) out[c] = d;
      }
    }
  }

  /** Delay for an agent of cluster `c` that holds none of the task's parents' outputs. */
  clusterDelayMs(c: number): number {
    return this.perCluster[c]!;
  }

  /** Whether agent `a` holds a parent's output (its delay differs from its cluster's). */
  holdsParentOutput(a: number): boolean {
    return this.stamp[a] === this.decision;
  }

  /** Data-ready delay of the prepared task on agent `a`. */
  delayMs(a: number): number {
    const s = this.s!;
    return this.stamp[a] === this.decision
      ? dataReadyDelayMs(s, this.t, a)
      : this.perCluster[s.agentClusterId[a]!]!;
  }
}
