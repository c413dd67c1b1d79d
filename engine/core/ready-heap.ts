/**
 * Ready-task queue: a binary heap of task ids with their ordering keys stored inline (struct-of-arrays),
 * so sifting touches only the heap's own contiguous arrays, never the task tables. Order: higher
 * `priority` first, then higher `rank`, then lower `seq` (submission order) — a total, deterministic order.
 */
export class ReadyHeap {
  private ids = new Int32Array(64);
  private prio = new Float64Array(64);
  private rank = new Float64Array(64);
  private seq = new Float64Array(64);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** The first task id, or -1 when empty. */
  peek(): number {
    return this.n > 0 ? this.ids[0]! : -1;
  }

  /** Whether the head of this heap goes before the head of `other` (both non-empty). */
  headBefore(other: ReadyHeap): boolean {
    return this.before(0, other.prio[0]!, other.rank[0]!, other.seq[0]!);
  }

  push(id: number, priority: number, rank: number, seq: number): void {
    if (this.n === this.ids.length) this.grow();
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.keyBefore(priority, rank, seq, p)) break;
      this.move(p, i);
      i = p;
    }
    this.set(i, id, priority, rank, seq);
  }

  /** Removes and returns the first task id, or -1 when empty. */
  pop(): number {
    if (this.n === 0) return -1;
    const top = this.ids[0]!;
    const last = --this.n;
    if (last > 0) this.siftDown(this.ids[last]!, this.prio[last]!, this.rank[last]!, this.seq[last]!);
    return top;
  }

  /** Removes `id` if present (linear search; used only on cancellation). */
  remove(id: number): boolean {
    let i = -1;
    for (let k = 0; k < this.n; k++) {
      if (this.ids[k] === id) {
        i = k;
        break;
      }
    }
    if (i < 0) return false;
    const entries: [number, number, number, number][] = [];
    for (let k = 0; k < this.n; k++) {
      if (k !== i) entries.push([this.ids[k]!, this.prio[k]!, this.rank[k]!, this.seq[k]!]);
    }
    this.n = 0;
    for (const [a, b, c, d] of entries) this.push(a, b, c, d);
    return true;
  }

  toArray(): number[] {
    return Array.from(this.ids.subarray(0, this.n));
  }

  private keyBefore(priority: number, rank: number, seq: number, j: number): boolean {
    const pj = this.prio[j]!;
    if (priority !== pj) return priority > pj;
    const rj = this.rank[j]!;
    if (rank !== rj) return rank > rj;
    return seq < this.seq[j]!;
  }

  private before(i: number, priority: number, rank: number, seq: number): boolean {
    const pi = this.prio[i]!;
    if (pi !== priority) return pi > priority;
    const ri = this.rank[i]!;
    if (ri !== rank) return ri > rank;
    return this.seq[i]! < seq;
  }

  private siftDown(id: number, priority: number, rank: number, seq: number): void {
    const n = this.n;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(r, this.prio[l]!, this.rank[l]!, this.seq[l]!) ? r : l;
      if (!this.before(c, priority, rank, seq)) break;
      this.move(c, i);
      i = c;
    }
    this.set(i, id, priority, rank, seq);
  }

  private move(from: number, to: number): void {
    this.ids[to] = this.ids[from]!;
    this.prio[to] = this.prio[from]!;
    this.rank[to] = this.rank[from]!;
    this.seq[to] = this.seq[from]!;
  }

  private set(i: number, id: number, priority: number, rank: number, seq: number): void {
    this.ids[i] = id;
    this.prio[i] = priority;
    this.rank[i] = rank;
    this.seq[i] = seq;
  }

  private grow(): void {
    const cap = this.ids.length * 2;
    const ids = new Int32Array(cap);
    ids.set(this.ids);
    this.ids = ids;
    for (const key of ['prio', 'rank', 'seq'] as const) {
      const next = new Float64Array(cap);
      next.set(this[key]);
      this[key] = next;
    }
  }
}
