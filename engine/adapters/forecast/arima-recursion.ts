/**
 * ARIMA(p, d, q) forecasts from fitted coefficients, in plain TypeScript: the cached-model fast path.
 * A full fit (ctsa's likelihood optimisation in WebAssembly) costs milliseconds per series; re-running a
 * fitted model's recursion over the latest observations costs microseconds, so a live refresh of many
 * agents only does this, and refits in the background.
 *
 * Conventions follow ctsa (`sarimax_predict`): for d = 0 the series is centred on the fitted mean;
 * otherwise it is differenced d times with no drift. The ARMA part is
 *   w_t = Σ φ_i w_{t−i} + e_t + Σ θ_j e_{t−j}.
 * Innovations are computed by the conditional recursion from zero pre-sample innovations (ctsa runs the
 * exact Kalman filter instead; for an invertible MA part the two agree to rounding after a few dozen
 * points, which the tests check against the package). Forecast mean square errors are
 * σ² Σ_{j<h} ψ_j², with ψ the MA(∞) weights of the integrated model (the Kalman filter's steady state)
 * and σ² the mean square innovation over the window, as ctsa's filter estimates it from the data it is
 * given (the fitted σ² is only used when the window is too short to estimate it).
 */

export interface ArimaCoefficients {
  p: number;
  d: number;
  q: number;
  /** AR coefficients φ_1…φ_p. */
  phi: Float64Array;
  /** MA coefficients θ_1…θ_q (sign as above). */
  theta: Float64Array;
  /** Fitted mean (used only when d = 0). */
  mean: number;
  /** Innovation variance σ² of the fit. */
  variance: number;
}

/** Step forecasts 1…h of `values` (oldest first) under `c`, with their mean square errors. */
export function forecastFromCoefficients(
  c: ArimaCoefficients,
  values: ArrayLike<number>,
  h: number,
): { point: Float64Array; mse: Float64Array } {
  const w = differenced(values, c.d, c.d === 0 ? c.mean : 0);
  const n = w.length;
  const e = new Float64Array(n + h);
  const x = new Float64Array(n + h);
  x.set(w);
  let ss = 0;
  for (let t = c.p; t < n; t++) {
    e[t] = x[t]! - armaMean(c, x, e, t);
    ss += e[t]! * e[t]!;
  }
  for (let t = n; t < n + h; t++) x[t] = armaMean(c, x, e, t);
  const variance = n - c.p >= 10 ? ss / (n - c.p) : c.variance;
  const point = new Float64Array(h);
  if (c.d === 0) {
    for (let s = 0; s < h; s++) point[s] = x[n + s]! + c.mean;
  } else {
    integrate(values, c.d, x.subarray(n), point);
  }
  return { point, mse: forecastMse(c, variance, h) };
}

/** Σ φ_i x_{t−i} + Σ θ_j e_{t−j}, with values before the start taken as 0. */
function armaMean(c: ArimaCoefficients, x: Float64Array, e: Float64Array, t: number): number {
  let s = 0;
  for (let i = 0; i < c.p && t - 1 - i >= 0; i++) s += c.phi[i]! * x[t - 1 - i]!;
  for (let j = 0; j < c.q && t - 1 - j >= 0; j++) s += c.theta[j]! * e[t - 1 - j]!;
  return s;
}

function differenced(values: ArrayLike<number>, d: number, centre: number): Float64Array {
  let w = Float64Array.from(values as ArrayLike<number>, (v) => v - centre);
  for (let k = 0; k < d; k++) {
    const next = new Float64Array(Math.max(0, w.length - 1));
    for (let i = 0; i < next.length; i++) next[i] = w[i + 1]! - w[i]!;
    w = next;
  }
  return w;
}

/** Undoes d differences: forecasts of the d-th difference → forecasts of the series. */
function integrate(values: ArrayLike<number>, d: number, diffs: Float64Array, out: Float64Array): void {
  // Last value of each differencing level 0…d−1 at the end of the observations.
  const lasts: number[] = [];
  let level = Float64Array.from(values.length > d + 1 ? sliceTail(values, d + 1) : values);
  for (let k = 0; k < d; k++) {
    lasts.push(level[level.length - 1]!);
    const next = new Float64Array(level.length - 1);
    for (let i = 0; i < next.length; i++) next[i] = level[i + 1]! - level[i]!;
    level = next;
  }
  const state = lasts.slice();
  for (let s = 0; s < diffs.length; s++) {
    let v = diffs[s]!;
    for (let k = d - 1; k >= 0; k--) {
      v += state[k]!;
      state[k] = v;
    }
    out[s] = v;
  }
}

function sliceTail(values: ArrayLike<number>, n: number): number[] {
  const out: number[] = [];
  for (let i = values.length - n; i < values.length; i++) out.push(values[i]!);
  return out;
}

/** σ² Σ_{j<s} ψ_j² for s = 1…h, ψ from (1 − Σφ B^i)(1 − B)^d ψ(B) = 1 + Σθ B^j. */
function forecastMse(c: ArimaCoefficients, variance: number, h: number): Float64Array {
  // AR polynomial of the integrated model: φ(B)(1 − B)^d, as coefficients a_i of ψ_j = Σ a_i ψ_{j−i} + θ_j.
  let ar = [1, ...Array.from(c.phi, (v) => -v)];
  for (let k = 0; k < c.d; k++) {
    const next = new Array<number>(ar.length + 1).fill(0);
    for (let i = 0; i < ar.length; i++) {
      next[i]! += ar[i]!;
      next[i + 1]! -= ar[i]!;
    }
    ar = next;
  }
  const psi = new Float64Array(h);
  const mse = new Float64Array(h);
  let acc = 0;
  for (let j = 0; j < h; j++) {
    let v = j === 0 ? 1 : j <= c.q ? c.theta[j - 1]! : 0;
    for (let i = 1; i < ar.length && i <= j; i++) v -= ar[i]! * psi[j - i]!;
    psi[j] = v;
    acc += v * v;
    mse[j] = variance * acc;
  }
  return mse;
}
