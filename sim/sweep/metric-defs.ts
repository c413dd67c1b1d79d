/** The run metrics that summaries, reports and the gate know: direction, unit and a readable name. */
import type { RunMetrics } from './types.js';

export type MetricName = keyof RunMetrics;

export interface MetricDef {
  name: MetricName;
  title: string;
  unit: string;
  better: 'lower' | 'higher';
  /** Measured on the wall clock (varies between machines and with load), not simulated. */
  wallClock: boolean;
}

export const METRICS: readonly MetricDef[] = [
  { name: 'makespanMs', title: 'makespan', unit: 'ms', better: 'lower', wallClock: false },
  { name: 'energyJ', title: 'energy', unit: 'J', better: 'lower', wallClock: false },
  { name: 'utilizationCv', title: 'utilisation CV', unit: '', better: 'lower', wallClock: false },
  { name: 'utilizationMean', title: 'utilisation mean', unit: '', better: 'higher', wallClock: false },
  { name: 'tasksLost', title: 'lost tasks', unit: 'tasks', better: 'lower', wallClock: false },
  { name: 'tasksFailed', title: 'failed tasks', unit: 'tasks', better: 'lower', wallClock: false },
  { name: 'tasksRetried', title: 'retried tasks', unit: 'tasks', better: 'lower', wallClock: false },
  {
    name: 'detectionDelayMsP99',
    title: 'fault detection p99',
    unit: 'ms',
    better: 'lower',
    wallClock: false,
  },
  { name: 'falseSuspicions', title: 'false suspicions', unit: '', better: 'lower', wallClock: false },
  {
    name: 'decisionLatencyUsP50',
    title: 'decision latency p50',
    unit: 'µs',
    better: 'lower',
    wallClock: true,
  },
  {
    name: 'decisionLatencyUsP99',
    title: 'decision latency p99',
    unit: 'µs',
    better: 'lower',
    wallClock: true,
  },
  { name: 'eventsPerSec', title: 'events/s', unit: 'events/s', better: 'higher', wallClock: true },
  { name: 'wallMs', title: 'wall time', unit: 'ms', better: 'lower', wallClock: true },
];

/** The metrics the best-configuration table shows. */
export const SUMMARY_METRICS: readonly MetricName[] = [
  'makespanMs',
  'energyJ',
  'utilizationCv',
  'tasksLost',
  'detectionDelayMsP99',
  'decisionLatencyUsP99',
  'eventsPerSec',
];

/** The definition of `name`; throws for a name not in METRICS (a bug). */
export function metricDef(name: string): MetricDef {
  const d = METRICS.find((m) => m.name === name);
  if (!d) throw new Error(`unknown metric "${name}"`);
  return d;
}
