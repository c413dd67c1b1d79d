/**
 * The simulator's event queue: a binary min-heap ordered by (timeMs, seq), where seq is the insertion
 * number, so events at the same time come out in the order they were scheduled (deterministic ties).
 * Events are stored struct-of-arrays (kind + two integer payloads); nothing is allocated per event once
 * the arrays have grown.
 *
 * Beside the heap runs a FIFO *lane* for events the caller expects to be scheduled in time order
 * (`pushLane`, e.g. periodic heartbeats re-armed at now + a fixed interval): an event whose time is not
 * before the lane's last one is appended in O(1); any other goes to the heap. The lane is sorted by
 * (time, seq) by construction, and `pop` takes the smaller of the lane's head and the heap's top, so the
 * order is exactly the single heap's — only cheaper when most events are periodic.
 */
import { DOUBLE_ZERO, grownTo } from '../engine/core/typed-arrays.js';

export class EventQueue {
  declare private heap: Int32Array;
  declare private times: Float64Array;
  declare private seqs: Float64Array;
  declare private kinds: Uint8Array;
  declare private pa: Int32Array;
  declare private pb: Int32Array;
  private freeSlots: number[] = [];
  private nextSlot = 0;
  private n = 0;
  private seq = 0;
  // The lane: a ring buffer of slots (indices into the same payload arrays as the heap).
  declare private lane: Int32Array;
  private laneHead = 0;
  private laneLen = 0;
  private laneTailTime = Number.NEGATIVE_INFINITY;
  /** Payload of the last popped event. */
  kind = 0;
  a = 0;
  b = 0;
  timeMs = DOUBLE_ZERO;

  constructor(capacity = 1024) {
    this.heap = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.pa = new Int32Array(capacity);
    this.pb = new Int32Array(capacity);
    this.lane = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(2, capacity))));
  }

  get size(): number {
    return this.n + this.laneLen;
  }

  /** Time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    const h = this.n > 0 ? this.times[this.heap[0]!]! : Number.POSITIVE_INFINITY;
    const l = this.laneLen > 0 ? this.times[this.lane[this.laneHead]!]! : Number.POSITIVE_INFINITY;
    return Math.min(h, l);
  }

  push(timeMs: number, kind: number, a: number, b: number): void {
    this.pushHeap(this.store(timeMs, kind, a, b));
  }

  /** Like `push`, for an event expected at or after the previous `pushLane` event (O(1) when it is). */
  pushLane(timeMs: number, kind: number, a: number, b: number): void {
    const slot = this.store(timeMs, kind, a, b);
    if (timeMs < this.laneTailTime && this.laneLen > 0) {
      this.pushHeap(slot);
      return;
    }
    if (this.laneLen === this.lane.length) this.growLane();
    const cap = this.lane.length;
    this.lane[(this.laneHead + this.laneLen) & (cap - 1)] = slot;
    this.laneLen++;
    this.laneTailTime = timeMs;
  }

  private store(timeMs: number, kind: number, a: number, b: number): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.nextSlot++;
    if (slot >= this.times.length) this.grow();
    this.times[slot] = timeMs;
    this.seqs[slot] = this.seq++;
    this.kinds[slot] = kind;
    this.pa[slot] = a;
    this.pb[slot] = b;
    return slot;
  }

  private pushHeap(slot: number): void {
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
    let top: number;
    if (this.laneLen > 0) {
      const head = this.lane[this.laneHead]!;
      if (this.n === 0 || this.less(head, this.heap[0]!)) {
        this.laneHead = (this.laneHead + 1) & (this.lane.length - 1);
        this.laneLen--;
        top = head;
      } else top = this.popHeap();
    } else if (this.n > 0) top = this.popHeap();
    else return false;
    this.timeMs = this.times[top]!;
    this.kind = this.kinds[top]!;
    this.a = this.pa[top]!;
    this.b = this.pb[top]!;
    this.freeSlots.push(top);
    return true;
  }

  private popHeap(): number {
    const top = this.heap[0]!;
    const last = this.heap[--this.n]!;
    if (this.n > 0) this.siftDown(last);
    return top;
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

  /** Doubles the lane ring, unrolling it so the head is at 0 (capacity stays a power of two). */
  private growLane(): void {
    const cap = this.lane.length;
    const next = new Int32Array(cap * 2);
    for (let i = 0; i < this.laneLen; i++) next[i] = this.lane[(this.laneHead + i) & (cap - 1)]!;
    this.lane = next;
    this.laneHead = 0;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    this.heap = grownTo(this.heap, cap);
    this.times = grownTo(this.times, cap);
    this.seqs = grownTo(this.seqs, cap);
    this.kinds = grownTo(this.kinds, cap);
    this.pa = grownTo(this.pa, cap);
    this.pb = grownTo(this.pb, cap);
  }
}
