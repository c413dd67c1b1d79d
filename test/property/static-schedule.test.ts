import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../engine/model/random.js';
import { parsePlanProblem } from '../../engine/schedule/problem/parse-plan-problem.js';
import { cpop } from '../../engine/schedule/static/cpop.js';
import { heft } from '../../engine/schedule/static/heft.js';
import { maxMin, minMin } from '../../engine/schedule/static/min-min.js';
import { peft } from '../../engine/schedule/static/peft.js';
import { makespanLowerBound, portfolio } from '../../engine/schedule/static/portfolio.js';
import { createStaticProblem, type StaticProblemInput } from '../../engine/schedule/static/problem.js';
import { iterationBudget } from '../../engine/schedule/static/search-budget.js';
import { validateSchedule } from '../../engine/schedule/static/validate-schedule.js';

/** Random DAG (edges only from lower to higher index) on a random heterogeneous platform. */
const problemInput: fc.Arbitrary<StaticProblemInput> = fc
  .record({ tasks: fc.integer({ min: 1, max: 18 }), nodes: fc.integer({ min: 1, max: 5 }) })
  .chain(({ tasks, nodes }) =>
    fc.record({
      tasks: fc.constant(tasks),
      nodes: fc.constant(nodes),
      exec: fc.array(
        fc.oneof(
          fc.constant(0),
          fc.integer({ min: 1, max: 40 }),
          fc.double({ min: 0.1, max: 40, noNaN: true }),
        ),
        {
          minLength: tasks * nodes,
          maxLength: tasks * nodes,
        },
      ),
      edges: fc.uniqueArray(
        fc.tuple(
          fc.nat(tasks - 1),
          fc.nat(tasks - 1),
          fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })),
        ),
        { selector: ([a, b]) => `${Math.min(a, b)},${Math.max(a, b)}`, maxLength: tasks * 2 },
      ),
      links: fc.array(fc.oneof(fc.constant(1), fc.double({ min: 0.25, max: 8, noNaN: true })), {
        minLength: nodes * nodes,
        maxLength: nodes * nodes,
      }),
    }),
  )
  .map(({ tasks, nodes, exec, edges, links }) => {
    const linkSpeed = new Float64Array(nodes * nodes);
    for (let p = 0; p < nodes; p++) {
      for (let q = 0; q < nodes; q++)
        linkSpeed[p * nodes + q] = links[Math.min(p, q) * nodes + Math.max(p, q)]!;
    }
    return {
      taskNames: Array.from({ length: tasks }, (_, i) => `t${i}`),
      nodeNames: Array.from({ length: nodes }, (_, i) => `p${i}`),
      execTime: Float64Array.from(exec),
      edges: edges
        .filter(([a, b]) => a !== b)
        .map(([a, b, size]) => ({ source: Math.min(a, b), target: Math.max(a, b), size })),
      linkSpeed,
    };
  });

/** The same problem as a plan-problem document (flat shape, every time given explicitly). */
function toDocument(input: StaticProblemInput): unknown {
  const n = input.nodeNames.length;
  const links: [string, string, number][] = [];
  for (let p = 0; p < n; p++)
    for (let q = p + 1; q < n; q++) links.push([`p${p}`, `p${q}`, input.linkSpeed[p * n + q]!]);
  const times = Object.fromEntries(
    input.taskNames.map((t, i) => [
      t,
      Object.fromEntries(input.nodeNames.map((p, j) => [p, input.execTime[i * n + j]!])),
    ]),
  );
  return {
    tasks: Object.fromEntries(input.taskNames.map((t) => [t, 1])),
    edges: input.edges.map((e) => [input.taskNames[e.source], input.taskNames[e.target], e.size]),
    nodes: Object.fromEntries(input.nodeNames.map((p) => [p, 1])),
    links,
    times,
  };
}

const heuristics = { heft, peft, cpop, minMin, maxMin };

describe('static schedulers (properties)', () => {
  it.each(Object.entries(heuristics))(
    '%s: every schedule respects precedence with transfer times and runs one task at a time per node',
    (_name, run) => {
      fc.assert(
        fc.property(problemInput, (input) => {
          const problem = createStaticProblem(input);
          const s = run(problem);
          expect(validateSchedule(problem, s)).toEqual([]);
          expect(s.makespan).toBeGreaterThanOrEqual(makespanLowerBound(problem) * (1 - 1e-9));
        }),
        { numRuns: 150 },
      );
    },
  );

  it('portfolio: the schedule is valid and never longer than HEFT', () => {
    fc.assert(
      fc.property(problemInput, fc.nat(1000), (input, seed) => {
        const problem = createStaticProblem(input);
        const r = portfolio(problem, { budget: iterationBudget(60), random: createRandom(seed) });
        expect(validateSchedule(problem, r.schedule)).toEqual([]);
        expect(r.schedule.makespan).toBeLessThanOrEqual(heft(problem).makespan);
      }),
      { numRuns: 100 },
    );
  });

  it('parsing the problem document yields the problem it was written from', () => {
    fc.assert(
      fc.property(problemInput, (input) => {
        const parsed = parsePlanProblem(toDocument(input));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(Array.from(parsed.problem.execTime)).toEqual(Array.from(input.execTime));
        expect(heft(parsed.problem).makespan).toBe(heft(createStaticProblem(input)).makespan);
      }),
      { numRuns: 100 },
    );
  });
});
