import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ganttChart, sampleAgents } from '../../../reports/charts/gantt-chart.js';
import { utilizationHeatmap } from '../../../reports/charts/utilization-heatmap.js';
import { paretoFront } from '../../../reports/pareto.js';
import { writeRunReport } from '../../../reports/run-report.js';
import { writeSweepReport } from '../../../reports/sweep-report.js';
import { type RunOutput, runScenario } from '../../../sim/run-scenario.js';
import { loadScenarioFile } from '../../../sim/scenario/load.js';
import { expandSweep } from '../../../sim/sweep/expand.js';
import { loadSweepFile } from '../../../sim/sweep/parse-sweep.js';
import { executeRun } from '../../../sim/sweep/run-job.js';
import type { SweepRecord } from '../../../sim/sweep/types.js';
import { xmlProblems } from './xml-check.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');

/** Checks an output folder: every SVG well-formed with the expected marks, HTML self-contained. */
function checkReport(dir: string, expected: Record<string, string[]>): void {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(\s*['"]?https?:|href="https?:/i);
  expect(html.match(/<svg[\s>]/g)).toHaveLength(Object.keys(expected).length);
  for (const [name, marks] of Object.entries(expected)) {
    const svg = readFileSync(join(dir, 'charts', `${name}.svg`), 'utf8');
    expect(svg.startsWith('<svg'), name).toBe(true);
    expect(xmlProblems(svg), name).toEqual([]);
    for (const mark of marks) expect(svg, `${name} has mark-${mark}`).toContain(`class="mark-${mark}`);
    expect(JSON.parse(readFileSync(join(dir, 'charts', `${name}.vl.json`), 'utf8')).$schema).toMatch(
      /vega-lite/,
    );
  }
  const svgs = readdirSync(join(dir, 'charts')).filter((f) => f.endsWith('.svg'));
  expect(svgs.map((f) => f.replace(/\.svg$/, '')).sort()).toEqual(Object.keys(expected).sort());
}

const TRACE_MARKS = {
  gantt: ['rect'],
  'utilization-heatmap': ['rect'],
  'cv-timeline': ['line'],
  'latency-cdf': ['line'],
  'fault-timeline': ['rect', 'symbol'],
};

describe('reports', () => {
  let run: RunOutput;
  let records: SweepRecord[];
  beforeAll(() => {
    run = runScenario(loadScenarioFile(join(fixtures, 'micro.yaml')));
    const spec = loadSweepFile(join(fixtures, 'micro-sweep.yaml'));
    records = expandSweep(spec).map((r) => executeRun(r, spec.name));
  });

  it('writes the single-run report: HTML, one SVG per chart with its marks, the specs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentsched-report-'));
    const written = await writeRunReport(run, dir);
    expect(existsSync(written.html)).toBe(true);
    checkReport(dir, TRACE_MARKS);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).result.digest).toBe(run.result.digest);
  });

  it('writes the sweep report with box plots, Pareto front and the re-simulated representative run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentsched-report-'));
    const written = await writeSweepReport(records, dir);
    expect(written.representative?.note).toBeNull();
    checkReport(dir, {
      'makespan-boxplot': ['rect', 'symbol'],
      'pareto-front': ['symbol', 'text'],
      'cv-timeline': ['line'],
      gantt: ['rect'],
      'utilization-heatmap': ['rect'],
      'latency-cdf': ['line'],
      'fault-timeline': ['rect', 'symbol'],
    });
    const html = readFileSync(written.html, 'utf8');
    expect(html).toContain('Best configuration per metric');
    expect(html).toContain('round-robin fleet.agents=6');
  });

  it('skips the trace charts when asked, keeping the sweep charts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentsched-report-'));
    await writeSweepReport(records, dir, { trace: false });
    checkReport(dir, { 'makespan-boxplot': ['rect'], 'pareto-front': ['symbol'], 'cv-timeline': ['line'] });
  });

  it('samples large runs: at most agentsMax Gantt rows, aggregated heatmap cells', () => {
    const gantt = ganttChart(run.trace, { makespanMs: run.result.makespanMs, agentsMax: 3 });
    const rows = new Set(
      (gantt.spec as { data: { values: { agent: string }[] } }).data.values.map((b) => b.agent),
    );
    expect(rows.size).toBeLessThanOrEqual(3);
    expect(gantt.note).toMatch(/^Sampled: 3 of the \d+ agents that ran work/);
    const heat = utilizationHeatmap(run.trace, { rowsMax: 2, columnsMax: 3 });
    const cells = (heat.spec as { data: { values: unknown[] } }).data.values;
    expect(cells.length).toBeLessThanOrEqual(2 * 3);
    expect(heat.note).toMatch(/^Aggregated: 4 agent\(s\) per row/);
    expect(sampleAgents([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [7], 4)).toEqual([0, 3, 6, 7].sort((a, b) => a - b));
  });

  it('finds the Pareto front over minimised objectives', () => {
    expect(
      paretoFront([
        [1, 5],
        [2, 2],
        [3, 3],
        [5, 1],
        [2, 6],
      ]),
    ).toEqual([0, 1, 3]);
  });
});
