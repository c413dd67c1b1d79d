import { describe, expect, it } from 'vitest';
import { parsePlanProblem } from '../../../engine/schedule/problem/parse-plan-problem.js';
import { formatIssues } from '../../../engine/schedule/problem/problem-issue.js';
import { heft } from '../../../engine/schedule/static/heft.js';
import type { StaticProblem } from '../../../engine/schedule/static/problem.js';
import { topcuogluProblemJson } from './topcuoglu-example.js';

function ok(doc: unknown): StaticProblem {
  const r = parsePlanProblem(doc);
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return r.problem;
}

function issues(doc: unknown): string {
  const r = parsePlanProblem(doc);
  if (r.ok) throw new Error('expected the problem to be rejected');
  return formatIssues(r.issues);
}

const flat = {
  tasks: { t1: 14.0, t2: 13.0, t3: 4 },
  edges: [
    ['t1', 't2', 18.0],
    ['t1', 't3', 2],
  ],
  nodes: { p1: 1.0, p2: 2.0, p3: 4 },
  links: [['p1', 'p2', 3.0]],
  default_link_speed: 1.0,
  times: { t1: { p1: 14, p2: 16 } },
};

const nested = {
  task_graph: {
    tasks: [
      { name: 't1', cost: 14 },
      { name: 't2', cost: 13 },
      { name: 't3', cost: 4 },
    ],
    dependencies: [
      { source: 't1', target: 't2', size: 18 },
      { source: 't1', target: 't3', size: 2 },
    ],
  },
  network: {
    nodes: [
      { name: 'p1', speed: 1 },
      { name: 'p2', speed: 2 },
      { name: 'p3', speed: 4 },
    ],
    edges: [
      { source: 'p1', target: 'p2', speed: 3 },
      { source: 'p1', target: 'p1', speed: 1e9 },
    ],
    default_link_speed: 1,
  },
  times: { t1: { p1: 14, p2: 16 } },
};

describe('parsePlanProblem', () => {
  it('reads the flat shape: times override cost / speed, links are undirected', () => {
    const p = ok(flat);
    expect(p.taskNames).toEqual(['t1', 't2', 't3']);
    expect(Array.from(p.execTime)).toEqual([14, 16, 3.5, 13, 6.5, 3.25, 4, 2, 1]);
    expect(p.linkSpeed[0 * 3 + 1]).toBe(3);
    expect(p.linkSpeed[1 * 3 + 0]).toBe(3);
    expect(p.linkSpeed[0 * 3 + 2]).toBe(1);
  });

  it('reads the task_graph/network shape into the same problem', () => {
    const a = ok(flat);
    const b = ok(nested);
    expect(Array.from(b.execTime)).toEqual(Array.from(a.execTime));
    expect(Array.from(b.linkSpeed)).toEqual(Array.from(a.linkSpeed));
    expect(Array.from(b.succSize)).toEqual(Array.from(a.succSize));
  });

  it('reads the Topcuoglu example and HEFT finds 80', () => {
    expect(heft(ok(topcuogluProblemJson())).makespan).toBe(80);
  });

  it('accepts a single node without links', () => {
    expect(ok({ tasks: { a: 1 }, nodes: { p: 2 } }).execTime[0]).toBe(0.5);
  });

  it.each([
    ['not an object', [1, 2], /^\(root\): expected a JSON object/],
    [
      'negative cost',
      { ...flat, tasks: { ...flat.tasks, t2: -1 } },
      /^tasks\.t2: expected a finite number ≥ 0, got -1$/m,
    ],
    [
      'negative cost (list form)',
      { ...nested, task_graph: { ...nested.task_graph, tasks: [{ name: 't1', cost: -3 }] } },
      /task_graph\.tasks\[0\]\.cost: expected a finite number ≥ 0, got -3/,
    ],
    [
      'zero speed',
      { ...flat, nodes: { p1: 0, p2: 1, p3: 1 } },
      /^nodes\.p1: expected a finite number > 0, got 0$/m,
    ],
    [
      'text cost',
      { ...flat, tasks: { t1: 'big', t2: 1, t3: 1 } },
      /tasks\.t1: expected a finite number ≥ 0, got "big"/,
    ],
    [
      'unknown task in an edge',
      { ...flat, edges: [['t1', 't9', 1]] },
      /^edges\[0\]\[1\]: unknown task "t9"$/m,
    ],
    [
      'unknown task in a dependency',
      {
        ...nested,
        task_graph: { ...nested.task_graph, dependencies: [{ source: 'x', target: 't1', size: 1 }] },
      },
      /task_graph\.dependencies\[0\]\.source: unknown task "x"/,
    ],
    [
      'unknown node in a link',
      { ...flat, links: [['p1', 'p7', 1]] },
      /^links\[0\]\[1\]: unknown node "p7"$/m,
    ],
    ['unknown node in times', { ...flat, times: { t1: { p9: 3 } } }, /^times\.t1\.p9: unknown node "p9"$/m],
    ['unknown task in times', { ...flat, times: { t7: { p1: 3 } } }, /^times\.t7: unknown task "t7"$/m],
    [
      'negative size',
      { ...flat, edges: [['t1', 't2', -5]] },
      /^edges\[0\]\[2\]: expected a finite number ≥ 0, got -5$/m,
    ],
    [
      'negative link speed',
      { ...flat, links: [['p1', 'p2', -1]] },
      /^links\[0\]\[2\]: expected a finite number > 0, got -1$/m,
    ],
    [
      'duplicate task',
      {
        ...nested,
        task_graph: {
          ...nested.task_graph,
          tasks: [
            { name: 'a', cost: 1 },
            { name: 'a', cost: 2 },
          ],
          dependencies: [],
        },
      },
      /task_graph\.tasks\[1\]: duplicate task name "a"/,
    ],
    [
      'duplicate dependency',
      {
        ...flat,
        edges: [
          ['t1', 't2', 1],
          ['t1', 't2', 2],
        ],
      },
      /^edges\[1\]: duplicate dependency t1 → t2$/m,
    ],
    [
      'cycle',
      {
        ...flat,
        edges: [
          ['t1', 't2', 1],
          ['t2', 't3', 1],
          ['t3', 't1', 1],
        ],
      },
      /^edges: the task graph has a cycle: t1 → t2 → t3 → t1$/m,
    ],
    ['self-dependency', { ...flat, edges: [['t2', 't2', 1]] }, /cycle: t2 → t2/],
    [
      'missing link speeds',
      { ...flat, default_link_speed: undefined },
      /^links: no link speed for node pair p1–p3, p2–p3; list these links or set default_link_speed$/m,
    ],
    [
      'both edges and dependencies',
      { ...flat, dependencies: [] },
      /^edges: give either "dependencies" or "edges", not both$/m,
    ],
    ['no tasks', { tasks: {}, nodes: { p: 1 } }, /^tasks: expected at least one task$/],
    ['no nodes', { tasks: { a: 1 } }, /^nodes: expected an object/],
    ['bad network', { task_graph: nested.task_graph, network: 3 }, /^network: expected an object, got 3/m],
  ])('rejects %s and names the field', (_name, doc, expected) => {
    expect(issues(doc)).toMatch(expected);
  });

  it('does not cascade: a task with a bad cost is still a known name', () => {
    expect(issues({ ...flat, tasks: { t1: -1, t2: 1, t3: 1 } })).toBe(
      'tasks.t1: expected a finite number ≥ 0, got -1',
    );
  });
});
