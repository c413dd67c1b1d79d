/**
 * The live driver loop: a queue of stimuli fed one at a time into the core's `handleStimulus`, never
 * concurrently, with the system clock as `env.nowMs`. Commands go to a `CommandSink`; after each turn
 * the sink flushes, so network writes and store writes are batched. A turn is bounded by count and by
 * wall time (`TURN_BUDGET_MS`): an assignment decided early in a long turn would otherwise wait for the
 * whole backlog before it is written, and the event loop could not read agents' messages meanwhile.
 */
import { type DecisionProbe, type Env, handleStimulus } from '../../core/engine.js';
import type { EngineState } from '../../core/state.js';
import type { Command, Stimulus } from '../../core/stimuli.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Journal } from './journal.js';

/** Executes the core's commands; `flush` ends a turn. */
export interface CommandSink {
  execute(cmds: Command[], nowMs: number): void;
  flush(): void;
}

type Waiter = (cmds: Command[]) => void;

const STIMULI_PER_TURN_MAX = 4096;
/** Wall time after which a turn stops taking stimuli, flushes and yields to I/O (checked every few stimuli). */
const TURN_BUDGET_MS = 3;
const BUDGET_CHECK_EVERY = 8;

export class EngineDriver {
  private queue: Stimulus[] = [];
  private waiters: (Waiter | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  private stopped = false;
  private readonly env: Env;
  stimuliTotal = 0;
  coreErrors = 0;
  /** Turns run (each ends with one flush). */
  turns = 0;
  /** Wall time of turns (stimuli + flush): the longest, and how many took over 10 and over 50 ms. */
  readonly turnTimes = { longestMs: 0, longestFlushMs: 0, over10Ms: 0, over50Ms: 0 };

  constructor(
    readonly state: EngineState,
    private readonly clock: Clock,
    private readonly sink: CommandSink,
    private readonly log: Logger,
    private readonly journal?: Journal | undefined,
    probe?: DecisionProbe | undefined,
  ) {
    this.env = { nowMs: 0, probe };
  }

  /** Queues a stimulus; `onCommands` (if given) receives the commands it produced. */
  submit(stim: Stimulus, onCommands?: Waiter): void {
    if (this.stopped) return;
    this.queue.push(stim);
    this.waiters.push(onCommands);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.turn);
    }
  }

  /** Queues a stimulus and resolves with the commands it produced. */
  submitAndWait(stim: Stimulus): Promise<Command[]> {
    return new Promise((resolve) => this.submit(stim, resolve));
  }

  /** Stimuli waiting for the core. */
  get queueLength(): number {
    return this.queue.length - this.head;
  }

  /** Stops accepting stimuli (shutdown); queued ones are dropped. */
  stop(): void {
    this.stopped = true;
  }

  private readonly turn = (): void => {
    this.scheduled = false;
    const end = Math.min(this.queue.length, this.head + STIMULI_PER_TURN_MAX);
    const startMs = this.clock.preciseMs();
    const deadline = startMs + TURN_BUDGET_MS;
    for (let n = 1; this.head < end && !this.stopped; n++) {
      const stim = this.queue[this.head]!;
      const waiter = this.waiters[this.head];
      this.head++;
      this.step(stim, waiter);
      if (n % BUDGET_CHECK_EVERY === 0 && this.clock.preciseMs() > deadline) break;
    }
    this.turns++;
    this.compact();
    const flushMs = this.clock.preciseMs();
    this.sink.flush();
    this.timeTurn(startMs, flushMs, this.clock.preciseMs());
    if (this.head < this.queue.length && !this.scheduled && !this.stopped) {
      this.scheduled = true;
      setImmediate(this.turn);
    }
  };

  private timeTurn(startMs: number, flushMs: number, endMs: number): void {
    const t = this.turnTimes;
    const ms = endMs - startMs;
    if (ms > t.longestMs) t.longestMs = ms;
    if (endMs - flushMs > t.longestFlushMs) t.longestFlushMs = endMs - flushMs;
    if (ms > 10) t.over10Ms++;
    if (ms > 50) t.over50Ms++;
  }

  private step(stim: Stimulus, waiter: Waiter | undefined): void {
    this.env.nowMs = this.clock.nowMs();
    this.stimuliTotal++;
    let cmds: Command[];
    try {
      cmds = handleStimulus(this.state, stim, this.env);
    } catch (err) {
      this.coreErrors++;
      this.log.error('engine core threw (a bug): stimulus dropped', {
        stimulus: stim.kind,
        error: (err as Error).message.split('\n')[0],
      });
      cmds = [];
    }
    this.journal?.record(this.env.nowMs, stim, cmds);
    if (cmds.length > 0) this.sink.execute(cmds, this.env.nowMs);
    waiter?.(cmds);
  }

  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.waiters = [];
      this.head = 0;
    } else if (this.head > 65536) {
      this.queue = this.queue.slice(this.head);
      this.waiters = this.waiters.slice(this.head);
      this.head = 0;
    }
  }
}
