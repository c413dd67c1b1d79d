/**
 * The gate's decision for one configuration and metric, noise-aware: the change of the mean (in the
 * "worse" direction, relative to the baseline mean for relative metrics) must exceed both the tolerance
 * and the noise, the half-width of its 95% confidence interval, before it counts. When baseline and
 * current ran the same seeds the comparison is paired by seed (differences per seed); otherwise it
 * compares two independent samples (Welch's standard error, conservative degrees of freedom).
 * Relative changes are taken against the baseline for lower-is-better metrics and against the current
 * value for higher-is-better ones, so a halved throughput and a doubled latency both read +100%.
 */
import { estimate, tCritical95 } from '../../sim/sweep/confidence.js';
import type { GateRule } from './gate-rules.js';

export type Verdict = 'regression' | 'improvement' | 'ok' | 'noisy';

export interface Sample {
  seed: number;
  value: number;
}

export interface Comparison {
  metric: string;
  better: 'lower' | 'higher';
  mode: 'relative' | 'absolute';
  baselineMean: number;
  currentMean: number;
  baselineN: number;
  currentN: number;
  /** Change in the worse direction: > 0 is worse (fraction for relative rules, units for absolute). */
  change: number;
  /** Half-width of the 95% interval of `change` (0 with a single sample per side). */
  noise: number;
  tolerance: number;
  paired: boolean;
  verdict: Verdict;
}

/** Compares baseline and current samples of one metric under `rule`. */
export function compareSamples(rule: GateRule, baseline: Sample[], current: Sample[]): Comparison {
  const worse = rule.better === 'lower' ? 1 : -1;
  const b = estimate(baseline.map((s) => s.value));
  const c = estimate(current.map((s) => s.value));
  const paired = samePairs(baseline, current);
  let diffMean: number;
  let diffNoise: number;
  if (paired) {
    const cur = new Map(current.map((s) => [s.seed, s.value]));
    const d = estimate(baseline.map((s) => worse * (cur.get(s.seed)! - s.value)));
    diffMean = d.mean;
    diffNoise = d.ci95;
  } else {
    diffMean = worse * (c.mean - b.mean);
    const n = Math.min(b.n, c.n);
    const se = Math.sqrt((b.n > 1 ? b.sd ** 2 / b.n : 0) + (c.n > 1 ? c.sd ** 2 / c.n : 0));
    diffNoise = n > 1 ? tCritical95(n - 1) * se : 0;
  }
  // Relative to the better side's mean, so "2× slower" reads +100% for latency and throughput alike.
  const scale = rule.mode === 'absolute' ? 1 : Math.abs(rule.better === 'lower' ? b.mean : c.mean);
  const change =
    scale > 0 ? diffMean / scale : diffMean === 0 ? 0 : Math.sign(diffMean) * Number.POSITIVE_INFINITY;
  const noise = scale > 0 ? diffNoise / scale : 0;
  return {
    metric: rule.metric,
    better: rule.better,
    mode: rule.mode,
    baselineMean: b.mean,
    currentMean: c.mean,
    baselineN: b.n,
    currentN: c.n,
    change,
    noise,
    tolerance: rule.tolerance,
    paired,
    verdict: verdictOf(change, noise, rule.tolerance),
  };
}

/** regression/improvement only when |change| exceeds both the tolerance and the noise. */
export function verdictOf(change: number, noise: number, tolerance: number): Verdict {
  const eps = 1e-12;
  if (change > tolerance + eps) return change > noise + eps ? 'regression' : 'noisy';
  if (-change > tolerance + eps && -change > noise + eps) return 'improvement';
  return 'ok';
}

function samePairs(a: Sample[], b: Sample[]): boolean {
  if (a.length < 2 || a.length !== b.length) return false;
  const seeds = new Set(a.map((s) => s.seed));
  return seeds.size === a.length && b.every((s) => seeds.has(s.seed));
}
