/**
 * Loads background-load traces from a file: Alibaba cluster-trace-v2018 `machine_usage.csv` (no header;
 * machine_id, time_stamp s, cpu_util_percent, …) resampled per machine to a regular grid, CPU as 0–1.
 * The only I/O for background load; `createBackgroundLoad` itself takes the parsed series.
 */
import { readFileSync } from 'node:fs';
import { parseCsvSeries } from '../engine/adapters/forecast/csv-series.js';
import type { TraceSeries } from './background-load.js';

export interface TraceLoadOptions {
  /** Grid step (default 60,000 ms). */
  stepMs?: number;
  /** Keep at most this many machines (first seen first). */
  maxMachines?: number;
}

/** Reads `path` and returns one CPU series (0–1) per machine. Throws naming the file on bad input. */
export function loadAlibabaMachineUsage(path: string, options: TraceLoadOptions = {}): TraceSeries[] {
  const groups = parseCsvSeries(readFileSync(path, 'utf8'), {
    source: path,
    header: false,
    groupCol: '0',
    timeCol: '1',
    valueCol: '2',
    stepMs: options.stepMs ?? 60_000,
    maxGapSteps: Number.POSITIVE_INFINITY,
  });
  return groups
    .slice(0, options.maxMachines ?? groups.length)
    .map((g) => ({ stepMs: g.series.stepMs, values: g.series.values.map((v) => v / 100) }));
}
