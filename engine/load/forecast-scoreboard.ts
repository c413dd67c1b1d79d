/**
 * Recent accuracy of each model on one series, per horizon: exponentially weighted mean absolute and mean
 * square errors. `auto` reads them to rank and weight the candidates. Pure bookkeeping, no clock.
 */

interface Entry {
  ewMae: number;
  ewMse: number;
  count: number;
}

export class ForecastScoreboard {
  private readonly entries = new Map<string, Entry>();
  private readonly alpha: number;

  /** `window`: the number of recent errors that carry most of the weight (EW alpha = 2 / (window + 1)). */
  constructor(readonly window = 60) {
    this.alpha = 2 / (window + 1);
  }

  /** Records that `model` missed by `absError` at `horizonSteps` ahead. */
  record(model: string, horizonSteps: number, absError: number): void {
    const key = `${model}@${horizonSteps}`;
    const e = this.entries.get(key);
    if (!e) {
      this.entries.set(key, { ewMae: absError, ewMse: absError * absError, count: 1 });
      return;
    }
    const a = Math.max(this.alpha, 1 / (e.count + 1));
    e.ewMae += a * (absError - e.ewMae);
    e.ewMse += a * (absError * absError - e.ewMse);
    e.count++;
  }

  /** Recent weighted MAE and MSE and the number of errors behind them; undefined if none recorded. */
  recent(model: string, horizonSteps: number): Entry | undefined {
    const e = this.entries.get(`${model}@${horizonSteps}`);
    return e ? { ...e } : undefined;
  }
}
