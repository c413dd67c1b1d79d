/**
 * Prophet forecaster (`@bsull/augurs` + the wasm Stan optimiser) for horizons beyond an hour.
 *
 * - Long minute series are averaged into coarser buckets before fitting (at most `maxFitPoints`), which
 *   keeps a fit around a second; forecasts are made at the original grid times.
 * - A seasonal period detected from the autocorrelation (or given) is added as a custom Fourier
 *   seasonality, so cycles other than Prophet's built-in daily/weekly ones are found too (a detected
 *   daily or weekly period is left to the built-in seasonalities).
 * - Prophet's own intervals come from random sampling that augurs does not seed, so they are disabled;
 *   intervals are normal bands from the in-sample residual spread instead, which keeps runs reproducible.
 * - When the wasm optimiser aborts (it occasionally does), the previous model is kept (or, before any
 *   successful fit, a flat forecast at the recent level) and `failures` counts it.
 * - `update` keeps the fitted model and moves the forecast origin, and re-anchors it on the latest data:
 *   a Prophet forecast depends on time alone, so after a level shift it stays at the old level until the
 *   next `fit`. Level-shift handling: the mean residual of the latest observations is added to the whole
 *   forecast (× `anchorWeight`, default 1), i.e. Prophet supplies the shape (daily cycle, trend) and the
 *   latest data the level. The level is the average of the mean residuals over the last 15, 60 and 240
 *   points (`anchorLengths`): a short anchor follows a jump at once, a long one averages out minute noise
 *   and the slow drift around the fit, and which is right differs per series and over time, so the three
 *   are combined rather than one chosen. On the Alibaba v2018 machines a 15-point anchor turned Prophet at
 *   2 h from −0.8% to +14% MAE against naive, the combination to +21% (docs/forecasting.md); per-horizon
 *   weights estimated from in-sample residuals, and an anchor length chosen on in-sample residuals (it
 *   always picked the longest), did worse on series with a late jump. What does help there: when the
 *   residuals over the longest anchor show a clear level shift (`shiftThreshold`), all anchors start after
 *   it, so the long anchors stop averaging the old level into the new one (m_1932 at 2 h: +7.1% → +12.1%).
 */
import { type Forecast, type Forecaster, withNormalIntervals } from '../../load/forecaster.js';
import { pointsSinceLevelShift } from '../../load/level-shift.js';
import { detectPeriod } from '../../load/period-detection.js';
import { meanOf, seriesEndMs, type TimeSeries } from '../../load/time-series.js';
import { loadProphet } from './prophet-wasm.js';

export interface ProphetOptions {
  /** Extra seasonal period in steps; 0: detect (default); -1: none. */
  period?: number;
  maxPeriod?: number;
  /** Fit on at most this many (bucket-averaged) points (default 2,500). */
  maxFitPoints?: number;
  /** Only the most recent points are used (default 10,080 = a week of minutes). */
  historyLength?: number;
  changepointPriorScale?: number;
  /** One anchor length instead of `anchorLengths` (0: no re-anchoring). */
  recentPoints?: number;
  /**
   * Anchor lengths (points) whose mean residuals are averaged into the level shift (default 15, 60, 240;
   * ignored when `recentPoints` is given).
   */
  anchorLengths?: readonly number[];
  /** Share of the recent mean residual added to the forecast (default 1; 0: plain Prophet). */
  anchorWeight?: number;
  /**
   * Level-shift threshold (default 6; 0: off): when the residuals over the longest anchor split into a
   * before and an after part whose means differ by at least this many pooled within-part standard
   * deviations (`engine/load/level-shift.ts`), every anchor is cut to the points after the split.
   */
  shiftThreshold?: number;
  /** Fewest points on each side of such a split (default 15). */
  shiftMinPoints?: number;
  level?: number;
}

type ProphetModel = InstanceType<Awaited<ReturnType<typeof loadProphet>>['Prophet']>;

export class ProphetForecaster implements Forecaster {
  readonly name = 'prophet';
  readonly minLength = 20;
  private model: ProphetModel | undefined;
  private sigma = 0;
  private endMs = 0;
  private stepMs = 60_000;
  private detectedPeriod = 0;
  private failedFits = 0;
  private fallbackLevel = Number.NaN;
  /** Mean residual of the latest observations against the model (see the file doc). */
  private recentOffset = 0;

  constructor(private readonly options: ProphetOptions = {}) {}

  /** The custom period (steps) added at the last fit, 0 if none. */
  get period(): number {
    return this.detectedPeriod;
  }

