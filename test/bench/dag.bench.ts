/**
 * `npm run bench -- dag`: DAG toolkit benchmarks.
 * - topological order + levels + critical path (with ranks and slack) on a random DAG of 100,000 tasks
 *   and 1,000,000 distinct edges (target ≤ 1 s); graph construction from edge arrays and from a
 *   DagSpec with string ids are timed separately;
 * - import (read + detect + parse + build the graph) of the largest WfCommons instances in
 *   ../shared/data/wfcommons (target ≤ 100 ms); skipped when that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { readWorkflowFile } from '../../engine/adapters/dag-files.js';
import { buildDag } from '../../engine/dag/build.js';
import { edgeCostsMs, taskCostsMs } from '../../engine/dag/costs.js';
import { criticalPath } from '../../engine/dag/critical-path.js';
import { type DagGraph, graphFromEdges } from '../../engine/dag/graph.js';
import { computeLevels } from '../../engine/dag/levels.js';
import { topologicalOrder } from '../../engine/dag/topo.js';
import { createRandom } from '../../engine/model/random.js';
import type { DagSpec, TaskSpec } from '../../engine/model/types.js';

const TASKS = 100_000;
const EDGES = 1_000_000;
/** Edges reach at most this many ranks ahead, which gives a deep DAG (hundreds of levels), not a flat one. */
const WINDOW = 2_000;

interface RandomDag {
  ids: string[];
  sources: Int32Array;
  targets: Int32Array;
  work: Float64Array;
  bytes: Float64Array;
}

/** Seeded random DAG: edges go forward in a hidden rank order; task indices are a shuffle of ranks. */
function randomDag(): RandomDag {
  const random = createRandom('dag-bench');
  const indexOfRank = Int32Array.from({ length: TASKS }, (_, i) => i);
  for (let i = TASKS - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [indexOfRank[i], indexOfRank[j]] = [indexOfRank[j]!, indexOfRank[i]!];
  }
  const seen = new Set<number>();
  const sources = new Int32Array(EDGES);
  const targets = new Int32Array(EDGES);
  let m = 0;
  while (m < EDGES) {
    const u = random.int(TASKS - 1);
    const v = u + 1 + random.int(Math.min(WINDOW, TASKS - u - 1));
    const key = u * TASKS + v;
    if (seen.has(key)) continue;
    seen.add(key);
    sources[m] = indexOfRank[u]!;
    targets[m] = indexOfRank[v]!;
    m++;
  }
  const work = Float64Array.from({ length: TASKS }, () => 1 + random.int(10_000));
  const bytes = Float64Array.from({ length: EDGES }, () => random.int(100_000_000));
  return { ids: Array.from({ length: TASKS }, (_, i) => `t${i}`), sources, targets, work, bytes };
}

function toSpec(d: RandomDag): DagSpec {
  const parents: string[][] = d.ids.map(() => []);
  for (let k = 0; k < EDGES; k++) parents[d.targets[k]!]!.push(d.ids[d.sources[k]!]!);
  const tasks: TaskSpec[] = d.ids.map((id, i) => ({
    id,
    type: 'compute',
    workUnits: d.work[i]!,
    cpuDemand: 1,
    memoryMb: 0,
    inputBytes: 0,
    outputBytes: 1_000_000,
    priority: 0,
    parents: parents[i]!,
  }));
  return { id: 'bench', tasks };
}

const network = { bandwidthBytesPerMs: 125_000, latencyMs: 1 };

function analyse(g: DagGraph): number {
  const order = topologicalOrder(g);
  const levels = computeLevels(g, order);
  const cp = criticalPath(g, taskCostsMs(g), edgeCostsMs(g, network), order);
  return levels.depth + cp.lengthMs;
}

function table(bench: Bench): void {
  const rows = bench.tasks.map((t) => {
    const r = t.result;
    if (r.state !== 'completed') return { task: t.name, state: r.state };
    return {
      task: t.name,
      'p50 ms': r.latency.p50.toFixed(1),
      'p99 ms': r.latency.p99.toFixed(1),
      'mean ms': r.latency.mean.toFixed(1),
      'ops/s': r.throughput.mean.toFixed(2),
      samples: r.latency.samplesCount,
    };
  });
  console.table(rows);
}

async function graphBench(): Promise<void> {
  let t0 = performance.now();
  const d = randomDag();
  console.log(
    `random DAG: ${TASKS} tasks, ${EDGES} edges, generated in ${(performance.now() - t0).toFixed(0)} ms`,
  );
  const g = graphFromEdges(d.ids, d.sources, d.targets, { workUnits: d.work, edgeBytes: d.bytes });
  const levels = computeLevels(g);
  console.log(`depth ${levels.depth}, max width ${levels.maxWidth}`);
  t0 = performance.now();
  const spec = toSpec(d);
  console.log(`DagSpec with string ids built in ${(performance.now() - t0).toFixed(0)} ms`);
  const bench = new Bench({ time: 3000, iterations: 10, warmupIterations: 2 });
  bench.add('topo + levels + critical path (100k tasks / 1M edges)', () => {
    analyse(g);
  });
  bench.add('CSR graph from edge arrays (100k / 1M)', () => {
    graphFromEdges(d.ids, d.sources, d.targets, { workUnits: d.work, edgeBytes: d.bytes });
  });
  bench.add('buildDag from DagSpec: validate + graph + cycle check (100k / 1M)', () => {
    buildDag(spec);
  });
  await bench.run();
  table(bench);
}

async function importBench(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const dir = resolve(root, '../shared/data/wfcommons');
  if (!existsSync(resolve(dir, 'MANIFEST.json'))) {
    console.log(`WfCommons import: skipped (${dir} is absent)`);
    return;
  }
  const manifest = JSON.parse(readFileSync(resolve(dir, 'MANIFEST.json'), 'utf8')) as {
    file: string;
    bytes: number;
    tasks: number;
  }[];
  const bySize = [...manifest].sort((a, b) => b.bytes - a.bytes)[0]!;
  const byTasks = [...manifest].sort((a, b) => b.tasks - a.tasks)[0]!;
  const bench = new Bench({ time: 2000, warmupIterations: 5 });
  for (const m of new Set([bySize, byTasks])) {
    const name = `import ${m.file.split('/').pop()} (${(m.bytes / 1024).toFixed(0)} KiB, ${m.tasks} tasks): read + parse + graph`;
    bench.add(name, () => {
      buildDag(readWorkflowFile(resolve(dir, m.file)).dags[0]!);
    });
  }
  await bench.run();
  table(bench);
}

export default async function run(): Promise<void> {
  await graphBench();
  await importBench();
}
