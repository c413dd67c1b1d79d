/**
 * `agentsched gate --baseline <file> --current <file>`: the CI performance gate. Compares makespan,
 * decision latency p99, utilisation CV, lost tasks and events/s per configuration across seeds, and
 * fails only on a change beyond both the tolerance and the noise. Exit 0 pass, 1 regression, 2 bad input.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { makeBaseline, writeBaseline } from '../../../reports/gate/baseline-file.js';
import { formatGateTable } from '../../../reports/gate/format-gate.js';
import {
  GATE_METRICS,
  type GateTolerances,
  gateRules,
  parsePercent,
} from '../../../reports/gate/gate-rules.js';
import { gateJunit } from '../../../reports/gate/junit.js';
import { runGate } from '../../../reports/gate/run-gate.js';
import { readRuns } from '../../../reports/read-runs.js';
import type { MetricName } from '../../../sim/sweep/metric-defs.js';
import { SweepError } from '../../../sim/sweep/sweep-error.js';
import type { SweepRecord } from '../../../sim/sweep/types.js';
import { UserError } from '../errors.js';

/** Exit code of a gate run that found a regression (2 is bad input, 0 pass). */
export const GATE_REGRESSION_EXIT = 1;

interface GateOptions {
  baseline?: string;
  current: string;
  maxRegression: string;
  maxWallRegression: string;
  tolerance: string[];
  junit?: string;
  json?: string;
  saveBaseline?: string;
  quiet?: boolean;
}

/** Adds the `gate` sub-command to `program`. */
export function register(program: Command): void {
  program
    .command('gate')
    .description('Compare current runs against a baseline and fail on a real performance regression')
    .option(
      '--baseline <file>',
      'baseline: a baseline JSON, sweep results (folder or .jsonl) or run --json output',
    )
    .requiredOption('--current <file>', 'current runs, same formats as --baseline')
    .option('--max-regression <pct>', 'tolerance for simulated metrics (makespan, utilisation CV)', '5%')
    .option(
      '--max-wall-regression <pct>',
      'tolerance for wall-clock metrics (decision latency p99, events/s)',
      '50%',
    )
    .option(
      '--tolerance <metric=value>',
      `per-metric tolerance, repeatable (${GATE_METRICS.join(', ')})`,
      collect,
      [],
    )
    .option('--junit <file>', 'write a JUnit XML report for CI systems')
    .option('--json <file>', 'write the gate summary as JSON ("-" for stdout; no table then)')
    .option('--save-baseline <file>', 'write the current runs as a baseline document')
    .option('--quiet', 'print nothing but errors')
    .addHelpText('after', '\nExit codes: 0 no regression, 1 regression, 2 bad input.')
    .action((opts: GateOptions) => {
      gateAction(opts);
    });
}

function gateAction(opts: GateOptions): void {
  const tolerances = parseTolerances(opts);
  const current = load(opts.current, '--current');
  if (opts.saveBaseline) {
    writeBaseline(opts.saveBaseline, makeBaseline(current, `baseline from ${opts.current}`));
    if (!opts.quiet && !opts.baseline)
      process.stdout.write(`baseline of ${current.length} runs → ${opts.saveBaseline}\n`);
  }
  if (!opts.baseline) {
    if (opts.saveBaseline) return;
    throw new UserError('--baseline is required (or use --save-baseline <file> to record one)');
  }
  const baseline = load(opts.baseline, '--baseline');
  const report = runGate(baseline, current, gateRules(tolerances));
  if (report.rows.length === 0) {
    throw new UserError(
      `baseline and current share no configuration (baseline: ${report.onlyInBaseline.join(', ')}; current: ${report.onlyInCurrent.join(', ')})`,
    );
  }
  const table = formatGateTable(report);
  if (opts.junit) writeFileSync(opts.junit, gateJunit(report, table));
  if (opts.json) {
    const text = `${JSON.stringify({ kind: 'agentsched-gate', baseline: opts.baseline, current: opts.current, tolerances, ...report }, null, 2)}\n`;
    if (opts.json === '-') process.stdout.write(text);
    else writeFileSync(opts.json, text);
  }
  if (!opts.quiet && opts.json !== '-') process.stdout.write(table);
  if (!report.passed) process.exitCode = GATE_REGRESSION_EXIT;
}

function load(path: string, flag: string): SweepRecord[] {
  try {
    const { records } = readRuns(path);
    if (records.length === 0) throw new UserError(`${flag} ${path}: holds no runs`);
    return records;
  } catch (err) {
    if (err instanceof SweepError) throw new UserError(`${flag}: ${err.message}`);
    throw err;
  }
}

function parseTolerances(opts: GateOptions): GateTolerances {
  const pct = (flag: string, v: string) => {
    const f = parsePercent(v);
    if (f === null)
      throw new UserError(`${flag} must be a percentage like 5% or a fraction like 0.05, got "${v}"`);
    return f;
  };
  const overrides: Partial<Record<MetricName, number>> = {};
  for (const t of opts.tolerance) {
    const [name, value] = t.split('=');
    if (!name || value === undefined || !(GATE_METRICS as string[]).includes(name)) {
      throw new UserError(
        `--tolerance must be <metric>=<value> with metric one of ${GATE_METRICS.join(', ')}, got "${t}"`,
      );
    }
    overrides[name as MetricName] = name === 'tasksLost' ? Number(value) : pct(`--tolerance ${name}`, value);
    if (!Number.isFinite(overrides[name as MetricName]))
      throw new UserError(`--tolerance ${name}: "${value}" is not a number`);
  }
  return {
    maxRegression: pct('--max-regression', opts.maxRegression),
    maxWallRegression: pct('--max-wall-regression', opts.maxWallRegression),
    overrides,
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
