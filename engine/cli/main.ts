/**
 * `agentsched` command line. Each sub-command lives in `commands/<name>.ts` and exports
 * `register(program)`; add it to COMMANDS below. This file wires them up and turns errors into exit codes:
 * a `UserError` prints `error: …` and exits with its code (2 for bad input), anything else is a bug (70).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { lowerBackgroundThreadsFromEnv } from '../adapters/background-threads.js';
import { UserError } from './errors.js';

// A reader that stops early (`agentsched … | head`) closes stdout: end quietly like other command-line
// tools instead of dying on an unhandled EPIPE with a stack trace. Exit status 141 is the shell's
// "killed by SIGPIPE", which is what a C tool would report; anything already written stays written.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(141);
  throw err;
});

/** `cannot create folder /x/y: permission denied (EACCES)` for a Node file-system error, else undefined. */
function fileSystemProblem(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string') return undefined;
  const reason = FS_REASONS[e.code];
  if (reason === undefined) return undefined;
  const verb = FS_VERBS[e.syscall ?? ''] ?? 'use';
  return `cannot ${verb} ${e.path}: ${reason} (${e.code})`;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
};

const FS_VERBS: Record<string, string> = {
  mkdir: 'create folder',
  stat: 'access',
  open: 'open',
  write: 'write',
  read: 'read',
  rename: 'rename to',
  scandir: 'read folder',
  unlink: 'remove',
  copyfile: 'copy to',
};

/** The version in the package's package.json (found upwards from this file: sources or dist/). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'agentsched' && typeof pkg.version === 'string') return pkg.version;
  }
  return 'unknown';
}

const program = new Command();
program
  .name('agentsched')
  .description(
    'Schedule DAG workflows onto fleets of worker agents: simulate scenarios, plan, sweep, report and serve.',
  )
  .version(packageVersion())
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

/**
 * Sub-commands load lazily: only the invoked command's module (and its dependencies — vega, tfjs,
 * grpc …) is imported, so `agentsched run` starts fast. Help and unknown commands load them all.
 */
const ONE_THREAD_COMMANDS = new Set(['run', 'report', 'gate', 'dag', 'plan', 'tune']);

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
const args = process.argv.slice(2);
const invoked = args.find((a) => !a.startsWith('-'));
// `--version` alone needs no command: loading them all (serve's gRPC and HTTP stacks, predict's
// TensorFlow.js) took it from 0.1 to 0.6 s.
const versionOnly = args.length > 0 && args.every((a) => a === '-V' || a === '--version');
const wanted = versionOnly
  ? []
  : invoked !== undefined && invoked in COMMANDS
    ? [invoked]
    : Object.keys(COMMANDS);
for (const name of wanted) (await COMMANDS[name]!()).register(program);

// Commands that keep one JavaScript thread busy: V8's compiler and GC helper threads run below the main
// thread's priority, so on a small machine the simulation is not queued behind compiler jobs — when a CPU
// is left over for them, judged from how busy the machine was while this process loaded (see
// adapters/background-threads.ts). `sweep` decides for itself; `predict` has its own worker thread; the
// long-lived `serve` and `agent` keep the default.
if (invoked !== undefined && ONE_THREAD_COMMANDS.has(invoked)) {
  const lowered = lowerBackgroundThreadsFromEnv(1);
  if ('error' in lowered) {
    process.stderr.write(`error: ${lowered.error}\n`);
    process.exit(2);
  }
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof UserError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    const problem = fileSystemProblem(err);
    if (problem !== undefined) {
      // An output path the user gave that cannot be written (`--out /etc/passwd/x`, a read-only or full
      // disk): their input or their machine, not a bug.
      process.stderr.write(`error: ${problem}\n`);
      process.exitCode = 2;
    } else {
      const e = err as Error;
      process.stderr.write(
        `internal error (a bug in agentsched, please report it): ${e?.message ?? String(err)}\n`,
      );
      if (process.env.AGENTSCHED_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
      process.exitCode = 70;
    }
  }
}
