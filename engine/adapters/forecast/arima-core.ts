/**
 * ARIMA fitting on a temporally aggregated series, over the `arima` package (ctsa in WebAssembly).
 * With aggregation k the window is cut, from its end, into blocks of k points; the ARIMA is fitted to the
 * block means and its block forecasts are mapped back to single steps by linear interpolation between
 * block centres (starting from the last observed block). k = 1 is plain ARIMA. Aggregation is a
 * hyperparameter chosen with the order: on noisy minute data, a model of 5-point means forecasts 10
 * minutes ahead far better than a model whose one-step likelihood is dominated by minute-level noise.
 * A fit keeps ctsa's coefficients; `reconditionArima` moves it onto newer observations without refitting
 * (the fitted recursion run in TypeScript, `arima-recursion.ts`): the cached model of live mode.
 */
import { meanOf, stdOf } from '../../load/time-series.js';
import { type ArimaCoefficients, forecastFromCoefficients } from './arima-recursion.js';
import { ARIMA, type ArimaModel, readCoefficients } from './arima-wasm.js';

export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
}

export interface ArimaSpec extends ArimaOrder {
  /** Points per block (1 = no aggregation). */
  k: number;
}

export interface ArimaFit {
  spec: ArimaSpec;
  model: ArimaModel;
  /** ctsa's fitted coefficients (undefined if they could not be read: no fast path then). */
  coefficients: ArimaCoefficients | undefined;
  /** Block means the fit was last re-conditioned on; set only by `reconditionArima`. */
  blocks?: Float64Array;
  lastBlockMean: number;
  /** Variance of points around their block mean (added to interval widths). */
  withinVariance: number;
  spread: number;
}

/** Fits `spec` to the last `windowLength` points of `values`; undefined if ctsa fails or it is too short. */
export function fitArima(spec: ArimaSpec, values: Float64Array, windowLength: number): ArimaFit | undefined {
  const window = values.subarray(Math.max(0, values.length - windowLength));
  const blocks = blockMeans(window, spec.k);
  if (blocks.length < Math.max(20, spec.p + spec.q + spec.d + 8)) return undefined;
  let model: ArimaModel;
  try {
    model = new ARIMA({ p: spec.p, d: spec.d, q: spec.q, verbose: false }).train(Array.from(blocks));
  } catch {
    return undefined;
  }
  return {
    spec,
    model,
    coefficients: readCoefficients(model, spec),
    lastBlockMean: blocks[blocks.length - 1]!,
    withinVariance: withinBlockVariance(window, spec.k),
    spread: 10 * stdOf(window) + 1e-9,
  };
}

/**
 * Moves `fit` onto the last `windowLength` points of `values` without refitting: later forecasts run the
 * fitted recursion over the new block means. Returns false (fit unchanged) if the coefficients are
 * unknown or the window is too short; the caller then refits.
 */
export function reconditionArima(fit: ArimaFit, values: Float64Array, windowLength: number): boolean {
  if (!fit.coefficients) return false;
  const window = values.subarray(Math.max(0, values.length - windowLength));
  const blocks = blockMeans(window, fit.spec.k);
  if (blocks.length < fit.spec.p + fit.spec.d + 2) return false;
  fit.blocks = blocks;
  fit.lastBlockMean = blocks[blocks.length - 1]!;
  fit.withinVariance = withinBlockVariance(window, fit.spec.k);
  fit.spread = 10 * stdOf(window) + 1e-9;
  return true;
}

/**
 * Step forecasts 1..h with their mean square errors, or undefined if the model diverged (non-finite
 * forecasts or ones more than 10 standard deviations of the window away from its last block).
 */
