/**
 * Baseline documents: `{ kind: 'agentsched-baseline', runs: [...] }`, the runs of a sweep with their
 * metrics (per-sample timelines dropped to keep the committed file small). `readRuns` reads them.
 */
import { writeFileSync } from 'node:fs';
import type { SweepRecord } from '../../sim/sweep/types.js';

export interface BaselineDocument {
  kind: 'agentsched-baseline';
  description: string;
  runs: SweepRecord[];
}

/** A baseline document of `records`. */
export function makeBaseline(records: readonly SweepRecord[], description: string): BaselineDocument {
  const runs = records.map((r) => ({
    ...r,
    scenarioPath: '',
    result: { ...r.result, balance: { ...r.result.balance, timeline: [] } },
  }));
  return { kind: 'agentsched-baseline', description, runs };
}

/** Writes a baseline document as pretty JSON. */
export function writeBaseline(path: string, doc: BaselineDocument): void {
  writeFileSync(path, `${JSON.stringify(doc, null, 1)}\n`);
}
