/**
 * The scheduling framework: Filter plugins → Score plugins (normalised 0–100, weighted) → select.
 * One decision reads one snapshot of the engine state; the core reserves the chosen agent.
 */
import type { EngineState } from '../../core/state.js';
import { DataReadyCache } from '../data-ready.js';
import type { PlacementStrategy } from '../strategy.js';
import { DecisionLog, type DecisionRecord } from './decision-log.js';
import { type DecisionContext, type FilterPlugin, minMaxNormalize } from './plugin.js';
import { resolveFilterPlugins, resolveScorePlugins, type WeightedPlugin } from './registry.js';
import { Status } from './status.js';

export interface FrameworkOptions {
  /** Score plugins with their weights; every entry needs a weight. */
  plugins: readonly { name: string; weight?: number | undefined }[];
  /** Filter plugins, in order (default: capacity, health, affinity). */
  filters?: readonly string[] | undefined;
  /** Decisions kept for explanations (default 256; 0 keeps none). */
  decisionLogSize?: number | undefined;
  /** Candidates explained per decision (default 3). */
  explainTop?: number | undefined;
  /** Strategy name to report (default "weighted"). */
  name?: string | undefined;
  /**
   * Most candidates scored per decision (default 128; 0 = all). With more free agents than this, the
   * candidates are the fastest free agents of each (capability class, cluster) plus every agent holding
   * a parent's output — the analogue of Kubernetes' percentageOfNodesToScore, keeping decisions bounded
   * on large fleets while keeping the agents that can finish earliest in view.
   */
  candidatesMax?: number | undefined;
}

export const DEFAULT_FILTERS = ['capacity', 'health', 'affinity'] as const;

export class SchedulingFramework implements PlacementStrategy {
  readonly name: string;
  readonly scores: readonly WeightedPlugin[];
  readonly filters: readonly FilterPlugin[];
  readonly log: DecisionLog;
  /** Outcome of the last decision. */
  lastStatus: Status = Status.success();
  private readonly weightSum: number;
  private readonly explainTop: number;
  private readonly ready = new DataReadyCache();
  private readonly ctx: DecisionContext;
  private cand = new Int32Array(1024);
  private raw: Float64Array[];
  private total = new Float64Array(1024);
  private rejected: Int32Array;
  private rejectedExample: Int32Array;
  private readonly topScratch: number[] = [];
  private readonly candidatesMax: number;
  private seen = new Int32Array(0);
  private seenStamp = 0;

  constructor(opts: FrameworkOptions) {
    this.name = opts.name ?? 'weighted';
    this.scores = resolveScorePlugins(opts.plugins);
    this.filters = resolveFilterPlugins(opts.filters ?? DEFAULT_FILTERS);
    this.weightSum = this.scores.reduce((a, p) => a + p.weight, 0);
    this.explainTop = opts.explainTop ?? 3;
    this.candidatesMax = opts.candidatesMax ?? 128;
    this.log = new DecisionLog(
      opts.decisionLogSize ?? 256,
      this.explainTop,
      this.scores.map((p) => p.plugin.name),
      this.weights(),
    );
    this.raw = this.scores.map(() => new Float64Array(1024));
    this.rejected = new Int32Array(this.filters.length);
    this.rejectedExample = new Int32Array(this.filters.length);
    this.ctx = { s: null as unknown as EngineState, t: -1, nowMs: 0, ready: this.ready };
  }

  /** Weights in force, by plugin name. */
  weights(): Record<string, number> {
    return Object.fromEntries(this.scores.map((p) => [p.plugin.name, p.weight]));
  }

  select(s: EngineState, t: number): number {
    return this.selectIn(s, t, -1);
  }

