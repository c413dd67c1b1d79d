/**
 * Forecast accuracy metrics, accumulated one (actual, forecast) pair at a time.
 * sMAPE is `mean(200·|F−A| / (|A|+|F|))` in percent (0–200; a pair with A = F = 0 counts as 0), robust near
 * zero where MAPE breaks; MAPE skips pairs with A = 0 and reports how many it skipped.
 */

export interface ForecastErrorSummary {
  count: number;
  mae: number;
  rmse: number;
  /** Percent, 0–200. */
  smape: number;
  /** Percent, over pairs with a non-zero actual; NaN if there are none. */
  mape: number;
  /** Pairs MAPE left out because the actual was 0. */
  mapeSkipped: number;
}

export class ErrorAccumulator {
  private n = 0;
  private absSum = 0;
  private sqSum = 0;
  private smapeSum = 0;
  private mapeSum = 0;
  private mapeN = 0;

  /** Adds one pair; non-finite values are a bug in the caller and throw. */
  add(actual: number, forecast: number): void {
    if (!Number.isFinite(actual) || !Number.isFinite(forecast)) {
      throw new Error(`ErrorAccumulator: non-finite pair (actual ${actual}, forecast ${forecast})`);
    }
    const e = Math.abs(forecast - actual);
    this.n++;
    this.absSum += e;
    this.sqSum += e * e;
    const denom = Math.abs(actual) + Math.abs(forecast);
    this.smapeSum += denom === 0 ? 0 : (200 * e) / denom;
    if (actual !== 0) {
      this.mapeSum += (100 * e) / Math.abs(actual);
      this.mapeN++;
    }
  }

  /** Summary of everything added so far (NaN metrics when empty). */
  summary(): ForecastErrorSummary {
    const n = this.n;
    return {
      count: n,
      mae: n ? this.absSum / n : Number.NaN,
      rmse: n ? Math.sqrt(this.sqSum / n) : Number.NaN,
      smape: n ? this.smapeSum / n : Number.NaN,
      mape: this.mapeN ? this.mapeSum / this.mapeN : Number.NaN,
      mapeSkipped: n - this.mapeN,
    };
  }
}

/** Relative improvement of `mae` over `baselineMae` in percent (positive = better than the baseline). */
export function improvementPercent(mae: number, baselineMae: number): number {
  return baselineMae > 0 ? (100 * (baselineMae - mae)) / baselineMae : Number.NaN;
}
