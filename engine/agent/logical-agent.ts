/**
 * One logical agent: registers (unary call with a deadline), opens its Connect stream, says Hello,
 * heartbeats with its load, runs assigned tasks with its executor, reports start / finish / failure in
 * batches, honours cancellations and drain, and reconnects with jittered exponential back-off.
 *
 * Reports are at-least-once: those made while disconnected wait in an outbox, and those sent in the last
 * `RESEND_WINDOW_MS` (which an engine killed with SIGKILL may have received but not recorded) go back into
 * it when the stream is lost. After re-registering, the agent names the attempts it still runs in Hello
 * and sends the outbox before its first heartbeat, so a task that finished while the engine was down is
 * recorded once instead of being re-placed. Attempt numbers make repeats harmless (stale to the engine).
 */
import { performance } from 'node:perf_hooks';
import type * as grpc from '@grpc/grpc-js';
import type { AgentSpec } from '../model/types.js';
import type {
  AgentMessage,
  AssignmentMsg,
  EngineMessage,
  RegisterResponse,
  TaskReport,
} from '../server/grpc/messages.js';
import type { AgentStats } from './agent-stats.js';
import { type ExecContext, type Executor, runtimeMs } from './executors.js';

export interface AgentOptions {
  spec: AgentSpec;
  executor: Executor;
  timeScale: number;
  stats: AgentStats;
  /** Deadline for Register. */
  registerDeadlineMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  log: (msg: string) => void;
}

type Stream = grpc.ClientDuplexStream<AgentMessage, EngineMessage>;

interface Running {
  abort: AbortController;
  attempt: number;
  startedAtMs: number;
  runtimeMs: number;
}

const nowPrecise = () => performance.timeOrigin + performance.now();

/** How long a sent report is kept for re-sending after a lost stream (covers the engine's store writes). */
const RESEND_WINDOW_MS = 5_000;
/** At most this many sent reports are kept per agent for re-sending. */
const RESEND_MAX = 1_024;

