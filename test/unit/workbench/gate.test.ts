import { describe, expect, it } from 'vitest';
import { compareSamples, verdictOf } from '../../../reports/gate/compare.js';
import { formatGateTable } from '../../../reports/gate/format-gate.js';
import { gateRules, parsePercent } from '../../../reports/gate/gate-rules.js';
import { gateJunit } from '../../../reports/gate/junit.js';
import { runGate } from '../../../reports/gate/run-gate.js';
import { estimate, tCritical95 } from '../../../sim/sweep/confidence.js';
import { runsOf } from './synthetic-runs.js';
import { xmlProblems } from './xml-check.js';

const rules = gateRules({ maxRegression: 0.05, maxWallRegression: 0.5, overrides: {} });
const makespanRule = rules.find((r) => r.metric === 'makespanMs')!;
const base = (seed: number) => 100_000 + seed * 7_000;
const baseline = runsOf('eft', 5, (s) => ({
  makespanMs: base(s),
  utilizationCv: 1,
  eventsPerSec: 500_000,
  decisionLatencyUsP99: 30,
}));

describe('performance gate', () => {
  it('passes identical runs: paired per seed, zero change, zero noise', () => {
    const report = runGate(baseline, baseline, rules);
    expect(report.passed).toBe(true);
    expect(report.rows.every((r) => r.verdict === 'ok' && r.paired && r.change === 0)).toBe(true);
  });

  it('fails a consistent 10% makespan regression across seeds, and names it in table and JUnit', () => {
    const current = runsOf('eft', 5, (s) => ({
      makespanMs: base(s) * 1.1,
      utilizationCv: 1,
      eventsPerSec: 500_000,
      decisionLatencyUsP99: 30,
    }));
    const report = runGate(baseline, current, rules);
    expect(report.passed).toBe(false);
    const row = report.rows.find((r) => r.metric === 'makespanMs')!;
    expect(row.verdict).toBe('regression');
    expect(row.change).toBeCloseTo(0.1, 2);
    const table = formatGateTable(report);
    expect(table).toMatch(/^gate FAIL: 1 regression/);
    expect(table).toMatch(/synthetic eft\s+makespan\s+lower\s+.*\+10\.0%\s+5%.*REGRESSION/);
    const junit = gateJunit(report, table);
    expect(xmlProblems(junit)).toEqual([]);
    expect(junit).toContain('failures="1"');
    expect(junit).toMatch(/<failure message="regression: /);
  });

  it('reports a consistent improvement and passes', () => {
    const current = runsOf('eft', 5, (s) => ({
      makespanMs: base(s) * 0.8,
      utilizationCv: 0.9,
      eventsPerSec: 500_000,
      decisionLatencyUsP99: 30,
    }));
    const report = runGate(baseline, current, rules);
    expect(report.passed).toBe(true);
    expect(report.rows.find((r) => r.metric === 'makespanMs')!.verdict).toBe('improvement');
    expect(report.rows.find((r) => r.metric === 'utilizationCv')!.verdict).toBe('improvement');
  });

  it('does not fail a change beyond the tolerance that stays within the noise', () => {
    // Mean +8%, but per-seed changes swing between −30% and +46%: not distinguishable from noise.
    const swing = [1.46, 0.7, 1.3, 0.75, 1.19];
    const current = runsOf('eft', 5, (s) => ({
      makespanMs: base(s) * swing[s - 1]!,
      utilizationCv: 1,
      eventsPerSec: 500_000,
      decisionLatencyUsP99: 30,
    }));
    const row = runGate(baseline, current, rules).rows.find((r) => r.metric === 'makespanMs')!;
    expect(row.change).toBeGreaterThan(0.05);
    expect(row.noise).toBeGreaterThan(row.change);
    expect(row.verdict).toBe('noisy');
  });

  it('compares independent samples (Welch) when the seeds differ, and still catches a large shift', () => {
    const b = [100, 102, 98, 101, 99].map((value, i) => ({ seed: i + 1, value }));
    const c = [120, 122, 118, 121, 119].map((value, i) => ({ seed: i + 11, value }));
    const cmp = compareSamples(makespanRule, b, c);
    expect(cmp.paired).toBe(false);
    expect(cmp.change).toBeCloseTo(0.2, 5);
    expect(cmp.verdict).toBe('regression');
  });

  it('treats lost tasks absolutely and wall-clock metrics with their own tolerance', () => {
    const current = runsOf('eft', 5, (s) => ({
      makespanMs: base(s),
      utilizationCv: 1,
      tasksLost: 2,
      eventsPerSec: 400_000, // baseline 25% faster: within the 50% wall-clock tolerance
      decisionLatencyUsP99: 90, // +200%: beyond it
    }));
    const rows = runGate(baseline, current, rules).rows;
    expect(rows.find((r) => r.metric === 'tasksLost')!.verdict).toBe('regression');
    expect(rows.find((r) => r.metric === 'eventsPerSec')!.verdict).toBe('ok');
    expect(rows.find((r) => r.metric === 'decisionLatencyUsP99')!.verdict).toBe('regression');
  });

  it('matches configurations by scenario and label and lists the unmatched ones', () => {
    const current = [...baseline, ...runsOf('round-robin', 2, () => ({ makespanMs: 1 }))];
    const report = runGate(baseline, current, rules);
    expect(report.onlyInCurrent).toEqual(['synthetic round-robin']);
    expect(report.rows.every((r) => r.config === 'synthetic eft')).toBe(true);
  });

  it.each([
    [0.1, 0.02, 0.05, 'regression'],
    [0.1, 0.2, 0.05, 'noisy'],
    [0.03, 0, 0.05, 'ok'],
    [-0.1, 0.02, 0.05, 'improvement'],
    [-0.1, 0.2, 0.05, 'ok'],
  ] as const)('verdict(change %s, noise %s, tolerance %s) is %s', (change, noise, tol, verdict) => {
    expect(verdictOf(change, noise, tol)).toBe(verdict);
  });

  it('parses tolerances and computes t-based intervals', () => {
    expect(parsePercent('5%')).toBe(0.05);
    expect(parsePercent('0.1')).toBe(0.1);
    expect(parsePercent('five')).toBeNull();
    expect(tCritical95(4)).toBe(2.776);
    const e = estimate([1, 2, 3, 4, 5]);
    expect(e.mean).toBe(3);
    expect(e.ci95).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 6);
  });
});
