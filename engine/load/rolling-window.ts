/**
 * Fixed-capacity ring buffer of the most recent samples with O(1) mean and an on-demand percentile.
 * Capacity bounds memory per agent regardless of how long it runs.
 */
export class RollingWindow {
  private readonly buf: Float64Array;
  private head = 0;
  private size = 0;
  private sum = 0;

  /** `capacity` ≥ 1 samples. */
  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1))
      throw new Error(`RollingWindow: capacity must be ≥ 1, got ${capacity}`);
    this.buf = new Float64Array(capacity);
  }

  /** Adds a sample, evicting the oldest when full. */
  push(value: number): void {
    if (this.size === this.capacity) this.sum -= this.buf[this.head]!;
    else this.size++;
    this.buf[this.head] = value;
    this.sum += value;
    this.head = (this.head + 1) % this.capacity;
  }

  get count(): number {
    return this.size;
  }

  /** Mean of the samples held; NaN when empty. */
  mean(): number {
    return this.size ? this.sum / this.size : Number.NaN;
  }

  /** Most recent sample; NaN when empty. */
  last(): number {
    return this.size ? this.buf[(this.head - 1 + this.capacity) % this.capacity]! : Number.NaN;
  }

  /** Linear-interpolated percentile, `q` in [0, 1]; NaN when empty. Sorts a copy: O(n log n). */
  percentile(q: number): number {
    if (this.size === 0) return Number.NaN;
    const sorted = this.values().sort();
    const pos = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  }

  /** The samples, oldest first (a copy). */
  values(): Float64Array {
    const out = new Float64Array(this.size);
    const start = (this.head - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) out[i] = this.buf[(start + i) % this.capacity]!;
    return out;
  }
}
