/** In-memory EventLog: a bounded ring of the most recent events (older ones are dropped). */
import type { EngineEvent, EventLog } from '../../ports/event-log.js';

export class MemoryEventLog implements EventLog {
  private readonly ring: (EngineEvent | undefined)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity = 100_000) {
    this.ring = new Array(capacity);
  }

  /** Appends, overwriting the oldest events once full. */
  async append(events: readonly EngineEvent[]): Promise<void> {
    for (const e of events) {
      this.ring[(this.head + this.size) % this.capacity] = e;
      if (this.size < this.capacity) this.size++;
      else this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Retained events after `afterSeq`. */
  async read(afterSeq: number, limit: number): Promise<EngineEvent[]> {
    const out: EngineEvent[] = [];
    for (let i = 0; i < this.size && out.length < limit; i++) {
      const e = this.ring[(this.head + i) % this.capacity]!;
      if (e.seq > afterSeq) out.push(e);
    }
    return out;
  }

  /** Highest retained seq (0 when empty). */
  async lastSeq(): Promise<number> {
    return this.size === 0 ? 0 : this.ring[(this.head + this.size - 1) % this.capacity]!.seq;
  }
}