  /** Fits Prophet on the (bucketed) recent history. */
  async fit(series: TimeSeries): Promise<void> {
    if (series.values.length < this.minLength) {
      throw new Error(`prophet: needs at least ${this.minLength} points, got ${series.values.length}`);
    }
    const { Prophet, optimizer } = await loadProphet();
    const history = series.values.subarray(
      Math.max(0, series.values.length - (this.options.historyLength ?? 10_080)),
    );
    const startMs = seriesEndMs(series) - (history.length - 1) * series.stepMs;
    const { ds, y } = bucket(history, startMs, series.stepMs, this.options.maxFitPoints ?? 2500);
    const model = new Prophet({
      optimizer,
      uncertaintySamples: 0,
      changepointPriorScale: this.options.changepointPriorScale ?? 0.05,
    });
    this.detectedPeriod = this.customPeriod(history);
    const periodMs = this.detectedPeriod * series.stepMs;
    const builtIn = [86_400_000, 7 * 86_400_000].some((p) => Math.abs(periodMs - p) < 0.05 * p);
    if (this.detectedPeriod > 0 && !builtIn) {
      const periodDays = (this.detectedPeriod * series.stepMs) / 86_400_000;
      model.addSeasonality('detected', { period: periodDays, fourierOrder: 6 });
    }
    try {
      model.fit({ ds, y }, { seed: 1 });
    } catch (err) {
      // The wasm Stan optimiser occasionally aborts ("unreachable"); keep the previous model if any.
      model.free();
      this.failedFits++;
      if (!this.model) this.fallbackLevel = y.slice(-12).reduce((a, b) => a + b, 0) / Math.min(12, y.length);
      if (!this.model && Number.isNaN(this.fallbackLevel)) throw err;
      this.update(series);
      return;
    }
    this.model?.free();
    this.model = model;
    this.fallbackLevel = Number.NaN;
    this.sigma = residualStd(model, ds, y);
    this.update(series);
  }

  /** Fits the optimiser aborted (the previous model, or a flat recent level, was kept). */
  get failures(): number {
    return this.failedFits;
  }

  /** Moves the forecast origin to the end of `series`, keeping the fitted model. */
  update(series: TimeSeries): void {
    this.endMs = seriesEndMs(series);
    this.stepMs = series.stepMs;
    this.recentOffset = 0;
    const given = this.options.recentPoints;
    const lengths = (given === undefined ? (this.options.anchorLengths ?? [15, 60, 240]) : [given])
      .map((k) => Math.min(k, series.values.length))
      .filter((k) => k > 0);
    if (!this.model || lengths.length === 0) return;
    const r = this.residualsOf(series, Math.max(...lengths));
    const threshold = this.options.shiftThreshold ?? 6;
    const since =
      threshold > 0 ? pointsSinceLevelShift(r, threshold, this.options.shiftMinPoints ?? 15) : r.length;
    let sum = 0;
    for (const k of lengths) sum += meanOf(r, r.length - Math.min(k, since));
    this.recentOffset = sum / lengths.length;
  }

  /** Prophet's point forecast at the next `horizonSteps` grid times, with residual-based intervals. */
  forecast(horizonSteps: number): Forecast {
    if (!this.model && !Number.isNaN(this.fallbackLevel)) {
      return withNormalIntervals(
        new Float64Array(horizonSteps).fill(this.fallbackLevel),
        () => this.sigma,
        this.options.level ?? 0.8,
      );
    }
    if (!this.model) throw new Error('prophet: forecast before fit');
    const ds = Array.from({ length: horizonSteps }, (_, k) => (this.endMs + (k + 1) * this.stepMs) / 1000);
    const point = Float64Array.from(this.model.predict({ ds }).yhat.point);
    const shift = (this.options.anchorWeight ?? 1) * this.recentOffset;
    if (shift !== 0) for (let k = 0; k < horizonSteps; k++) point[k]! += shift;
    return withNormalIntervals(point, () => this.sigma, this.options.level ?? 0.8);
  }

  /** Frees the wasm-side model. */
  dispose(): void {
    this.model?.free();
    this.model = undefined;
  }

  /** Residuals (actual − fitted) of the last `count` points of `series`, oldest first. */
  private residualsOf(series: TimeSeries, count: number): Float64Array {
    const v = series.values;
    const endMs = seriesEndMs(series);
    const ds = Array.from({ length: count }, (_, i) => (endMs - (count - 1 - i) * series.stepMs) / 1000);
    const fitted = this.model!.predict({ ds }).yhat.point;
    return Float64Array.from(fitted, (f, i) => v[v.length - count + i]! - f);
  }

  private customPeriod(values: Float64Array): number {
    const given = this.options.period ?? 0;
    if (given !== 0) return Math.max(0, given);
    return detectPeriod(values, { maxLag: this.options.maxPeriod ?? 1440, minAcf: 0.3 });
  }
}

/** Averages `values` into equal buckets so there are at most `maxPoints`; ds in seconds (bucket centre). */
function bucket(
  values: Float64Array,
  startMs: number,
  stepMs: number,
  maxPoints: number,
): { ds: number[]; y: number[] } {
  const size = Math.max(1, Math.ceil(values.length / maxPoints));
  const ds: number[] = [];
  const y: number[] = [];
  for (let from = values.length % size; from < values.length; from += size) {
    let s = 0;
    for (let i = from; i < from + size; i++) s += values[i]!;
    y.push(s / size);
    ds.push((startMs + (from + (size - 1) / 2) * stepMs) / 1000);
  }
  return { ds, y };
}

function residualStd(model: ProphetModel, ds: number[], y: number[]): number {
  const fitted = model.predict({ ds }).yhat.point;
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += (y[i]! - fitted[i]!) ** 2;
  return Math.sqrt(ss / Math.max(1, y.length));
}
