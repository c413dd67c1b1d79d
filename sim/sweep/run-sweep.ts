/**
 * Runs a sweep (or one shard of it) into an output folder: expands it, skips runs already in the
 * results file, runs the rest on worker threads appending each record as it finishes, and finally
 * rewrites the file in run order so that shard + merge and an unsharded run give the same file.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../../engine/adapters/make-dirs.js';
import { expandSweep } from './expand.js';
import { makeManifest, writeManifest } from './manifest.js';
import { runPool } from './pool.js';
import type { ProgressSink } from './progress.js';
import { appendRecord, readResultsFile, repairTail, writeRecords } from './results-file.js';
import { resultsFileName, type Shard, selectShard } from './shard.js';
import { SweepError } from './sweep-error.js';
import type { SweepRecord, SweepSpec } from './types.js';

export interface SweepOptions {
  outDir: string;
  workers: number;
  shard?: Shard | undefined;
  /** Ignore (overwrite) an existing results file instead of resuming it. */
  fresh?: boolean | undefined;
  progress: ProgressSink;
}

export interface SweepOutcome {
  resultsPath: string;
  /** Records of this shard (or the whole sweep), in run order. */
  records: SweepRecord[];
  totalRuns: number;
  ranNow: number;
  resumed: number;
  wallMs: number;
}

/** Runs the sweep; rejects with SweepError for unusable inputs, RunFailedError when a run fails. */
export async function runSweep(spec: SweepSpec, opts: SweepOptions): Promise<SweepOutcome> {
  const t0 = performance.now();
  const all = expandSweep(spec);
  const runs = selectShard(all, opts.shard);
  makeDirs(opts.outDir);
  writeManifest(
    opts.outDir,
    makeManifest(
      spec,
      all.map((r) => r.key),
    ),
  );
  const resultsPath = join(opts.outDir, resultsFileName(opts.shard));
  const previous = opts.fresh ? [] : previousRecords(resultsPath, new Set(runs.map((r) => r.key)));
  if (opts.fresh || !existsSync(resultsPath)) writeRecords(resultsPath, []);
  const doneKeys = new Set(previous.map((r) => r.key));
  const todo = runs.filter((r) => !doneKeys.has(r.key));
  const records = [...previous];
  opts.progress.start(
    runs.length,
    runs.length - todo.length,
    Math.min(opts.workers, Math.max(1, todo.length)),
  );
  await runPool(todo, {
    workers: opts.workers,
    sweepName: spec.name,
    onStart: (run) => opts.progress.runStarted(run),
    onRecord: (record) => {
      appendRecord(resultsPath, record);
      records.push(record);
      opts.progress.runFinished(record);
    },
  });
  opts.progress.finish();
  records.sort((a, b) => a.index - b.index);
  const tmp = `${resultsPath}.${process.pid}.tmp`;
  writeRecords(tmp, records);
  renameSync(tmp, resultsPath);
  const wallMs = performance.now() - t0;
  return {
    resultsPath,
    records,
    totalRuns: runs.length,
    ranNow: todo.length,
    resumed: previous.length,
    wallMs,
  };
}

function previousRecords(path: string, expected: Set<string>): SweepRecord[] {
  repairTail(path);
  const { records } = readResultsFile(path);
  const foreign = records.filter((r) => !expected.has(r.key));
  if (foreign.length > 0) {
    throw new SweepError(
      `${path} holds ${foreign.length} run(s) that are not part of this sweep (first: ${foreign[0]!.label} seed ${foreign[0]!.seed}); ` +
        'the sweep file or scenario changed since; use --fresh to start over or choose another --out',
    );
  }
  const seen = new Map<string, SweepRecord>();
  for (const r of records) seen.set(r.key, r);
  return [...seen.values()];
}
