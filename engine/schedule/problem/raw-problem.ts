/**
 * Reads a parsed problem document in either accepted shape into one flat, name-based form, checking the
 * type and range of every field (names are resolved later, in `parsePlanProblem`).
 *
 * Shape 1: `{tasks, edges | dependencies, nodes, links?, default_link_speed?, times?}`.
 * Shape 2: `{task_graph: {tasks, dependencies | edges}, network: {nodes, edges | links, default_link_speed?},
 * default_link_speed?, times?}`.
 * Tasks: `{"t1": 14}` or `[{"name": "t1", "cost": 14}]`; nodes: `{"p1": 1}` or `[{"name", "speed"}]`;
 * dependencies: `[["t1", "t2", 18]]` or `[{"source", "target", "size"}]`; links: `[["p1", "p2", 1]]` or
 * `[{"source", "target", "speed"}]`; times: `{"t1": {"p1": 14}}`.
 */
import { describeValue, type IssueList } from './problem-issue.js';

export interface RawNamed {
  name: string;
  value: number;
  path: string;
}

export interface RawPair {
  from: string;
  to: string;
  value: number;
  path: string;
  /** Paths of the two name fields, for unknown-name messages. */
  fromPath: string;
  toPath: string;
}

export interface RawProblem {
  /** value = cost */
  tasks: RawNamed[];
  /** value = data size */
  dependencies: RawPair[];
  /** value = speed */
  nodes: RawNamed[];
  /** value = link speed */
  links: RawPair[];
  defaultLinkSpeed: number | null;
  /** from = task, to = node, value = execution time */
  times: RawPair[];
}

type Json = Record<string, unknown>;
type Range = 'nonNegative' | 'positive';

/**
 * The flat form of `doc`, or null when the document is not an object at all. Every defect is added to
 * `issues` with its path; fields with defects are left out of the result.
 */
export function readRawProblem(doc: unknown, issues: IssueList): RawProblem | null {
  if (!isObject(doc)) {
    issues.add('(root)', `expected a JSON object with tasks and nodes, got ${describeValue(doc)}`);
    return null;
  }
  const nested = 'task_graph' in doc || 'network' in doc;
  const graph = nested ? section(doc, 'task_graph', issues) : doc;
  const net = nested ? section(doc, 'network', issues) : doc;
  const gp = nested ? 'task_graph.' : '';
  const np = nested ? 'network.' : '';
  return {
    tasks: readNamedMap(graph, 'tasks', 'cost', 'nonNegative', gp, issues),
    dependencies: readPairs(graph, ['dependencies', 'edges'], 'size', 'nonNegative', gp, issues),
    nodes: readNamedMap(net, 'nodes', 'speed', 'positive', np, issues),
    links: readPairs(net, nested ? ['edges', 'links'] : ['links'], 'speed', 'positive', np, issues),
    defaultLinkSpeed: readDefaultLinkSpeed(doc, net, np, issues),
    times: readTimes(doc, graph, gp, issues),
  };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function section(doc: Json, key: string, issues: IssueList): Json {
  const v = doc[key];
  if (isObject(v)) return v;
  issues.add(key, `expected an object, got ${describeValue(v)}`);
  return {};
}

/** A number in range, or null after recording an issue at `path`. */
function readNumber(v: unknown, range: Range, path: string, issues: IssueList): number | null {
  const ok = typeof v === 'number' && Number.isFinite(v) && (range === 'positive' ? v > 0 : v >= 0);
  if (ok) return v;
  const expected = range === 'positive' ? 'a finite number > 0' : 'a finite number ≥ 0';
  issues.add(path, `expected ${expected}, got ${describeValue(v)}`);
  return null;
}

function readName(v: unknown, path: string, issues: IssueList): string | null {
  if (typeof v === 'string' && v.length > 0) return v;
  issues.add(path, `expected a non-empty name, got ${describeValue(v)}`);
  return null;
}

/** `{name: value}` or `[{name, <valueKey>}]` under `key`. */
function readNamedMap(
  obj: Json,
  key: string,
  valueKey: string,
  range: Range,
  prefix: string,
  issues: IssueList,
): RawNamed[] {
  const v = obj[key];
  const path = prefix + key;
  const out: RawNamed[] = [];
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(item)) {
        issues.add(at, `expected {"name", "${valueKey}"}, got ${describeValue(item)}`);
        return;
      }
      const name = readName(item.name, `${at}.name`, issues);
      const value = readNumber(item[valueKey], range, `${at}.${valueKey}`, issues);
      // A bad value keeps its name (as NaN) so that references to it do not also fail as unknown.
      if (name !== null) out.push({ name, value: value ?? Number.NaN, path: at });
    });
  } else if (isObject(v)) {
    for (const [name, raw] of Object.entries(v)) {
      const at = `${path}.${name}`;
      const value = readNumber(raw, range, at, issues);
      out.push({ name, value: value ?? Number.NaN, path: at });
    }
  } else {
    issues.add(
      path,
      `expected an object {name: ${valueKey}} or a list of {"name", "${valueKey}"}, got ${describeValue(v)}`,
    );
  }
  return out;
}

