/**
 * `sweep merge`: combines shard results files into one results file in run order, the same as an
 * unsharded run would write. A run present twice must have the same digest (the simulator is
 * deterministic); a difference means the shards ran different code or scenario files.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, type SweepManifest } from './manifest.js';
import { readResultsFile } from './results-file.js';
import { SweepError } from './sweep-error.js';
import type { SweepRecord } from './types.js';

export interface MergeOutcome {
  records: SweepRecord[];
  files: string[];
  manifest: SweepManifest | null;
  /** Keys the manifest lists that no input holds. */
  missing: string[];
}

/** Results files named by `inputs` (files, or folders whose `results*.jsonl` are taken). */
export function resultsFilesOf(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new SweepError(`${input}: no such file or folder`);
    if (statSync(input).isDirectory()) {
      const found = readdirSync(input)
        .filter((f) => /^results.*\.jsonl$/.test(f))
        .sort()
        .map((f) => join(input, f));
      if (found.length === 0) throw new SweepError(`${input}: holds no results*.jsonl file`);
      files.push(...found);
    } else files.push(input);
  }
  return files;
}

/** Reads and merges the inputs; throws SweepError on conflicting duplicates or mixed sweeps. */
export function mergeResults(inputs: string[]): MergeOutcome {
  const files = resultsFilesOf(inputs);
  const byKey = new Map<string, SweepRecord>();
  for (const file of files) {
    for (const r of readResultsFile(file).records) {
      const prev = byKey.get(r.key);
      if (prev && prev.digest !== r.digest) {
        throw new SweepError(
          `${file}: run ${r.label} seed ${r.seed} has digest ${r.digest.slice(0, 12)}… but another input has ${prev.digest.slice(0, 12)}…; the shards ran different code or scenario files`,
        );
      }
      if (!prev) byKey.set(r.key, r);
    }
  }
  const manifest = manifestOf(inputs);
  const records = [...byKey.values()].sort((a, b) => a.index - b.index);
  const missing = manifest ? manifest.keys.filter((k) => !byKey.has(k)) : [];
  const known = new Set(manifest?.keys ?? []);
  const foreign = manifest ? records.filter((r) => !known.has(r.key)) : [];
  if (foreign.length > 0) {
    throw new SweepError(
      `${foreign.length} run(s) in the inputs are not part of sweep "${manifest!.name}" (first: ${foreign[0]!.label} seed ${foreign[0]!.seed})`,
    );
  }
  return { records, files, manifest, missing };
}

function manifestOf(inputs: string[]): SweepManifest | null {
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      const m = readManifest(input);
      if (m) return m;
    }
  }
  return null;
}
