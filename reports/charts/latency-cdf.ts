/**
 * Empirical CDF of scheduling-decision latency (wall clock, µs, log scale), downsampled to at most
 * `pointsMax` quantiles so that million-decision runs stay small.
 */
import { CHART_CONFIG, CHART_WIDTH, type ChartDoc, SCHEMA } from './chart-theme.js';

export interface LatencySeries {
  label: string;
  /** Ascending latencies in µs. */
  sortedUs: ArrayLike<number>;
}

/** Quantile points (latency, fraction ≤ latency) of an ascending sample. */
export function cdfPoints(sortedUs: ArrayLike<number>, pointsMax = 400): { us: number; fraction: number }[] {
  const n = sortedUs.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.floor(n / pointsMax));
  const out: { us: number; fraction: number }[] = [];
  for (let i = 0; i < n; i += step) out.push({ us: Math.max(0.01, sortedUs[i]!), fraction: (i + 1) / n });
  if (out[out.length - 1]!.fraction < 1) out.push({ us: Math.max(0.01, sortedUs[n - 1]!), fraction: 1 });
  return out;
}

/** The CDF spec. */
export function latencyCdfChart(series: LatencySeries[]): ChartDoc {
  const values = series.flatMap((s) => cdfPoints(s.sortedUs).map((p) => ({ ...p, label: s.label })));
  return {
    name: 'latency-cdf',
    title: 'Decision latency CDF',
    caption:
      'Fraction of scheduling decisions that took at most x µs (wall clock on the machine that ran it).',
    marks: ['line'],
    spec: {
      $schema: SCHEMA,
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: 260,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.8 },
      encoding: {
        x: {
          field: 'us',
          type: 'quantitative',
          scale: { type: 'log' },
          title: 'decision latency (µs, log scale)',
        },
        y: {
          field: 'fraction',
          type: 'quantitative',
          title: 'fraction of decisions',
          scale: { domain: [0, 1] },
        },
        color: { field: 'label', type: 'nominal', title: 'run', legend: series.length > 1 ? {} : null },
      },
    },
  };
}