export function forecastArima(
  fit: ArimaFit,
  h: number,
): { point: Float64Array; mse: Float64Array } | undefined {
  const k = fit.spec.k;
  const blocksAhead = Math.ceil(h / k) + 1;
  const [pred, mse] =
    fit.blocks && fit.coefficients
      ? toArrays(forecastFromCoefficients(fit.coefficients, fit.blocks, blocksAhead))
      : fit.model.predict(blocksAhead);
  for (const v of pred)
    if (!Number.isFinite(v) || Math.abs(v - fit.lastBlockMean) > fit.spread) return undefined;
  const point = new Float64Array(h);
  const err = new Float64Array(h);
  const centre0 = -(k - 1) / 2;
  for (let s = 1; s <= h; s++) {
    const pos = (s - centre0) / k;
    const i = Math.floor(pos);
    const w = pos - i;
    const a = i === 0 ? fit.lastBlockMean : pred[i - 1]!;
    const b = pred[i]!;
    point[s - 1] = a + (b - a) * w;
    const ma = i === 0 ? 0 : finiteOr0(mse[i - 1]);
    const mb = finiteOr0(mse[i]);
    err[s - 1] = ma + (mb - ma) * w + fit.withinVariance;
  }
  return { point, mse: err };
}

/**
 * Mean absolute error of `spec` at `h` steps over `origins` holdout origins spread over the last
 * `spanSteps` points of `values` (spread out, so the score is not one burst's luck). With `observed`
 * (aligned with `values`), an origin whose last point or target lies in a resampling gap is skipped and
 * the next one further back taken instead (at most 3 × `origins` tried): scored against interpolated
 * straight lines, the smoothest model would win the selection.
 */
export function holdoutError(
  spec: ArimaSpec,
  values: Float64Array,
  h: number,
  origins: number,
  windowLength: number,
  spanSteps = 360,
  observed?: Uint8Array,
): number {
  let sum = 0;
  let n = 0;
  const gap = Math.max(1, Math.ceil(h / 2), Math.floor(spanSteps / origins));
  for (let o = 0; o < 3 * origins && n < origins; o++) {
    const end = values.length - h - o * gap;
    if (end < 30) break;
    if (observed && (observed[end - 1] !== 1 || observed[end + h - 1] !== 1)) continue;
    const fit = fitArima(spec, values.subarray(0, end), windowLength);
    const pred = fit ? forecastArima(fit, h) : undefined;
    fit?.model.destroy();
    if (!pred) return Number.POSITIVE_INFINITY;
    sum += Math.abs(pred.point[h - 1]! - values[end + h - 1]!);
    n++;
  }
  return n > 0 ? sum / n : Number.POSITIVE_INFINITY;
}

/** A flat forecast at the mean of the last five points (used when every fit diverged). */
export function flatForecast(values: Float64Array, h: number): { point: Float64Array; mse: Float64Array } {
  const level = meanOf(values, Math.max(0, values.length - 5));
  const sd = stdOf(values, Math.max(0, values.length - 200));
  return { point: new Float64Array(h).fill(level), mse: new Float64Array(h).fill(sd * sd) };
}

function toArrays(f: { point: Float64Array; mse: Float64Array }): [Float64Array, Float64Array] {
  return [f.point, f.mse];
}

function finiteOr0(x: number | undefined): number {
  return x !== undefined && Number.isFinite(x) ? x : 0;
}

function blockMeans(window: Float64Array, k: number): Float64Array {
  const nb = Math.floor(window.length / k);
  const out = new Float64Array(nb);
  const from = window.length - nb * k;
  for (let j = 0; j < nb; j++) out[j] = meanOf(window, from + j * k, from + (j + 1) * k);
  return out;
}

function withinBlockVariance(window: Float64Array, k: number): number {
  if (k === 1) return 0;
  const nb = Math.floor(window.length / k);
  const from = window.length - nb * k;
  let ss = 0;
  for (let j = 0; j < nb; j++) {
    const m = meanOf(window, from + j * k, from + (j + 1) * k);
    for (let i = from + j * k; i < from + (j + 1) * k; i++) ss += (window[i]! - m) ** 2;
  }
  return nb > 0 ? ss / (nb * k) : 0;
}
