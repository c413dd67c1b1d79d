/**
 * Summarises a sweep: runs grouped by configuration (everything but the seed), each metric estimated
 * across seeds, and for each metric the best configuration with its runner-up and whether their 95%
 * intervals separate them.
 */
import { type Estimate, estimate } from './confidence.js';
import { METRICS, type MetricName, metricDef, SUMMARY_METRICS } from './metric-defs.js';
import type { SweepRecord } from './types.js';

export interface ConfigSummary {
  configKey: string;
  label: string;
  strategy: string;
  overrides: Record<string, unknown>;
  seeds: number[];
  metrics: Record<MetricName, Estimate>;
}

export interface BestEntry {
  metric: MetricName;
  better: 'lower' | 'higher';
  best: { label: string; configKey: string; estimate: Estimate };
  runnerUp: { label: string; estimate: Estimate } | null;
  /** The best's 95% interval does not overlap the runner-up's. */
  separated: boolean;
}

export interface SweepSummary {
  runs: number;
  configs: ConfigSummary[];
  best: BestEntry[];
}

/** Groups records by configuration (first-seen order) and estimates every metric. */
export function summarizeConfigs(records: readonly SweepRecord[]): ConfigSummary[] {
  const groups = new Map<string, SweepRecord[]>();
  for (const r of [...records].sort((a, b) => a.index - b.index)) {
    const g = groups.get(r.configKey);
    if (g) g.push(r);
    else groups.set(r.configKey, [r]);
  }
  return [...groups.values()].map((rs) => {
    const first = rs[0]!;
    const metrics = Object.fromEntries(
      METRICS.map((m) => [m.name, estimate(rs.map((r) => r.metrics[m.name] ?? 0))]),
    ) as Record<MetricName, Estimate>;
    return {
      configKey: first.configKey,
      label: first.label,
      strategy: first.strategy,
      overrides: first.overrides,
      seeds: rs.map((r) => r.seed),
      metrics,
    };
  });
}

/** The full summary (configurations + best per metric). */
export function summarizeSweep(records: readonly SweepRecord[]): SweepSummary {
  const configs = summarizeConfigs(records);
  return { runs: records.length, configs, best: SUMMARY_METRICS.map((m) => bestFor(configs, m)) };
}

function bestFor(configs: ConfigSummary[], metric: MetricName): BestEntry {
  const better = metricDef(metric).better;
  const sign = better === 'lower' ? 1 : -1;
  const ranked = [...configs].sort((a, b) => sign * (a.metrics[metric].mean - b.metrics[metric].mean));
  const [first, second] = ranked;
  const best = { label: first!.label, configKey: first!.configKey, estimate: first!.metrics[metric] };
  const runnerUp = second ? { label: second.label, estimate: second.metrics[metric] } : null;
  const separated = runnerUp !== null && !overlaps(best.estimate, runnerUp.estimate);
  return { metric, better, best, runnerUp, separated };
}

function overlaps(a: Estimate, b: Estimate): boolean {
  return a.mean - a.ci95 <= b.mean + b.ci95 && b.mean - b.ci95 <= a.mean + a.ci95;
}
