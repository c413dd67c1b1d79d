/** The gate's readable table and its one-line verdict. */
import { alignColumns, formatValue } from '../../sim/sweep/format-summary-table.js';
import { metricDef } from '../../sim/sweep/metric-defs.js';
import type { GateReport, GateRow } from './run-gate.js';

const VERDICT_TEXT = {
  regression: 'REGRESSION',
  improvement: 'improved',
  ok: 'ok',
  noisy: 'within noise',
} as const;

/** `+6.8%` for relative changes, `+2 tasks` for absolute ones (sign: + is worse). */
export function formatChange(row: Pick<GateRow, 'change' | 'mode' | 'metric'>, value = row.change): string {
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  if (row.mode === 'relative') return `${sign}${(Math.abs(value) * 100).toFixed(1)}%`;
  return `${sign}${formatValue(Math.abs(value), metricDef(row.metric).unit)}`;
}

/** The headline: PASS/FAIL with counts. */
export function gateHeadline(report: GateReport): string {
  const verdict = report.passed ? 'PASS' : 'FAIL';
  return `gate ${verdict}: ${report.regressions} regression(s), ${report.improvements} improvement(s), ${report.noisy} change(s) within noise, ${report.rows.length} comparison(s)`;
}

/** The full table (one row per configuration × metric) followed by notes. */
export function formatGateTable(report: GateReport): string {
  const rows = [
    [
      'configuration',
      'metric',
      'better',
      'baseline',
      'current',
      'worse by',
      'tolerance',
      'noise ±',
      'n',
      'verdict',
    ],
  ];
  for (const r of report.rows) {
    const d = metricDef(r.metric);
    rows.push([
      r.config,
      d.title,
      r.better,
      formatValue(r.baselineMean, d.unit),
      formatValue(r.currentMean, d.unit),
      formatChange(r),
      r.mode === 'relative' ? `${(r.tolerance * 100).toFixed(0)}%` : formatValue(r.tolerance, d.unit),
      r.noise === 0 ? '–' : formatChange(r, r.noise).replace(/^[+±−]/, ''),
      `${r.baselineN}/${r.currentN}${r.paired ? ' paired' : ''}`,
      VERDICT_TEXT[r.verdict],
    ]);
  }
  const notes: string[] = [];
  if (report.onlyInBaseline.length > 0)
    notes.push(`not in current (not compared): ${report.onlyInBaseline.join(', ')}`);
  if (report.onlyInCurrent.length > 0)
    notes.push(`not in baseline (not compared): ${report.onlyInCurrent.join(', ')}`);
  notes.push(
    '"worse by" is the change of the mean in the worse direction; it fails only above both tolerance and noise (95% CI).',
  );
  return `${gateHeadline(report)}\n\n${alignColumns(rows)}\n\n${notes.join('\n')}\n`;
}
