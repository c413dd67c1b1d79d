/**
 * One agent's Connect stream: authenticates, expects Hello first, then turns heartbeats and task reports
 * into stimuli. A malformed message ends the stream with INVALID_ARGUMENT naming the field.
 */
import * as grpc from '@grpc/grpc-js';
import type { Stimulus } from '../../core/stimuli.js';
import type { AgentIdentity } from '../auth/token-registry.js';
import type { AgentGateway } from './agent-gateway.js';
import type { AgentCall, AgentSession } from './agent-session.js';
import { type GrpcError, grpcError, INVALID } from './grpc-errors.js';
import type { AgentMessage, TaskReport } from './messages.js';
import { heartbeatProblem, migrationBidProblem, migrationConfirmProblem, reportProblem } from './validate.js';

const REPORTS_PER_MESSAGE_MAX = 10_000;

export class StreamHandler {
  private session: AgentSession | undefined;
  private who: AgentIdentity | undefined;
  private ended = false;

  constructor(
    private readonly gw: AgentGateway,
    private readonly call: AgentCall,
  ) {}

  /** Wires the stream's events. */
  start(): void {
    const who = this.gw.authenticate(this.call.metadata);
    if ('code' in who) {
      this.fail(who);
      return;
    }
    this.who = who;
    this.call.on('data', (msg: AgentMessage) => {
      if (this.ended) return;
      try {
        this.onMessage(msg);
      } catch (err) {
        this.gw.log.error('agent message handling failed', { error: (err as Error).message });
        this.fail(grpcError(grpc.status.INVALID_ARGUMENT, 'message could not be processed'));
      }
    });
    this.call.on('end', () => this.close('agent closed the stream'));
    this.call.on('error', () => this.close('stream error'));
    this.call.on('cancelled', () => this.close('stream cancelled'));
  }

  private close(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.session) this.gw.detach(this.session, reason);
    else {
      try {
        this.call.end();
      } catch {
        // already closed
      }
    }
  }

  private fail(err: GrpcError): void {
    if (this.ended) return;
    this.ended = true;
    this.call.emit('error', err);
    if (this.session) this.gw.detach(this.session, err.details);
  }

  private onMessage(msg: AgentMessage): void {
    const invalid = (msg as { [INVALID]?: string })[INVALID];
    if (invalid) {
      this.fail(grpcError(grpc.status.INVALID_ARGUMENT, invalid));
      return;
    }
    if (!this.session) {
      if (msg.body !== 'hello' || !msg.hello) {
        this.fail(
          grpcError(grpc.status.INVALID_ARGUMENT, 'body: the first message on the stream must be hello'),
        );
        return;
      }
      const s = this.gw.attach(this.call, this.who!, msg.hello);
      if ('code' in s) {
        this.fail(s);
        return;
      }
      this.session = s;
      return;
    }
    switch (msg.body) {
      case 'heartbeat':
        this.onHeartbeat(msg);
        return;
      case 'reports':
        this.onReports(msg.reports?.reports ?? []);
        return;
      case 'migrationConfirm':
        this.onMigrationConfirm(msg);
        return;
      case 'migrationBid': {
        const problem = migrationBidProblem(msg.migrationBid);
        if (problem) {
          this.fail(grpcError(grpc.status.INVALID_ARGUMENT, problem));
          return;
        }
        const b = msg.migrationBid!;
        this.gw.hooks.submit({
          kind: 'MigrationBid',
          taskId: b.taskId,
          agentId: this.session.spec.id,
          costMs: b.costMs,
        });
        return;
      }
      case 'goodbye':
        this.ended = true;
        this.gw.detach(this.session, `agent said goodbye: ${msg.goodbye?.reason ?? ''}`.slice(0, 200));
        return;
      case 'hello':
        this.fail(grpcError(grpc.status.INVALID_ARGUMENT, 'hello: sent twice on one stream'));
        return;
      default:
        this.fail(
          grpcError(
            grpc.status.INVALID_ARGUMENT,
            'body: expected heartbeat, reports, migration_confirm or goodbye',
          ),
        );
        return;
    }
  }

  private onHeartbeat(msg: AgentMessage): void {
    const problem = heartbeatProblem(msg.heartbeat);
    if (problem) {
      this.fail(grpcError(grpc.status.INVALID_ARGUMENT, problem));
      return;
    }
    const hb = msg.heartbeat!;
    const spec = this.session!.spec;
    this.gw.hooks.submit({
      kind: 'Heartbeat',
      agentId: spec.id,
      metrics: { cpu: hb.cpu, memory: hb.memory, network: hb.network },
      held: { taskIds: hb.held.map((r) => r.taskId), attempts: hb.held.map((r) => r.attempt) },
    });
    this.gw.hooks.agentLoad(spec, hb, this.gw.now);
  }

  private onMigrationConfirm(msg: AgentMessage): void {
    const problem = migrationConfirmProblem(msg.migrationConfirm);
    if (problem) {
      this.fail(grpcError(grpc.status.INVALID_ARGUMENT, problem));
      return;
    }
    const m = msg.migrationConfirm!;
    const agentId = this.session!.spec.id;
    this.gw.hooks.submit(
      m.accepted
        ? {
            kind: 'MigrationConfirmed',
            taskId: m.taskId,
            agentId,
            attempt: m.attempt,
            progressFraction: m.progressFraction,
          }
        : {
            kind: 'MigrationRefused',
            taskId: m.taskId,
            agentId,
            attempt: m.attempt,
            reason: m.reason || 'refused',
          },
    );
    this.gw.hooks.migrationConfirmed(agentId, m.migrationId, m.taskId, m.accepted, this.gw.now);
  }

  private onReports(reports: TaskReport[]): void {
    if (reports.length > REPORTS_PER_MESSAGE_MAX) {
      this.fail(
        grpcError(grpc.status.RESOURCE_EXHAUSTED, `reports: at most ${REPORTS_PER_MESSAGE_MAX} per message`),
      );
      return;
    }
    for (let i = 0; i < reports.length; i++) {
      const problem = reportProblem(reports[i]!, i);
      if (problem) {
        this.fail(grpcError(grpc.status.INVALID_ARGUMENT, problem));
        return;
      }
    }
    const agentId = this.session!.spec.id;
    const now = this.gw.now;
    for (const r of reports) {
      const stim = stimulusOf(r, agentId);
      if (stim) this.gw.hooks.submit(stim);
      this.gw.hooks.taskReported(r, agentId, now);
    }
  }
}

function stimulusOf(r: TaskReport, agentId: string): Stimulus | undefined {
  switch (r.kind) {
    case 'STARTED':
      return { kind: 'TaskStarted', taskId: r.taskId, agentId, attempt: r.attempt };
    case 'FINISHED':
      return { kind: 'TaskFinished', taskId: r.taskId, agentId, attempt: r.attempt };
    case 'FAILED':
      return {
        kind: 'TaskFailed',
        taskId: r.taskId,
        agentId,
        attempt: r.attempt,
        reason: r.reason || 'failed',
      };
    default:
      return undefined;
  }
}
