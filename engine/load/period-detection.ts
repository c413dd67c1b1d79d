/**
 * Seasonal period detection from the autocorrelation function. Pure and deterministic.
 */

export interface PeriodDetectionOptions {
  /** Smallest period considered, in steps (default 2). */
  minLag?: number;
  /** Largest period considered, in steps (default: a third of the series, at most 2,000). */
  maxLag?: number;
  /** Least autocorrelation a period must reach to count (default 0.25). */
  minAcf?: number;
  /** Least rise of the ACF peak above its trough over [P/2, P] (default 0.1). */
  minProminence?: number;
}

/** Autocorrelation of `values` after removing the least-squares line, for lags 0..maxLag. */
export function autocorrelation(values: Float64Array, maxLag: number): Float64Array {
  const n = values.length;
  const x = detrendLinear(values);
  let denom = 0;
  for (let i = 0; i < n; i++) denom += x[i]! * x[i]!;
  const acf = new Float64Array(maxLag + 1);
  if (denom === 0) return acf;
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = lag; i < n; i++) s += x[i]! * x[i - lag]!;
    acf[lag] = s / denom;
  }
  return acf;
}

/**
 * The dominant seasonal period in steps, or 0 if none. A candidate is an ACF local peak at lag P with
 * ACF ≥ `minAcf`; its score is its prominence, ACF(P) − min ACF over [P/2, P] (a real cycle dips in
 * anti-phase; the slow decay of a persistent series does not). The best score wins, except that the
 * smallest lag scoring within 90% of the best is preferred, so a harmonic at 2P or 3P does not win by a hair.
 * Prominence below `minProminence` (default 0.1) means no seasonality. The pick is then moved to the
 * highest ACF within ±10% of it.
 */
export function detectPeriod(values: Float64Array, options: PeriodDetectionOptions = {}): number {
  const n = values.length;
  const minLag = Math.max(2, options.minLag ?? 2);
  const maxLag = Math.min(options.maxLag ?? 2000, Math.floor(n / 3));
  const minAcf = options.minAcf ?? 0.25;
  if (maxLag <= minLag) return 0;
  const acf = autocorrelation(values, maxLag + 1);
  const scored: [number, number][] = [];
  let best = 0;
  for (let lag = minLag; lag <= maxLag; lag++) {
    const v = acf[lag]!;
    if (!(v >= minAcf && v > acf[lag - 1]! && v >= acf[lag + 1]!)) continue;
    let trough = v;
    for (let l = Math.floor(lag / 2); l < lag; l++) trough = Math.min(trough, acf[l]!);
    const score = v - trough;
    scored.push([lag, score]);
    best = Math.max(best, score);
  }
  if (best < (options.minProminence ?? 0.1)) return 0;
  const pick = scored.find(([, score]) => score >= 0.9 * best)![0];
  return refinePeak(acf, pick, minLag, maxLag);
}

/** The lag of the highest ACF within ±10% of `lag`: broad, noisy daily peaks have many local maxima. */
function refinePeak(acf: Float64Array, lag: number, minLag: number, maxLag: number): number {
  let best = lag;
  const from = Math.max(minLag, Math.floor(lag * 0.9));
  const to = Math.min(maxLag, Math.ceil(lag * 1.1));
  for (let l = from; l <= to; l++) if (acf[l]! > acf[best]!) best = l;
  return best;
}

function detrendLinear(values: Float64Array): Float64Array {
  const n = values.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const y = values[i]!;
    sx += i;
    sy += y;
    sxx += i * i;
    sxy += i * y;
  }
  const den = n * sxx - sx * sx;
  const slope = den === 0 ? 0 : (n * sxy - sx * sy) / den;
  const intercept = n === 0 ? 0 : (sy - slope * sx) / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i]! - (intercept + slope * i);
  return out;
}
