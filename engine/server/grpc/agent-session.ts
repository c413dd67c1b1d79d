/**
 * One connected agent: its stream and the messages batched for it during a driver turn. `flush` writes
 * at most one assignment batch and one cancel batch per turn (and a drain notice after them), which keeps
 * per-task cost on the wire low.
 */
import type * as grpc from '@grpc/grpc-js';
import type { AgentSpec } from '../../model/types.js';
import type { AgentMessage, AssignmentMsg, EngineMessage, TaskRef } from './messages.js';

export type AgentCall = grpc.ServerDuplexStream<AgentMessage, EngineMessage>;

export class AgentSession {
  private assignments: AssignmentMsg[] = [];
  private cancels: TaskRef[] = [];
  private cancelReason = '';
  private drainReason: string | undefined;
  open = true;
  /** Writes refused by the stream's buffer (back-pressure) since connect. */
  backpressureEvents = 0;

  constructor(
    readonly spec: AgentSpec,
    readonly sessionId: string,
    readonly call: AgentCall,
  ) {}

  /** Queues an assignment; returns true when the session had nothing queued yet (caller marks it dirty). */
  queueAssignment(a: AssignmentMsg): boolean {
    const first = !this.queued();
    this.assignments.push(a);
    return first;
  }

  /** Queues a cancellation; returns true when the session had nothing queued yet. */
  queueCancel(ref: TaskRef, reason: string): boolean {
    const first = !this.queued();
    this.cancels.push(ref);
    this.cancelReason = reason;
    return first;
  }

  /** Queues a drain notice, written after the turn's assignments; returns true when nothing was queued yet. */
  queueDrain(reason: string): boolean {
    const first = !this.queued();
    this.drainReason = reason;
    return first;
  }

  private queued(): boolean {
    return this.assignments.length + this.cancels.length > 0 || this.drainReason !== undefined;
  }

  /** Writes the queued batches (cancels first: they may free the slots new work needs; drain last). */
  flush(): void {
    if (!this.open) {
      this.assignments = [];
      this.cancels = [];
      this.drainReason = undefined;
      return;
    }
    if (this.cancels.length > 0) {
      this.write({ cancels: { tasks: this.cancels, reason: this.cancelReason } });
      this.cancels = [];
    }
    if (this.assignments.length > 0) {
      this.write({ assignments: { assignments: this.assignments } });
      this.assignments = [];
    }
    if (this.drainReason !== undefined) {
      this.write({ drain: { reason: this.drainReason } });
      this.drainReason = undefined;
    }
  }

  /** Writes one message now (welcome, drain, migration request). */
  write(msg: EngineMessage): void {
    if (!this.open) return;
    if (!this.call.write(msg)) this.backpressureEvents++;
  }
}
