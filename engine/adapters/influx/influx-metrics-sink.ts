/**
 * MetricsSink on InfluxDB (v1 write API). Writes never wait for the network: points become line protocol
 * in a bounded buffer and a background loop sends batches every `flushIntervalMs` (or sooner when a batch
 * fills). A failed write keeps its batch and retries with exponential back-off; when the buffer is full
 * the oldest points are dropped and counted. Nothing here throws into the caller.
 */
import type {
  AgentLoadPoint,
  EnginePoint,
  MetricsSink,
  SystemPoint,
  TaskRunPoint,
} from '../../ports/metrics-sink.js';
import { type InfluxTarget, influxTarget, writeLines } from './influx-http.js';
import { agentLoadLine, engineLine, systemLine, taskRunLine } from './influx-lines.js';

export interface InfluxSinkOptions {
  url: string;
  database: string;
  retentionPolicy?: string | undefined;
  /** Lines per HTTP write (default 5000). */
  batchLinesMax?: number | undefined;
  /** Longest a point waits before it is sent (default 1000 ms). */
  flushIntervalMs?: number | undefined;
  /** Lines buffered at most; beyond, the oldest are dropped (default 500,000). */
  bufferLinesMax?: number | undefined;
  retryBaseMs?: number | undefined;
  retryMaxMs?: number | undefined;
  requestTimeoutMs?: number | undefined;
  /** Told about failures (already redacted); rate-limited by the caller if needed. */
  onError?: ((message: string) => void) | undefined;
  /** Creates the database / retention policy; run before the first write and again after a failed one. */
  prepare?: (() => Promise<void>) | undefined;
}

/** Counters for the stats route and tests. */
export interface InfluxSinkStats {
  linesWritten: number;
  linesDropped: number;
  writesFailed: number;
  batchesWritten: number;
}

export class InfluxMetricsSink implements MetricsSink {
  readonly stats: InfluxSinkStats = { linesWritten: 0, linesDropped: 0, writesFailed: 0, batchesWritten: 0 };
  private readonly target: InfluxTarget;
  private buffer: string[] = [];
  private head = 0;
  private sending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retryDelayMs = 0;
  private closed = false;
  private prepared = false;
  private readonly o: Required<Omit<InfluxSinkOptions, 'retentionPolicy' | 'onError' | 'prepare'>> &
    Pick<InfluxSinkOptions, 'retentionPolicy' | 'onError' | 'prepare'>;

  constructor(opts: InfluxSinkOptions) {
    this.target = influxTarget(opts.url);
    this.o = {
      batchLinesMax: 5000,
      flushIntervalMs: 1000,
      bufferLinesMax: 500_000,
      retryBaseMs: 500,
      retryMaxMs: 30_000,
      requestTimeoutMs: 10_000,
      ...opts,
    } as typeof this.o;
    this.arm(this.o.flushIntervalMs);
  }

  /** Buffers agent load samples. */
  async writeAgentLoad(points: readonly AgentLoadPoint[]): Promise<void> {
    for (const p of points) this.push(agentLoadLine(p));
  }

  /** Buffers engine samples. */
  async writeEngine(points: readonly EnginePoint[]): Promise<void> {
    for (const p of points) this.push(engineLine(p));
  }

  /** Buffers task execution history. */
  async writeTaskRuns(points: readonly TaskRunPoint[]): Promise<void> {
    for (const p of points) this.push(taskRunLine(p));
  }

  /** Buffers process samples. */
  async writeSystem(points: readonly SystemPoint[]): Promise<void> {
    for (const p of points) this.push(systemLine(p));
  }

  /** Lines waiting to be written. */
  get bufferedLines(): number {
    return this.buffer.length - this.head;
  }

  /** Sends everything buffered now; resolves when the buffer is empty or a write failed. */
  async flush(): Promise<void> {
    while (this.bufferedLines > 0) {
      const before = this.stats.writesFailed;
      await this.sendOnce();
      if (this.stats.writesFailed > before) return;
    }
  }

  /** Stops the loop after one last flush attempt bounded by `timeoutMs`. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await Promise.race([this.flush(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  private push(line: string): void {
    this.buffer.push(line);
    const over = this.bufferedLines - this.o.bufferLinesMax;
    if (over > 0) {
      this.head += over;
      this.stats.linesDropped += over;
    }
    if (this.head > 65_536 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    if (this.bufferedLines >= this.o.batchLinesMax && this.retryDelayMs === 0 && !this.sending)
      void this.sendOnce();
  }

  private arm(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    await this.flush();
    this.arm(this.retryDelayMs > 0 ? this.retryDelayMs : this.o.flushIntervalMs);
  }

  /** Sends one batch (waits for a send in progress instead of starting a second). */
  private sendOnce(): Promise<void> {
    this.sending ??= this.send().finally(() => {
      this.sending = undefined;
    });
    return this.sending;
  }

  private async send(): Promise<void> {
    const end = Math.min(this.buffer.length, this.head + this.o.batchLinesMax);
    if (end <= this.head) return;
    const start = this.head;
    const body = this.buffer.slice(start, end).join('\n');
    try {
      if (!this.prepared && this.o.prepare) await this.o.prepare();
      this.prepared = true;
      await writeLines(this.target, this.o.database, this.o.retentionPolicy, body, this.o.requestTimeoutMs);
      const sent = end - start;
      // Lines dropped while the request was in flight moved head past start; count only what remains.
      const advance = Math.max(0, end - this.head);
      this.head += advance;
      this.stats.linesWritten += sent;
      this.stats.batchesWritten++;
      this.retryDelayMs = 0;
    } catch (err) {
      this.stats.writesFailed++;
      this.prepared = false;
      this.retryDelayMs = Math.min(this.o.retryMaxMs, Math.max(this.o.retryBaseMs, this.retryDelayMs * 2));
      this.o.onError?.((err as Error).message);
    }
  }
}
