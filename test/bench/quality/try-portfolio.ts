import { createRandom } from '../../../engine/model/random.js';
import { heft } from '../../../engine/schedule/static/heft.js';
import { portfolio } from '../../../engine/schedule/static/portfolio.js';
import { createStaticProblem } from '../../../engine/schedule/static/problem.js';
import { clockBudget, iterationBudget } from '../../../engine/schedule/static/search-budget.js';
import { layeredDag } from './layered-dag.js';

const budgetMs = Number(process.argv[2] ?? 300);
let sumRatio = 0;
let n = 0;
const origins: Record<string, number> = {};
for (const tasks of [30, 100, 300])
  for (const ccr of [0.1, 1, 5])
    for (const shape of [0.5, 1, 2]) {
      const seed = `${tasks}-${ccr}-${shape}`;
      const rnd = createRandom(seed);
      const problem = createStaticProblem(
        layeredDag({ tasks, shape, outDegree: 3, ccr, heterogeneity: 1, nodes: 8 }, rnd.fork('dag')),
      );
      const h = heft(problem).makespan;
      const r = portfolio(problem, {
        budget: clockBudget(() => performance.now(), budgetMs),
        random: rnd.fork('pf'),
      });
      const ratio = r.schedule.makespan / h;
      sumRatio += ratio;
      n++;
      origins[r.origin] = (origins[r.origin] ?? 0) + 1;
      console.log(
        seed.padEnd(12),
        h.toFixed(1),
        r.schedule.makespan.toFixed(1),
        ratio.toFixed(3),
        r.origin,
        r.iterations,
        JSON.stringify(
          Object.fromEntries(Object.entries(r.baseMakespans).map(([k, v]) => [k, +(v / h).toFixed(3)])),
        ),
      );
    }
console.log('mean ratio', (sumRatio / n).toFixed(4), origins);
