/**
 * The simulator's event queue: a binary min-heap ordered by (timeMs, seq), where seq is the insertion
 * number, so events at the same time come out in the order they were scheduled (deterministic ties).
 * Events are stored struct-of-arrays (kind + two integer payloads); nothing is allocated per event once
 * the arrays have grown.
 */
export class EventQueue {
  private heap: Int32Array;
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Uint8Array;
  private pa: Int32Array;
  private pb: Int32Array;
  private freeSlots: number[] = [];
  private nextSlot = 0;
  private n = 0;
  private seq = 0;
  /** Payload of the last popped event. */
  kind = 0;
  a = 0;
  b = 0;
  timeMs = 0;

  constructor(capacity = 1024) {
    this.heap = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.pa = new Int32Array(capacity);
    this.pb = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.times[this.heap[0]!]! : Number.POSITIVE_INFINITY;
  }

  push(timeMs: number, kind: number, a: number, b: number): void {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.nextSlot++;
    if (slot >= this.times.length) this.grow();
    this.times[slot] = timeMs;
    this.seqs[slot] = this.seq++;
    this.kinds[slot] = kind;
    this.pa[slot] = a;
    this.pb[slot] = b;
    if (this.n >= this.heap.length) this.grow();
    let i = this.n++;
    const heap = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ps = heap[p]!;
      if (!this.less(slot, ps)) break;
      heap[i] = ps;
      i = p;
    }
    heap[i] = slot;
  }

  /** Pops the earliest event into (timeMs, kind, a, b); returns false when empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    const heap = this.heap;
    const top = heap[0]!;
    this.timeMs = this.times[top]!;
    this.kind = this.kinds[top]!;
    this.a = this.pa[top]!;
    this.b = this.pb[top]!;
    this.freeSlots.push(top);
    const last = heap[--this.n]!;
    if (this.n > 0) this.siftDown(last);
    return true;
  }

  private less(x: number, y: number): boolean {
    const tx = this.times[x]!;
    const ty = this.times[y]!;
    return tx < ty || (tx === ty && this.seqs[x]! < this.seqs[y]!);
  }

  private siftDown(x: number): void {
    const heap = this.heap;
    const n = this.n;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(heap[r]!, heap[l]!)) c = r;
      const cs = heap[c]!;
      if (!this.less(cs, x)) break;
      heap[i] = cs;
      i = c;
    }
    heap[i] = x;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(arr: T): T => {
      const next = new (arr.constructor as new (n: number) => T)(cap);
      next.set(arr);
      return next;
    };
    this.heap = g(this.heap);
    this.times = g(this.times);
    this.seqs = g(this.seqs);
    this.kinds = g(this.kinds);
    this.pa = g(this.pa);
    this.pb = g(this.pb);
  }
}