  /** Like `select`, restricted to the agents of cluster index `cluster` (-1: every cluster). */
  selectIn(s: EngineState, t: number, cluster: number): number {
    const ctx = this.ctx;
    ctx.s = s;
    ctx.t = t;
    ctx.nowMs = s.nowMs;
    this.ready.prepare(s, t);
    const n = cluster < 0 ? this.collectCandidates(s, t) : this.clusterCandidates(s, t, cluster);
    if (n === 0) {
      this.lastStatus = this.unschedulableStatus();
      this.record(s, t, -1, 0);
      return -1;
    }
    this.scoreCandidates(n);
    let best = 0;
    for (let i = 1; i < n; i++) {
      const d = this.total[i]! - this.total[best]!;
      if (d > 0 || (d === 0 && this.cand[i]! < this.cand[best]!)) best = i;
    }
    this.lastStatus = Status.success();
    this.record(s, t, best, n);
    return this.cand[best]!;
  }

  /** The last logged decision for a task: top candidates with per-plugin scores. */
  explain(taskId: string): DecisionRecord | undefined {
    const s = this.ctx.s;
    const t = s?.taskIndex.get(taskId);
    if (t === undefined) return undefined;
    return this.log.find(
      t,
      (i) => s.taskSpec[i]!.id,
      (a) => s.agentSpec[a]!.id,
    );
  }

  private collectCandidates(s: EngineState, t: number): number {
    const rc = s.reqClasses[s.taskReqClass[t]!]!;
    let free = 0;
    for (const ac of rc.compatible) free += s.agentClasses[ac]!.free.length;
    let n = this.candidatesMax > 0 && free > this.candidatesMax ? this.boundedCandidates(s, t) : 0;
    if (n === 0) {
      while (free > this.cand.length) this.grow();
      for (const ac of rc.compatible) {
        const list = s.agentClasses[ac]!.free;
        for (let i = 0; i < list.length; i++) this.cand[n++] = list[i]!;
      }
    }
    return this.applyFilters(n);
  }

  private applyFilters(n: number): number {
    this.rejected.fill(0);
    for (let f = 0; f < this.filters.length && n > 0; f++) {
      const plugin = this.filters[f]!;
      const before = n;
      const first = this.cand[0]!;
      n = plugin.filterBatch ? plugin.filterBatch(this.ctx, this.cand, n) : this.filterEach(plugin, n);
      if (n < before) {
        this.rejected[f] = before - n;
        this.rejectedExample[f] = n === 0 ? first : this.firstRejected(plugin);
      }
    }
    return n;
  }

  /** Free agents of one cluster in the task's compatible classes (bounded like collectCandidates), filtered. */
  private clusterCandidates(s: EngineState, t: number, cluster: number): number {
    const rc = s.reqClasses[s.taskReqClass[t]!]!;
    let n = 0;
    let free = 0;
    for (const ac of rc.compatible) free += s.agentClasses[ac]!.byCluster[cluster]?.size ?? 0;
    const limit = this.candidatesMax > 0 ? Math.min(free, this.candidatesMax) : free;
    while (limit > this.cand.length) this.grow();
    for (const ac of rc.compatible) {
      const heap = s.agentClasses[ac]!.byCluster[cluster];
      if (!heap || heap.size === 0) continue;
      if (free <= limit) for (const a of heap.items) this.cand[n++] = a;
      else n = heap.topK(Math.max(1, Math.floor((limit * heap.size) / free)), this.cand, n);
    }
    return this.applyFilters(n);
  }

  /** The fastest free agents per (class, cluster) plus the agents holding the task's parents' outputs. */
  private boundedCandidates(s: EngineState, t: number): number {
    const rc = s.reqClasses[s.taskReqClass[t]!]!;
    let heaps = 0;
    for (const ac of rc.compatible) for (const h of s.agentClasses[ac]!.byCluster) if (h.size > 0) heaps++;
    const k = Math.max(2, Math.ceil(this.candidatesMax / Math.max(1, heaps)));
    while (heaps * k + s.taskParents[t]!.length > this.cand.length) this.grow();
    if (this.seen.length < s.agentSpec.length) this.seen = new Int32Array(s.agentSpec.length * 2);
    const stamp = ++this.seenStamp;
    let n = 0;
    for (const ac of rc.compatible)
      for (const h of s.agentClasses[ac]!.byCluster) n = h.topK(k, this.cand, n);
    for (let i = 0; i < n; i++) this.seen[this.cand[i]!] = stamp;
    for (const p of s.taskParents[t]!) {
      const a = s.taskOutputAgent[p]!;
      if (
        a < 0 ||
        this.seen[a] === stamp ||
        s.agentFreePos[a]! < 0 ||
        !rc.compatible.includes(s.agentClass[a]!)
      )
        continue;
      this.seen[a] = stamp;
      this.cand[n++] = a;
    }
    return n;
  }

