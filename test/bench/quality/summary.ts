/**
 * Aggregates and prints the quality benchmark: per strategy and instance group, mean SLR, mean speedup,
 * mean makespan relative to HEFT, share of instances where the strategy is best; plus the portfolio's
 * targets (mean reduction vs HEFT, instances worse than HEFT) and a breakdown by size and CCR.
 */
import type { LayeredDagParams } from './layered-dag.js';

export interface InstanceRow {
  label: string;
  group: 'random' | 'wfcommons';
  tasks: number;
  nodes: number;
  params?: LayeredDagParams | undefined;
  cpMin: number;
  sequential: number;
  makespan: Record<string, number>;
  timeMs: Record<string, number>;
  portfolioIterations: number;
}

export interface StrategyStats {
  meanSlr: number;
  meanSpeedup: number;
  meanVsHeft: number;
  bestShare: number;
  worseThanHeft: number;
  meanTimeMs: number;
}

export interface GroupSummary {
  group: string;
  instances: number;
  strategies: Record<string, StrategyStats>;
}

export interface Summary {
  groups: GroupSummary[];
  portfolioByBucket: { bucket: string; instances: number; meanVsHeft: number; worseThanHeft: number }[];
}

const TIE = 1e-9;
const mean = (xs: number[]): number =>
  xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;

/** Statistics per group ('random grid', 'wfcommons', 'all') and the portfolio's per-bucket figures. */
export function summarise(rows: InstanceRow[]): Summary {
  const groups: GroupSummary[] = [
    groupStats(
      'random grid',
      rows.filter((r) => r.group === 'random'),
    ),
    groupStats(
      'wfcommons',
      rows.filter((r) => r.group === 'wfcommons'),
    ),
    groupStats('all', rows),
  ].filter((g) => g.instances > 0);
  const buckets = new Map<string, InstanceRow[]>();
  for (const r of rows) {
    const key = r.params ? `v${r.params.tasks} ccr${r.params.ccr}` : 'wfcommons';
    buckets.set(key, [...(buckets.get(key) ?? []), r]);
  }
  const portfolioByBucket = [...buckets].map(([bucket, rs]) => ({
    bucket,
    instances: rs.length,
    meanVsHeft: mean(rs.map((r) => r.makespan.portfolio! / r.makespan.heft!)),
    worseThanHeft: rs.filter((r) => r.makespan.portfolio! > r.makespan.heft! * (1 + TIE)).length,
  }));
  return { groups, portfolioByBucket };
}

function groupStats(group: string, rows: InstanceRow[]): GroupSummary {
  const strategies: Record<string, StrategyStats> = {};
  const names = rows.length > 0 ? Object.keys(rows[0]!.makespan) : [];
  for (const s of names) {
    strategies[s] = {
      meanSlr: mean(rows.map((r) => r.makespan[s]! / r.cpMin)),
      meanSpeedup: mean(rows.map((r) => r.sequential / r.makespan[s]!)),
      meanVsHeft: mean(rows.map((r) => r.makespan[s]! / r.makespan.heft!)),
      bestShare: mean(
        rows.map((r) => (r.makespan[s]! <= Math.min(...Object.values(r.makespan)) * (1 + TIE) ? 1 : 0)),
      ),
      worseThanHeft: rows.filter((r) => r.makespan[s]! > r.makespan.heft! * (1 + TIE)).length,
      meanTimeMs: mean(rows.map((r) => r.timeMs[s]!)),
    };
  }
  return { group, instances: rows.length, strategies };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Prints one table per group and the portfolio breakdown. */
export function printTables(summary: Summary): void {
  for (const g of summary.groups) {
    console.log(`\n## ${g.group} (${g.instances} instances)`);
    console.log(
      '| strategy | mean SLR | mean speedup | makespan / HEFT | best | worse than HEFT | mean time ms |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, s] of Object.entries(g.strategies)) {
      console.log(
        `| ${name} | ${s.meanSlr.toFixed(3)} | ${s.meanSpeedup.toFixed(3)} | ${s.meanVsHeft.toFixed(4)} | ${pct(s.bestShare)} | ${s.worseThanHeft} | ${s.meanTimeMs.toFixed(1)} |`,
      );
    }
  }
  console.log('\n## portfolio vs HEFT by size and CCR');
  console.log('| bucket | instances | makespan / HEFT | worse than HEFT |');
  console.log('|---|---|---|---|');
  for (const b of summary.portfolioByBucket) {
    console.log(`| ${b.bucket} | ${b.instances} | ${b.meanVsHeft.toFixed(4)} | ${b.worseThanHeft} |`);
  }
}
