/**
 * One WebSocket subscriber with back-pressure: events go straight out while the socket's send buffer is
 * below the limit; beyond it they wait in a bounded queue, and when that is full the oldest are dropped
 * and counted. The client is told how many it missed (`{"kind":"dropped"}`) once it catches up; a client
 * that stays hopelessly behind is closed (1008). Frames sent during one event-loop iteration leave in
 * one socket write: the raw socket is corked on the first send and uncorked in the check phase
 * (setImmediate), after the driver's turn and every I/O callback of the iteration (agents' reports
 * publish events too). Without it every event is its own writev system call, which at thousands of
 * events/s costs the server more than the scheduling itself.
 */
import type { WebSocket } from 'ws';
import type { EngineEvent } from '../../ports/event-log.js';
import type { EventFilter } from '../events/event-filter.js';
import type { EventSubscriber } from '../events/event-hub.js';

const QUEUE_MAX = 2048;
const DROPPED_BEFORE_CLOSE_MAX = 1_000_000;

let lastEvent: EngineEvent | undefined;
let lastJson = '';

/** JSON of an event, computed once however many clients receive it. */
function jsonOf(e: EngineEvent): string {
  if (e !== lastEvent) {
    lastEvent = e;
    lastJson = JSON.stringify(e);
  }
  return lastJson;
}

/** The underlying byte stream of a WebSocket, which can hold writes back until a turn ends. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

export class WsClient implements EventSubscriber {
  private queue: string[] = [];
  dropped = 0;
  private droppedUnreported = 0;
  sent = 0;
  private corked = false;

  /** @param raw the socket under `socket` (corked per turn); without it, each frame is written at once. */
  constructor(
    private readonly socket: WebSocket,
    public filter: EventFilter,
    private readonly bufferedBytesMax: number,
    private readonly raw?: Corkable | undefined,
  ) {}

  /** Sends or queues the event (never blocks the driver). */
  deliver(e: EngineEvent): void {
    if (this.socket.readyState !== 1) return;
    if (this.queue.length === 0 && this.socket.bufferedAmount < this.bufferedBytesMax) {
      this.send(jsonOf(e));
      return;
    }
    if (this.queue.length >= QUEUE_MAX) {
      this.queue.shift();
      this.dropped++;
      this.droppedUnreported++;
      if (this.dropped > DROPPED_BEFORE_CLOSE_MAX) this.socket.close(1008, 'client too slow');
    }
    this.queue.push(jsonOf(e));
  }

  /** Sends queued events while the buffer allows (called periodically). */
  pump(): void {
    if (this.socket.readyState !== 1) return;
    while (this.queue.length > 0 && this.socket.bufferedAmount < this.bufferedBytesMax)
      this.send(this.queue.shift()!);
    if (this.queue.length === 0 && this.droppedUnreported > 0) {
      this.sendControl({ kind: 'dropped', count: this.droppedUnreported, totalDropped: this.dropped });
      this.droppedUnreported = 0;
    }
  }

  /** Sends a control message (subscription acks, errors). */
  sendControl(msg: Record<string, unknown>): void {
    if (this.socket.readyState === 1) this.socket.send(JSON.stringify(msg));
  }

  private send(text: string): void {
    if (this.raw && !this.corked) {
      this.corked = true;
      this.raw.cork();
      setImmediate(this.uncork);
    }
    this.sent++;
    this.socket.send(text);
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.raw?.uncork();
  };
}
