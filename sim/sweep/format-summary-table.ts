/** Plain-text table of the best configuration per metric (mean ± 95% CI across seeds). */
import { metricDef } from './metric-defs.js';
import type { SweepSummary } from './summarize.js';

/**
 * Formats a number with a unit compactly: ms ≥ 10 s in s, J ≥ 1 MJ in kWh. `scaleOf` picks the unit and
 * precision (pass the mean when formatting its interval, so both read in the same unit).
 */
export function formatValue(v: number, unit: string, scaleOf = v): string {
  if (!Number.isFinite(v)) return '–';
  const big = Math.abs(scaleOf);
  if (unit === 'ms' && big >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  if (unit === 'J' && big >= 1e6) return `${(v / 3.6e6).toFixed(2)} kWh`;
  const digits = Number.isInteger(v) && Number.isInteger(scaleOf) ? 0 : big >= 100 ? 0 : big >= 1 ? 2 : 4;
  const [whole, frac] = v.toFixed(digits).split('.');
  const text = `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
  return unit ? `${text} ${unit}` : text;
}

/** `mean ± ci` in the mean's unit, or the mean alone for a single sample. */
export function formatEstimate(mean: number, ci95: number, n: number, unit: string): string {
  return n > 1 ? `${formatValue(mean, unit)} ± ${formatValue(ci95, unit, mean)}` : formatValue(mean, unit);
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
    const ci = e.n > 1 ? `±${formatValue(e.ci95, d.unit, e.mean)}` : 'n/a (1 seed)';
    const vs = b.runnerUp
      ? `${b.separated ? 'clearly better than' : 'within noise of'} ${b.runnerUp.label} (${formatValue(b.runnerUp.estimate.mean, d.unit)})`
      : '(only configuration)';
    rows.push([d.title, b.better, b.best.label, formatValue(e.mean, d.unit), ci, String(e.n), vs]);
  }
  return `${alignColumns(rows)}\n`;
}
