/**
 * Per-agent load monitor. Heartbeat metrics go into rolling windows per resource; the windowed means give
 * a composite load (dynamic weights), whose status level (idle / normal / busy / overloaded) moves with
 * hysteresis against static or percentile-based thresholds. Crossing a level, or the cluster's share of
 * overloaded agents crossing its limit, returns alerts as values; the caller turns them into commands
 * (`toAlertCommand`). No clock: the time of each observation is passed in.
 */
import type { LoadMetrics } from '../model/types.js';
import { bottleneckWeights, entropyWeights, type ResourceWeights } from './dynamic-weights.js';
import { compositeLoad } from './evaluator.js';
import { type LoadStatus, nextStatus, statusRank } from './load-status.js';
import { currentThresholds, DEFAULT_DYNAMIC_POLICY, type ThresholdPolicy } from './load-thresholds.js';
import { RollingWindow } from './rolling-window.js';

export interface MonitorConfig {
  /** Samples per rolling window (default 12, e.g. one minute of 5 s heartbeats). */
  windowSize?: number;
  /** Samples of composite load kept for dynamic thresholds (default 720). */
  historySize?: number;
  thresholds?: ThresholdPolicy;
  /** Load drop below a boundary needed to leave a level (default 0.05). */
  hysteresis?: number;
  /** `bottleneck` (per agent, default) or `entropy` (fleet-wide, recomputed once per round of heartbeats). */
  weighting?: 'bottleneck' | 'entropy';
  /** Share of agents overloaded at which the cluster is overloaded (default 0.5); it clears below 80% of it. */
  clusterOverloadedShare?: number;
}

export type LoadAlert =
  | {
      kind: 'AgentStatusChanged';
      agentId: string;
      from: LoadStatus;
      to: LoadStatus;
      load: number;
      atMs: number;
    }
  | { kind: 'ClusterOverloaded'; overloadedShare: number; atMs: number }
  | { kind: 'ClusterRecovered'; overloadedShare: number; atMs: number };

export interface AgentLoadSnapshot {
  cpu: number;
  memory: number;
  network: number;
  load: number;
  status: LoadStatus;
  weights: ResourceWeights;
}

interface AgentWindows {
  cpu: RollingWindow;
  memory: RollingWindow;
  network: RollingWindow;
  status: LoadStatus;
  snapshot: AgentLoadSnapshot | undefined;
}

export class LoadMonitor {
  private readonly agents = new Map<string, AgentWindows>();
  private readonly history: RollingWindow;
  private readonly cfg: Required<MonitorConfig>;
  private overloadedCount = 0;
  private entropyCache: { weights: ResourceWeights; observationsLeft: number } | undefined;
  private clusterOverloaded = false;

  constructor(config: MonitorConfig = {}) {
    this.cfg = {
      windowSize: 12,
      historySize: 720,
      thresholds: DEFAULT_DYNAMIC_POLICY,
      hysteresis: 0.05,
      weighting: 'bottleneck',
      clusterOverloadedShare: 0.5,
      ...config,
    };
    this.history = new RollingWindow(this.cfg.historySize);
  }

  /** Records one heartbeat of `agentId` at `atMs` and returns the alerts it triggers (often none). */
  observe(agentId: string, atMs: number, metrics: LoadMetrics): LoadAlert[] {
    const a = this.windowsOf(agentId);
    a.cpu.push(clamp01(metrics.cpu));
    a.memory.push(clamp01(metrics.memory));
    a.network.push(clamp01(metrics.network));
    const means = { cpu: a.cpu.mean(), memory: a.memory.mean(), network: a.network.mean() };
    const weights =
      this.cfg.weighting === 'entropy' ? this.fleetEntropyWeights(agentId, means) : bottleneckWeights(means);
    const load = compositeLoad(means, weights);
    const thresholds = currentThresholds(this.cfg.thresholds, this.history);
    this.history.push(load);
    const from = a.status;
    const to = nextStatus(from, load, thresholds, this.cfg.hysteresis);
    a.status = to;
    a.snapshot = { ...means, load, status: to, weights };
    if (from === to) return [];
    this.overloadedCount += (to === 'overloaded' ? 1 : 0) - (from === 'overloaded' ? 1 : 0);
    return [{ kind: 'AgentStatusChanged', agentId, from, to, load, atMs }, ...this.clusterAlerts(atMs)];
  }

