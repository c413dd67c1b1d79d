import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeResults } from '../../../sim/sweep/merge.js';
import { metricDef } from '../../../sim/sweep/metric-defs.js';
import { loadSweepFile } from '../../../sim/sweep/parse-sweep.js';
import { createProgress } from '../../../sim/sweep/progress.js';
import { readResultsFile } from '../../../sim/sweep/results-file.js';
import { runSweep, type SweepOutcome } from '../../../sim/sweep/run-sweep.js';
import { summarizeSweep } from '../../../sim/sweep/summarize.js';
import type { SweepRecord } from '../../../sim/sweep/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const spec = loadSweepFile(join(here, 'fixtures', 'micro-sweep.yaml'));
const silent = createProgress(process.stderr, 'off');
const tmp = () => mkdtempSync(join(tmpdir(), 'agentsched-sweep-'));

/** The deterministic part of a record (wall-clock figures differ between runs). */
const stable = (r: SweepRecord) => ({
  index: r.index,
  key: r.key,
  digest: r.digest,
  makespanMs: r.metrics.makespanMs,
});

describe('sweep runner (worker threads)', () => {
  let full: SweepOutcome;
  beforeAll(async () => {
    full = await runSweep(spec, { outDir: tmp(), workers: 2, progress: silent });
  });

  it('runs every run once on worker threads and writes them in run order', () => {
    expect(full.totalRuns).toBe(12);
    expect(full.ranNow).toBe(12);
    const { records } = readResultsFile(full.resultsPath);
    expect(records.map((r) => r.index)).toEqual([...Array(12).keys()]);
    expect(records.every((r) => r.digest.length === 64 && r.metrics.makespanMs > 0)).toBe(true);
  });

  it('resumes an interrupted sweep: only the missing runs run again, the results are the same', async () => {
    const dir = tmp();
    const lines = readFileSync(full.resultsPath, 'utf8').split('\n');
    // Five finished runs, then a write cut short by the interruption.
    writeFileSync(join(dir, 'results.jsonl'), `${lines.slice(0, 5).join('\n')}\n`);
    appendFileSync(join(dir, 'results.jsonl'), lines[5]!.slice(0, 40));
    const resumed = await runSweep(spec, { outDir: dir, workers: 2, progress: silent });
    expect(resumed.resumed).toBe(5);
    expect(resumed.ranNow).toBe(7);
    expect(readResultsFile(resumed.resultsPath).records.map(stable)).toEqual(full.records.map(stable));
  });

  it('shards into one folder and merges to the same results as one unsharded run', async () => {
    const dir = tmp();
    for (const index of [0, 1, 2]) {
      const part = await runSweep(spec, {
        outDir: dir,
        workers: 1,
        shard: { index, count: 3 },
        progress: silent,
      });
      expect(part.totalRuns).toBe(4);
    }
    const merged = mergeResults([dir]);
    expect(merged.files).toHaveLength(3);
    expect(merged.missing).toEqual([]);
    expect(merged.records.map(stable)).toEqual(full.records.map(stable));
    // Wall-clock metrics differ from run to run; every simulated metric must agree exactly.
    const summary = (rs: SweepRecord[]) =>
      summarizeSweep(rs)
        .best.filter((b) => !metricDef(b.metric).wallClock)
        .map((b) => [b.metric, b.best.label, b.best.estimate.mean, b.best.estimate.ci95]);
    expect(summary(merged.records)).toEqual(summary(full.records));
  });

  it('reports the runs a merge is missing and refuses shards whose digests disagree', async () => {
    const dir = tmp();
    await runSweep(spec, { outDir: dir, workers: 1, shard: { index: 0, count: 2 }, progress: silent });
    expect(mergeResults([dir]).missing).toHaveLength(6);
    const bad = full.records.map((r) => (r.index === 0 ? { ...r, digest: 'f'.repeat(64) } : r));
    const other = join(tmp(), 'results.jsonl');
    writeFileSync(other, bad.map((r) => `${JSON.stringify(r)}\n`).join(''));
    expect(() => mergeResults([full.resultsPath, other])).toThrow(/different code or scenario files/);
  });

  it('refuses to resume into a results file written by a different sweep', async () => {
    const dir = tmp();
    const foreign = { ...full.records[0]!, key: 'not-this-sweep' };
    writeFileSync(join(dir, 'results.jsonl'), `${JSON.stringify(foreign)}\n`);
    await expect(runSweep(spec, { outDir: dir, workers: 1, progress: silent })).rejects.toThrow(/--fresh/);
  });
});
