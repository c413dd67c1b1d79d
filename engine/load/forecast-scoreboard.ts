/**
 * Recent accuracy of each model on one series, per horizon: exponentially weighted mean absolute and mean
 * square errors. `auto` reads them to rank and weight the candidates. Pure bookkeeping, no clock.
 */

interface Entry {
  ewMae: number;
  ewMse: number;
  count: number;
}

interface TimedEntry {
  /** Decayed sums of |error|, error² and weights, as of `atStep`. */
  sumAbs: number;
  sumSq: number;
  weight: number;
  atStep: number;
  count: number;
}

export class ForecastScoreboard {
  private readonly entries = new Map<string, Entry>();
  private readonly timed = new Map<string, TimedEntry>();
  private readonly alpha: number;

  /**
   * `window`: the number of recent errors that carry most of the weight (EW alpha = 2 / (window + 1)).
   * Errors recorded with a time (`atStep`) are instead weighted by age: `window` is then in grid steps, so
   * the memory spans the same time however densely the errors come (one error per step or one per 17).
   */
  constructor(readonly window = 60) {
    this.alpha = 2 / (window + 1);
  }

  /**
   * Records that `model` missed by `absError` at `horizonSteps` ahead; with `atStep` (the grid index at
   * which the error became known, non-decreasing per model and horizon) the error is weighted by age.
   * Use one form per scoreboard.
   */
  record(model: string, horizonSteps: number, absError: number, atStep?: number): void {
    const key = `${model}@${horizonSteps}`;
    if (atStep !== undefined) {
      this.recordTimed(key, absError, atStep);
      return;
    }
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
    const key = `${model}@${horizonSteps}`;
    const t = this.timed.get(key);
    if (t) return { ewMae: t.sumAbs / t.weight, ewMse: t.sumSq / t.weight, count: t.count };
    const e = this.entries.get(key);
    return e ? { ...e } : undefined;
  }

  private recordTimed(key: string, absError: number, atStep: number): void {
    const e = this.timed.get(key);
    if (!e) {
      this.timed.set(key, { sumAbs: absError, sumSq: absError * absError, weight: 1, atStep, count: 1 });
      return;
    }
    const decay = (1 - this.alpha) ** Math.max(0, atStep - e.atStep);
    e.sumAbs = e.sumAbs * decay + absError;
    e.sumSq = e.sumSq * decay + absError * absError;
    e.weight = e.weight * decay + 1;
    e.atStep = Math.max(e.atStep, atStep);
    e.count++;
  }
}
