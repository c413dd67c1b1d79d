/**
 * Sweep progress on stderr: a redrawn bar with ETA on a terminal, one plain line per finished run
 * otherwise, nothing when quiet. The ETA uses the pace of runs finished in this invocation.
 */
import type { SweepRecord, SweepRun } from './types.js';

export type ProgressMode = 'bar' | 'lines' | 'off';

export interface ProgressSink {
  start(total: number, alreadyDone: number, workers: number): void;
  runFinished(record: SweepRecord): void;
  runStarted(run: SweepRun): void;
  finish(): void;
}

/** Picks bar on a TTY, lines otherwise, off when quiet. */
export function progressMode(stream: NodeJS.WriteStream, quiet: boolean): ProgressMode {
  if (quiet) return 'off';
  return stream.isTTY ? 'bar' : 'lines';
}

/** Formats seconds as `1m05s` / `42s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A progress sink writing to `stream` in `mode`; `now` is injectable for tests. */
export function createProgress(
  stream: NodeJS.WritableStream & { columns?: number },
  mode: ProgressMode,
  now: () => number = () => performance.now(),
): ProgressSink {
  let total = 0;
  let done = 0;
  let finishedHere = 0;
  let t0 = 0;
  let lastDrawMs = -1e9;
  const eta = () => (finishedHere === 0 ? Number.NaN : ((now() - t0) / 1000 / finishedHere) * (total - done));
  const draw = (force: boolean) => {
    if (mode !== 'bar' || (!force && now() - lastDrawMs < 100)) return;
    lastDrawMs = now();
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    const elapsed = formatDuration((now() - t0) / 1000);
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${pct}% ${elapsed} eta ${formatDuration(eta())}  `,
    );
  };
  return {
    start(n, already, workers) {
      total = n;
      done = already;
      t0 = now();
      if (mode === 'lines')
        stream.write(`sweep: ${n} runs, ${already} already done, ${workers} worker threads\n`);
      draw(true);
    },
    runStarted() {
      draw(false);
    },
    runFinished(r) {
      done++;
      finishedHere++;
      if (mode === 'lines') {
        stream.write(
          `run ${done}/${total} ${r.label} seed ${r.seed}: makespan ${r.metrics.makespanMs} ms, ${Math.round(r.metrics.wallMs)} ms wall, eta ${formatDuration(eta())}\n`,
        );
      }
      draw(done === total);
    },
    finish() {
      if (mode === 'bar') stream.write('\n');
    },
  };
}
