/**
 * Indexed max-heap of agents keyed by effective speed (speed / observed performance ratio), ties to the
 * lowest agent index. One per (capability class, cluster) over the agents with free slots, so the
 * fastest free agent of a cluster is found in O(1) and kept in O(log n) as agents fill, free up and
 * their observed speed changes. Positions live in a caller-owned array shared by all heaps (an agent is
 * in at most one heap).
 */
export class SpeedHeap {
  readonly items: number[] = [];

  constructor(
    private readonly key: number[],
    private readonly pos: number[],
  ) {}

  get size(): number {
    return this.items.length;
  }

  top(): number {
    return this.items.length > 0 ? this.items[0]! : -1;
  }

  /**
   * Appends the `k` fastest agents (heap order, ties by index) to `out` starting at `at`; returns the
   * new end. O(k²) over a frontier of at most 2k heap positions, for small k.
   */
  topK(k: number, out: Int32Array, at: number): number {
    const h = this.items;
    if (h.length === 0 || k <= 0) return at;
    const frontier = [0];
    let taken = 0;
    while (taken < k && frontier.length > 0) {
      let bi = 0;
      for (let i = 1; i < frontier.length; i++) if (this.better(h[frontier[i]!]!, h[frontier[bi]!]!)) bi = i;
      const pos = frontier[bi]!;
      frontier[bi] = frontier[frontier.length - 1]!;
      frontier.pop();
      out[at++] = h[pos]!;
      taken++;
      const l = 2 * pos + 1;
      if (l < h.length) frontier.push(l);
      if (l + 1 < h.length) frontier.push(l + 1);
    }
    return at;
  }

  has(a: number): boolean {
    const p = this.pos[a]!;
    return p >= 0 && this.items[p] === a;
  }

  insert(a: number): void {
    this.items.push(a);
    this.pos[a] = this.items.length - 1;
    this.up(this.items.length - 1);
  }

  remove(a: number): void {
    const i = this.pos[a]!;
    if (i < 0 || this.items[i] !== a) return;
    const last = this.items.pop()!;
    this.pos[a] = -1;
    if (last === a) return;
    this.items[i] = last;
    this.pos[last] = i;
    this.up(i);
    this.down(this.pos[last]!);
  }

  /** Restores order after agent `a`'s key changed. */
  update(a: number): void {
    const i = this.pos[a]!;
    if (i < 0 || this.items[i] !== a) return;
    this.up(i);
    this.down(this.pos[a]!);
  }

  private better(x: number, y: number): boolean {
    const kx = this.key[x]!;
    const ky = this.key[y]!;
    return kx > ky || (kx === ky && x < y);
  }

  private up(i: number): void {
    const h = this.items;
    const x = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const y = h[p]!;
      if (!this.better(x, y)) break;
      h[i] = y;
      this.pos[y] = i;
      i = p;
    }
    h[i] = x;
    this.pos[x] = i;
  }

  private down(i: number): void {
    const h = this.items;
    const n = h.length;
    const x = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.better(h[r]!, h[l]!)) c = r;
      const y = h[c]!;
      if (!this.better(y, x)) break;
      h[i] = y;
      this.pos[y] = i;
      i = c;
    }
    h[i] = x;
    this.pos[x] = i;
  }
}
