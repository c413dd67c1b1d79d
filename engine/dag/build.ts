/**
 * Builds the index-based graph from a `DagSpec`: explicit parents plus dependencies inferred from data
 * artifacts (a task that reads an artifact depends on the task that writes it). Reports every problem
 * it finds — duplicate ids, dangling parents, self-loops, two writers of one artifact, bad numbers and
 * one cycle — each naming the task ids involved.
 */
import type { DagSpec, TaskSpec } from '../model/types.js';
import { findCycle } from './cycle.js';
import { DagError, type DagIssue } from './errors.js';
import { type DagGraph, graphFromEdges } from './graph.js';
import { partialTopologicalOrder } from './topo.js';

export type DagBuildResult = { ok: true; graph: DagGraph } | { ok: false; issues: DagIssue[] };

/**
 * Validates `spec` and builds its graph. Never throws for bad input: problems come back as issues.
 * Duplicate parents of one task (explicit or inferred) collapse into one edge.
 */
export function tryBuildDag(spec: DagSpec): DagBuildResult {
  const issues: DagIssue[] = [];
  const index = indexTasks(spec.tasks, issues);
  for (let i = 0; i < spec.tasks.length; i++) checkFields(spec.tasks[i]!, i, issues);
  const writers = indexWriters(spec.tasks, issues);
  const edges = collectEdges(spec.tasks, index, writers, issues);
  if (issues.length > 0) return { ok: false, issues };
  const graph = graphFromEdges(
    idsOf(spec.tasks),
    edges.sources.subarray(0, edges.count),
    edges.targets.subarray(0, edges.count),
    weightsOf(spec.tasks, edges.sources.subarray(0, edges.count)),
  );
  if (partialTopologicalOrder(graph).length < graph.taskCount) {
    const cycle = (findCycle(graph) ?? []).map((i) => graph.ids[i]!);
    issues.push({
      code: 'cycle',
      message: `cycle ${[...cycle, cycle[0]].join(' -> ')}`,
      taskIds: cycle,
    });
    return { ok: false, issues };
  }
  return { ok: true, graph };
}

/** Like `tryBuildDag` but throws a `DagError` carrying every issue. */
export function buildDag(spec: DagSpec): DagGraph {
  const result = tryBuildDag(spec);
  if (!result.ok) throw new DagError(result.issues);
  return result.graph;
}

/** Every problem in `spec`; empty when it builds. */
export function validateDag(spec: DagSpec): DagIssue[] {
  const result = tryBuildDag(spec);
  return result.ok ? [] : result.issues;
}

function indexTasks(tasks: readonly TaskSpec[], issues: DagIssue[]): Map<string, number> {
  const index = new Map<string, number>();
  tasks.forEach((t, i) => {
    const first = index.get(t.id);
    if (first === undefined) index.set(t.id, i);
    else
      issues.push({
        code: 'duplicate-id',
        message: `task id "${t.id}" is used twice (tasks[${first}] and tasks[${i}]); ids must be unique`,
        taskIds: [t.id],
      });
  });
  return index;
}

const NON_NEGATIVE: readonly (keyof TaskSpec)[] = ['workUnits', 'memoryMb', 'inputBytes', 'outputBytes'];

function checkFields(t: TaskSpec, i: number, issues: DagIssue[]): void {
  if (typeof t.id !== 'string' || t.id.length === 0) badField(t, i, 'id', t.id, 'a non-empty string', issues);
  for (const f of NON_NEGATIVE) {
    const v = t[f];
    if (typeof v !== 'number' || !(v >= 0) || v === Number.POSITIVE_INFINITY)
      badField(t, i, f, v, 'a finite number >= 0', issues);
  }
  const cpu = t.cpuDemand;
  if (typeof cpu !== 'number' || !(cpu > 0) || cpu === Number.POSITIVE_INFINITY)
    badField(t, i, 'cpuDemand', cpu, 'a finite number > 0', issues);
}

function badField(
  t: TaskSpec,
  i: number,
  field: string,
  value: unknown,
  expected: string,
  issues: DagIssue[],
): void {
  issues.push({
    code: 'invalid-field',
    message: `task "${t.id}" (tasks[${i}]): ${field} is ${JSON.stringify(value)}, expected ${expected}`,
    taskIds: [t.id],
  });
}

function indexWriters(tasks: readonly TaskSpec[], issues: DagIssue[]): Map<string, number> {
  const writers = new Map<string, number>();
  tasks.forEach((t, i) => {
    for (const artifact of t.writes ?? []) {
      const other = writers.get(artifact);
      if (other === undefined) writers.set(artifact, i);
      else if (other !== i)
        issues.push({
          code: 'multiple-writers',
          message: `artifact "${artifact}" is written by two tasks, "${tasks[other]!.id}" and "${t.id}"; an artifact needs exactly one writer`,
          taskIds: [tasks[other]!.id, t.id],
        });
    }
  });
  return writers;
}

/** Edge arrays sized for the worst case (every parent and read distinct); `count` are used. */
interface EdgeLists {
  sources: Int32Array;
  targets: Int32Array;
  count: number;
}

function collectEdges(
  tasks: readonly TaskSpec[],
  index: Map<string, number>,
  writers: Map<string, number>,
  issues: DagIssue[],
): EdgeLists {
  let capacity = 0;
  for (const t of tasks) capacity += t.parents.length + (t.reads?.length ?? 0);
  const edges: EdgeLists = { sources: new Int32Array(capacity), targets: new Int32Array(capacity), count: 0 };
  const seen = new Int32Array(tasks.length).fill(-1);
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    for (const p of t.parents) {
      const j = index.get(p);
      if (j === undefined) {
        issues.push({
          code: 'dangling-parent',
          message: `task "${t.id}" names parent "${p}", which is not a task of this DAG`,
          taskIds: [t.id, p],
        });
      } else if (j === i) {
        issues.push({
          code: 'self-loop',
          message: `task "${t.id}" names itself as a parent`,
          taskIds: [t.id],
        });
      } else addEdge(edges, seen, j, i);
    }
    for (const artifact of t.reads ?? []) {
      const j = writers.get(artifact);
      if (j !== undefined && j !== i) addEdge(edges, seen, j, i);
    }
  }
  return edges;
}

function addEdge(edges: EdgeLists, seen: Int32Array, from: number, to: number): void {
  if (seen[from] === to) return;
  seen[from] = to;
  edges.sources[edges.count] = from;
  edges.targets[edges.count++] = to;
}

function weightsOf(tasks: readonly TaskSpec[], sources: Int32Array) {
  const n = tasks.length;
  const workUnits = new Float64Array(n);
  const cpuDemand = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = tasks[i]!;
    workUnits[i] = t.workUnits;
    cpuDemand[i] = t.cpuDemand;
  }
  const edgeBytes = new Float64Array(sources.length);
  for (let k = 0; k < sources.length; k++) edgeBytes[k] = tasks[sources[k]!]!.outputBytes;
  return { workUnits, cpuDemand, edgeBytes };
}

function idsOf(tasks: readonly TaskSpec[]): string[] {
  const ids = new Array<string>(tasks.length);
  for (let i = 0; i < tasks.length; i++) ids[i] = tasks[i]!.id;
  return ids;
}
