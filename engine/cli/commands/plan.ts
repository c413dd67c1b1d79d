/**
 * `agentsched plan --problem <file.json> --strategy <name>`: one-shot static scheduling of a task graph on
 * a heterogeneous network (the format of scheduling research libraries, see
 * `engine/schedule/problem/raw-problem.ts`). Prints `{"strategy", "makespan", "schedule": [{"task",
 * "node", "start", "end"}]}` after checking the schedule with the validator. Bad input exits with code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { createRandom } from '../../model/random.js';
import { parsePlanProblem } from '../../schedule/problem/parse-plan-problem.js';
import { formatIssues } from '../../schedule/problem/problem-issue.js';
import type { StaticProblem } from '../../schedule/static/problem.js';
import { scheduleEntries } from '../../schedule/static/schedule.js';
import { clockBudget } from '../../schedule/static/search-budget.js';
import { isStaticStrategy, planStatic, STATIC_STRATEGIES } from '../../schedule/static/static-strategies.js';
import { validateSchedule } from '../../schedule/static/validate-schedule.js';
import { UserError } from '../errors.js';

interface PlanOptions {
  problem: string;
  strategy: string;
  budgetMs: string;
  seed: string;
  json?: string;
}

/** Adds the `plan` sub-command to `program`. */
export function register(program: Command): void {
  program
    .command('plan')
    .description('Schedule a task graph on a heterogeneous network once and print the schedule as JSON')
    .requiredOption(
      '--problem <file>',
      'problem JSON: {tasks, edges, nodes, links?, default_link_speed?, times?}',
    )
    .option('--strategy <name>', `one of ${STATIC_STRATEGIES.join(', ')}`, 'portfolio')
    .option('--budget-ms <n>', 'time the portfolio may spend improving its schedule', '1000')
    .option('--seed <n>', "seed of the portfolio's randomised search", '1')
    .option('--json <file>', 'write the result JSON to <file> instead of stdout')
    .action((opts: PlanOptions) => {
      runPlan(opts);
    });
}

/** Reads, plans, validates and prints (or writes) the result; user mistakes throw UserError. */
export function runPlan(opts: PlanOptions): void {
  if (!isStaticStrategy(opts.strategy)) {
    throw new UserError(`--strategy must be one of ${STATIC_STRATEGIES.join(', ')}, got "${opts.strategy}"`);
  }
  const budgetMs = parseNonNegativeInt('--budget-ms', opts.budgetMs);
  const seed = parseNonNegativeInt('--seed', opts.seed);
  const problem = loadProblem(opts.problem);
  const schedule = planStatic(problem, opts.strategy, {
    budget: clockBudget(() => performance.now(), budgetMs),
    random: createRandom(seed).fork('plan'),
  });
  const violations = validateSchedule(problem, schedule);
  if (violations.length > 0) {
    throw new Error(`the ${opts.strategy} schedule failed validation: ${violations.join('; ')}`);
  }
  const result = {
    strategy: opts.strategy,
    makespan: schedule.makespan,
    schedule: scheduleEntries(problem, schedule),
  };
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (opts.json === undefined) process.stdout.write(text);
  else {
    writeOut(opts.json, text);
    process.stdout.write(
      `${opts.strategy}: makespan ${schedule.makespan} for ${problem.taskCount} tasks on ${problem.nodeCount} nodes → ${opts.json}\n`,
    );
  }
}

function parseNonNegativeInt(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw new UserError(`${flag} must be a non-negative integer, got "${v}"`);
  }
  return Number(v);
}

/** The parsed problem at `path`; unreadable files, bad JSON and invalid problems become UserErrors. */
function loadProblem(path: string): StaticProblem {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(
      `cannot read problem file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UserError(`problem file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = parsePlanProblem(doc);
  if (!parsed.ok)
    throw new UserError(`problem file ${path} is invalid:\n${indent(formatIssues(parsed.issues))}`);
  return parsed.problem;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function writeOut(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UserError(`cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
