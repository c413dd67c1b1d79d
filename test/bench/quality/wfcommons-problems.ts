/**
 * Static problems from the real WfCommons workflows (`/work/shared/data/wfcommons`), read with the
 * project's importer (`loadWorkflowFile`): execution time = recorded runtime (ms) / node speed; each
 * dependency carries the parent's output bytes (the DagSpec model: every child reads the parent's
 * outputs), transferred at the link speed in bytes per ms. Two platforms:
 * - `hetero-4`: 4 nodes of speed 1, 1.5, 2, 3 joined by 1 Gbit/s links;
 * - `clusters-16`: 2 clusters of 8 nodes (speeds 1, 1, 1.5, 1.5, 2, 2, 3, 3), 10 Gbit/s inside a
 *   cluster and 1 Gbit/s between clusters.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { loadWorkflowFile } from '../../../engine/adapters/dag-files.js';
import type { DagSpec } from '../../../engine/model/types.js';
import type { StaticEdge, StaticProblemInput } from '../../../engine/schedule/static/problem.js';

export interface Platform {
  name: string;
  speeds: number[];
  /** Link speed in bytes per ms between nodes p and q (p ≠ q). */
  link(p: number, q: number): number;
}

const GBIT_BYTES_PER_MS = 125_000;

export const PLATFORMS: readonly Platform[] = [
  { name: 'hetero-4', speeds: [1, 1.5, 2, 3], link: () => GBIT_BYTES_PER_MS },
  {
    name: 'clusters-16',
    speeds: [1, 1, 1.5, 1.5, 2, 2, 3, 3, 1, 1, 1.5, 1.5, 2, 2, 3, 3],
    link: (p, q) => (p < 8 === q < 8 ? 10 * GBIT_BYTES_PER_MS : GBIT_BYTES_PER_MS),
  },
];

/** Workflow files under `dir` (recursively), skipping duplicates of the same file name. */
export function workflowFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.json') && entry !== 'MANIFEST.json') out.push(path);
    }
  };
  walk(dir);
  const seen = new Set<string>();
  // Prefer WfInstances (schema 1.5) over the older pegasus-instances copies of the same run.
  out.sort(
    (a, b) =>
      Number(a.includes('pegasus-instances')) - Number(b.includes('pegasus-instances')) || a.localeCompare(b),
  );
  return out.filter((path) => {
    const name = basename(path);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/** The workflow at `path` on `platform`, with a short label. */
export function workflowProblem(
  path: string,
  dir: string,
  platform: Platform,
): { label: string; input: StaticProblemInput } {
  const dag = loadWorkflowFile(path)[0]!;
  return { label: `${relative(dir, path)}@${platform.name}`, input: dagOnPlatform(dag, platform) };
}

function dagOnPlatform(dag: DagSpec, platform: Platform): StaticProblemInput {
  const index = new Map(dag.tasks.map((t, i) => [t.id, i]));
  const edges: StaticEdge[] = [];
  dag.tasks.forEach((task, target) => {
    for (const parent of task.parents) {
      const source = index.get(parent)!;
      edges.push({ source, target, size: dag.tasks[source]!.outputBytes });
    }
  });
  const n = platform.speeds.length;
  const execTime = new Float64Array(dag.tasks.length * n);
  dag.tasks.forEach((task, t) => {
    platform.speeds.forEach((speed, p) => {
      execTime[t * n + p] = task.workUnits / speed;
    });
  });
  const linkSpeed = new Float64Array(n * n);
  for (let p = 0; p < n; p++)
    for (let q = 0; q < n; q++) linkSpeed[p * n + q] = p === q ? 1 : platform.link(p, q);
  return {
    taskNames: dag.tasks.map((t) => t.id),
    nodeNames: platform.speeds.map((_, p) => `n${p}`),
    execTime,
    edges,
    linkSpeed,
  };
}
