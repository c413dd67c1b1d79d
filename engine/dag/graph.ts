/**
 * The immutable, index-based DAG every analysis runs on. Tasks are numbered 0…n-1; edges are stored
 * twice in compressed sparse row form (successors and predecessors) in typed arrays, so hot loops
 * touch no per-node objects. Edge `e` is position `e` in `succTargets`; `predEdges` maps each
 * predecessor slot back to its edge index so per-edge arrays serve both directions.
 */

export interface DagGraph {
  readonly taskCount: number;
  readonly edgeCount: number;
  /** Task id of each index. */
  readonly ids: readonly string[];
  /** Successors of task i are `succTargets[succOffsets[i] .. succOffsets[i+1])`. */
  readonly succOffsets: Int32Array;
  readonly succTargets: Int32Array;
  /** Predecessors of task i are `predSources[predOffsets[i] .. predOffsets[i+1])`. */
  readonly predOffsets: Int32Array;
  readonly predSources: Int32Array;
  /** Edge index (position in `succTargets`) of each predecessor slot. */
  readonly predEdges: Int32Array;
  /** Work of each task in ms at speed 1.0 (`TaskSpec.workUnits`). */
  readonly workUnits: Float64Array;
  /** Slots each task occupies (`TaskSpec.cpuDemand`). */
  readonly cpuDemand: Float64Array;
  /** Bytes carried by each edge (the parent's `outputBytes`). */
  readonly edgeBytes: Float64Array;
}

/** Optional per-task and per-edge weights for `graphFromEdges`; missing arrays default to 0 (cpu: 1). */
export interface GraphWeights {
  workUnits?: Float64Array;
  cpuDemand?: Float64Array;
  /** Bytes per input edge, aligned with `sources`/`targets`. */
  edgeBytes?: Float64Array;
}

/**
 * Builds a graph from parallel edge arrays (`sources[k] → targets[k]`). Successor lists keep the input
 * order of edges, so the result depends only on the input. Does not check for cycles or duplicate edges:
 * `buildDag` does that for specs; callers of this low-level constructor must pass a DAG.
 */
export function graphFromEdges(
  ids: readonly string[],
  sources: Int32Array,
  targets: Int32Array,
  weights: GraphWeights = {},
): DagGraph {
  const n = ids.length;
  const m = sources.length;
  if (targets.length !== m) throw new Error('graphFromEdges: sources and targets differ in length');
  const succOffsets = countingOffsets(n, sources);
  const predOffsets = countingOffsets(n, targets);
  const succTargets = new Int32Array(m);
  const predSources = new Int32Array(m);
  const predEdges = new Int32Array(m);
  const edgeBytes = new Float64Array(m);
  const succFill = succOffsets.slice(0, n);
  const predFill = predOffsets.slice(0, n);
  const inBytes = weights.edgeBytes;
  for (let k = 0; k < m; k++) {
    const s = sources[k]!;
    const t = targets[k]!;
    const e = succFill[s]!++;
    succTargets[e] = t;
    edgeBytes[e] = inBytes ? inBytes[k]! : 0;
    const p = predFill[t]!++;
    predSources[p] = s;
    predEdges[p] = e;
  }
  const cpuDemand = weights.cpuDemand ?? new Float64Array(n).fill(1);
  return Object.freeze({
    taskCount: n,
    edgeCount: m,
    ids,
    succOffsets,
    succTargets,
    predOffsets,
    predSources,
    predEdges,
    workUnits: weights.workUnits ?? new Float64Array(n),
    cpuDemand,
    edgeBytes,
  });
}

function countingOffsets(n: number, keys: Int32Array): Int32Array {
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key < 0 || key >= n) throw new Error(`graphFromEdges: task index ${key} out of range 0..${n - 1}`);
    offsets[key + 1]!++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  return offsets;
}

/** Map from task id to index; built on demand because hot paths never need it. */
export function indexById(graph: DagGraph): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < graph.ids.length; i++) map.set(graph.ids[i]!, i);
  return map;
}

/** Number of tasks with no parents / no children. */
export function countSourcesAndSinks(graph: DagGraph): { sources: number; sinks: number } {
  let sources = 0;
  let sinks = 0;
  for (let i = 0; i < graph.taskCount; i++) {
    if (graph.predOffsets[i] === graph.predOffsets[i + 1]) sources++;
    if (graph.succOffsets[i] === graph.succOffsets[i + 1]) sinks++;
  }
  return { sources, sinks };
}
