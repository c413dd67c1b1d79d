/**
 * Shared-memory layout between the decision path (main thread) and the forecasting worker.
 * - History ring per agent: the main thread appends observations; the worker copies windows out.
 * - Forecast slots per agent, double-buffered: the worker writes the inactive slot, then flips the
 *   agent's active index with an atomic store; readers take the active index and read that slot. A read is
 *   a few array loads: the decision path never waits for the worker, it sees the last complete forecast.
 */

export interface CacheLayout {
  agentCount: number;
  /** Observations kept per agent. */
  capacity: number;
  horizonSteps: number;
}

export interface CacheBuffers {
  layout: CacheLayout;
  history: SharedArrayBuffer;
  historyCount: SharedArrayBuffer;
  forecasts: SharedArrayBuffer;
  active: SharedArrayBuffer;
  version: SharedArrayBuffer;
}

/** Allocates the shared buffers for `layout`. */
export function allocateCache(layout: CacheLayout): CacheBuffers {
  const { agentCount, capacity, horizonSteps } = layout;
  return {
    layout,
    history: new SharedArrayBuffer(agentCount * capacity * 8),
    historyCount: new SharedArrayBuffer(agentCount * 4),
    forecasts: new SharedArrayBuffer(agentCount * 2 * horizonSteps * 8),
    active: new SharedArrayBuffer(agentCount * 4),
    version: new SharedArrayBuffer(agentCount * 4),
  };
}

/** Typed views over the shared buffers, usable on either side. */
export class ForecastCache {
  readonly layout: CacheLayout;
  private readonly history: Float64Array;
  private readonly count: Int32Array;
  private readonly forecasts: Float64Array;
  private readonly active: Int32Array;
  private readonly versions: Int32Array;

  constructor(buffers: CacheBuffers) {
    this.layout = buffers.layout;
    this.history = new Float64Array(buffers.history);
    this.count = new Int32Array(buffers.historyCount);
    this.forecasts = new Float64Array(buffers.forecasts);
    this.active = new Int32Array(buffers.active);
    this.versions = new Int32Array(buffers.version);
  }

  /** Appends an observation to the agent's ring (main thread). */
  observe(agentIdx: number, value: number): void {
    const cap = this.layout.capacity;
    const n = Atomics.load(this.count, agentIdx);
    this.history[agentIdx * cap + (n % cap)] = value;
    Atomics.store(this.count, agentIdx, n + 1);
  }

  /** Observations appended so far for the agent (may exceed the capacity). */
  observed(agentIdx: number): number {
    return Atomics.load(this.count, agentIdx);
  }

  /** The agent's retained observations, oldest first (a copy), and the total count so far. */
  window(agentIdx: number): { values: Float64Array; total: number } {
    const cap = this.layout.capacity;
    const total = Atomics.load(this.count, agentIdx);
    const len = Math.min(total, cap);
    const out = new Float64Array(len);
    const base = agentIdx * cap;
    for (let i = 0; i < len; i++) out[i] = this.history[base + ((total - len + i) % cap)]!;
    return { values: out, total };
  }

  /** Publishes a forecast for the agent (worker): writes the inactive slot, then flips it active. */
  publish(agentIdx: number, point: Float64Array): void {
    const h = this.layout.horizonSteps;
    const next = 1 - Atomics.load(this.active, agentIdx);
    const at = (agentIdx * 2 + next) * h;
    for (let k = 0; k < h; k++) this.forecasts[at + k] = point[k] ?? point[point.length - 1] ?? Number.NaN;
    Atomics.store(this.active, agentIdx, next);
    Atomics.add(this.versions, agentIdx, 1);
  }

  /** Forecast `step` (1-based) steps ahead from the last published forecast; NaN if none yet. */
  predicted(agentIdx: number, step: number): number {
    if (Atomics.load(this.versions, agentIdx) === 0) return Number.NaN;
    const h = this.layout.horizonSteps;
    const slot = Atomics.load(this.active, agentIdx);
    return this.forecasts[(agentIdx * 2 + slot) * h + Math.min(h, Math.max(1, step)) - 1]!;
  }

  /** Number of forecasts published for the agent (0: none yet). */
  version(agentIdx: number): number {
    return Atomics.load(this.versions, agentIdx);
  }

  /**
   * Copies every agent's forecast `step` steps ahead into `out` (e.g. the scheduler's predicted-load
   * array); agents without a forecast get `fallback[i]` (e.g. their current load) or 0.
   */
  fillPredicted(out: Float64Array, step: number, fallback?: Float64Array): void {
    for (let i = 0; i < this.layout.agentCount; i++) {
      const v = this.predicted(i, step);
      out[i] = Number.isNaN(v) ? (fallback?.[i] ?? 0) : v;
    }
  }
}
