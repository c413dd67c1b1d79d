import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../engine/model/random.js';
import { heft } from '../../../engine/schedule/static/heft.js';
import { makespanLowerBound, portfolio } from '../../../engine/schedule/static/portfolio.js';
import { createStaticProblem } from '../../../engine/schedule/static/problem.js';
import { clockBudget, iterationBudget } from '../../../engine/schedule/static/search-budget.js';
import { validateSchedule } from '../../../engine/schedule/static/validate-schedule.js';
import { layeredDag } from '../../bench/quality/layered-dag.js';
import { topcuogluProblem } from './topcuoglu-example.js';

const randomProblem = (seed: number, ccr: number) =>
  createStaticProblem(
    layeredDag({ tasks: 60, shape: 1, outDegree: 3, ccr, heterogeneity: 1, nodes: 4 }, createRandom(seed)),
  );

describe('portfolio', () => {
  it('beats HEFT on the Topcuoglu example and stays valid', () => {
    const problem = topcuogluProblem();
    const r = portfolio(problem, { budget: iterationBudget(500), random: createRandom(1) });
    expect(validateSchedule(problem, r.schedule)).toEqual([]);
    expect(r.schedule.makespan).toBeLessThan(80);
    expect(r.baseMakespans).toMatchObject({ heft: 80, cpop: 86 });
  });

  it.each([0.1, 1, 5])('is never worse than HEFT and improves on average (CCR %s)', (ccr) => {
    let ratioSum = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const problem = randomProblem(seed, ccr);
      const h = heft(problem).makespan;
      const r = portfolio(problem, { budget: iterationBudget(300), random: createRandom(seed) });
      expect(validateSchedule(problem, r.schedule)).toEqual([]);
      expect(r.schedule.makespan).toBeLessThanOrEqual(h);
      expect(r.schedule.makespan).toBeGreaterThanOrEqual(makespanLowerBound(problem) * (1 - 1e-9));
      ratioSum += r.schedule.makespan / h;
    }
    expect(ratioSum / 4).toBeLessThan(1);
  });

  it('is deterministic for a seed and an iteration budget', () => {
    const problem = randomProblem(7, 1);
    const run = () => portfolio(problem, { budget: iterationBudget(200), random: createRandom(3) }).schedule;
    const a = run();
    const b = run();
    expect(Array.from(a.node)).toEqual(Array.from(b.node));
    expect(a.makespan).toBe(b.makespan);
  });

  it('returns HEFT when the budget is already spent', () => {
    const problem = randomProblem(2, 1);
    const r = portfolio(problem, { budget: iterationBudget(0), random: createRandom(1) });
    expect(r.origin).toBe('heft');
    expect(r.schedule.makespan).toBe(heft(problem).makespan);
  });

  it('stops on a clock budget read through the port', () => {
    let now = 0;
    const budget = clockBudget(() => (now += 1), 50);
    const r = portfolio(randomProblem(3, 1), { budget, random: createRandom(1) });
    expect(r.iterations).toBeLessThan(50);
  });
});
