/**
 * `agentsched` command line. Each sub-command lives in `commands/<name>.ts` and exports
 * `register(program)`; this file wires them up and turns errors into exit codes:
 * a `UserError` prints `error: …` and exits with its code (2 for bad input), anything else is a bug (70).
 */
import { Command, CommanderError } from 'commander';
import { register as registerDag } from './commands/dag.js';
import { register as registerGate } from './commands/gate.js';
import { register as registerPlan } from './commands/plan.js';
import { register as registerPredict } from './commands/predict.js';
import { register as registerReport } from './commands/report.js';
import { register as registerRun } from './commands/run.js';
import { register as registerSweep } from './commands/sweep.js';
import { UserError } from './errors.js';

const program = new Command();
program
  .name('agentsched')
  .description(
    'Schedule DAG workflows onto fleets of worker agents: simulate scenarios, plan, sweep, report and serve.',
  )
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerRun(program);
registerDag(program);
registerPlan(program);
registerSweep(program);
registerReport(program);
registerGate(program);
registerPredict(program);

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
