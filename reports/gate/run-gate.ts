/**
 * Runs the gate over two sets of runs: groups runs by configuration (scenario + label, so a baseline
 * recorded on another machine matches), compares every gate metric per configuration, and sums up.
 */
import type { SweepRecord } from '../../sim/sweep/types.js';
import { type Comparison, compareSamples } from './compare.js';
import type { GateRule } from './gate-rules.js';

export interface GateRow extends Comparison {
  config: string;
}

export interface GateReport {
  rows: GateRow[];
  regressions: number;
  improvements: number;
  noisy: number;
  /** Configurations present on one side only. */
  onlyInBaseline: string[];
  onlyInCurrent: string[];
  passed: boolean;
}

/** `scenario label`: how runs are matched between baseline and current. */
export function configName(r: SweepRecord): string {
  return `${r.scenario} ${r.label}`;
}

function groupRuns(records: readonly SweepRecord[]): Map<string, SweepRecord[]> {
  const groups = new Map<string, SweepRecord[]>();
  for (const r of records) {
    const k = configName(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/** Compares `current` against `baseline` under `rules`. */
export function runGate(
  baseline: readonly SweepRecord[],
  current: readonly SweepRecord[],
  rules: GateRule[],
): GateReport {
  const base = groupRuns(baseline);
  const cur = groupRuns(current);
  const rows: GateRow[] = [];
  for (const [config, bRuns] of base) {
    const cRuns = cur.get(config);
    if (!cRuns) continue;
    for (const rule of rules) {
      const sample = (rs: SweepRecord[]) =>
        rs.map((r) => ({ seed: r.seed, value: r.metrics[rule.metric] ?? 0 }));
      rows.push({ config, ...compareSamples(rule, sample(bRuns), sample(cRuns)) });
    }
  }
  const count = (v: string) => rows.filter((r) => r.verdict === v).length;
  const regressions = count('regression');
  return {
    rows,
    regressions,
    improvements: count('improvement'),
    noisy: count('noisy'),
    onlyInBaseline: [...base.keys()].filter((k) => !cur.has(k)),
    onlyInCurrent: [...cur.keys()].filter((k) => !base.has(k)),
    passed: regressions === 0,
  };
}
