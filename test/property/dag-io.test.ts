import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWorkflowText } from '../../engine/adapters/dag-files.js';
import { buildDag } from '../../engine/dag/build.js';
import { exportProjectJson, parseProjectJson } from '../../engine/dag/io/project-json.js';
import { clusterTasks } from '../../engine/dag/optimise/clustering.js';
import { fixture } from '../unit/dag/fixtures.js';
import { dagArb } from './dag-arbitraries.js';

const roundTrip = (text: string) => parseProjectJson(JSON.parse(text));

describe('import → export → import', () => {
  it('is the identity for any DagSpec (project JSON)', () => {
    fc.assert(
      fc.property(fc.array(dagArb({ maxTasks: 10, optionalFields: true }), { maxLength: 3 }), (dags) => {
        const once = roundTrip(exportProjectJson(dags));
        expect(once).toEqual(dags);
        expect(exportProjectJson(once)).toBe(exportProjectJson(dags));
      }),
      { numRuns: 200 },
    );
  });

  it.each(readdirSync(fixture('.')).filter((f) => !/bad|cycle|invalid|dangling/.test(f)))(
    'is the identity for the imported fixture %s',
    (name) => {
      const first = parseWorkflowText(readFileSync(fixture(name), 'utf8'), name).dags;
      const second = parseWorkflowText(exportProjectJson(first), `${name}.json`).dags;
      expect(second).toEqual(first);
    },
  );
});

describe('clustering', () => {
  it('keeps the DAG acyclic, places every task in exactly one cluster and keeps total work', () => {
    fc.assert(
      fc.property(dagArb({ maxTasks: 30 }), fc.integer({ min: 1, max: 6 }), (spec, maxClusterSize) => {
        const r = clusterTasks(spec, { fineGrainedMs: 5000, maxClusterSize });
        const g = buildDag(r.dag);
        const clustered = r.clusters.flatMap((c) => c.taskIds);
        expect(new Set(clustered).size).toBe(clustered.length);
        for (const c of r.clusters) expect(c.taskIds.length).toBeLessThanOrEqual(maxClusterSize);
        expect(g.taskCount).toBe(spec.tasks.length - clustered.length + r.clusters.length);
        const work = (ts: readonly { workUnits: number }[]) => ts.reduce((s, t) => s + t.workUnits, 0);
        expect(work(r.dag.tasks)).toBe(work(spec.tasks));
      }),
      { numRuns: 300 },
    );
  });
});