export class LogicalAgent {
  private stream: Stream | undefined;
  private readonly running = new Map<string, Running>();
  private usedSlots = 0;
  /** Reports not yet written to a stream (kept across reconnects). */
  private outbox: TaskReport[] = [];
  /** Reports written to the current stream within the re-send window, oldest first, with their send times. */
  private sent: TaskReport[] = [];
  private sentAtMs: number[] = [];
  private flushScheduled = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;
  private draining = false;
  private readonly execCtx: ExecContext;
  /** Resolves when the agent stops for good (drained or stopped). */
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly client: grpc.Client & Record<string, unknown>,
    private readonly metadata: grpc.Metadata,
    private readonly o: AgentOptions,
  ) {
    this.execCtx = { speed: o.spec.speed, timeScale: o.timeScale, agentId: o.spec.id };
    this.done = new Promise((r) => {
      this.resolveDone = r;
    });
  }

  /** Starts the register → connect loop. */
  start(delayMs = 0): void {
    this.reconnectTimer = setTimeout(() => void this.connect(), delayMs);
  }

  /** Says goodbye, aborts running tasks and stops reconnecting. */
  stop(reason = 'agent stopping'): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    for (const r of this.running.values()) r.abort.abort();
    if (this.stream) {
      this.stream.write({ goodbye: { reason } });
      this.stream.end();
    }
    this.resolveDone();
  }

  private register(): Promise<RegisterResponse> {
    const s = this.o.spec;
    const req = {
      agent: {
        agentId: s.id,
        cluster: s.cluster,
        type: s.type,
        capabilities: s.capabilities,
        slots: s.slots,
        speed: s.speed,
        memoryMb: s.memoryMb,
        powerIdleW: s.powerIdleW,
        powerMaxW: s.powerMaxW,
      },
      agentVersion: '0.1.0',
    };
    const register = this.client.Register as (
      req: unknown,
      md: grpc.Metadata,
      opts: grpc.CallOptions,
      cb: (err: grpc.ServiceError | null, res: RegisterResponse) => void,
    ) => void;
    return new Promise((resolve, reject) => {
      register.call(
        this.client,
        req,
        this.metadata,
        { deadline: Date.now() + this.o.registerDeadlineMs },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
    });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let reg: RegisterResponse;
    try {
      reg = await this.register();
    } catch (err) {
      this.o.log(
        `${this.o.spec.id}: register failed: ${(err as grpc.ServiceError).details ?? (err as Error).message}`,
      );
      this.retry();
      return;
    }
    if (this.stopped) return;
    this.o.stats.registrations++;
    const stream = (this.client.Connect as (md: grpc.Metadata) => Stream).call(this.client, this.metadata);
    this.stream = stream;
    stream.on('data', (m: EngineMessage) => this.onMessage(m, reg));
    stream.on('error', () => this.lost(stream));
    stream.on('end', () => this.lost(stream));
    const running = [...this.running].map(([taskId, r]) => ({ taskId, attempt: r.attempt }));
    stream.write({ hello: { agentId: this.o.spec.id, sessionId: reg.sessionId, running } });
  }

  private lost(stream: Stream): void {
    if (this.stream !== stream) return;
    this.stream = undefined;
    clearInterval(this.heartbeatTimer);
    this.requeueSent();
    if (this.stopped) return;
    if (this.draining && this.running.size === 0 && this.outbox.length === 0) {
      this.stop('drained');
      return;
    }
    this.o.stats.reconnects++;
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    const exp = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.min(this.failures, 16));
    this.failures++;
    this.reconnectTimer = setTimeout(() => void this.connect(), exp * (0.5 + Math.random() / 2));
  }

  private onMessage(m: EngineMessage, reg: RegisterResponse): void {
    if (m.welcome) {
      this.failures = 0;
      this.startHeartbeats(reg.heartbeatIntervalMs);
      if (this.draining && this.running.size === 0) this.stop('drained');
    }
    if (m.assignments) for (const a of m.assignments.assignments) this.onAssignment(a);
    if (m.cancels) {
      for (const ref of m.cancels.tasks) {
        const r = this.running.get(ref.taskId);
        if (r && r.attempt === ref.attempt) r.abort.abort();
      }
    }
    if (m.probe) this.beat(true);
    if (m.migrationRequest) this.onMigrationRequest(m.migrationRequest);
    if (m.migrationAnnouncement) this.onAnnouncement(m.migrationAnnouncement);
    if (m.isolation)
      this.o.log(`${this.o.spec.id}: quarantined until ${m.isolation.untilMs}: ${m.isolation.reason}`);
    if (m.drain) {
      this.draining = true;
      if (this.running.size === 0) this.stop('drained');
    }
  }

  private startHeartbeats(intervalMs: number): void {
    clearInterval(this.heartbeatTimer);
    this.beat(false);
    this.heartbeatTimer = setInterval(() => this.beat(false), Math.max(50, intervalMs));
  }

  /** Sends a heartbeat listing every held attempt (pending reports go first, so the list never runs ahead of them). */
  private beat(probeReply: boolean): void {
    if (!this.stream) return;
    this.flush();
    const held = [...this.running].map(([taskId, r]) => ({ taskId, attempt: r.attempt }));
    const cpu = Math.min(1, this.usedSlots / this.o.spec.slots);
    this.stream.write({
      heartbeat: {
        cpu,
        memory: 0,
        network: 0,
        runningTasks: this.running.size,
        sentAtMs: nowPrecise(),
        held,
        probeReply,
      },
    });
    this.o.stats.heartbeats++;
  }

  /** Gives up the attempt when it holds it (reporting checkpointed progress), refuses otherwise. */
  private onMigrationRequest(m: NonNullable<EngineMessage['migrationRequest']>): void {
    const r = this.running.get(m.taskId);
    const held = r !== undefined && r.attempt === m.attempt;
    let progressFraction = 0;
    if (r && held) {
      if (m.mode === 'checkpoint' && r.runtimeMs > 0)
        progressFraction = Math.min(1, (nowPrecise() - r.startedAtMs) / r.runtimeMs);
      r.abort.abort();
    }
    this.flush();
    this.stream?.write({
      migrationConfirm: {
        migrationId: m.migrationId,
        taskId: m.taskId,
        attempt: m.attempt,
        accepted: held,
        reason: held ? '' : 'attempt not held',
        progressFraction,
      },
    });
  }

  /** Bids its estimated completion cost for an announced task. */
  private onAnnouncement(m: NonNullable<EngineMessage['migrationAnnouncement']>): void {
    const load = this.usedSlots / this.o.spec.slots;
    const costMs = (m.workUnits / this.o.spec.speed) * this.o.timeScale * (1 + load);
    this.stream?.write({ migrationBid: { taskId: m.taskId, costMs } });
  }

  private onAssignment(a: AssignmentMsg): void {
    const now = nowPrecise();
    this.o.stats.assignmentsReceived++;
    this.o.stats.sample(now - a.assignedAtMs, now - a.readyAtMs, now);
    if (this.draining) {
      this.o.stats.refusedWhileDraining++;
      this.report(a, 'FAILED', 'agent draining');
      return;
    }
    const abort = new AbortController();
    const prev = this.running.get(a.taskId);
    if (prev) prev.abort.abort();
    this.running.set(a.taskId, {
      abort,
      attempt: a.attempt,
      startedAtMs: now,
      runtimeMs: runtimeMs(a, this.execCtx),
    });
    this.usedSlots += a.cpuDemand;
    this.report(a, 'STARTED', '');
    this.o.executor(a, this.execCtx, abort.signal).then(
      (failure) => this.settle(a, abort, failure),
      (err: Error) => this.settle(a, abort, `executor error: ${err.message}`),
    );
  }

  private settle(a: AssignmentMsg, abort: AbortController, failure: string | null): void {
    this.usedSlots -= a.cpuDemand;
    if (this.running.get(a.taskId)?.abort === abort) this.running.delete(a.taskId);
    if (abort.signal.aborted) this.o.stats.cancelled++;
    else if (failure === null) {
      this.o.stats.finished++;
      this.report(a, 'FINISHED', '');
    } else {
      this.o.stats.failed++;
      this.report(a, 'FAILED', failure);
    }
    if (this.draining && this.running.size === 0) {
      this.flush();
      this.stop('drained');
    }
  }

  private report(a: AssignmentMsg, kind: TaskReport['kind'], reason: string): void {
    this.outbox.push({
      taskId: a.taskId,
      attempt: a.attempt,
      kind,
      progress: kind === 'FINISHED' ? 1 : 0,
      reason,
      atMs: nowPrecise(),
    });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes the outbox to the stream (kept for a reconnect when there is none). */
  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0 || !this.stream) return;
    this.stream.write({ reports: { reports: this.outbox } });
    const now = nowPrecise();
    for (const r of this.outbox) {
      this.sent.push(r);
      this.sentAtMs.push(now);
    }
    this.outbox = [];
    let drop = Math.max(0, this.sent.length - RESEND_MAX);
    while (drop < this.sent.length && this.sentAtMs[drop]! < now - RESEND_WINDOW_MS) drop++;
    if (drop > 0) {
      this.sent.splice(0, drop);
      this.sentAtMs.splice(0, drop);
    }
  }

  /** The stream is gone: recently sent reports may not have been recorded, so they go out again first. */
  private requeueSent(): void {
    const now = nowPrecise();
    let keep = 0;
    while (keep < this.sent.length && this.sentAtMs[keep]! < now - RESEND_WINDOW_MS) keep++;
    const again = this.sent.slice(keep);
    this.o.stats.reportsResent += again.length;
    this.outbox = again.concat(this.outbox);
    this.sent = [];
    this.sentAtMs = [];
  }
}
