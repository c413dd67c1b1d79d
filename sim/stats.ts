/** Small statistics helpers for results (percentiles, mean, coefficient of variation). */

/** Nearest-rank percentile of an ascending-sorted array (q in 0–1); 0 for an empty array. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx]!;
}

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Population coefficient of variation (std / mean); 0 when the mean is 0. */
export function coefficientOfVariation(xs: ArrayLike<number>): number {
  const m = mean(xs);
  if (m === 0 || xs.length === 0) return 0;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
  return Math.sqrt(v / xs.length) / m;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
