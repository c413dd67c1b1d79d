/**
 * Means and 95% confidence intervals across seeds/repetitions (Student's t; the runs of one configuration
 * differ only in their seed, so they are independent samples).
 */

/** Mean, sample standard deviation and the 95% interval of a sample. */
export interface Estimate {
  n: number;
  mean: number;
  sd: number;
  /** Half-width of the 95% confidence interval of the mean (0 for n < 2). */
  ci95: number;
  min: number;
  max: number;
}

/** Two-sided 97.5% quantiles of Student's t for 1…30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t quantile for a 95% two-sided interval with `df` degrees of freedom (normal beyond 30, interpolated). */
export function tCritical95(df: number): number {
  if (!(df >= 1)) return Number.POSITIVE_INFINITY;
  const whole = Math.floor(df);
  if (whole <= 30) return T975[whole - 1]!;
  return 1.96 + 2.5 / df;
}

/** Sample estimate of `xs` (empty samples give n = 0 and NaN mean). */
export function estimate(xs: readonly number[]): Estimate {
  const n = xs.length;
  if (n === 0) return { n, mean: Number.NaN, sd: 0, ci95: 0, min: Number.NaN, max: Number.NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const ci95 = n > 1 ? (tCritical95(n - 1) * sd) / Math.sqrt(n) : 0;
  return { n, mean, sd, ci95, min: Math.min(...xs), max: Math.max(...xs) };
}
