/**
 * Binary min-heap of non-negative integer ids ordered by a caller-supplied `less(a, b)`.
 * Used for ready-task queues; keys live in the caller's arrays, so the heap allocates nothing per push.
 */
export class IndexHeap {
  private items: number[] = [];

  constructor(private readonly less: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): number {
    return this.items.length > 0 ? this.items[0]! : -1;
  }

  push(id: number): void {
    const h = this.items;
    h.push(id);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pv = h[p]!;
      if (!this.less(id, pv)) break;
      h[i] = pv;
      i = p;
    }
    h[i] = id;
  }

  /** Removes and returns the smallest id, or -1 when empty. */
  pop(): number {
    const h = this.items;
    if (h.length === 0) return -1;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) this.siftDown(last);
    return top;
  }

  /** Removes `id` if present (O(n) search; used only on cancellation). */
  remove(id: number): boolean {
    const h = this.items;
    const i = h.indexOf(id);
    if (i < 0) return false;
    const last = h.pop()!;
    if (i < h.length) {
      h[i] = last;
      this.items = h;
      // Rebuild is simplest and rare.
      const all = h.slice();
      h.length = 0;
      for (const x of all) this.push(x);
    }
    return true;
  }

  toArray(): number[] {
    return this.items.slice();
  }

  private siftDown(x: number): void {
    const h = this.items;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(h[r]!, h[l]!)) c = r;
      const cv = h[c]!;
      if (!this.less(cv, x)) break;
      h[i] = cv;
      i = c;
    }
    h[i] = x;
  }
}
