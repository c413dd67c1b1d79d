/**
 * Fans engine events out to live subscribers (WebSocket clients) and hands them to the store writer.
 * Events are numbered here (`seq`), in the order the driver produced them.
 */
import type { EngineEvent } from '../../ports/event-log.js';
import { type EventFilter, matches } from './event-filter.js';

export interface EventSubscriber {
  filter: EventFilter;
  deliver(e: EngineEvent): void;
}

export type EventInput = Omit<EngineEvent, 'seq'>;

export class EventHub {
  private seq = 0;
  private readonly subscribers = new Set<EventSubscriber>();

  /** @param persist receives every event (batched by the caller) for the EventLog port. */
  constructor(private readonly persist: (e: EngineEvent) => void) {}

  /** Numbers the event, persists it and delivers it to every matching subscriber. */
  publish(input: EventInput): void {
    const e = input as EngineEvent;
    e.seq = ++this.seq;
    this.persist(e);
    for (const s of this.subscribers) if (matches(s.filter, e)) s.deliver(e);
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(s: EventSubscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  /**
   * Whether some subscriber's filter takes events of `kind` (an empty kind set takes every kind). High-rate
   * events that exist only for live viewers (agent load on every heartbeat) are published only then.
   */
  wants(kind: string): boolean {
    for (const s of this.subscribers) if (s.filter.kinds.size === 0 || s.filter.kinds.has(kind)) return true;
    return false;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Numbers the next events after `seq` (restart recovery: continue the stored log's numbering). */
  continueAfter(seq: number): void {
    if (seq > this.seq) this.seq = seq;
  }

  get lastSeq(): number {
    return this.seq;
  }
}
