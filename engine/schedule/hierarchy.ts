/**
 * Hierarchical placement in three layers, each with its own latency budget:
 * - global: picks a cluster for the task from cluster-level figures — the earliest finish its fastest
 *   free agent could give, free capacity, data locality (bytes of parents' outputs already there) and the
 *   cluster's predicted load — normalised 0–100 and weighted;
 * - local: the scheduling framework (filters + weighted score plugins) inside the chosen cluster, falling
 *   back to the next-best cluster when every agent there is filtered out;
 * - realtime: urgent tasks (priority at or above `urgentPriority`, or a deadline within reach) skip the
 *   global layer and go to the earliest-finishing agent in any cluster.
 * Layer boundaries are marked on the decision probe so drivers can report per-layer latency.
 */
import type { EngineState } from '../core/state.js';
import { DataReadyCache } from './data-ready.js';
import { SchedulingFramework } from './framework/framework.js';
import { minMaxNormalize } from './framework/plugin.js';
import type { PhaseProbe, PlacementStrategy } from './strategy.js';

export interface HierarchyOptions {
  /** Score plugin weights for the local layer. */
  localWeights: Record<string, number>;
  /** Cluster-level objective weights for the global layer. */
  globalWeights?: Partial<Record<'finish' | 'capacity' | 'locality' | 'load', number>> | undefined;
  /** Tasks with at least this priority are urgent (default 10). */
  urgentPriority?: number | undefined;
  /** A task whose deadline is closer than expected runtime × this factor is urgent (default 2). */
  deadlineSlackFactor?: number | undefined;
  /** Candidates scored by the local layer (see FrameworkOptions.candidatesMax). */
  candidatesMax?: number | undefined;
  /**
   * Latency budget per layer in µs. The core reads no clock, so budgets are checked by the driver that
   * times the layers (the simulator reports each layer's share of decisions over budget).
   */
  budgetsUs?: Partial<Record<'global' | 'local' | 'realtime', number>> | undefined;
}

export const DEFAULT_LAYER_BUDGETS_US = { global: 50, local: 200, realtime: 100 } as const;

const GLOBAL_DEFAULTS = { finish: 4, capacity: 1, locality: 1, load: 1 } as const;

export class HierarchicalStrategy implements PlacementStrategy {
  readonly name = 'hierarchical';
  readonly local: SchedulingFramework;
  readonly realtime: SchedulingFramework;
  /** Decisions taken per layer (realtime decisions skip the global layer). */
  readonly counts = { global: 0, local: 0, realtime: 0, fallbacks: 0 };
  /** Latency budget per layer (µs), for drivers to check. */
  readonly budgetsUs: Record<'global' | 'local' | 'realtime', number>;
  private readonly gw: { finish: number; capacity: number; locality: number; load: number };
  private readonly urgentPriority: number;
  private readonly deadlineSlackFactor: number;
  private readonly ready = new DataReadyCache();
  private finish = new Float64Array(16);
  private capacity = new Float64Array(16);
  private locality = new Float64Array(16);
  private load = new Float64Array(16);
  private total = new Float64Array(16);
  private order: number[] = [];

  constructor(opts: HierarchyOptions) {
    this.local = new SchedulingFramework({
      name: 'hierarchical/local',
      plugins: Object.entries(opts.localWeights).map(([name, weight]) => ({ name, weight })),
      candidatesMax: opts.candidatesMax,
    });
    this.realtime = new SchedulingFramework({
      name: 'hierarchical/realtime',
      plugins: [{ name: 'eft', weight: 1 }],
    });
    this.gw = { ...GLOBAL_DEFAULTS, ...opts.globalWeights };
    this.budgetsUs = { ...DEFAULT_LAYER_BUDGETS_US, ...opts.budgetsUs };
    this.urgentPriority = opts.urgentPriority ?? 10;
    this.deadlineSlackFactor = opts.deadlineSlackFactor ?? 2;
  }

  select(s: EngineState, t: number, probe?: PhaseProbe): number {
    if (this.isUrgent(s, t)) {
      this.counts.realtime++;
      const a = this.realtime.select(s, t);
      probe?.phase?.('realtime');
      return a;
    }
    const clusters = this.rankClusters(s, t);
    this.counts.global++;
    probe?.phase?.('global');
    for (let i = 0; i < clusters.length; i++) {
      const a = this.local.selectIn(s, t, clusters[i]!);
      if (a >= 0) {
        this.counts.local++;
        if (i > 0) this.counts.fallbacks++;
        probe?.phase?.('local');
        return a;
      }
    }
    probe?.phase?.('local');
    return -1;
  }

