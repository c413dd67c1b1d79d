/** Messages between the sweep pool and its worker threads. */
import type { SweepRecord, SweepRun } from './types.js';

export interface WorkerRequest {
  run: SweepRun;
  sweepName: string;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; record: SweepRecord }
  | { type: 'failed'; index: number; name: string; message: string; stack?: string | undefined };
