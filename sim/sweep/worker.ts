/**
 * Worker-thread entry of the sweep pool: receives runs, executes them, posts back records. Stays alive
 * between runs so the scenario parse and the JIT warm-up are paid once per thread.
 */
import { parentPort } from 'node:worker_threads';
import { executeRun } from './run-job.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('sim/sweep/worker must run in a worker thread');

port.on('message', (msg: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { type: 'done', record: executeRun(msg.run, msg.sweepName) };
  } catch (err) {
    const e = err as Error;
    reply = {
      type: 'failed',
      index: msg.run.index,
      name: e?.name ?? 'Error',
      message: e?.message ?? String(err),
      stack: e?.stack,
    };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
