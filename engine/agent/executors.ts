/**
 * How a live agent runs a task: `sleep` waits the task's runtime (work units / speed × time scale),
 * `cpu` burns CPU for that long in small slices (so other logical agents in the process keep running),
 * `shell` runs the task's command with `/bin/sh -c`. Each returns null on success or a failure reason,
 * and stops early when its AbortSignal fires.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { AssignmentMsg } from '../server/grpc/messages.js';

export type ExecMode = 'sleep' | 'cpu' | 'shell';

export interface ExecContext {
  speed: number;
  timeScale: number;
  agentId: string;
}

export type Executor = (a: AssignmentMsg, ctx: ExecContext, signal: AbortSignal) => Promise<string | null>;

const CPU_SLICE_MS = 4;
const OUTPUT_CHARS_MAX = 400;

/** Runtime in ms the task should take on this agent. */
export function runtimeMs(a: AssignmentMsg, ctx: ExecContext): number {
  return Math.max(0, (a.workUnits / ctx.speed) * ctx.timeScale * (1 - Math.min(1, a.resumeFraction || 0)));
}

const sleepExec: Executor = (a, ctx, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), runtimeMs(a, ctx));
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve('cancelled');
    });
  });

const cpuExec: Executor = (a, ctx, signal) =>
  new Promise((resolve) => {
    const end = performance.now() + runtimeMs(a, ctx);
    let x = 0;
    const slice = () => {
      if (signal.aborted) return resolve('cancelled');
      const stop = Math.min(end, performance.now() + CPU_SLICE_MS);
      while (performance.now() < stop) x = (x * 1103515245 + 12345) % 2147483648;
      if (performance.now() >= end) resolve(null);
      else setImmediate(slice);
    };
    slice();
  });

const shellExec: Executor = (a, ctx, signal) =>
  new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', a.command || 'true'], {
      env: {
        ...process.env,
        AGENTSCHED_TASK_ID: a.taskId,
        AGENTSCHED_ATTEMPT: String(a.attempt),
        AGENTSCHED_AGENT_ID: ctx.agentId,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < OUTPUT_CHARS_MAX) stderr += d.toString('utf8');
    });
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    signal.addEventListener('abort', kill);
    child.on('error', (err) => resolve(`cannot run command: ${err.message}`));
    child.on('close', (code, sig) => {
      signal.removeEventListener('abort', kill);
      if (signal.aborted) resolve('cancelled');
      else if (code === 0) resolve(null);
      else resolve(`exit ${code ?? sig}${stderr ? `: ${stderr.trim().slice(0, OUTPUT_CHARS_MAX)}` : ''}`);
    });
  });

/** The executor for a mode. */
export function executorFor(mode: ExecMode): Executor {
  return mode === 'cpu' ? cpuExec : mode === 'shell' ? shellExec : sleepExec;
}
