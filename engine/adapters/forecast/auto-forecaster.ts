/**
 * `auto`: routes each request by horizon (ARIMA 1–10 min, LSTM 10–60 min, Prophet beyond) until it knows
 * the series, then forecasts with the best recent performer on this series at that horizon, combined
 * with the runner-up by the Bates–Granger weight for errors correlated at ρ = 0.9 (the runner-up's weight
 * is 0 once its recent MAE is ≥ 1 / ρ ≈ 1.11 times the leader's). It fits the routed models and cheap
 * baselines (naive, ma5) side by side; each
 * `update` scores the forecasts made at earlier origins against the values that have since arrived, so
 * the choice adapts per series without a wall clock. The rule itself is the pure `chooseAutoWeights` in
 * `engine/load/auto-routing.ts`.
 */
import { chooseAutoWeights, routeByHorizon } from '../../load/auto-routing.js';
import { ForecastScoreboard } from '../../load/forecast-scoreboard.js';
import type { Forecast, Forecaster } from '../../load/forecaster.js';
import type { TimeSeries } from '../../load/time-series.js';
import { createForecaster, disposeForecaster, type ModelSettings } from './registry.js';

export interface AutoOptions extends ModelSettings {
  /** Horizons (steps) auto will be asked for; they decide which heavy models it fits. */
  horizonsSteps: readonly number[];
  /** Grid step of the series it will see (ms), to route horizons. */
  stepMs: number;
  /** Forecasters to use instead of fresh ones (e.g. a pre-trained LSTM shared by many series). */
  provided?: Partial<Record<string, Forecaster>>;
  /** Baselines always fitted beside the routed models (default naive, ma5). */
  baselines?: readonly string[];
}

interface Pending {
  endIndex: number;
  forecasts: Map<string, Float64Array>;
}

export class AutoForecaster implements Forecaster {
  readonly name = 'auto';
  readonly minLength: number;
  readonly board = new ForecastScoreboard();
  private readonly children = new Map<string, Forecaster>();
  private readonly pending: Pending[] = [];
  private readonly maxHorizon: number;

  constructor(private readonly options: AutoOptions) {
    const names = new Set(options.baselines ?? ['naive', 'ma5']);
    for (const h of options.horizonsSteps) names.add(routeByHorizon(h * options.stepMs));
    for (const n of names) this.children.set(n, options.provided?.[n] ?? createForecaster(n, options));
    this.maxHorizon = Math.max(...options.horizonsSteps);
    this.minLength = Math.max(...[...this.children.values()].map((c) => c.minLength));
  }

  /** Models auto chooses among. */
  get candidates(): string[] {
    return [...this.children.keys()];
  }

  /** Fits every candidate. */
  async fit(series: TimeSeries): Promise<void> {
    for (const c of this.children.values()) await c.fit(series);
    this.remember(series);
  }

  /** Scores matured forecasts, then updates every candidate. */
  async update(series: TimeSeries): Promise<void> {
    this.score(series);
    for (const c of this.children.values()) await c.update(series);
    this.remember(series);
  }

  /** The forecast of the model(s) chosen for this horizon (weighted when two are combined). */
  forecast(horizonSteps: number): Forecast {
    return this.forecastWithChoice(horizonSteps).forecast;
  }

  /** The chosen models (`a+b`) with their combined forecast (for explanations and backtests). */
  forecastWithChoice(horizonSteps: number): { model: string; forecast: Forecast } {
    const routed = routeByHorizon(horizonSteps * this.options.stepMs);
    const picks = chooseAutoWeights(routed, this.candidates, this.board, horizonSteps);
    const parts = picks.map((p) => this.children.get(p.model)!.forecast(horizonSteps));
    return {
      model: picks.map((p) => p.model).join('+'),
      forecast: weightedForecast(
        parts,
        picks.map((p) => p.weight),
      ),
    };
  }

  /** Disposes the candidates auto created (not the provided ones). */
  dispose(): void {
    for (const [name, c] of this.children) if (!this.options.provided?.[name]) disposeForecaster(c);
  }

  private remember(series: TimeSeries): void {
    const forecasts = new Map<string, Float64Array>();
    for (const [name, c] of this.children) forecasts.set(name, c.forecast(this.maxHorizon).point);
    this.pending.push({ endIndex: series.values.length - 1, forecasts });
  }

  private score(series: TimeSeries): void {
    const last = series.values.length - 1;
    while (this.pending.length > 0 && this.pending[0]!.endIndex + this.maxHorizon <= last) {
      const p = this.pending.shift()!;
      for (const h of this.options.horizonsSteps) {
        const actual = series.values[p.endIndex + h]!;
        for (const [name, point] of p.forecasts) this.board.record(name, h, Math.abs(point[h - 1]! - actual));
      }
    }
  }
}

/** Point-wise weighted mean of forecasts of the same length; bounds combined when every part has them. */
function weightedForecast(parts: readonly Forecast[], weights: readonly number[]): Forecast {
  if (parts.length === 1) return parts[0]!;
  const mean = (pick: (f: Forecast) => Float64Array | undefined): Float64Array | undefined => {
    const arrays = parts.map(pick);
    if (arrays.some((a) => a === undefined)) return undefined;
    const out = new Float64Array(arrays[0]!.length);
    arrays.forEach((a, i) => {
      for (let k = 0; k < out.length; k++) out[k]! += a![k]! * weights[i]!;
    });
    return out;
  };
  return {
    point: mean((f) => f.point)!,
    lower: mean((f) => f.lower),
    upper: mean((f) => f.upper),
    level: parts[0]!.level,
  };
}