  /** The local layer's explanation of its last decision for the task. */
  explain(taskId: string) {
    return this.realtime.explain(taskId) ?? this.local.explain(taskId);
  }

  private isUrgent(s: EngineState, t: number): boolean {
    const spec = s.taskSpec[t]!;
    if (spec.priority >= this.urgentPriority) return true;
    if (spec.deadlineMs === undefined) return false;
    return spec.deadlineMs - s.nowMs < spec.workUnits * this.deadlineSlackFactor;
  }

  /** Cluster indices with a free compatible agent, best first by the weighted global objectives. */
  private rankClusters(s: EngineState, t: number): number[] {
    const nc = s.clusterIndex.size;
    if (this.total.length < nc) this.growClusters(nc);
    const rc = s.reqClasses[s.taskReqClass[t]!]!;
    this.ready.prepare(s, t);
    const work = s.taskSpec[t]!.workUnits;
    const order = this.order;
    order.length = 0;
    this.locality.fill(0, 0, nc);
    for (const p of s.taskParents[t]!) {
      const from = s.taskOutputAgent[p]!;
      if (from >= 0) this.locality[s.agentClusterId[from]!]! += s.taskSpec[p]!.outputBytes;
    }
    for (let c = 0; c < nc; c++) {
      let freeAgents = 0;
      let fastest = 0;
      for (const ac of rc.compatible) {
        const heap = s.agentClasses[ac]!.byCluster[c];
        if (!heap || heap.size === 0) continue;
        freeAgents += heap.size;
        fastest = Math.max(fastest, s.agentEffSpeed[heap.top()]!);
      }
      if (freeAgents === 0) continue;
      const k = order.length;
      order.push(c);
      this.finish[k] = this.ready.clusterDelayMs(c) + work / fastest;
      this.capacity[k] = freeAgents;
      this.load[k] = this.clusterLoad(s, c);
      this.total[k] = this.locality[c]!;
    }
    const n = order.length;
    if (n <= 1) return order.slice();
    const locality = this.total;
    minMaxNormalize(this.finish, n, 'lower');
    minMaxNormalize(this.capacity, n, 'higher');
    minMaxNormalize(locality, n, 'higher');
    minMaxNormalize(this.load, n, 'lower');
    const { finish, capacity, locality: wl, load } = this.gw;
    const scores: [number, number][] = [];
    for (let k = 0; k < n; k++) {
      scores.push([
        finish * this.finish[k]! + capacity * this.capacity[k]! + wl * locality[k]! + load * this.load[k]!,
        order[k]!,
      ]);
    }
    scores.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
    return scores.map((x) => x[1]);
  }

  /**
   * Mean load of the cluster's agents (forecast + reserved share of slots), recomputed at most once per
   * heartbeat interval of engine time: an O(agents) scan per decision would dominate on large fleets,
   * and cluster means move slowly.
   */
  private loadCacheMs = Number.NEGATIVE_INFINITY;
  private loadCache = new Float64Array(16);
  private clusterLoad(s: EngineState, c: number): number {
    if (
      s.nowMs - this.loadCacheMs >= s.config.heartbeatIntervalMs ||
      this.loadCache.length < s.clusterIndex.size
    ) {
      this.loadCacheMs = s.nowMs;
      const nc = s.clusterIndex.size;
      if (this.loadCache.length < nc) this.loadCache = new Float64Array(nc * 2);
      const counts = new Int32Array(nc);
      this.loadCache.fill(0, 0, nc);
      for (let a = 0; a < s.agentSpec.length; a++) {
        const cl = s.agentClusterId[a]!;
        this.loadCache[cl]! += s.agentPredictedLoad[a]! + s.agentUsedSlots[a]! / s.agentSpec[a]!.slots;
        counts[cl]!++;
      }
      for (let k = 0; k < nc; k++) if (counts[k]! > 0) this.loadCache[k]! /= counts[k]!;
    }
    return this.loadCache[c]!;
  }

  private growClusters(n: number): void {
    const cap = n * 2;
    this.finish = new Float64Array(cap);
    this.capacity = new Float64Array(cap);
    this.locality = new Float64Array(cap);
    this.load = new Float64Array(cap);
    this.total = new Float64Array(cap);
  }
}