  /** Forgets an agent (it left); may return a cluster alert since the overloaded share changes. */
  remove(agentId: string, atMs: number): LoadAlert[] {
    const a = this.agents.get(agentId);
    if (!a) return [];
    if (a.status === 'overloaded') this.overloadedCount--;
    this.agents.delete(agentId);
    return this.clusterAlerts(atMs);
  }

  /** Latest windowed view of an agent, or undefined before its first heartbeat. */
  snapshot(agentId: string): AgentLoadSnapshot | undefined {
    return this.agents.get(agentId)?.snapshot;
  }

  /** Current status of an agent (`idle` before its first heartbeat). */
  status(agentId: string): LoadStatus {
    return this.agents.get(agentId)?.status ?? 'idle';
  }

  /** Share of known agents that are overloaded (0 with no agents). */
  overloadedShare(): number {
    return this.agents.size ? this.overloadedCount / this.agents.size : 0;
  }

  private windowsOf(agentId: string): AgentWindows {
    let a = this.agents.get(agentId);
    if (!a) {
      const w = this.cfg.windowSize;
      a = {
        cpu: new RollingWindow(w),
        memory: new RollingWindow(w),
        network: new RollingWindow(w),
        status: 'idle',
        snapshot: undefined,
      };
      this.agents.set(agentId, a);
    }
    return a;
  }

  /** Entropy weights over the fleet's latest snapshots, recomputed after as many observations as agents. */
  private fleetEntropyWeights(agentId: string, own: LoadMetrics): ResourceWeights {
    const cache = this.entropyCache;
    if (cache && cache.observationsLeft > 0) {
      cache.observationsLeft--;
      return cache.weights;
    }
    const rows: LoadMetrics[] = [own];
    for (const [id, a] of this.agents) if (id !== agentId && a.snapshot) rows.push(a.snapshot);
    const weights = entropyWeights(rows);
    this.entropyCache = { weights, observationsLeft: this.agents.size - 1 };
    return weights;
  }

  private clusterAlerts(atMs: number): LoadAlert[] {
    const share = this.overloadedShare();
    const limit = this.cfg.clusterOverloadedShare;
    if (!this.clusterOverloaded && share >= limit) {
      this.clusterOverloaded = true;
      return [{ kind: 'ClusterOverloaded', overloadedShare: share, atMs }];
    }
    if (this.clusterOverloaded && share < 0.8 * limit) {
      this.clusterOverloaded = false;
      return [{ kind: 'ClusterRecovered', overloadedShare: share, atMs }];
    }
    return [];
  }
}

/** The core's `Alert` command for a load alert (levels: overloaded → critical, busy/cluster → warning). */
export function toAlertCommand(alert: LoadAlert): {
  kind: 'Alert';
  level: 'info' | 'warning' | 'critical';
  message: string;
} {
  switch (alert.kind) {
    case 'AgentStatusChanged': {
      const up = statusRank(alert.to) > statusRank(alert.from);
      const level = alert.to === 'overloaded' ? 'critical' : up && alert.to === 'busy' ? 'warning' : 'info';
      return {
        kind: 'Alert',
        level,
        message: `agent ${alert.agentId} ${alert.from} → ${alert.to} (load ${alert.load.toFixed(2)})`,
      };
    }
    case 'ClusterOverloaded':
      return {
        kind: 'Alert',
        level: 'critical',
        message: `cluster overloaded: ${(alert.overloadedShare * 100).toFixed(0)}% of agents`,
      };
    case 'ClusterRecovered':
      return {
        kind: 'Alert',
        level: 'info',
        message: `cluster recovered: ${(alert.overloadedShare * 100).toFixed(0)}% of agents overloaded`,
      };
  }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
