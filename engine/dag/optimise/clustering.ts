/**
 * Task clustering to cut per-task overhead, as Pegasus does: vertical clustering merges chains of
 * fine-grained tasks (each link the only child of its parent and the only parent of its child);
 * horizontal clustering merges fine-grained tasks of the same type on the same level, in groups of at
 * most `maxClusterSize`. Neither can create a cycle: a chain is entered only at its head and left only
 * at its tail, and a horizontal cluster lies on one level, while every edge goes to a deeper level.
 */
import type { DagSpec, TaskSpec } from '../../model/types.js';
import { buildDag } from '../build.js';
import type { DagGraph } from '../graph.js';
import { computeLevels } from '../levels.js';
import { topologicalOrder } from '../topo.js';

export interface ClusteringOptions {
  /** Tasks with workUnits below this are fine-grained and may be clustered (default 1000 ms). */
  fineGrainedMs?: number;
  /** Most tasks per cluster (default 16). */
  maxClusterSize?: number;
  vertical?: boolean;
  horizontal?: boolean;
}

export interface TaskCluster {
  id: string;
  taskIds: string[];
  kind: 'chain' | 'fan';
}

export interface ClusteringResult {
  /** The clustered DAG: one task per cluster (members run one after another), others unchanged. */
  dag: DagSpec;
  /** Clusters of two or more tasks. */
  clusters: TaskCluster[];
}

/** Clusters `spec` (throws `DagError` if it does not build). Deterministic. */
export function clusterTasks(spec: DagSpec, options: ClusteringOptions = {}): ClusteringResult {
  const fineMs = options.fineGrainedMs ?? 1000;
  const maxSize = Math.max(1, options.maxClusterSize ?? 16);
  const graph = buildDag(spec);
  const order = topologicalOrder(graph);
  const fine = (i: number) => spec.tasks[i]!.workUnits < fineMs;
  const owner = Int32Array.from({ length: graph.taskCount }, (_, i) => i);
  const members = new Map<number, number[]>();
  if (options.vertical !== false) chainClusters(graph, order, fine, maxSize, owner, members);
  if (options.horizontal !== false) fanClusters(spec, graph, order, fine, maxSize, owner, members);
  return buildClusteredDag(spec, graph, order, owner, members);
}

function chainClusters(
  g: DagGraph,
  order: Int32Array,
  fine: (i: number) => boolean,
  maxSize: number,
  owner: Int32Array,
  members: Map<number, number[]>,
): void {
  const outDeg = (v: number) => g.succOffsets[v + 1]! - g.succOffsets[v]!;
  const inDeg = (v: number) => g.predOffsets[v + 1]! - g.predOffsets[v]!;
  for (const v of order) {
    if (!fine(v) || outDeg(v) !== 1) continue;
    const w = g.succTargets[g.succOffsets[v]!]!;
    if (!fine(w) || inDeg(w) !== 1) continue;
    const head = owner[v]!;
    const list = members.get(head) ?? [v];
    if (list.length >= maxSize) continue;
    list.push(w);
    members.set(head, list);
    owner[w] = head;
  }
}

function fanClusters(
  spec: DagSpec,
  g: DagGraph,
  order: Int32Array,
  fine: (i: number) => boolean,
  maxSize: number,
  owner: Int32Array,
  members: Map<number, number[]>,
): void {
  const levels = computeLevels(g, order);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < g.taskCount; i++) {
    if (!fine(i) || owner[i] !== i || members.has(i)) continue;
    const key = `${levels.levelOf[i]}\u0000${spec.tasks[i]!.type}`;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  }
  for (const list of groups.values()) {
    for (let k = 0; k + 1 < list.length; k += maxSize) {
      const chunk = list.slice(k, k + maxSize);
      if (chunk.length < 2) continue;
      for (const i of chunk) owner[i] = chunk[0]!;
      members.set(chunk[0]!, chunk);
    }
  }
}

function buildClusteredDag(
  spec: DagSpec,
  g: DagGraph,
  order: Int32Array,
  owner: Int32Array,
  members: Map<number, number[]>,
): ClusteringResult {
  const taken = new Set(spec.tasks.map((t) => t.id));
  const clusterId = new Map<number, string>();
  const clusters: TaskCluster[] = [];
  let n = 0;
  for (const [head, list] of [...members].sort((a, b) => a[0] - b[0])) {
    let id = `cluster_${n++}`;
    while (taken.has(id)) id = `cluster_${n++}`;
    clusterId.set(head, id);
    const chain = list.length > 1 && g.succTargets[g.succOffsets[list[0]!]!] === list[1];
    clusters.push({ id, taskIds: list.map((i) => g.ids[i]!), kind: chain ? 'chain' : 'fan' });
  }
  const nameOf = (i: number) => clusterId.get(owner[i]!) ?? g.ids[i]!;
  const tasks: TaskSpec[] = [];
  for (const v of order) {
    if (owner[v] !== v) continue;
    const list = members.get(v);
    if (!list) tasks.push({ ...spec.tasks[v]!, parents: externalParents(g, [v], owner, nameOf) });
    else tasks.push(mergeTasks(nameOf(v), list, spec, g, owner, nameOf));
  }
  return { dag: { ...spec, id: `${spec.id}.clustered`, tasks }, clusters };
}

function externalParents(
  g: DagGraph,
  list: number[],
  owner: Int32Array,
  nameOf: (i: number) => string,
): string[] {
  const head = owner[list[0]!]!;
  const parents = new Set<string>();
  for (const v of list) {
    for (let p = g.predOffsets[v]!; p < g.predOffsets[v + 1]!; p++) {
      const u = g.predSources[p]!;
      if (owner[u] !== head) parents.add(nameOf(u));
    }
  }
  return [...parents];
}

function mergeTasks(
  id: string,
  list: number[],
  spec: DagSpec,
  g: DagGraph,
  owner: Int32Array,
  nameOf: (i: number) => string,
): TaskSpec {
  const ts = list.map((i) => spec.tasks[i]!);
  const types = new Set(ts.map((t) => t.type));
  const requires = [...new Set(ts.flatMap((t) => t.requires ?? []))];
  const deadlines = ts.flatMap((t) => (t.deadlineMs === undefined ? [] : [t.deadlineMs]));
  const head = owner[list[0]!]!;
  const leavesCluster = (v: number) => {
    for (let e = g.succOffsets[v]!; e < g.succOffsets[v + 1]!; e++)
      if (owner[g.succTargets[e]!] !== head) return true;
    return false;
  };
  const merged: TaskSpec = {
    id,
    type: types.size === 1 ? ts[0]!.type : 'cluster',
    workUnits: ts.reduce((s, t) => s + t.workUnits, 0),
    cpuDemand: Math.max(...ts.map((t) => t.cpuDemand)),
    memoryMb: Math.max(...ts.map((t) => t.memoryMb)),
    inputBytes: ts.reduce((s, t) => s + t.inputBytes, 0),
    outputBytes: list.reduce((s, v) => s + (leavesCluster(v) ? spec.tasks[v]!.outputBytes : 0), 0),
    priority: Math.max(...ts.map((t) => t.priority)),
    parents: externalParents(g, list, owner, nameOf),
  };
  if (requires.length > 0) merged.requires = requires;
  if (deadlines.length > 0) merged.deadlineMs = Math.min(...deadlines);
  return merged;
}
