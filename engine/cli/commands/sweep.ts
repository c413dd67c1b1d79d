/**
 * `agentsched sweep <sweep.yaml>`: runs a parameter sweep on worker threads into an output folder
 * (resumable, shardable), then prints the best configuration per metric with 95% intervals.
 * `agentsched sweep merge <inputs…> --out <dir>` combines shard results into one results file.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ScenarioError } from '../../../sim/scenario/load.js';
import { formatBestTable } from '../../../sim/sweep/format-summary-table.js';
import { mergeResults } from '../../../sim/sweep/merge.js';
import { loadSweepFile } from '../../../sim/sweep/parse-sweep.js';
import { RunFailedError } from '../../../sim/sweep/pool.js';
import { createProgress, formatDuration, progressMode } from '../../../sim/sweep/progress.js';
import { writeRecords } from '../../../sim/sweep/results-file.js';
import { runSweep } from '../../../sim/sweep/run-sweep.js';
import { parseShard } from '../../../sim/sweep/shard.js';
import { summarizeSweep } from '../../../sim/sweep/summarize.js';
import { SweepError } from '../../../sim/sweep/sweep-error.js';
import { effectiveCpus, lowerBackgroundThreadsFromEnv } from '../../adapters/background-threads.js';
import { makeDirs } from '../../adapters/make-dirs.js';
import { UserError } from '../errors.js';

interface SweepCommandOptions {
  workers?: string;
  out?: string;
  shard?: string;
  json?: string;
  quiet?: boolean;
  fresh?: boolean;
}

interface MergeCommandOptions {
  out: string;
  json?: string;
  quiet?: boolean;
}

/** Adds `sweep` and `sweep merge` to `program`. */
export function register(program: Command): void {
  const sweep = program
    .command('sweep')
    .description(
      'Run a parameter sweep (grid or random) over strategies, weights and seeds on worker threads',
    )
    .argument('<sweep>', 'sweep file (YAML/JSON), e.g. scenarios/sweeps/strategies-standard.yaml')
    .option(
      '--workers <n>',
      'worker threads (default: every CPU this process may use — its affinity mask or its cgroup CPU quota)',
    )
    .option(
      '--out <dir>',
      'output folder for results.jsonl and sweep.json (default: reports/out/sweeps/<name>)',
    )
    .option('--shard <i/n>', 'run only shard i of n (0-based); combine shards with `sweep merge`')
    .option('--json <file>', 'write the summary as JSON to <file> ("-" for stdout; no table then)')
    .option('--fresh', 'discard an existing results file instead of resuming it')
    .option('--quiet', 'print nothing but errors (no progress, no table)')
    .addHelpText(
      'after',
      '\nEach finished run is appended to the results file; running the same command again resumes.\nExit codes: 0 ok, 2 bad input, 130 interrupted (results so far are kept).',
    )
    .action(async (file: string, opts: SweepCommandOptions) => {
      await sweepAction(file, opts);
    });
  sweep
    .command('merge')
    .description('Merge shard results (folders or results*.jsonl files) into one results file')
    .argument('<inputs...>', 'shard output folders or results files')
    .option('--out <dir>', 'folder for the merged results.jsonl (required)')
    .option('--json <file>', 'write the summary as JSON to <file> ("-" for stdout; no table then)')
    .option('--quiet', 'print nothing but errors')
    .action((inputs: string[], _opts: unknown, cmd: Command) => {
      // `sweep` has options of the same names and commander hands them to it; read both levels.
      const opts = cmd.optsWithGlobals() as Partial<MergeCommandOptions>;
      if (!opts.out) throw new UserError('sweep merge: --out <dir> is required');
      userErrors(() => mergeAction(inputs, opts as MergeCommandOptions));
    });
}

async function sweepAction(file: string, opts: SweepCommandOptions): Promise<void> {
  const spec = userErrors(() => loadSweepFile(file));
  const workers = parseWorkers(opts.workers);
  // With a CPU left over for V8's compiler and GC threads, they run below the workers' priority (see
  // adapters/background-threads.ts). With a worker on every CPU they must not: the workers would then
  // starve them and stay in the interpreter (the 15-run standard sweep took 4.1–4.8 s instead of 2.6 s
  // on 2 workers and 2 CPUs).
  const lowered = lowerBackgroundThreadsFromEnv(workers);
  if ('error' in lowered) throw new UserError(lowered.error);
  const shard = opts.shard === undefined ? undefined : userErrors(() => parseShard(opts.shard!));
  const outDir = opts.out ?? join('reports', 'out', 'sweeps', spec.name);
  const progress = createProgress(process.stderr, progressMode(process.stderr, opts.quiet === true));
  const onSigint = () => {
    process.stderr.write(
      '\ninterrupted: finished runs are kept in the results file; run the same command again to resume\n',
    );
    process.exit(130);
  };
  process.once('SIGINT', onSigint);
  let outcome: Awaited<ReturnType<typeof runSweep>>;
  try {
    outcome = await runSweep(spec, { outDir, workers, shard, fresh: opts.fresh, progress });
  } catch (err) {
    throw toUserError(err);
  } finally {
    process.off('SIGINT', onSigint);
  }
  const summary = summarizeSweep(outcome.records);
  const doc = { ...outcome, records: undefined, summary };
  const head = `${outcome.totalRuns} runs (${outcome.ranNow} now, ${outcome.resumed} resumed) in ${formatDuration(outcome.wallMs / 1000)} on ${workers} worker threads → ${outcome.resultsPath}`;
  emit(opts.json, opts.quiet, doc, `${head}\n\n${formatBestTable(summary)}`);
}

function mergeAction(inputs: string[], opts: MergeCommandOptions): void {
  const merged = mergeResults(inputs);
  makeDirs(opts.out);
  const resultsPath = join(opts.out, 'results.jsonl');
  writeRecords(resultsPath, merged.records);
  const summary = summarizeSweep(merged.records);
  const total = merged.manifest?.totalRuns;
  const missing =
    merged.missing.length > 0 ? `; ${merged.missing.length} run(s) of the sweep are missing` : '';
  const head = `merged ${merged.records.length}${total === undefined ? '' : ` of ${total}`} runs from ${merged.files.length} file(s) → ${resultsPath}${missing}`;
  emit(
    opts.json,
    opts.quiet,
    { resultsPath, files: merged.files, missing: merged.missing, summary },
    `${head}\n\n${formatBestTable(summary)}`,
  );
  if (merged.missing.length > 0) process.exitCode = 1;
}

function emit(json: string | undefined, quiet: boolean | undefined, doc: unknown, table: string): void {
  if (json) {
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (json === '-') process.stdout.write(text);
    else writeFileSync(json, text);
    return;
  }
  if (!quiet) process.stdout.write(table);
}

function parseWorkers(v: string | undefined): number {
  // All CPUs this process may use: its affinity mask or its container's CPU quota, whichever is smaller.
  if (v === undefined) return Math.max(1, Math.floor(effectiveCpus()));
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UserError(`--workers must be an integer ≥ 1, got "${v}"`);
  return Number(v);
}

function userErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw toUserError(err);
  }
}

function toUserError(err: unknown): unknown {
  if (err instanceof SweepError || err instanceof ScenarioError) return new UserError(err.message);
  if (err instanceof RunFailedError && err.isInputError) return new UserError(err.message);
  return err;
}
