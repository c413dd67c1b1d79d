/**
 * Renders a report's charts and writes the output folder: `index.html` (self-contained),
 * `charts/<name>.svg` and `charts/<name>.vl.json` (the Vega-Lite source of each chart).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../engine/adapters/make-dirs.js';
import type { ChartDoc } from './charts/chart-theme.js';
import { type RenderedChart, renderHtml } from './html-report.js';
import { renderSvg } from './render-svg.js';

export interface ReportContent {
  title: string;
  subtitle: string;
  summaryHtml: string;
  charts: ChartDoc[];
  /** Extra JSON written as summary.json. */
  summary: unknown;
}

export interface WrittenReport {
  dir: string;
  html: string;
  svgs: string[];
  /** Render time per chart (ms), for the curious and for the ≤ 5 s target. */
  renderMs: Record<string, number>;
}

/** Renders every chart and writes the folder; returns the written paths. */
export async function writeReport(dir: string, content: ReportContent): Promise<WrittenReport> {
  makeDirs(join(dir, 'charts'));
  const rendered: RenderedChart[] = [];
  const svgs: string[] = [];
  const renderMs: Record<string, number> = {};
  for (const chart of content.charts) {
    const t0 = performance.now();
    const svg = await renderSvg(chart.spec);
    renderMs[chart.name] = Math.round(performance.now() - t0);
    const svgPath = join(dir, 'charts', `${chart.name}.svg`);
    writeFileSync(svgPath, svg);
    writeFileSync(join(dir, 'charts', `${chart.name}.vl.json`), `${JSON.stringify(chart.spec)}\n`);
    svgs.push(svgPath);
    rendered.push({ name: chart.name, title: chart.title, caption: chart.caption, note: chart.note, svg });
  }
  const html = join(dir, 'index.html');
  writeFileSync(
    html,
    renderHtml({
      title: content.title,
      subtitle: content.subtitle,
      summaryHtml: content.summaryHtml,
      charts: rendered,
    }),
  );
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(content.summary, null, 2)}\n`);
  return { dir, html, svgs, renderMs };
}
