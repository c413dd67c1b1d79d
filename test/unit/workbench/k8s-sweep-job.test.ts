import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseSweepText } from '../../../sim/sweep/parse-sweep.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const docs = parseAllDocuments(readFileSync(join(root, 'deploy', 'k8s', 'sweep-job.yaml'), 'utf8')).map(
  (d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  },
);
const byKind = (kind: string) => docs.filter((d) => d.kind === kind);

describe('deploy/k8s/sweep-job.yaml (validated offline)', () => {
  it('holds a claim, the sweep ConfigMap, the Indexed shard Job and the merge Job, each valid', () => {
    expect(docs.map((d) => d.kind)).toEqual(['PersistentVolumeClaim', 'ConfigMap', 'Job', 'Job']);
    expect(() => new PersistentVolumeClaim(byKind('PersistentVolumeClaim')[0]).validate()).not.toThrow();
    expect(() => new ConfigMap(byKind('ConfigMap')[0]).validate()).not.toThrow();
    for (const job of byKind('Job')) expect(() => new Job(job).validate()).not.toThrow();
    // The validator does reject a malformed Job, so the checks above mean something.
    const broken = structuredClone(byKind('Job')[0]);
    broken.spec.completions = 'four';
    expect(() => new Job(broken).validate()).toThrow(/completions must be integer/);
  });

  it('runs one shard per completion index, with completions equal to SHARDS', () => {
    const job = new Job(byKind('Job')[0]);
    const spec = job.spec!;
    expect(spec.completionMode).toBe('Indexed');
    const container = spec.template.spec!.containers[0]!;
    const shards = container.env!.find((e) => e.name === 'SHARDS')!.value;
    expect(String(spec.completions)).toBe(shards);
    expect(String(spec.parallelism)).toBe(shards);
    const script = container.args!.join(' ');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell expands these, not JavaScript
    expect(script).toContain('--shard "${JOB_COMPLETION_INDEX}/${SHARDS}"');
    expect(script).toMatch(/--out \/results\/strategies-standard\b/);
  });

  it('merges the shards from the shared volume, waiting while runs are missing, then writes the report', () => {
    const merge = new Job(byKind('Job')[1]);
    const script = merge.spec!.template.spec!.containers[0]!.args!.join(' ');
    expect(script).toContain(
      'sweep merge /results/strategies-standard --out /results/strategies-standard/merged',
    );
    expect(script).toContain('report /results/strategies-standard/merged');
    const claims = byKind('Job').map(
      (j) => new Job(j).spec!.template.spec!.volumes!.find((v) => v.name === 'results')!,
    );
    expect(new Set(claims.map((c) => c.persistentVolumeClaim!.claimName))).toEqual(
      new Set(['agentsched-sweep-results']),
    );
  });

  it('ships a sweep file the sweep parser accepts', () => {
    const text = byKind('ConfigMap')[0].data['sweep.yaml'];
    const spec = parseSweepText(text, 'configmap sweep.yaml', '/config');
    expect(spec.scenarioPath).toBe('/app/scenarios/standard/standard-1000x10k.yaml');
    expect(spec.strategies).toEqual(['eft', 'least-loaded', 'round-robin']);
  });
});
