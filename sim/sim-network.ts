/**
 * The simulated control network between the engine and the agents: partitions (a cluster reachable by
 * no one), random message loss and delay, all drawn from the run's seeded `network` stream. Only the
 * injected faults change it; without them every message arrives at once, as before.
 */
import type { Random } from '../engine/model/random.js';

export class SimNetwork {
  lossRate = 0;
  maxDelayMs = 0;
  lost = 0;
  delayed = 0;
  /** Per cluster: partitioned since (ms), or -1. */
  readonly partitionedSinceMs: number[];

  constructor(
    clusters: number,
    private readonly random: Random,
  ) {
    this.partitionedSinceMs = new Array(clusters).fill(-1);
  }

  /** Whether agents of `cluster` are cut off from the engine now. */
  partitioned(cluster: number): boolean {
    return this.partitionedSinceMs[cluster]! >= 0;
  }

  /** Whether a message to or from an agent of `cluster` is lost (partition or random loss). */
  drops(cluster: number): boolean {
    if (this.partitionedSinceMs[cluster]! >= 0 || (this.lossRate > 0 && this.random.next() < this.lossRate)) {
      this.lost++;
      return true;
    }
    return false;
  }

  /** Extra delay for a message from an agent (0 without a delay fault). */
  delayMs(): number {
    if (this.maxDelayMs <= 0) return 0;
    this.delayed++;
    return Math.floor(this.random.next() * (this.maxDelayMs + 1));
  }
}
