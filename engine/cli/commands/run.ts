/** `agentsched run <scenario>`: simulate a scenario on the embedded default and print a summary. */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { type RunOutput, runScenario } from '../../../sim/run-scenario.js';
import { loadScenarioFile, ScenarioError } from '../../../sim/scenario/load.js';
import { loadScenarioModules } from '../../../sim/scenario/modules.js';
import { makeDirs } from '../../adapters/make-dirs.js';
import { PluginConfigError } from '../../schedule/framework/registry.js';
import { strategyNames, UnknownStrategyError } from '../../schedule/registry.js';
import { UserError } from '../errors.js';
import { formatSummary } from '../format-summary.js';
import { importWorkflows } from '../workflow-import.js';

export interface RunCommandOptions {
  seed?: string;
  strategy?: string;
  json?: string;
  quiet?: boolean;
  checkInvariants?: string;
  report?: string;
  compareWithoutFaults?: boolean;
  withoutBalance?: boolean;
}

export function parseSeed(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw new UserError(`--seed must be a non-negative integer, got "${v}"`);
  }
  return Number(v);
}

/** Loads, validates and runs a scenario; user errors become UserError (exit 2). */
export async function runScenarioFile(path: string, opts: RunCommandOptions): Promise<RunOutput> {
  const mode = opts.checkInvariants;
  if (mode !== undefined && !['off', 'cheap', 'full'].includes(mode)) {
    throw new UserError(`--check-invariants must be off, cheap or full, got "${mode}"`);
  }
  try {
    const loaded = loadScenarioFile(path);
    await loadScenarioModules(loaded);
    return runScenario(loaded, {
      seed: parseSeed(opts.seed),
      strategy: opts.strategy,
      checkInvariants: mode as 'off' | 'cheap' | 'full' | undefined,
      compareWithoutFaults: opts.compareWithoutFaults,
      withoutBalance: opts.withoutBalance,
      importWorkflows,
    });
  } catch (err) {
    if (err instanceof ScenarioError) throw new UserError(err.message);
    if (err instanceof UnknownStrategyError || err instanceof PluginConfigError)
      throw new UserError(err.message);
    throw err;
  }
}

/** Writes a result file, creating its folder; an unwritable path is the user's error (exit 2). */
function writeOutput(file: string, text: string): void {
  try {
    makeDirs(dirname(resolve(file)));
    writeFileSync(file, text);
  } catch (err) {
    throw new UserError(
      `--json: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

export function register(program: Command): void {
  program
    .command('run')
    .description('Simulate a scenario file (YAML or JSON) with the engine core and print a summary')
    .argument('<scenario>', 'scenario file, e.g. scenarios/standard/standard-1000x10k.yaml')
    .option('--seed <n>', 'override the scenario seed (same seed, same result digest)')
    .option('--strategy <name>', `override the placement strategy (${strategyNames().join(', ')})`)
    .option('--json <file>', 'write the result document as JSON to <file> ("-" for stdout)')
    .option('--quiet', 'print nothing but errors (use with --json)')
    .option('--report <dir>', 'write an HTML report with SVG charts of the run into <dir>')
    .option('--compare-without-faults', 'also run the same seed without faults and report the makespan ratio')
    .option('--without-balance', "switch the scenario's load balancing off (to compare with it on)")
    .option(
      '--check-invariants <mode>',
      'engine invariant checks: off, cheap (periodic, default) or full (every stimulus)',
    )
    .addHelpText(
      'after',
      '\nThe summary shows makespan, tasks completed/failed/lost, decision latency p50/p99, load balance\n(utilisation CV), faults injected/detected, energy, wall time and simulated events per second.\nExit codes: 0 ok, 2 bad input (scenario file, options), 3 the run lost tasks or completed one twice.',
    )
    .action(async (scenario: string, opts: RunCommandOptions) => {
      const wall0 = performance.now();
      const out = await runScenarioFile(scenario, opts);
      const totalWallMs = performance.now() - wall0;
      if (opts.json) {
        const text = `${JSON.stringify(out.result, null, 2)}\n`;
        if (opts.json === '-') process.stdout.write(text);
        else writeOutput(opts.json, text);
      }
      if (!opts.quiet && opts.json !== '-') process.stdout.write(formatSummary(out.result, totalWallMs));
      if (opts.report) {
        // Loaded on demand: vega is large and plain runs do not need it.
        const { writeRunReport } = await import('../../../reports/run-report.js');
        const written = await writeRunReport(out, opts.report);
        if (!opts.quiet && opts.json !== '-') process.stdout.write(`report     ${written.html}\n`);
      }
      if (out.result.tasks.lost > 0 || out.result.tasks.duplicateCompletions > 0) process.exitCode = 3;
    });
}
