/**
 * Parses a plan problem (task graph + network, see `raw-problem.ts` for the two accepted shapes) into an
 * indexed `StaticProblem`. Pure: takes the already JSON-parsed document. Every user mistake comes back
 * as a `ProblemIssue` naming the field: wrong types or negative numbers, duplicate or unknown task/node
 * names, duplicate dependencies, cycles, and node pairs without a link speed when there is no
 * `default_link_speed`.
 *
 * Execution time of task t on node p = `times[t][p]` when given, else cost(t) / speed(p).
 * Links are undirected; a link from a node to itself is ignored (same-node transfers are free).
 */
import { createStaticProblem, type StaticEdge, type StaticProblem } from '../static/problem.js';
import { findCycle } from '../static/topological-order.js';
import { IssueList, type ProblemIssue } from './problem-issue.js';
import { type RawNamed, type RawProblem, readRawProblem } from './raw-problem.js';

export type PlanProblemResult = { ok: true; problem: StaticProblem } | { ok: false; issues: ProblemIssue[] };

/** The indexed problem, or every issue found (up to 20), each naming its field. */
export function parsePlanProblem(doc: unknown): PlanProblemResult {
  const issues = new IssueList();
  const raw = readRawProblem(doc, issues);
  if (!raw) return { ok: false, issues: issues.items };
  const taskIndex = indexNames(raw.tasks, 'task', issues);
  const nodeIndex = indexNames(raw.nodes, 'node', issues);
  if (raw.tasks.length === 0 && issues.items.length === 0)
    issues.add(taskPath(doc), 'expected at least one task');
  if (raw.nodes.length === 0 && issues.items.length === 0)
    issues.add(nodePath(doc), 'expected at least one node');
  const edges = resolveEdges(raw, taskIndex, issues);
  const linkSpeed = resolveLinks(raw, nodeIndex, issues);
  const execTime = resolveTimes(raw, taskIndex, nodeIndex, issues);
  checkAcyclic(raw, edges, issues);
  if (issues.items.length > 0) return { ok: false, issues: issues.items };
  const problem = createStaticProblem({
    taskNames: raw.tasks.map((t) => t.name),
    nodeNames: raw.nodes.map((n) => n.name),
    execTime,
    edges,
    linkSpeed,
  });
  return { ok: true, problem };
}

function taskPath(doc: unknown): string {
  return typeof doc === 'object' && doc !== null && 'task_graph' in doc ? 'task_graph.tasks' : 'tasks';
}

function nodePath(doc: unknown): string {
  return typeof doc === 'object' && doc !== null && 'network' in doc ? 'network.nodes' : 'nodes';
}

function indexNames(items: RawNamed[], kind: string, issues: IssueList): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    if (index.has(item.name)) issues.add(item.path, `duplicate ${kind} name "${item.name}"`);
    else index.set(item.name, i);
  });
  return index;
}

function lookup(
  index: Map<string, number>,
  name: string,
  kind: string,
  path: string,
  issues: IssueList,
): number {
  const i = index.get(name);
  if (i === undefined) issues.add(path, `unknown ${kind} "${name}"`);
  return i ?? -1;
}

function resolveEdges(raw: RawProblem, taskIndex: Map<string, number>, issues: IssueList): StaticEdge[] {
  const edges: StaticEdge[] = [];
  const seen = new Set<string>();
  for (const d of raw.dependencies) {
    const source = lookup(taskIndex, d.from, 'task', d.fromPath, issues);
    const target = lookup(taskIndex, d.to, 'task', d.toPath, issues);
    if (source < 0 || target < 0) continue;
    const key = `${source},${target}`;
    if (seen.has(key)) issues.add(d.path, `duplicate dependency ${d.from} → ${d.to}`);
    seen.add(key);
    edges.push({ source, target, size: d.value });
  }
  return edges;
}

/** nodeCount² link speeds (symmetric); NaN-free only when every distinct pair is covered. */
function resolveLinks(raw: RawProblem, nodeIndex: Map<string, number>, issues: IssueList): Float64Array {
  const n = raw.nodes.length;
  const speed = new Float64Array(n * n).fill(raw.defaultLinkSpeed ?? Number.NaN);
  const given = new Uint8Array(n * n);
  for (const l of raw.links) {
    const a = lookup(nodeIndex, l.from, 'node', l.fromPath, issues);
    const b = lookup(nodeIndex, l.to, 'node', l.toPath, issues);
    if (a < 0 || b < 0 || a === b) continue;
    if (given[a * n + b] === 1 && speed[a * n + b] !== l.value) {
      issues.add(l.path, `link ${l.from}–${l.to} is listed twice with different speeds`);
    }
    speed[a * n + b] = l.value;
    speed[b * n + a] = l.value;
    given[a * n + b] = 1;
    given[b * n + a] = 1;
  }
  if (raw.defaultLinkSpeed === null) reportMissingLinks(raw, speed, issues);
  return speed;
}

function reportMissingLinks(raw: RawProblem, speed: Float64Array, issues: IssueList): void {
  const n = raw.nodes.length;
  const missing: string[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (Number.isNaN(speed[a * n + b])) missing.push(`${raw.nodes[a]!.name}–${raw.nodes[b]!.name}`);
    }
  }
  if (missing.length === 0) return;
  const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, … (${missing.length} pairs)` : '');
  issues.add('links', `no link speed for node pair ${shown}; list these links or set default_link_speed`);
}

function resolveTimes(
  raw: RawProblem,
  taskIndex: Map<string, number>,
  nodeIndex: Map<string, number>,
  issues: IssueList,
): Float64Array {
  const n = raw.nodes.length;
  const exec = new Float64Array(raw.tasks.length * n);
  raw.tasks.forEach((task, t) => {
    raw.nodes.forEach((node, p) => {
      exec[t * n + p] = task.value / node.value;
    });
  });
  for (const x of raw.times) {
    const t = lookup(taskIndex, x.from, 'task', x.fromPath, issues);
    const p = lookup(nodeIndex, x.to, 'node', x.toPath, issues);
    if (t >= 0 && p >= 0) exec[t * n + p] = x.value;
  }
  return exec;
}

function checkAcyclic(raw: RawProblem, edges: StaticEdge[], issues: IssueList): void {
  const count = raw.tasks.length;
  const start = new Int32Array(count + 1);
  for (const e of edges) start[e.source + 1]!++;
  for (let t = 0; t < count; t++) start[t + 1]! += start[t]!;
  const cursor = start.slice(0, count);
  const succ = new Int32Array(edges.length);
  for (const e of edges) succ[cursor[e.source]!++] = e.target;
  const cycle = findCycle(count, start, succ);
  if (cycle.length > 0) {
    const names = cycle.map((t) => raw.tasks[t]!.name).join(' → ');
    issues.add(
      raw.dependencies.length > 0 ? dependencyKey(raw) : 'edges',
      `the task graph has a cycle: ${names}`,
    );
  }
}

function dependencyKey(raw: RawProblem): string {
  const path = raw.dependencies[0]!.path;
  return path.slice(0, path.lastIndexOf('['));
}
