/**
 * The single-run report (`agentsched run --report <dir>`): summary table plus the trace charts (Gantt,
 * utilisation heatmap, balance over time, decision-latency CDF, faults and migrations).
 */
import type { RunOutput, RunResult } from '../sim/run-scenario.js';
import type { SimTrace } from '../sim/simulator.js';
import { formatValue } from '../sim/sweep/format-summary-table.js';
import { METRICS } from '../sim/sweep/metric-defs.js';
import { metricsOf } from '../sim/sweep/run-job.js';
import type { ChartDoc } from './charts/chart-theme.js';
import { cvTimelineChart } from './charts/cv-timeline.js';
import { faultTimelineChart } from './charts/fault-timeline.js';
import { ganttChart } from './charts/gantt-chart.js';
import { latencyCdfChart } from './charts/latency-cdf.js';
import { utilizationHeatmap } from './charts/utilization-heatmap.js';
import { htmlTable } from './html-report.js';
import { type WrittenReport, writeReport } from './write-report.js';

/** The charts drawn from one run's trace; `label` names the run in legends. */
export function traceCharts(result: RunResult, trace: SimTrace, label: string): ChartDoc[] {
  return [
    ganttChart(trace, { makespanMs: result.makespanMs }),
    utilizationHeatmap(trace),
    cvTimelineChart([{ label, seed: result.seed, points: result.balance?.timeline ?? [] }]),
    latencyCdfChart([{ label, sortedUs: trace.decisionLatencyUs ?? [] }]),
    faultTimelineChart(trace, result.makespanMs),
  ];
}

/** Summary table rows of one result: every known metric with its unit. */
export function resultTableHtml(result: RunResult): string {
  const m = metricsOf(result);
  const rows = METRICS.map((d) => [
    d.title,
    formatValue(m[d.name], d.unit),
    d.better === 'lower' ? 'lower is better' : 'higher is better',
  ]);
  const t = result.tasks;
  rows.unshift(
    ['agents', String(result.agents), ''],
    [
      'tasks',
      `${t?.submitted ?? 0} submitted · ${t?.completed ?? 0} completed · ${t?.failed ?? 0} failed · ${t?.lost ?? 0} lost`,
      '',
    ],
  );
  rows.push(['digest', result.digest ?? '', 'same scenario + seed ⇒ same digest']);
  return htmlTable(['', 'value', ''], rows);
}

/** Writes the single-run report of `out` into `dir`. */
export async function writeRunReport(out: RunOutput, dir: string): Promise<WrittenReport> {
  const r = out.result;
  return writeReport(dir, {
    title: `agentsched run report: ${r.scenario}`,
    subtitle: `seed ${r.seed} · strategy ${r.strategy} · ${r.agents} agents · ${r.tasks?.submitted ?? 0} tasks`,
    summaryHtml: `<h2>Summary</h2>${resultTableHtml(r)}`,
    charts: traceCharts(r, out.trace, r.strategy),
    summary: {
      kind: 'agentsched-run-report',
      result: { ...r, balance: { ...r.balance, timeline: undefined } },
    },
  });
}
