/**
 * What background load does to a simulated run, in one place the simulator calls into:
 * - heartbeats: the agent reports `min(1, busySlots / slots + background)` as its CPU;
 * - runtimes: a task progresses at rate `1 / (1 + k · background(t))`, integrated over its run in short
 *   segments (so load that rises mid-task slows it), i.e. runtime ≈ base × (1 + k · mean background);
 * - forecasts: on every forecast tick, each agent's predicted mean background over the horizon, for a
 *   `ForecastUpdated` stimulus, plus the running forecast error against the realised load.
 * Everything is a pure function of the seed and virtual time. A run without background load has no
 * `SimBackground` at all (the simulator skips every call), so it costs nothing.
 */
import type { BackgroundLoad } from './background-load.js';
import { type SimForecastSettings, SimForecasts } from './sim-forecasts.js';

/** Forecast accuracy over a run: MAE of the forecasts and of the naive (current load) forecast. */
export interface SimForecastFigures {
  model: string;
  ticks: number;
  forecastMae: number;
  naiveMae: number;
  meanBackground: number;
  /** Mean of runtime / unloaded runtime over the task runs started: what the background load cost. */
  meanStretch: number;
}

/** Longest run of segments integrated per task before the last rate is extrapolated. */
const SEGMENTS_MAX = 10_000;

export class SimBackground {
  private readonly forecasts: SimForecasts | null;
  private readonly predicted: Float64Array;
  private ticks = 0;
  private absErr = 0;
  private naiveAbsErr = 0;
  private loadSum = 0;
  private samples = 0;
  private stretchSum = 0;
  private runs = 0;

  constructor(
    private readonly load: BackgroundLoad,
    readonly agentIds: readonly string[],
    /** k in runtime × (1 + k · background). */
    readonly slowdown: number,
    readonly forecast: SimForecastSettings,
  ) {
    this.predicted = new Float64Array(agentIds.length);
    this.forecasts =
      forecast.model === 'none'
        ? null
        : new SimForecasts(forecast, (a, t) => load.cpuAt(a, t), agentIds.length);
  }

  /** Background CPU (0–1) of agent `a` at `tMs`. */
  cpuAt(a: number, tMs: number): number {
    return this.load.cpuAt(a, tMs);
  }

  /** Forecast refresh interval, or 0 when forecasts are off. */
  get forecastIntervalMs(): number {
    return this.forecasts ? this.forecast.intervalMs : 0;
  }

  /**
   * Runtime of work that takes `baseMs` on an unloaded agent `a`, started at `startMs`: integrates the
   * progress rate `1 / (1 + k · background)` over segments of max(250 ms, base / 16) evaluated at their
   * midpoints. Deterministic; at least 1 ms.
   */
  runtimeMs(a: number, startMs: number, baseMs: number): number {
    const ms = this.stretched(a, startMs, baseMs);
    this.stretchSum += ms / baseMs;
    this.runs++;
    return ms;
  }

  private stretched(a: number, startMs: number, baseMs: number): number {
    if (this.slowdown === 0) return baseMs;
    const seg = Math.max(250, baseMs / 16);
    let left = baseMs;
    let t = startMs;
    for (let i = 0; i < SEGMENTS_MAX; i++) {
      const rate = 1 / (1 + this.slowdown * this.load.cpuAt(a, t + seg / 2));
      if (seg * rate >= left) return Math.max(1, Math.round(t + left / rate - startMs));
      left -= seg * rate;
      t += seg;
    }
    const rate = 1 / (1 + this.slowdown * this.load.cpuAt(a, t));
    return Math.max(1, Math.round(t + left / rate - startMs));
  }

  /**
   * One forecast tick at `nowMs`: returns each agent's predicted mean background over the horizon
   * (a view, valid until the next tick) and accumulates the error against the realised mean.
   */
  forecastTick(nowMs: number): Float64Array {
    const f = this.forecasts;
    if (!f) return this.predicted;
    f.tick(nowMs, this.predicted);
    this.ticks++;
    for (let a = 0; a < this.predicted.length; a++) {
      const actual = f.actualMean(a, nowMs);
      this.absErr += Math.abs(this.predicted[a]! - actual);
      this.naiveAbsErr += Math.abs(f.last(a) - actual);
      this.loadSum += f.last(a);
      this.samples++;
    }
    return this.predicted;
  }

  /** Forecast accuracy so far (zeros before the first tick). */
  figures(): SimForecastFigures {
    const n = Math.max(1, this.samples);
    return {
      model: this.forecast.model,
      ticks: this.ticks,
      forecastMae: this.absErr / n,
      naiveMae: this.naiveAbsErr / n,
      meanBackground: this.loadSum / n,
      meanStretch: this.runs > 0 ? this.stretchSum / this.runs : 1,
    };
  }
}
