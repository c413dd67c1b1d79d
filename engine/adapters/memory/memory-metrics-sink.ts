/** In-memory MetricsSink: keeps the most recent samples (bounded) for tests and inspection. */
import type { AgentLoadPoint, EnginePoint, MetricsSink } from '../../ports/metrics-sink.js';

/**
 * The newest `capacity` values, oldest first. A write costs O(points written) however full the ring
 * is; the array this replaced dropped its oldest samples with `splice(0, k)`, which moved the whole
 * 50,000-entry array on every write once it was full. With the memory stores the store writer writes
 * every driver turn, and in a 1,000-agent live run that splice had 8.7% of the engine's `perf` samples.
 */
export class BoundedRing<T> {
  private readonly items: (T | undefined)[] = [];
  /** Index of the oldest value once the ring is full. */
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
  }

  get length(): number {
    return this.items.length;
  }

  push(values: readonly T[]): void {
    const cap = this.capacity;
    // Only the newest `cap` of a large batch can survive.
    for (let i = Math.max(0, values.length - cap); i < values.length; i++) {
      if (this.items.length < cap) this.items.push(values[i]);
      else {
        this.items[this.start] = values[i];
        this.start = this.start + 1 === cap ? 0 : this.start + 1;
      }
    }
  }

  /** The values kept, oldest first (a copy). */
  toArray(): T[] {
    const out = new Array<T>(this.items.length);
    for (let i = 0; i < this.items.length; i++)
      out[i] = this.items[(this.start + i) % this.items.length] as T;
    return out;
  }
}

export class MemoryMetricsSink implements MetricsSink {
  private readonly load: BoundedRing<AgentLoadPoint>;
  private readonly engineRing: BoundedRing<EnginePoint>;

  constructor(readonly pointsMax = 50_000) {
    this.load = new BoundedRing(pointsMax);
    this.engineRing = new BoundedRing(pointsMax);
  }

  /** The newest `pointsMax` agent samples, oldest first. */
  get agentLoad(): AgentLoadPoint[] {
    return this.load.toArray();
  }

  /** The newest `pointsMax` engine samples, oldest first. */
  get engine(): EnginePoint[] {
    return this.engineRing.toArray();
  }

  /** Keeps the newest `pointsMax` agent samples. */
  async writeAgentLoad(points: readonly AgentLoadPoint[]): Promise<void> {
    this.load.push(points);
  }

  /** Keeps the newest `pointsMax` engine samples. */
  async writeEngine(points: readonly EnginePoint[]): Promise<void> {
    this.engineRing.push(points);
  }
}
