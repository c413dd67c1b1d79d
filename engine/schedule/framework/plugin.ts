/**
 * Extension points of the scheduling framework. A decision for one task reads one snapshot of the engine
 * state: Filter plugins drop agents that cannot or must not take the task; Score plugins give every
 * remaining candidate a raw value, which the framework normalises to 0–100 per plugin and combines with
 * the configured weights; the highest total wins (ties: lowest agent index).
 */
import type { EngineState } from '../../core/state.js';
import type { DataReadyCache } from '../data-ready.js';

/** What a plugin may read about the decision in progress. */
export interface DecisionContext {
  s: EngineState;
  /** Task index. */
  t: number;
  nowMs: number;
  /** Data-ready delays for this task, prepared once per decision. */
  ready: DataReadyCache;
}

export interface FilterPlugin {
  readonly name: string;
  /** True when agent `a` may take task `ctx.t`. Called in the hot loop: no allocation. */
  filter(ctx: DecisionContext, a: number): boolean;
  /**
   * Optional batch form of `filter`: keeps, in order, the first `n` candidates that pass (compacting
   * `candidates` in place) and returns how many passed. Must agree with `filter`.
   */
  filterBatch?(ctx: DecisionContext, candidates: Int32Array, n: number): number;
  /** Why agent `a` was filtered out, for explanations and unschedulable statuses. */
  reason(ctx: DecisionContext, a: number): string;
}

export interface ScorePlugin {
  readonly name: string;
  /** Whether lower raw values are better (costs, times) or higher (matches). */
  readonly better: 'lower' | 'higher';
  /** Called once per decision before `score`, e.g. to cache per-task values. */
  prepare?(ctx: DecisionContext): void;
  /** Raw objective value of agent `a` for task `ctx.t` (e.g. finish time in ms). No allocation. */
  score(ctx: DecisionContext, a: number): number;
  /**
   * Optional batch form of `score`: fills `out[i]` for the first `n` candidates in one call, so the hot
   * loop has no per-candidate dispatch. Must agree with `score`.
   */
  scoreBatch?(ctx: DecisionContext, candidates: Int32Array, n: number, out: Float64Array): void;
  /**
   * Maps the raw values of the `n` candidates (in place) to 0–100, 100 best. Optional: the default is
   * min–max scaling in the plugin's `better` direction (all 100 when every candidate scores the same).
   */
  normalizeScore?(scores: Float64Array, n: number): void;
}

/** Default normalisation: min–max to 0–100, 100 for the best raw value. */
export function minMaxNormalize(scores: Float64Array, n: number, better: 'lower' | 'higher'): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  if (!(span > 0)) {
    scores.fill(100, 0, n);
    return;
  }
  const scale = 100 / span;
  if (better === 'lower')
    for (let i = 0; i < n; i++) scores[i] = Math.min(100, Math.max(0, (max - scores[i]!) * scale));
  else for (let i = 0; i < n; i++) scores[i] = Math.min(100, Math.max(0, (scores[i]! - min) * scale));
}
