/**
 * Runs sweep runs on N worker threads, one run per thread at a time, handing out the next run as soon
 * as a thread finishes. Records are delivered in completion order; the first failure stops the pool.
 */
import type { Worker } from 'node:worker_threads';
import type { SweepRecord, SweepRun } from './types.js';
import { startWorker } from './worker-entry.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

export interface PoolOptions {
  workers: number;
  sweepName: string;
  /** Called on the main thread as each run finishes (append to the results file, update progress). */
  onRecord: (record: SweepRecord) => void;
  /** Called when a run starts on a thread. */
  onStart?: ((run: SweepRun) => void) | undefined;
}

/** Error names thrown for bad input (scenario, strategy or plugin configuration), not for bugs. */
const INPUT_ERRORS = [
  'ScenarioError',
  'UnknownStrategyError',
  'PluginConfigError',
  'UserError',
  'SweepError',
];

/** A run that failed inside a worker thread (a bug, or a scenario the simulator rejects). */
export class RunFailedError extends Error {
  constructor(
    readonly run: SweepRun,
    message: string,
    readonly workerStack?: string,
    /** The error's name in the worker (`ScenarioError`, `TypeError` …). */
    readonly causeName = 'Error',
  ) {
    super(`run ${run.index} (${run.label}, seed ${run.seed}) failed: ${message}`);
    this.name = 'RunFailedError';
  }

  /** True when the run failed on bad input rather than on a bug. */
  get isInputError(): boolean {
    return INPUT_ERRORS.includes(this.causeName);
  }
}

/** Executes `runs` on worker threads; resolves when all are done, rejects on the first failure. */
export function runPool(runs: SweepRun[], opts: PoolOptions): Promise<void> {
  const queue = [...runs];
  const threads = Math.max(1, Math.min(opts.workers, runs.length));
  if (queue.length === 0) return Promise.resolve();
  return new Promise<void>((resolvePool, rejectPool) => {
    const workers: Worker[] = [];
    let active = 0;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (err) rejectPool(err);
      else resolvePool();
    };
    const current = new Map<Worker, SweepRun>();
    const feed = (w: Worker) => {
      const run = queue.shift();
      if (!run) {
        active--;
        if (active === 0) finish();
        return;
      }
      current.set(w, run);
      opts.onStart?.(run);
      w.postMessage({ run, sweepName: opts.sweepName } satisfies WorkerRequest);
    };
    for (let i = 0; i < threads; i++) {
      const w = startWorker();
      workers.push(w);
      active++;
      w.on('message', (msg: WorkerReply) => {
        if (settled) return;
        if (msg.type === 'ready') return feed(w);
        if (msg.type === 'failed') {
          return finish(new RunFailedError(current.get(w)!, msg.message, msg.stack, msg.name));
        }
        try {
          opts.onRecord(msg.record);
        } catch (err) {
          return finish(err as Error);
        }
        feed(w);
      });
      w.on('error', (err) => finish(err));
      w.on('exit', (code) => {
        if (!settled && code !== 0) finish(new Error(`a sweep worker thread exited with code ${code}`));
      });
    }
  });
}
