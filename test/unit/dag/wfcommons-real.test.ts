/**
 * Every real WfCommons instance in ../shared/data/wfcommons imports and matches MANIFEST.json's task
 * count, edge count, depth and maximum width. Skips when the shared data folder is absent.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkflowFile } from '../../../engine/adapters/dag-files.js';
import { buildDag } from '../../../engine/dag/build.js';
import { computeLevels } from '../../../engine/dag/levels.js';
import { hasWfcommons, wfcommonsDir } from './fixtures.js';

interface ManifestEntry {
  file: string;
  schemaVersion: string;
  tasks: number;
  edges: number;
  depth: number;
  maxWidth: number;
  makespanInSeconds: number;
  sumRuntimeInSeconds: number;
}

const manifest: ManifestEntry[] = hasWfcommons
  ? JSON.parse(readFileSync(resolve(wfcommonsDir, 'MANIFEST.json'), 'utf8'))
  : [];

describe.skipIf(!hasWfcommons)('real WfCommons instances match their manifest', () => {
  it('lists 21 instances', () => {
    expect(manifest.length).toBe(21);
  });

  it.each(manifest.map((m) => [m.file, m] as const))('%s', (_file, m) => {
    const wf = readWorkflowFile(resolve(wfcommonsDir, m.file));
    expect(wf.format).toBe('wfformat');
    expect(wf.dags).toHaveLength(1);
    const spec = wf.dags[0]!;
    const g = buildDag(spec);
    const levels = computeLevels(g);
    expect({
      tasks: g.taskCount,
      edges: g.edgeCount,
      depth: levels.depth,
      maxWidth: levels.maxWidth,
    }).toEqual({
      tasks: m.tasks,
      edges: m.edges,
      depth: m.depth,
      maxWidth: m.maxWidth,
    });
    expect(new Set(spec.tasks.map((t) => t.id)).size).toBe(m.tasks);
    const sumMs = spec.tasks.reduce((s, t) => s + t.workUnits, 0);
    // per-task rounding to whole ms (and the 1 ms floor) moves the sum by at most 1 ms per task
    expect(Math.abs(sumMs - m.sumRuntimeInSeconds * 1000)).toBeLessThanOrEqual(m.tasks);
    expect(spec.labels?.makespanMs).toBe(String(Math.round(m.makespanInSeconds * 1000)));
    expect(wf.machines.length).toBeGreaterThan(0);
    for (const t of spec.tasks) {
      expect(Number.isInteger(t.workUnits) && t.workUnits >= 1).toBe(true);
      expect(t.cpuDemand).toBeGreaterThanOrEqual(1);
      expect(t.type).not.toMatch(/_ID\d+$/);
    }
  });
});
