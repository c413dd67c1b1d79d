/** `--shard i/n`: shard i (0-based) of n takes the runs whose index ≡ i (mod n). */
import { SweepError } from './sweep-error.js';
import type { SweepRun } from './types.js';

export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` with 0 ≤ i < n; throws SweepError otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index >= count) {
    throw new SweepError(`--shard must be i/n with 0 ≤ i < n (e.g. 0/4), got "${text}"`);
  }
  return { index, count };
}

/** The runs belonging to `shard` (all runs without a shard). */
export function selectShard(runs: SweepRun[], shard: Shard | undefined): SweepRun[] {
  if (!shard) return runs;
  return runs.filter((r) => r.index % shard.count === shard.index);
}

/** The results file name of a shard (shards can share one output folder). */
export function resultsFileName(shard: Shard | undefined): string {
  return shard ? `results.shard-${shard.index}-of-${shard.count}.jsonl` : 'results.jsonl';
}
