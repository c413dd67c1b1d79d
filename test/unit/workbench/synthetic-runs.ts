/** Synthetic run records for gate and summary tests (only the fields those read are meaningful). */
import type { RunMetrics, SweepRecord } from '../../../sim/sweep/types.js';

const ZERO: RunMetrics = {
  makespanMs: 0,
  energyJ: 0,
  utilizationCv: 0,
  utilizationMean: 0,
  tasksLost: 0,
  tasksFailed: 0,
  tasksRetried: 0,
  decisionLatencyUsP50: 0,
  decisionLatencyUsP99: 0,
  detectionDelayMsP99: 0,
  falseSuspicions: 0,
  eventsPerSec: 0,
  wallMs: 0,
};

/** One record of configuration `label` and `seed` with the given metrics (others 0). */
export function syntheticRun(label: string, seed: number, metrics: Partial<RunMetrics>): SweepRecord {
  return {
    kind: 'agentsched-run',
    sweep: 'synthetic',
    index: seed,
    key: `${label}|${seed}`,
    configKey: label,
    label,
    scenario: 'synthetic',
    scenarioPath: '',
    strategy: label.split(' ')[0]!,
    seed,
    overrides: {},
    metrics: { ...ZERO, ...metrics },
    digest: '0'.repeat(64),
    result: {} as SweepRecord['result'],
  };
}

/** Runs of one configuration over seeds 1…n, metric values from `f(seed)`. */
export function runsOf(label: string, n: number, f: (seed: number) => Partial<RunMetrics>): SweepRecord[] {
  return Array.from({ length: n }, (_, i) => syntheticRun(label, i + 1, f(i + 1)));
}
