/** Plain-text table of the best configuration per metric (mean ± 95% CI across seeds). */
import { metricDef } from './metric-defs.js';
import type { SweepSummary } from './summarize.js';

/** Formats a number with a unit compactly (ms ≥ 10 s shown in s). */
export function formatValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'ms' && Math.abs(v) >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  if (unit === 'J' && Math.abs(v) >= 1e6) return `${(v / 3.6e6).toFixed(2)} kWh`;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 2 : 4;
  const [whole, frac] = v.toFixed(digits).split('.');
  const text = `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
  return unit ? `${text} ${unit}` : text;
}

/** Renders rows as aligned columns. */
export function alignColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The best-configuration table, one row per summary metric. */
export function formatBestTable(summary: SweepSummary): string {
  const rows = [['metric', 'better', 'best configuration', 'mean', '95% CI', 'seeds', 'vs runner-up']];
  for (const b of summary.best) {
    const d = metricDef(b.metric);
    const e = b.best.estimate;
    const ci = e.n > 1 ? `±${formatValue(e.ci95, d.unit)}` : 'n/a (1 seed)';
    const vs = b.runnerUp
      ? `${b.separated ? 'clearly better than' : 'within noise of'} ${b.runnerUp.label} (${formatValue(b.runnerUp.estimate.mean, d.unit)})`
      : '(only configuration)';
    rows.push([d.title, b.better, b.best.label, formatValue(e.mean, d.unit), ci, String(e.n), vs]);
  }
  return `${alignColumns(rows)}\n`;
}
