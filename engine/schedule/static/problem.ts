/**
 * The static scheduling problem: a task DAG with data sizes on its edges, and a fully connected
 * heterogeneous platform. Everything is index-based (tasks 0..taskCount-1, nodes 0..nodeCount-1) and
 * stored in typed arrays so that list schedulers scale to 10,000 tasks × 1,000 nodes.
 *
 * Times and sizes are unit-free (the problem file's units): execution time of a task on a node comes from
 * `execTime`, and moving `size` data units from node p to node q ≠ p takes `size / linkSpeed(p, q)`;
 * on the same node it takes 0. One task runs at a time per node.
 */
import { topologicalOrder } from './topological-order.js';

/** One dependency: `target` needs `size` data units produced by `source`. */
export interface StaticEdge {
  source: number;
  target: number;
  size: number;
}

/** What callers provide; `createStaticProblem` derives the indexes. */
export interface StaticProblemInput {
  taskNames: readonly string[];
  nodeNames: readonly string[];
  /** Execution time of task t on node p at `[t * nodeCount + p]`; finite and ≥ 0. */
  execTime: Float64Array;
  edges: readonly StaticEdge[];
  /** Link speed between p and q at `[p * nodeCount + q]` (symmetric, > 0); the diagonal is ignored. */
  linkSpeed: Float64Array;
}

export interface StaticProblem {
  readonly taskCount: number;
  readonly nodeCount: number;
  readonly taskNames: readonly string[];
  readonly nodeNames: readonly string[];
  /** Execution time of task t on node p at `[t * nodeCount + p]`. */
  readonly execTime: Float64Array;
  /** Link speed from p to q at `[p * nodeCount + q]`; +Infinity on the diagonal (same-node transfers are free). */
  readonly linkSpeed: Float64Array;
  /** Predecessors of t: `predTask[predStart[t] .. predStart[t + 1])`, with the edge sizes in `predSize`. */
  readonly predStart: Int32Array;
  readonly predTask: Int32Array;
  readonly predSize: Float64Array;
  /** Successors of t, same layout as the predecessors. */
  readonly succStart: Int32Array;
  readonly succTask: Int32Array;
  readonly succSize: Float64Array;
  /** A deterministic topological order (lowest index first among ready tasks) and each task's position. */
  readonly topoOrder: Int32Array;
  readonly topoPos: Int32Array;
  /** Mean and minimum execution time of each task over all nodes. */
  readonly meanExecTime: Float64Array;
  readonly minExecTime: Float64Array;
  /**
   * Average time per data unit between two distinct nodes, `1 / mean link speed` (Topcuoglu et al.'s
   * average communication cost with zero latency); 0 on a single node.
   */
  readonly meanTransferPerUnit: number;
}

/**
 * Builds the indexed problem. The caller guarantees consistent input (indices in range, acyclic graph,
 * positive link speeds): user input goes through `parsePlanProblem` first, so a violation here is a bug
 * and throws.
 */
export function createStaticProblem(input: StaticProblemInput): StaticProblem {
  const taskCount = input.taskNames.length;
  const nodeCount = input.nodeNames.length;
  if (input.execTime.length !== taskCount * nodeCount)
    throw new Error('execTime must be taskCount × nodeCount');
  if (input.linkSpeed.length !== nodeCount * nodeCount) throw new Error('linkSpeed must be nodeCount²');
  const pred = buildAdjacency(taskCount, input.edges, 'target', 'source');
  const succ = buildAdjacency(taskCount, input.edges, 'source', 'target');
  const topoOrder = topologicalOrder(taskCount, succ.start, succ.task);
  if (!topoOrder) throw new Error('createStaticProblem: the task graph has a cycle');
  const topoPos = new Int32Array(taskCount);
  for (let i = 0; i < taskCount; i++) topoPos[topoOrder[i]!] = i;
  const { linkSpeed, meanTransferPerUnit } = linkTables(nodeCount, input.linkSpeed);
  const { meanExecTime, minExecTime } = execStats(taskCount, nodeCount, input.execTime);
  return {
    taskCount,
    nodeCount,
    taskNames: input.taskNames,
    nodeNames: input.nodeNames,
    execTime: input.execTime,
    linkSpeed,
    predStart: pred.start,
    predTask: pred.task,
    predSize: pred.size,
    succStart: succ.start,
    succTask: succ.task,
    succSize: succ.size,
    topoOrder,
    topoPos,
    meanExecTime,
    minExecTime,
    meanTransferPerUnit,
  };
}

/** Time to move `size` data units from node p to node q (0 when p = q). */
export function transferTime(problem: StaticProblem, size: number, p: number, q: number): number {
  return p === q ? 0 : size / problem.linkSpeed[p * problem.nodeCount + q]!;
}

interface Adjacency {
  start: Int32Array;
  task: Int32Array;
  size: Float64Array;
}

/** CSR adjacency keyed by `from`; within a task, neighbours keep the edge list's order. */
function buildAdjacency(
  taskCount: number,
  edges: readonly StaticEdge[],
  from: 'source' | 'target',
  to: 'source' | 'target',
): Adjacency {
  const start = new Int32Array(taskCount + 1);
  for (const e of edges) {
    if (e[from] < 0 || e[from] >= taskCount || e[to] < 0 || e[to] >= taskCount) {
      throw new Error(`createStaticProblem: edge ${e.source}→${e.target} out of range`);
    }
    start[e[from] + 1]!++;
  }
  for (let t = 0; t < taskCount; t++) start[t + 1]! += start[t]!;
  const cursor = start.slice(0, taskCount);
  const task = new Int32Array(edges.length);
  const size = new Float64Array(edges.length);
  for (const e of edges) {
    const at = cursor[e[from]]!++;
    task[at] = e[to];
    size[at] = e.size;
  }
  return { start, task, size };
}

function linkTables(
  nodeCount: number,
  input: Float64Array,
): { linkSpeed: Float64Array; meanTransferPerUnit: number } {
  const linkSpeed = new Float64Array(nodeCount * nodeCount);
  let speedSum = 0;
  for (let p = 0; p < nodeCount; p++) {
    for (let q = 0; q < nodeCount; q++) {
      const at = p * nodeCount + q;
      if (p === q) {
        linkSpeed[at] = Number.POSITIVE_INFINITY;
        continue;
      }
      const speed = input[at]!;
      if (!(speed > 0)) throw new Error(`createStaticProblem: link speed ${p}–${q} must be > 0`);
      linkSpeed[at] = speed;
      speedSum += speed;
    }
  }
  const pairs = nodeCount * (nodeCount - 1);
  const meanTransferPerUnit = pairs > 0 && Number.isFinite(speedSum) ? pairs / speedSum : 0;
  return { linkSpeed, meanTransferPerUnit };
}

function execStats(
  taskCount: number,
  nodeCount: number,
  execTime: Float64Array,
): { meanExecTime: Float64Array; minExecTime: Float64Array } {
  const meanExecTime = new Float64Array(taskCount);
  const minExecTime = new Float64Array(taskCount);
  for (let t = 0; t < taskCount; t++) {
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    for (let p = 0; p < nodeCount; p++) {
      const w = execTime[t * nodeCount + p]!;
      sum += w;
      if (w < min) min = w;
    }
    meanExecTime[t] = nodeCount > 0 ? sum / nodeCount : 0;
    minExecTime[t] = nodeCount > 0 ? min : 0;
  }
  return { meanExecTime, minExecTime };
}
