/**
 * Batches the driver's writes to the store ports and issues them once per driver turn, one batch at a
 * time per port so each adapter sees calls in order. A failed write is logged and counted; it never
 * throws into the driver (durable-before-ack paths await the port directly instead).
 */
import type { EngineEvent } from '../../ports/event-log.js';
import type { AgentLoadPoint } from '../../ports/metrics-sink.js';
import type { Stores } from '../../ports/stores.js';
import type { SubmissionSettle } from '../../ports/submission-store.js';
import type { AttemptRecord, TaskOutcome } from '../../ports/task-store.js';
import type { Logger } from '../log.js';

/**
 * The wait of a batch without attempts (see StoreWriter.gatherMs). At 1,000 tasks/s through 1,000
 * agents, 40 ms instead of 10 took the writes from about 45 to 20 round trips a second (each answer that
 * wakes the engine costs it 100–150 µs of CPU on a small VM); see docs/persistence.md.
 */
export const GATHER_MS = 40;

export class StoreWriter {
  private attempts: AttemptRecord[] = [];
  private outcomes: TaskOutcome[] = [];
  private events: EngineEvent[] = [];
  private load: AgentLoadPoint[] = [];
  private settles: SubmissionSettle[] = [];
  private tail: Promise<void> = Promise.resolve();
  /** A write of the buffered rows is queued in the chain and has not started yet. */
  private queued = false;
  /** When the queued write was queued (performance.now() ms). */
  private queuedAtMs = 0;
  writeErrors = 0;
  /** Batches written but not yet confirmed by the stores. */
  inFlight = 0;
  /** Batches handed to the stores so far. */
  batches = 0;

  /** Ends the current gathering wait early (an attempt arrived, or a driver turn past the deadline). */
  private endGather: (() => void) | undefined;
  /**
   * How long a batch without attempts (outcomes, events, load, DAG settles) may wait for more rows
   * before it is written, with a store that takes a batch as one round trip (PostgreSQL). Attempts
   * never wait: an assignment the store has not recorded when the engine is SIGKILLed is re-placed
   * after the restart and executed twice (see 0780b83). A lost outcome costs nothing of the kind: the
   * agents re-send the reports of their last 5 s when they reconnect, and a lost DAG settle is emitted
   * again when the restored DAG's last task settles. What a crash can lose for good is the engine
   * events of the wait (the event stream's tail).
   */
  private readonly gatherMs: number;
  /** Shutting down: nothing waits any more. */
  private draining = false;

  constructor(
    private readonly stores: Stores,
    private readonly log: Logger,
    gatherMs = GATHER_MS,
  ) {
    this.gatherMs = stores.recordTurn ? gatherMs : 0;
  }

  attempt(r: AttemptRecord): void {
    this.attempts.push(r);
  }

  outcome(o: TaskOutcome): void {
    this.outcomes.push(o);
  }

  event(e: EngineEvent): void {
    this.events.push(e);
  }

  agentLoad(p: AgentLoadPoint): void {
    this.load.push(p);
  }

  /**
   * Records a DAG's final status behind the outcomes handed over before it. With a store that writes a
   * batch in one round trip it goes in the next batch (after that batch's outcomes, in the same
   * transaction) instead of a round trip of its own, and does not end a batch's wait; otherwise it is
   * written once every batch handed over so far is (see `after`).
   */
  settle(s: SubmissionSettle): void {
    if (this.stores.recordTurn) this.settles.push(s);
    else this.after(() => this.stores.submissions.settle(s.dagId, s.status, s));
  }

  /**
   * Hands the batched writes to the stores (in order, after the previous batch). While a batch is being
   * written, later turns' rows accumulate and go out together in the next one: under load the stores see
   * a few large statements per second instead of one small statement per driver turn.
   */
  flush(): void {
    if (this.queued) {
      if (this.attempts.length > 0 || performance.now() >= this.queuedAtMs + this.gatherMs)
        this.endGather?.();
      return;
    }
    const rows =
      this.attempts.length +
      this.outcomes.length +
      this.events.length +
      this.load.length +
      this.settles.length;
    if (rows === 0) return;
    this.queued = true;
    this.queuedAtMs = performance.now();
    this.inFlight++;
    this.tail = this.tail.then(() => this.gather()).then(() => this.writeBuffered());
  }

  /**
   * Lets a batch without attempts wait until gatherMs after it was queued: ended early by the next
   * attempt, and otherwise by the first driver turn past that time (`flush`), so a busy engine spends no
   * wake-up of its own on it. A timer ends the wait of an idle engine, half a gatherMs later.
   */
  private gather(): Promise<void> | undefined {
    if (this.gatherMs <= 0 || this.draining || this.attempts.length > 0) return undefined;
    const left = this.queuedAtMs + this.gatherMs - performance.now();
    if (left <= 0) return undefined;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.endGather = undefined;
        resolve();
      };
      const timer = setTimeout(done, left + this.gatherMs / 2);
      this.endGather = done;
    });
  }

  /** Writes whatever is buffered when its turn in the chain comes. */
  private async writeBuffered(): Promise<void> {
    this.queued = false;
    const { attempts, outcomes, events, load, settles } = this;
    this.attempts = [];
    this.outcomes = [];
    this.events = [];
    this.load = [];
    this.settles = [];
    this.batches++;
    const s = this.stores;
    try {
      if (s.recordTurn) await s.recordTurn(attempts, outcomes, events, settles);
      else {
        if (s.tasks.recordProgress) await s.tasks.recordProgress(attempts, outcomes);
        else {
          if (attempts.length > 0) await s.tasks.recordAttempts(attempts);
          if (outcomes.length > 0) await s.tasks.recordOutcomes(outcomes);
        }
        if (events.length > 0) await s.events.append(events);
      }
      if (load.length > 0) await s.metrics.writeAgentLoad(load);
    } catch (err) {
      this.writeErrors++;
      this.log.error('store write failed', { error: (err as Error).message });
    } finally {
      this.inFlight--;
    }
  }

  /**
   * Runs `write` once every batch handed over so far is written, in the same order: a DAG's settle then
   * lands after its tasks' outcomes, so a crash can never leave a completed DAG with unrecorded tasks.
   */
  after(write: () => Promise<void>): void {
    this.flush();
    this.tail = this.tail.then(write).catch((err: Error) => {
      this.writeErrors++;
      this.log.error('store write failed', { error: err.message });
    });
  }

  /** Resolves once every batch handed over so far has been written (shutdown). */
  async drain(): Promise<void> {
    this.draining = true;
    this.flush();
    this.endGather?.();
    await this.tail;
  }
}
