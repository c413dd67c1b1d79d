/**
 * Reads run measurements for reports and the gate from any of the files the tool writes:
 * a results folder or `results*.jsonl` (sweeps), a baseline document, a JSON array of run records or
 * result documents, or one result document (`agentsched run --json`). Result documents become records
 * keyed by scenario + strategy (so seeds of one configuration group together).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { RunResult } from '../sim/run-scenario.js';
import { mergeResults } from '../sim/sweep/merge.js';
import { checkRecord, readResultsFile } from '../sim/sweep/results-file.js';
import { metricsOf } from '../sim/sweep/run-job.js';
import { SweepError } from '../sim/sweep/sweep-error.js';
import type { SweepRecord } from '../sim/sweep/types.js';

export interface RunsInput {
  records: SweepRecord[];
  /** What the file was: a sweep's results, a baseline document or plain result documents. */
  source: 'sweep' | 'baseline' | 'results';
}

/** Reads `path`; throws SweepError naming the file (and line or item) when it is not usable. */
export function readRuns(path: string): RunsInput {
  if (!existsSync(path)) throw new SweepError(`${path}: no such file or folder`);
  if (statSync(path).isDirectory()) return { records: mergeResults([path]).records, source: 'sweep' };
  if (path.endsWith('.jsonl')) return { records: readResultsFile(path).records, source: 'sweep' };
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SweepError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return fromDocument(doc, path);
}

function fromDocument(doc: unknown, path: string): RunsInput {
  if (isObject(doc) && doc.kind === 'agentsched-baseline') {
    if (!Array.isArray(doc.runs)) throw new SweepError(`${path}: field "runs" must be a list of run records`);
    return { records: doc.runs.map((r, i) => checkRecord(r, `${path}: runs[${i}]`)), source: 'baseline' };
  }
  const items = Array.isArray(doc) ? doc : [doc];
  if (items.length === 0) throw new SweepError(`${path}: holds no runs`);
  const records = items.map((item, i) => {
    const where = Array.isArray(doc) ? `${path}: item ${i}` : path;
    if (isObject(item) && item.kind === 'agentsched-run') return checkRecord(item, where);
    return recordFromResult(item, where, i);
  });
  return { records, source: 'results' };
}

/** A record for a bare result document (from `agentsched run --json`). */
export function recordFromResult(item: unknown, where: string, index: number): SweepRecord {
  if (!isObject(item) || typeof item.makespanMs !== 'number' || typeof item.strategy !== 'string') {
    throw new SweepError(
      `${where}: not a run result (expected an agentsched run --json document with makespanMs and strategy, a run record, or a baseline)`,
    );
  }
  const r = item as unknown as RunResult;
  const configKey = `${r.scenario}|${r.strategy}`;
  return {
    kind: 'agentsched-run',
    sweep: r.scenario,
    index,
    key: `${configKey}|${r.seed}|${index}`,
    configKey,
    label: r.strategy,
    scenario: r.scenario,
    scenarioPath: '',
    strategy: r.strategy,
    seed: r.seed,
    overrides: {},
    metrics: metricsOf(r),
    digest: r.digest ?? '',
    result: r,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
