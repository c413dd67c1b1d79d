/**
 * Ready list of a list scheduler: a binary max-heap of task indices ordered by priority (higher first),
 * ties broken by the lower position in the problem's topological order, so picks are deterministic.
 */

export class ReadyQueue {
  private readonly items: Int32Array;
  size = 0;

  constructor(
    capacity: number,
    private readonly priority: Float64Array,
    private readonly tieRank: Int32Array,
  ) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  /** true when a should be picked before b. */
  private before(a: number, b: number): boolean {
    const pa = this.priority[a]!;
    const pb = this.priority[b]!;
    return pa > pb || (pa === pb && this.tieRank[a]! < this.tieRank[b]!);
  }

  push(t: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = this.items[parent]!;
      if (!this.before(t, p)) break;
      this.items[i] = p;
      i = parent;
    }
    this.items[i] = t;
  }

  /** Removes and returns the task to schedule next. The queue must not be empty. */
  pop(): number {
    const top = this.items[0]!;
    const last = this.items[--this.size]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.before(this.items[c + 1]!, this.items[c]!)) c++;
      if (!this.before(this.items[c]!, last)) break;
      this.items[i] = this.items[c]!;
      i = c;
    }
    this.items[i] = last;
    return top;
  }
}
