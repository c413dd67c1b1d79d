/**
 * What the gate compares and how much change it tolerates, per metric. Simulated metrics (makespan,
 * utilisation CV) are deterministic per seed and get the tight `--max-regression`; wall-clock metrics
 * (decision latency, events/s) vary with the machine and its load and get `--max-wall-regression`;
 * lost tasks are counted, so any increase beyond `absoluteTolerance` counts.
 */
import { type MetricName, metricDef } from '../../sim/sweep/metric-defs.js';

export interface GateRule {
  metric: MetricName;
  better: 'lower' | 'higher';
  /** 'relative': tolerance is a fraction of the baseline mean; 'absolute': in the metric's unit. */
  mode: 'relative' | 'absolute';
  tolerance: number;
}

export interface GateTolerances {
  /** Fraction, e.g. 0.05 for 5%. */
  maxRegression: number;
  maxWallRegression: number;
  /** Per-metric overrides (fraction for relative metrics, units for absolute ones). */
  overrides: Partial<Record<MetricName, number>>;
}

export const GATE_METRICS: readonly MetricName[] = [
  'makespanMs',
  'decisionLatencyUsP99',
  'utilizationCv',
  'tasksLost',
  'eventsPerSec',
];

/** The rules for the gate metrics under `tol`. */
export function gateRules(tol: GateTolerances): GateRule[] {
  return GATE_METRICS.map((metric) => {
    const d = metricDef(metric);
    const mode = metric === 'tasksLost' ? 'absolute' : 'relative';
    const base = mode === 'absolute' ? 0 : d.wallClock ? tol.maxWallRegression : tol.maxRegression;
    return { metric, better: d.better, mode, tolerance: tol.overrides[metric] ?? base };
  });
}

/** Parses `5%`, `0.05` or `5 %` into a fraction; null when not a non-negative number. */
export function parsePercent(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m) return null;
  const v = Number(m[1]);
  return m[2] === '%' ? v / 100 : v;
}
