/**
 * The sweep report (`agentsched report <results> --out <dir>`): best configuration per metric,
 * every configuration's means with 95% intervals, makespan box plots, the Pareto front, balance over
 * time, and the trace charts of one representative run (the best-makespan configuration's first seed,
 * re-simulated from its scenario file: the simulator is deterministic, so this is the same run).
 */
import { existsSync } from 'node:fs';
import { importWorkflows } from '../engine/cli/workflow-import.js';
import { type RunOutput, runScenario } from '../sim/run-scenario.js';
import { formatEstimate, formatValue } from '../sim/sweep/format-summary-table.js';
import { metricDef } from '../sim/sweep/metric-defs.js';
import { scenarioFor } from '../sim/sweep/run-job.js';
import { type SweepSummary, summarizeSweep } from '../sim/sweep/summarize.js';
import type { SweepRecord } from '../sim/sweep/types.js';
import type { ChartDoc } from './charts/chart-theme.js';
import { cvTimelineChart } from './charts/cv-timeline.js';
import { makespanBoxplot } from './charts/makespan-boxplot.js';
import { paretoChart } from './charts/pareto-chart.js';
import { escapeHtml, htmlTable } from './html-report.js';
import { traceCharts } from './run-report.js';
import { type WrittenReport, writeReport } from './write-report.js';

export interface SweepReportOptions {
  /** Re-simulate the representative run for the trace charts (default true). */
  trace?: boolean | undefined;
  /** Most configurations drawn in the balance-over-time chart (best makespan first). */
  timelineConfigsMax?: number | undefined;
}

export interface Representative {
  record: SweepRecord;
  output: RunOutput | null;
  /** Why there are no trace charts, or a warning about the re-simulation. */
  note: string | null;
}

/** Re-simulates the best-makespan configuration's lowest seed, when its scenario file is at hand. */
export function representativeRun(
  records: readonly SweepRecord[],
  summary: SweepSummary,
): Representative | null {
  const best = summary.best.find((b) => b.metric === 'makespanMs');
  const candidates = records
    .filter((r) => r.configKey === best?.best.configKey)
    .sort((a, b) => a.seed - b.seed);
  const record = candidates[0];
  if (!record) return null;
  if (!record.scenarioPath || !existsSync(record.scenarioPath)) {
    return {
      record,
      output: null,
      note: `No trace charts: the scenario file ${record.scenarioPath || '(unknown)'} is not available here.`,
    };
  }
  const output = runScenario(scenarioFor(record), {
    seed: record.seed,
    strategy: record.strategy,
    importWorkflows,
  });
  const note =
    output.result.digest === record.digest
      ? null
      : 'Warning: the re-simulated run has a different digest than the recorded one (the code or scenario changed since the sweep).';
  return { record, output, note };
}

/** Writes the sweep report for `records` into `dir`. */
export async function writeSweepReport(
  records: SweepRecord[],
  dir: string,
  opts: SweepReportOptions = {},
): Promise<WrittenReport & { representative: Representative | null }> {
  const summary = summarizeSweep(records);
  const rep = opts.trace === false ? null : representativeRun(records, summary);
  const charts: ChartDoc[] = [
    makespanBoxplot(records),
    paretoChart(summary.configs),
    timelineChart(records, summary, opts),
  ];
  if (rep?.output) {
    const label = `${rep.record.label} seed ${rep.record.seed}`;
    for (const c of traceCharts(rep.output.result, rep.output.trace, label)) {
      if (c.name === 'cv-timeline') continue;
      charts.push({
        ...c,
        title: `${c.title} (${label})`,
        note: [c.note, rep.note].filter(Boolean).join(' ') || undefined,
      });
    }
  }
  const scenarios = [...new Set(records.map((r) => r.scenario))].join(', ');
  const written = await writeReport(dir, {
    title: `agentsched sweep report: ${records[0]?.sweep ?? 'sweep'}`,
    subtitle: `${records.length} runs · ${summary.configs.length} configurations · scenario ${scenarios}`,
    summaryHtml: summaryHtml(summary, rep),
    charts,
    summary: { kind: 'agentsched-sweep-report', summary },
  });
  return { ...written, representative: rep };
}

function timelineChart(
  records: readonly SweepRecord[],
  summary: SweepSummary,
  opts: SweepReportOptions,
): ChartDoc {
  const max = opts.timelineConfigsMax ?? 8;
  const ranked = [...summary.configs].sort((a, b) => a.metrics.makespanMs.mean - b.metrics.makespanMs.mean);
  const shown = new Set(ranked.slice(0, max).map((c) => c.configKey));
  const series = records
    .filter((r) => shown.has(r.configKey))
    .map((r) => ({ label: r.label, seed: r.seed, points: r.result?.balance?.timeline ?? [] }));
  const chart = cvTimelineChart(series);
  const note =
    summary.configs.length > max
      ? `Showing the ${max} configurations with the best mean makespan.`
      : undefined;
  return { ...chart, note };
}

function summaryHtml(summary: SweepSummary, rep: Representative | null): string {
  const best = summary.best.map((b) => {
    const d = metricDef(b.metric);
    const e = b.best.estimate;
    return [
      d.title,
      b.better,
      b.best.label,
      formatValue(e.mean, d.unit),
      e.n > 1 ? `±${formatValue(e.ci95, d.unit, e.mean)}` : 'n/a',
      String(e.n),
      b.runnerUp ? `${b.separated ? 'clearly better than' : 'within noise of'} ${b.runnerUp.label}` : '',
    ];
  });
  const metrics = ['makespanMs', 'energyJ', 'utilizationCv', 'tasksLost', 'decisionLatencyUsP99'] as const;
  const configs = summary.configs.map((c) => [
    c.label,
    String(c.seeds.length),
    ...metrics.map((m) => {
      const e = c.metrics[m];
      return formatEstimate(e.mean, e.ci95, e.n, metricDef(m).unit);
    }),
  ]);
  const repLine = rep
    ? `<p class="caption">Trace charts below show ${escapeHtml(rep.record.label)} with seed ${rep.record.seed}.${rep.note ? ` ${escapeHtml(rep.note)}` : ''}</p>`
    : '';
  return (
    `<h2>Best configuration per metric</h2><p class="caption">Mean and 95% confidence interval across seeds.</p>${htmlTable(['metric', 'better', 'best configuration', 'mean', '95% CI', 'seeds', 'vs runner-up'], best)}` +
    `<h2>All configurations</h2>${htmlTable(['configuration', 'seeds', ...metrics.map((m) => metricDef(m).title)], configs)}${repLine}`
  );
}
