/**
 * Load forecasts in simulation: one cached forecaster per agent, fitted on the agent's simulated
 * background-load history and refreshed on a fixed simulated interval. Deterministic by construction:
 * the history is sampled from the pure background-load function on a grid of virtual time, the models
 * are the pure baselines of `engine/load`, and nothing reads the wall clock — same seed, same forecasts.
 *
 * The history is pre-filled from before t = 0 (the load existed before the run started), so forecasts
 * are meaningful from the first tick. Each model is fitted once (period detection, …) on the pre-filled
 * history and only `update`d afterwards (the cached-model path the live worker also uses).
 */
import type { Forecaster } from '../engine/load/forecaster.js';
import { MovingAverageForecaster } from '../engine/load/moving-average-forecaster.js';
import { NaiveForecaster } from '../engine/load/naive-forecaster.js';
import { SeasonalNaiveForecaster } from '../engine/load/seasonal-naive-forecaster.js';
import type { TimeSeries } from '../engine/load/time-series.js';
import type { SimForecastModel } from './scenario/types.js';

export interface SimForecastSettings {
  model: SimForecastModel;
  /** Refresh interval, also the history grid step. */
  intervalMs: number;
  /** A forecast is the mean predicted load over the next `horizonMs`. */
  horizonMs: number;
  /** History points kept per agent. */
  historyPoints: number;
  /** seasonal-naive: period in grid steps (0: detect per agent). */
  period: number;
  /** ma: points averaged. */
  window: number;
}

export const DEFAULT_SIM_FORECAST: Readonly<SimForecastSettings> = {
  model: 'seasonal-naive',
  intervalMs: 10_000,
  horizonMs: 30_000,
  historyPoints: 720,
  period: 0,
  window: 5,
};

/** Background CPU (0–1) of agent `a` at virtual time `tMs`; must be pure. */
export type LoadAt = (a: number, tMs: number) => number;

/**
 * Per-agent history rings and cached models. `tick(nowMs)` samples every agent's load at `nowMs`,
 * updates its model and returns the mean forecast over the horizon, per agent, in `out`.
 */
export class SimForecasts {
  readonly horizonSteps: number;
  private readonly rings: Float64Array[] = [];
  private readonly models: (Forecaster | null)[] = [];
  private readonly heads: Int32Array;
  private readonly cap: number;
  private fitted = false;

  constructor(
    private readonly settings: SimForecastSettings,
    private readonly loadAt: LoadAt,
    private readonly agentCount: number,
  ) {
    this.horizonSteps = Math.max(1, Math.round(settings.horizonMs / settings.intervalMs));
    this.cap = settings.historyPoints;
    this.heads = new Int32Array(agentCount);
    for (let a = 0; a < agentCount; a++) {
      this.rings.push(new Float64Array(2 * this.cap));
      this.models.push(settings.model === 'oracle' || settings.model === 'none' ? null : this.newModel());
    }
  }

  /** Samples the load at `nowMs` and writes each agent's forecast (mean over the horizon) into `out`. */
  tick(nowMs: number, out: Float64Array): void {
    if (!this.fitted) this.prefill(nowMs);
    for (let a = 0; a < this.agentCount; a++) {
      if (this.fitted) this.push(a, this.loadAt(a, nowMs));
      out[a] = this.predictMean(a, nowMs);
    }
    this.fitted = true;
  }

  /** The true mean load over the horizon after `nowMs` on the forecast grid (what a forecast aims at). */
  actualMean(a: number, nowMs: number): number {
    const step = this.settings.intervalMs;
    let sum = 0;
    for (let k = 1; k <= this.horizonSteps; k++) sum += this.loadAt(a, nowMs + k * step);
    return sum / this.horizonSteps;
  }

  /** The last observation of agent `a` (the naive forecast). */
  last(a: number): number {
    const h = this.heads[a]!;
    return this.rings[a]![h + this.cap - 1]!;
  }

  private newModel(): Forecaster {
    const s = this.settings;
    if (s.model === 'naive') return new NaiveForecaster();
    if (s.model === 'ma') return new MovingAverageForecaster(s.window);
    return new SeasonalNaiveForecaster(s.period > 0 ? { period: s.period } : {});
  }

  /** Fills every ring with the `historyPoints` grid samples up to and including `nowMs`, fits models. */
  private prefill(nowMs: number): void {
    const step = this.settings.intervalMs;
    for (let a = 0; a < this.agentCount; a++) {
      for (let i = this.cap - 1; i >= 0; i--) this.push(a, this.loadAt(a, nowMs - i * step));
      this.models[a]?.fit(this.seriesOf(a, nowMs));
    }
  }

  /** Appends to a ring stored twice over (`i` and `i + cap`), so the window is one contiguous view. */
  private push(a: number, v: number): void {
    const ring = this.rings[a]!;
    const h = this.heads[a]!;
    ring[h] = v;
    ring[h + this.cap] = v;
    this.heads[a] = (h + 1) % this.cap;
  }

  private seriesOf(a: number, nowMs: number): TimeSeries {
    const h = this.heads[a]!;
    const step = this.settings.intervalMs;
    return {
      startMs: nowMs - (this.cap - 1) * step,
      stepMs: step,
      values: this.rings[a]!.subarray(h, h + this.cap),
    };
  }

  private predictMean(a: number, nowMs: number): number {
    const model = this.models[a];
    if (!model) return this.settings.model === 'oracle' ? this.actualMean(a, nowMs) : 0;
    if (this.fitted) model.update(this.seriesOf(a, nowMs));
    const point = model.forecast(this.horizonSteps).point;
    let sum = 0;
    for (let k = 0; k < point.length; k++) sum += point[k]!;
    return Math.min(1, Math.max(0, sum / point.length));
  }
}