  private filterEach(plugin: FilterPlugin, n: number): number {
    let k = 0;
    for (let i = 0; i < n; i++) if (plugin.filter(this.ctx, this.cand[i]!)) this.cand[k++] = this.cand[i]!;
    return k;
  }

  /** Some agent the filter rejects (for explanations); only called when one was rejected. */
  private firstRejected(plugin: FilterPlugin): number {
    const s = this.ctx.s;
    for (let a = 0; a < s.agentSpec.length; a++) if (!plugin.filter(this.ctx, a)) return a;
    return 0;
  }

  private scoreCandidates(n: number): void {
    this.total.fill(0, 0, n);
    for (let k = 0; k < this.scores.length; k++) {
      const { plugin, weight } = this.scores[k]!;
      const raw = this.raw[k]!;
      plugin.prepare?.(this.ctx);
      if (plugin.scoreBatch) plugin.scoreBatch(this.ctx, this.cand, n, raw);
      else for (let i = 0; i < n; i++) raw[i] = plugin.score(this.ctx, this.cand[i]!);
      if (plugin.normalizeScore) plugin.normalizeScore(raw, n);
      else minMaxNormalize(raw, n, plugin.better);
      const w = weight / this.weightSum;
      const total = this.total;
      for (let i = 0; i < n; i++) {
        const v = raw[i]!;
        if (!(v >= 0 && v <= 100))
          throw new Error(`score plugin "${plugin.name}" produced ${v}, outside 0–100`);
        total[i]! += w * v;
      }
    }
  }

  private unschedulableStatus(): Status {
    let worst = -1;
    for (let f = 0; f < this.filters.length; f++)
      if (this.rejected[f]! > 0 && (worst < 0 || this.rejected[f]! > this.rejected[worst]!)) worst = f;
    if (worst < 0) return Status.unschedulable('no agent with the required capabilities has a free slot');
    const plugin = this.filters[worst]!;
    return Status.unschedulable(
      `${this.rejected[worst]} agents rejected by ${plugin.name}, e.g. ${plugin.reason(this.ctx, this.rejectedExample[worst]!)}`,
      plugin.name,
    );
  }

  private record(s: EngineState, t: number, best: number, n: number): void {
    if (this.log.capacity === 0) return;
    const slot = this.log.begin(t, s.nowMs, best >= 0 ? this.cand[best]! : -1, n, this.lastStatus.reason);
    if (n === 0) return;
    const top = this.topIndices(n);
    for (let r = 0; r < top.length; r++) {
      const i = top[r]!;
      this.log.setTop(slot, r, this.cand[i]!, this.total[i]!, (k) => this.raw[k]![i]!);
    }
  }

  private topIndices(n: number): number[] {
    const k = Math.min(this.explainTop, n);
    const top = this.topScratch;
    top.length = 0;
    for (let i = 0; i < n; i++) {
      let pos = top.length;
      while (pos > 0 && this.better(i, top[pos - 1]!)) pos--;
      if (pos < k) {
        top.splice(pos, 0, i);
        if (top.length > k) top.pop();
      }
    }
    return top;
  }

  private better(i: number, j: number): boolean {
    const d = this.total[i]! - this.total[j]!;
    return d > 0 || (d === 0 && this.cand[i]! < this.cand[j]!);
  }

  private grow(): void {
    const cap = this.cand.length * 2;
    const cand = new Int32Array(cap);
    cand.set(this.cand);
    this.cand = cand;
    this.raw = this.raw.map((r) => {
      const next = new Float64Array(cap);
      next.set(r);
      return next;
    });
    this.total = new Float64Array(cap);
  }
}
