/**
 * `agentsched` command line. Each sub-command lives in `commands/<name>.ts` and exports
 * `register(program)`; add it to COMMANDS below. This file wires them up and turns errors into exit codes:
 * a `UserError` prints `error: …` and exits with its code (2 for bad input), anything else is a bug (70).
 */
import { Command, CommanderError } from 'commander';
import { UserError } from './errors.js';

// A reader that stops early (`agentsched … | head`) closes stdout: end quietly like other command-line
// tools instead of dying on an unhandled EPIPE with a stack trace. Exit status 141 is the shell's
// "killed by SIGPIPE", which is what a C tool would report; anything already written stays written.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(141);
  throw err;
});

const program = new Command();
program
  .name('agentsched')
  .description(
    'Schedule DAG workflows onto fleets of worker agents: simulate scenarios, plan, sweep, report and serve.',
  )
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

/**
 * Sub-commands load lazily: only the invoked command's module (and its dependencies — vega, tfjs,
 * grpc …) is imported, so `agentsched run` starts fast. Help and unknown commands load them all.
 */
const COMMANDS: Record<string, () => Promise<{ register(program: Command): void }>> = {
  run: () => import('./commands/run.js'),
  dag: () => import('./commands/dag.js'),
  plan: () => import('./commands/plan.js'),
  sweep: () => import('./commands/sweep.js'),
  report: () => import('./commands/report.js'),
  gate: () => import('./commands/gate.js'),
  predict: () => import('./commands/predict.js'),
  tune: () => import('./commands/tune.js'),
  serve: () => import('./commands/serve.js'),
  agent: () => import('./commands/agent.js'),
  db: () => import('./commands/db.js'),
};
const invoked = process.argv.slice(2).find((a) => !a.startsWith('-'));
const wanted = invoked !== undefined && invoked in COMMANDS ? [invoked] : Object.keys(COMMANDS);
for (const name of wanted) (await COMMANDS[name]!()).register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof UserError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    const e = err as Error;
    process.stderr.write(
      `internal error (a bug in agentsched, please report it): ${e?.message ?? String(err)}\n`,
    );
    if (process.env.AGENTSCHED_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    process.exitCode = 70;
  }
}
