import { describe, expect, it } from 'vitest';
import { cpop } from '../../../engine/schedule/static/cpop.js';
import { heft } from '../../../engine/schedule/static/heft.js';
import { maxMin, minMin } from '../../../engine/schedule/static/min-min.js';
import { peft } from '../../../engine/schedule/static/peft.js';
import { createStaticProblem } from '../../../engine/schedule/static/problem.js';
import { downwardRank, optimisticCostTable, upwardRank } from '../../../engine/schedule/static/ranks.js';
import { validateSchedule } from '../../../engine/schedule/static/validate-schedule.js';
import { topcuogluProblem } from './topcuoglu-example.js';

describe('Topcuoglu et al. 2002 example (10 tasks, 3 processors)', () => {
  const problem = topcuogluProblem();

  it('upward ranks match the published table', () => {
    const rank = Array.from(upwardRank(problem), (r) => Math.round(r * 1000) / 1000);
    expect(rank).toEqual([108, 77, 80, 80, 69, 63.333, 42.667, 35.667, 44.333, 14.667]);
  });

  it('HEFT reproduces the published makespan of 80', () => {
    const s = heft(problem);
    expect(s.makespan).toBe(80);
    expect(validateSchedule(problem, s)).toEqual([]);
  });

  it('CPOP reproduces the published makespan of 86', () => {
    const s = cpop(problem);
    expect(s.makespan).toBe(86);
    expect(validateSchedule(problem, s)).toEqual([]);
  });

  it.each([
    ['peft', peft],
    ['minmin', minMin],
    ['maxmin', maxMin],
  ])('%s gives a valid schedule', (_name, run) => {
    const s = run(problem);
    expect(validateSchedule(problem, s)).toEqual([]);
    expect(s.makespan).toBeGreaterThan(0);
  });

  it('downward rank of the entry task is 0 and grows along paths', () => {
    const down = downwardRank(problem);
    expect(down[0]).toBe(0);
    expect(down[9]).toBeGreaterThan(down[1]!);
  });
});

describe('ranks and tie-breaking', () => {
  it('exit tasks have an optimistic cost of 0 on every node', () => {
    const oct = optimisticCostTable(topcuogluProblem());
    expect(Array.from(oct.slice(27, 30))).toEqual([0, 0, 0]);
  });

  it('zero-cost chains keep predecessors before successors (tie on rank → topological order)', () => {
    const problem = createStaticProblem({
      taskNames: ['c', 'b', 'a'],
      nodeNames: ['p', 'q'],
      execTime: new Float64Array(6),
      edges: [
        { source: 2, target: 1, size: 0 },
        { source: 1, target: 0, size: 0 },
      ],
      linkSpeed: new Float64Array(4).fill(1),
    });
    for (const run of [heft, peft, cpop, minMin, maxMin]) {
      expect(validateSchedule(problem, run(problem))).toEqual([]);
    }
  });

  it('equal finish times go to the lowest node index', () => {
    const problem = createStaticProblem({
      taskNames: ['a'],
      nodeNames: ['p', 'q', 'r'],
      execTime: Float64Array.from([5, 5, 5]),
      edges: [],
      linkSpeed: new Float64Array(9).fill(1),
    });
    expect(heft(problem).node[0]).toBe(0);
  });

  it('HEFT inserts a task into an idle gap when it fits', () => {
    // a → c with a long transfer leaves node p idle while c waits; b (independent, short) fills that gap.
    const problem = createStaticProblem({
      taskNames: ['a', 'c', 'b'],
      nodeNames: ['p', 'q'],
      execTime: Float64Array.from([10, 100, 10, 100, 3, 3]),
      edges: [{ source: 0, target: 1, size: 0 }],
      linkSpeed: new Float64Array(4).fill(1),
    });
    const s = heft(problem);
    expect(validateSchedule(problem, s)).toEqual([]);
    expect(s.makespan).toBe(20);
  });
});
