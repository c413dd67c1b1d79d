/** JUnit XML for CI systems: one test case per configuration × metric; regressions are failures. */
import { escapeHtml } from '../html-report.js';
import { formatChange } from './format-gate.js';
import type { GateReport } from './run-gate.js';

/** The JUnit XML document of a gate report. */
export function gateJunit(report: GateReport, tableText: string): string {
  const cases = report.rows.map((r) => {
    const name = escapeHtml(`${r.config} ${r.metric}`);
    const detail = `baseline ${r.baselineMean} current ${r.currentMean} worse by ${formatChange(r)} (tolerance ${r.tolerance}, noise ${r.noise})`;
    const body =
      r.verdict === 'regression'
        ? `<failure message="${escapeHtml(`regression: ${detail}`)}" type="regression"/>`
        : `<system-out>${escapeHtml(`${r.verdict}: ${detail}`)}</system-out>`;
    return `    <testcase classname="agentsched.gate" name="${name}">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${report.rows.length}" failures="${report.regressions}">`,
    `  <testsuite name="agentsched gate" tests="${report.rows.length}" failures="${report.regressions}" errors="0" skipped="0">`,
    ...cases,
    `    <system-out>${escapeHtml(tableText)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
