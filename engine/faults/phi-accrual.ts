/**
 * Phi-accrual failure detector (Hayashibara et al. 2004, as in Akka and Cassandra). Instead of a yes/no
 * timeout it gives a suspicion level phi = −log10 P(a heartbeat arrives later than now), from the
 * observed inter-arrival distribution (normal, via the logistic approximation Akka uses). Phi grows
 * monotonically with silence, so the moment it will cross a threshold can be computed once per
 * heartbeat: the sweep then only compares times, with no per-check arithmetic.
 */

/** Phi for `elapsedMs` of silence given the inter-arrival mean and standard deviation. */
export function phi(elapsedMs: number, meanMs: number, stdMs: number): number {
  const y = (elapsedMs - meanMs) / stdMs;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  if (elapsedMs > meanMs) return -Math.log10(e / (1 + e));
  return -Math.log10(1 - 1 / (1 + e));
}

/** Standardised silence y at which phi reaches `threshold` (bisection; phi is increasing in y). */
export function yForPhi(threshold: number): number {
  let lo = -10;
  let hi = 60;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (phi(mid, 0, 1) < threshold) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Running inter-arrival statistics of one agent's heartbeats (exponentially weighted). */
export interface ArrivalStats {
  meanMs: number;
  varMs2: number;
}

/**
 * Folds one inter-arrival time into the statistics. Samples are clipped at 1.5 × the mean before they
 * enter: an interval that is a whole multiple of the mean is a lost heartbeat, not jitter, and letting
 * it in would blind the detector for the next few intervals.
 */
export function observeInterval(st: ArrivalStats, intervalMs: number, alpha: number): void {
  const x = Math.min(intervalMs, 1.25 * st.meanMs);
  const d = x - st.meanMs;
  st.meanMs += alpha * d;
  st.varMs2 = (1 - alpha) * (st.varMs2 + alpha * d * d);
}

/** Time at which phi crosses the threshold whose standardised silence is `y`, after a heartbeat at `lastMs`. */
export function suspectAtMs(lastMs: number, st: ArrivalStats, y: number, minStdMs: number): number {
  const sd = Math.max(minStdMs, Math.sqrt(st.varMs2));
  return lastMs + st.meanMs + y * sd;
}