/** Pairs under the first present key of `keys` (absent: none). */
function readPairs(
  obj: Json,
  keys: readonly string[],
  valueKey: string,
  range: Range,
  prefix: string,
  issues: IssueList,
): RawPair[] {
  const present = keys.filter((k) => obj[k] !== undefined);
  if (present.length === 0) return [];
  if (present.length > 1)
    issues.add(prefix + present[1], `give either "${present[0]}" or "${present[1]}", not both`);
  const key = present[0]!;
  const v = obj[key];
  const path = prefix + key;
  if (!Array.isArray(v)) {
    issues.add(path, `expected a list of ["from", "to", ${valueKey}] or {"source", "target", "${valueKey}"}`);
    return [];
  }
  const out: RawPair[] = [];
  v.forEach((item, i) => {
    const pair = readPair(item, `${path}[${i}]`, valueKey, range, issues);
    if (pair) out.push(pair);
  });
  return out;
}

function readPair(
  item: unknown,
  at: string,
  valueKey: string,
  range: Range,
  issues: IssueList,
): RawPair | null {
  let fields: [unknown, unknown, unknown, string, string, string];
  if (Array.isArray(item) && (item.length === 3 || item.length === 2)) {
    fields = [item[0], item[1], item.length === 3 ? item[2] : 0, `${at}[0]`, `${at}[1]`, `${at}[2]`];
  } else if (isObject(item)) {
    const value = item[valueKey] === undefined && valueKey === 'size' ? 0 : item[valueKey];
    fields = [item.source, item.target, value, `${at}.source`, `${at}.target`, `${at}.${valueKey}`];
  } else {
    issues.add(
      at,
      `expected ["from", "to", ${valueKey}] or {"source", "target", "${valueKey}"}, got ${describeValue(item)}`,
    );
    return null;
  }
  const from = readName(fields[0], fields[3], issues);
  const to = readName(fields[1], fields[4], issues);
  const value = readNumber(fields[2], range, fields[5], issues);
  if (from === null || to === null || value === null) return null;
  return { from, to, value, path: at, fromPath: fields[3], toPath: fields[4] };
}

function readDefaultLinkSpeed(doc: Json, net: Json, prefix: string, issues: IssueList): number | null {
  if (net !== doc && net.default_link_speed !== undefined) {
    return readNumber(net.default_link_speed, 'positive', `${prefix}default_link_speed`, issues);
  }
  if (doc.default_link_speed === undefined) return null;
  return readNumber(doc.default_link_speed, 'positive', 'default_link_speed', issues);
}

/** `times: {task: {node: time}}` at the top level (or inside task_graph). */
function readTimes(doc: Json, graph: Json, prefix: string, issues: IssueList): RawPair[] {
  const inGraph = graph !== doc && graph.times !== undefined;
  const v = inGraph ? graph.times : doc.times;
  const path = inGraph ? `${prefix}times` : 'times';
  if (v === undefined) return [];
  if (!isObject(v)) {
    issues.add(path, `expected {task: {node: time}}, got ${describeValue(v)}`);
    return [];
  }
  const out: RawPair[] = [];
  for (const [task, row] of Object.entries(v)) {
    if (!isObject(row)) {
      issues.add(`${path}.${task}`, `expected {node: time}, got ${describeValue(row)}`);
      continue;
    }
    for (const [node, raw] of Object.entries(row)) {
      const at = `${path}.${task}.${node}`;
      const value = readNumber(raw, 'nonNegative', at, issues);
      if (value !== null)
        out.push({ from: task, to: node, value, path: at, fromPath: `${path}.${task}`, toPath: at });
    }
  }
  return out;
}
