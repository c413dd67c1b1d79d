/**
 * `sweep.json` beside the results: which sweep produced them and how many runs it has, so that a merge
 * can tell a complete set of shards from an incomplete one.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SweepError } from './sweep-error.js';
import type { SweepSpec } from './types.js';

export interface SweepManifest {
  kind: 'agentsched-sweep';
  name: string;
  scenario: string;
  totalRuns: number;
  keys: string[];
}

export const MANIFEST_FILE = 'sweep.json';

/** The manifest for a spec and its expanded run keys. */
export function makeManifest(spec: SweepSpec, keys: string[]): SweepManifest {
  return {
    kind: 'agentsched-sweep',
    name: spec.name,
    scenario: spec.scenarioPath,
    totalRuns: keys.length,
    keys,
  };
}

/** Writes the manifest atomically (shards on a shared volume write identical content). */
export function writeManifest(dir: string, manifest: SweepManifest): void {
  const tmp = join(dir, `.${MANIFEST_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, join(dir, MANIFEST_FILE));
}

/** Reads `dir/sweep.json`, or null when absent. */
export function readManifest(dir: string): SweepManifest | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  let m: Partial<SweepManifest>;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new SweepError(`${path}: not valid JSON`);
  }
  if (m.kind !== 'agentsched-sweep' || !Array.isArray(m.keys)) {
    throw new SweepError(`${path}: not an agentsched sweep manifest`);
  }
  return m as SweepManifest;
}
