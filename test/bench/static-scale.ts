/**
 * `node --import tsx test/bench/static-scale.ts [tasks] [nodes]`: wall time of the static heuristics on a
 * large random layered DAG (default 10,000 tasks × 1,000 nodes, CCR 1, β 1, mean out-degree 3). Target:
 * HEFT ≤ 5 s. Problem construction is timed separately from scheduling.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRandom } from '../../engine/model/random.js';
import { createStaticProblem } from '../../engine/schedule/static/problem.js';
import { iterationBudget } from '../../engine/schedule/static/search-budget.js';
import { planStatic, type StaticStrategy } from '../../engine/schedule/static/static-strategies.js';
import { validateSchedule } from '../../engine/schedule/static/validate-schedule.js';
import { layeredDag } from './quality/layered-dag.js';

const tasks = Number(process.argv[2] ?? 10_000);
const nodes = Number(process.argv[3] ?? 1_000);
const strategies = (process.argv[4] ?? 'heft').split(',') as StaticStrategy[];
console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, node ${process.version}`);
let t0 = performance.now();
const input = layeredDag(
  { tasks, nodes, shape: 1, outDegree: 3, ccr: 1, heterogeneity: 1 },
  createRandom('scale'),
);
const problem = createStaticProblem(input);
console.log(
  `${tasks} tasks × ${nodes} nodes, ${input.edges.length} edges: built in ${(performance.now() - t0).toFixed(0)} ms`,
);
for (const strategy of strategies) {
  t0 = performance.now();
  const s = planStatic(problem, strategy, { budget: iterationBudget(0), random: createRandom(1) });
  const ms = performance.now() - t0;
  const valid = validateSchedule(problem, s).length === 0;
  console.log(`${strategy}: ${ms.toFixed(0)} ms, makespan ${s.makespan.toFixed(1)}, valid ${valid}`);
}
