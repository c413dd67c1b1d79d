/**
 * `npm run bench:quality [-- --full] [--budget-ms N | --iterations N] [--seed S] [--no-wfcommons] [--out F]`
 *
 * Schedule quality of the static strategies (HEFT, PEFT, CPOP, Min-Min, Max-Min, portfolio) on
 * - random layered DAGs (Topcuoglu generator) over the grid tasks {30, 100, 300, 1000} × CCR {0.1, 1, 5}
 *   × shape {0.5, 1, 2} × heterogeneity β {0.5, 1, 1.5} × nodes {4, 8, 16}, mean out-degree drawn from 1–5;
 *   by default a balanced third of the grid (points whose level indices sum to a multiple of 3, every
 *   level equally represented), `--full` for all 324 points;
 * - the WfCommons workflows in /work/shared/data/wfcommons on two platforms (see quality/wfcommons-problems.ts).
 * Per strategy: mean SLR (makespan / CP_MIN), mean speedup (best sequential time / makespan), mean
 * makespan relative to HEFT, share of instances where it is best (ties count for each). The portfolio
 * gets `--budget-ms` (default 1000) of wall-clock time per instance, or `--iterations` for a
 * deterministic run. Every schedule is validated. Writes reports/out/quality.json and prints tables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRandom } from '../../engine/model/random.js';
import { portfolio } from '../../engine/schedule/static/portfolio.js';
import { createStaticProblem, type StaticProblem } from '../../engine/schedule/static/problem.js';
import { clockBudget, iterationBudget } from '../../engine/schedule/static/search-budget.js';
import { planStatic, type StaticStrategy } from '../../engine/schedule/static/static-strategies.js';
import { validateSchedule } from '../../engine/schedule/static/validate-schedule.js';
import { type LayeredDagParams, layeredDag } from './quality/layered-dag.js';
import { criticalPathMin, sequentialTime } from './quality/metrics.js';
import { type InstanceRow, printTables, summarise } from './quality/summary.js';
import { PLATFORMS, workflowFiles, workflowProblem } from './quality/wfcommons-problems.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WFCOMMONS_DIR = '/work/shared/data/wfcommons';
const HEURISTICS: readonly StaticStrategy[] = ['heft', 'peft', 'cpop', 'minmin', 'maxmin'];
const GRID = {
  tasks: [30, 100, 300, 1000],
  ccr: [0.1, 1, 5],
  shape: [0.5, 1, 2],
  heterogeneity: [0.5, 1, 1.5],
  nodes: [4, 8, 16],
} as const;

interface Args {
  full: boolean;
  budgetMs: number;
  iterations: number | null;
  seed: string;
  wfcommons: boolean;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    full: false,
    budgetMs: 1000,
    iterations: null,
    seed: '1',
    wfcommons: true,
    out: join(root, 'reports', 'out', 'quality.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--full') args.full = true;
    else if (a === '--budget-ms') args.budgetMs = Number(value());
    else if (a === '--iterations') args.iterations = Number(value());
    else if (a === '--seed') args.seed = value();
    else if (a === '--no-wfcommons') args.wfcommons = false;
    else if (a === '--out') args.out = value();
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

interface Instance {
  label: string;
  group: 'random' | 'wfcommons';
  params?: LayeredDagParams;
  problem: StaticProblem;
}

function* randomInstances(args: Args): Generator<Instance> {
  const root = createRandom(`quality:${args.seed}`);
  for (const [a, tasks] of GRID.tasks.entries())
    for (const [b, ccr] of GRID.ccr.entries())
      for (const [c, shape] of GRID.shape.entries())
        for (const [d, heterogeneity] of GRID.heterogeneity.entries())
          for (const [e, nodes] of GRID.nodes.entries()) {
            if (!args.full && (a + b + c + d + e) % 3 !== 0) continue;
            const label = `v${tasks}-ccr${ccr}-a${shape}-b${heterogeneity}-p${nodes}`;
            const random = root.fork(label);
            const params = { tasks, ccr, shape, heterogeneity, nodes, outDegree: 1 + random.int(5) };
            yield {
              label,
              group: 'random',
              params,
              problem: createStaticProblem(layeredDag(params, random)),
            };
          }
}

function* wfcommonsInstances(): Generator<Instance> {
  for (const path of workflowFiles(WFCOMMONS_DIR)) {
    for (const platform of PLATFORMS) {
      const { label, input } = workflowProblem(path, WFCOMMONS_DIR, platform);
      yield { label, group: 'wfcommons', problem: createStaticProblem(input) };
    }
  }
}

function runInstance(instance: Instance, args: Args): InstanceRow {
  const { problem } = instance;
  const makespan: Record<string, number> = {};
  const timeMs: Record<string, number> = {};
  const random = createRandom(`quality:${args.seed}`).fork(`portfolio:${instance.label}`);
  let iterations = 0;
  for (const strategy of [...HEURISTICS, 'portfolio'] as const) {
    const t0 = performance.now();
    const budget =
      args.iterations !== null
        ? iterationBudget(args.iterations)
        : clockBudget(() => performance.now(), args.budgetMs);
    const result =
      strategy === 'portfolio'
        ? portfolio(problem, { budget, random })
        : { schedule: planStatic(problem, strategy, { budget, random }), iterations: 0 };
    timeMs[strategy] = performance.now() - t0;
    iterations += result.iterations;
    const violations = validateSchedule(problem, result.schedule);
    if (violations.length > 0) throw new Error(`${strategy} on ${instance.label}: ${violations.join('; ')}`);
    makespan[strategy] = result.schedule.makespan;
  }
  return {
    label: instance.label,
    group: instance.group,
    tasks: problem.taskCount,
    nodes: problem.nodeCount,
    params: instance.params,
    cpMin: criticalPathMin(problem),
    sequential: sequentialTime(problem),
    makespan,
    timeMs,
    portfolioIterations: iterations,
  };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const machine = `${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
  console.log(`machine: ${machine}`);
  console.log(
    `grid: ${args.full ? 'full (324 points)' : 'balanced third (108 points; --full for all 324)'}, portfolio budget: ${args.iterations !== null ? `${args.iterations} iterations` : `${args.budgetMs} ms`}`,
  );
  const rows: InstanceRow[] = [];
  const sources = [randomInstances(args), ...(args.wfcommons ? [wfcommonsInstances()] : [])];
  const started = performance.now();
  for (const source of sources) {
    for (const instance of source) {
      rows.push(runInstance(instance, args));
      if (rows.length % 20 === 0)
        process.stderr.write(
          `  ${rows.length} instances, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
        );
    }
  }
  const summary = summarise(rows);
  printTables(summary);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify({ machine, args, summary, instances: rows }, null, 1)}\n`);
  console.log(
    `\nwrote ${args.out} (${rows.length} instances, ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}

main();
