/**
 * The results file: JSON Lines, one finished run per line, appended as each run finishes. Appends are
 * single writes, so an interrupted sweep leaves at most one partial last line, which reading skips; the
 * next invocation resumes with the runs whose keys are missing.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SweepError } from './sweep-error.js';
import type { SweepRecord } from './types.js';

export interface ReadResults {
  records: SweepRecord[];
  /** A partial last line was found (an interrupted write) and skipped. */
  truncatedTail: boolean;
}

/** Appends one record as a line. */
export function appendRecord(path: string, record: SweepRecord): void {
  appendFileSync(path, `${JSON.stringify(record)}\n`);
}

/** Writes records, one per line, replacing the file. */
export function writeRecords(path: string, records: SweepRecord[]): void {
  writeFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

/** Reads a results file; a missing file is empty; a malformed line other than the last is an error. */
export function readResultsFile(path: string): ReadResults {
  if (!existsSync(path)) return { records: [], truncatedTail: false };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const records: SweepRecord[] = [];
  let truncatedTail = false;
  let lastLine = lines.length - 1;
  while (lastLine > 0 && lines[lastLine]!.trim() === '') lastLine--;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const isLast = i === lastLine;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (isLast && !text.endsWith('\n')) {
        truncatedTail = true;
        return;
      }
      throw new SweepError(`${path}:${i + 1}: not a JSON line (a results file has one run per line)`);
    }
    records.push(checkRecord(value, `${path}:${i + 1}`));
  });
  return { records, truncatedTail };
}

/** Checks that a parsed value looks like a run record; throws SweepError naming `where`. */
export function checkRecord(value: unknown, where: string): SweepRecord {
  const r = value as Partial<SweepRecord> | null;
  if (!r || typeof r !== 'object' || r.kind !== 'agentsched-run') {
    throw new SweepError(`${where}: not an agentsched run record (expected "kind": "agentsched-run")`);
  }
  for (const field of ['key', 'configKey', 'label', 'strategy'] as const) {
    if (typeof r[field] !== 'string') throw new SweepError(`${where}: field "${field}" must be a string`);
  }
  for (const field of ['index', 'seed'] as const) {
    if (typeof r[field] !== 'number') throw new SweepError(`${where}: field "${field}" must be a number`);
  }
  if (!r.metrics || typeof r.metrics !== 'object')
    throw new SweepError(`${where}: field "metrics" is missing`);
  return r as SweepRecord;
}

/** Ends the file on a fresh line: completes a whole last record, drops a partial one. */
export function repairTail(path: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  if (text === '' || text.endsWith('\n')) return;
  const cut = text.lastIndexOf('\n') + 1;
  try {
    JSON.parse(text.slice(cut));
    appendFileSync(path, '\n');
  } catch {
    writeFileSync(path, text.slice(0, cut));
  }
}
