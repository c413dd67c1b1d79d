/**
 * The gRPC agent gateway: registration, one bidirectional stream per agent, the standard health service
 * and server reflection. It turns agent messages into stimuli for the driver and executes the core's
 * assignments and cancellations by writing to the agents' streams. It makes no scheduling decision.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { EngineState } from '../../core/state.js';
import type { Command, Stimulus } from '../../core/stimuli.js';
import type { AgentSpec } from '../../model/types.js';
import type { AgentStore } from '../../ports/agent-store.js';
import type { AgentIdentity, TokenRegistry } from '../auth/token-registry.js';
import { bearerToken } from '../auth/token-registry.js';
import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import type { AgentOutbox } from '../driver/command-executor.js';
import type { Logger } from '../log.js';
import { type AgentCall, AgentSession } from './agent-session.js';
import { type GrpcError, grpcError, INVALID } from './grpc-errors.js';
import { AGENT_SERVICE_NAME, agentPackageDefinition, agentServiceDefinition } from './load-proto.js';
import type { HelloMsg, RegisterRequest, RegisterResponse, TaskReport } from './messages.js';
import { StreamHandler } from './stream-handler.js';
import { agentSpecFrom, taskRefsProblem } from './validate.js';

/** What the gateway needs from the rest of the server. */
export interface GatewayHooks {
  submit(stim: Stimulus): void;
  /** Report-derived task events and agent load samples for subscribers and the metrics sink. */
  taskReported(report: TaskReport, agentId: string, nowMs: number): void;
  agentLoad(
    spec: AgentSpec,
    hb: { cpu: number; memory: number; network: number; runningTasks: number },
    nowMs: number,
  ): void;
  agentChanged(type: string, agentId: string, nowMs: number, detail?: string): void;
  migrationConfirmed(
    agentId: string,
    migrationId: string,
    taskId: string,
    accepted: boolean,
    nowMs: number,
  ): void;
  /** The shell command submitted with a task, if any. */
  commandOf(taskId: string): string;
}

const ACCEPTED_REMEMBERED_MAX = 100_000;

/** Wraps request deserializers so undecodable bytes reach the handler (→ INVALID_ARGUMENT) instead of INTERNAL. */
function tolerant(def: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, m] of Object.entries(def)) {
    out[name] = {
      ...m,
      requestDeserialize: (buf: Buffer) => {
        try {
          return m.requestDeserialize(buf);
        } catch (err) {
          return { [INVALID]: `message is not valid protobuf: ${(err as Error).message}` };
        }
      },
    };
  }
  return out as grpc.ServiceDefinition;
}

export class AgentGateway implements AgentOutbox {
  readonly server: grpc.Server;
  private readonly health = new HealthImplementation({
    '': 'NOT_SERVING',
    [AGENT_SERVICE_NAME]: 'NOT_SERVING',
  });
  /** `drain`: the agent store says an operator drained it (re-applied to the core when it connects). */
  private readonly registrations = new Map<string, { sessionId: string; spec: AgentSpec; drain: boolean }>();
  readonly sessions = new Map<string, AgentSession>();
  private dirty: AgentSession[] = [];
  /** When each recent DAG's submission arrived (insertion order, at most ACCEPTED_REMEMBERED_MAX). */
  private readonly acceptedAtMs = new Map<string, number>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  private closing = false;
  port = 0;

  constructor(
    readonly config: ServerConfig,
    readonly state: EngineState,
    readonly clock: Clock,
    readonly tokens: TokenRegistry,
    readonly agents: AgentStore,
    readonly hooks: GatewayHooks,
    readonly log: Logger,
  ) {
    const bytes = config.limits.grpcMessageBytesMax;
    this.server = new grpc.Server({
      'grpc.max_receive_message_length': bytes,
      'grpc.max_send_message_length': bytes,
      'grpc.keepalive_time_ms': config.keepaliveMs,
      'grpc.keepalive_timeout_ms': 5000,
      'grpc.keepalive_permit_without_calls': 1,
    });
    this.server.addService(tolerant(agentServiceDefinition()), {
      Register: (
        call: grpc.ServerUnaryCall<RegisterRequest, RegisterResponse>,
        cb: grpc.sendUnaryData<RegisterResponse>,
      ) => {
        this.register(call).then(
          (res) => cb(null, res),
          (err: GrpcError) =>
            cb(typeof err?.code === 'number' ? err : grpcError(grpc.status.UNKNOWN, 'registration failed')),
        );
      },
      Connect: (call: AgentCall) => new StreamHandler(this, call).start(),
    });
    this.health.addToServer(this.server);
    new ReflectionService(agentPackageDefinition()).addToServer(this.server);
  }

  /** Binds and starts serving; resolves with the bound port. */
  async listen(): Promise<number> {
    const creds = this.credentials();
    this.port = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(`${this.config.host}:${this.config.grpcPort}`, creds, (err, port) =>
        err ? reject(err) : resolve(port),
      );
    });
    this.health.setStatus('', 'SERVING');
    this.health.setStatus(AGENT_SERVICE_NAME, 'SERVING');
    return this.port;
  }

  private credentials(): grpc.ServerCredentials {
    const tls = this.config.grpcTls;
    if (!tls) return grpc.ServerCredentials.createInsecure();
    const ca = tls.caFile ? readFileSync(tls.caFile) : null;
    const pair = { cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) };
    return grpc.ServerCredentials.createSsl(ca, [pair], ca !== null);
  }

  /** The agent identity presenting `metadata`'s bearer token, or an UNAUTHENTICATED error. */
  authenticate(metadata: grpc.Metadata): AgentIdentity | GrpcError {
    const token = bearerToken(metadata.get('authorization')[0]?.toString());
    const who = token === undefined ? undefined : this.tokens.agentIdentity(token);
    if (!who)
      return grpcError(
        grpc.status.UNAUTHENTICATED,
        'missing or unknown agent token (authorization: Bearer <token>)',
      );
    return who;
  }

  private async register(
    call: grpc.ServerUnaryCall<RegisterRequest, RegisterResponse>,
  ): Promise<RegisterResponse> {
    const who = this.authenticate(call.metadata);
    if ('code' in who) throw who;
    if (this.closing) throw grpcError(grpc.status.UNAVAILABLE, 'engine is shutting down');
    const req = call.request as RegisterRequest & { [INVALID]?: string };
    if (req[INVALID]) throw grpcError(grpc.status.INVALID_ARGUMENT, req[INVALID]);
    const spec = agentSpecFrom(req.agent);
    if (typeof spec === 'string') throw grpcError(grpc.status.INVALID_ARGUMENT, spec);
    if (who.agentId !== undefined && who.agentId !== spec.id) {
      throw grpcError(
        grpc.status.PERMISSION_DENIED,
        `this token is bound to agent "${who.agentId}", not "${spec.id}"`,
      );
    }
    const record = await this.agents.get(spec.id);
    if (record?.adminState === 'isolated') {
      throw grpcError(grpc.status.PERMISSION_DENIED, `agent "${spec.id}" is isolated by an operator`);
    }
    if (!this.registrations.has(spec.id) && this.registrations.size >= this.config.limits.agentsMax) {
      throw grpcError(
        grpc.status.RESOURCE_EXHAUSTED,
        `agent limit reached (limits.agentsMax = ${this.config.limits.agentsMax})`,
      );
    }
    const o = record?.overrides;
    const effective: AgentSpec = {
      ...spec,
      ...(o?.slots ? { slots: o.slots } : {}),
      ...(o?.capabilities ? { capabilities: o.capabilities } : {}),
      ...(o?.cluster ? { cluster: o.cluster } : {}),
    };
    const sessionId = randomUUID();
    this.registrations.set(spec.id, { sessionId, spec: effective, drain: record?.adminState === 'draining' });
    const now = this.clock.nowMs();
    await this.agents.upsert({
      spec: effective,
      adminState: record?.adminState ?? 'active',
      registeredAtMs: now,
      lastSeenAtMs: now,
      overrides: o,
    });
    const ec = this.state.config;
    return {
      sessionId,
      heartbeatIntervalMs: ec.heartbeatIntervalMs,
      heartbeatTimeoutMs: ec.heartbeatTimeoutMs,
      maxMessageBytes: this.config.limits.grpcMessageBytesMax,
    };
  }

  /** Attaches a stream whose Hello names a live registration; returns the session or an error. */
  attach(call: AgentCall, who: AgentIdentity, hello: HelloMsg): AgentSession | GrpcError {
    const reg = this.registrations.get(hello.agentId);
    if (!reg || reg.sessionId !== hello.sessionId) {
      return grpcError(
        grpc.status.INVALID_ARGUMENT,
        'hello.session_id: unknown session; call Register first',
      );
    }
    if (who.agentId !== undefined && who.agentId !== hello.agentId) {
      return grpcError(grpc.status.PERMISSION_DENIED, `this token is bound to agent "${who.agentId}"`);
    }
    const running = hello.running ?? [];
    const problem = taskRefsProblem(running, 'hello.running');
    if (problem) return grpcError(grpc.status.INVALID_ARGUMENT, problem);
    const old = this.sessions.get(hello.agentId);
    if (old) this.detach(old, 'superseded by a new connection', false);
    const grace = this.graceTimers.get(hello.agentId);
    if (grace) clearTimeout(grace);
    this.graceTimers.delete(hello.agentId);
    const session = new AgentSession(reg.spec, reg.sessionId, call);
    this.sessions.set(hello.agentId, session);
    // The core decides whether the agent resumes what it holds or joins afresh (its held attempts then
    // come back as cancellations); reports it queued while away follow on this stream.
    this.hooks.submit({
      kind: 'AgentReconnected',
      agent: reg.spec,
      held: { taskIds: running.map((r) => r.taskId), attempts: running.map((r) => r.attempt) },
    });
    // An operator drain recorded in the agent store outlives the core (a restart): apply it again.
    if (reg.drain) this.hooks.submit({ kind: 'AgentDrainRequested', agentId: hello.agentId });
    session.write({ welcome: { agentId: hello.agentId, engineNowMs: this.clock.preciseMs() } });
    this.hooks.agentChanged('connected', hello.agentId, this.clock.nowMs());
    return session;
  }

  /** Ends a session; `leave` tells the core the agent left (after the reconnect grace period). */
  detach(session: AgentSession, reason: string, leave = true): void {
    if (!session.open) return;
    session.open = false;
    const id = session.spec.id;
    if (this.sessions.get(id) === session) this.sessions.delete(id);
    try {
      session.call.end();
    } catch {
      // the stream is already gone
    }
    if (!leave || this.closing || this.sessions.has(id)) return;
    this.hooks.agentChanged('disconnected', id, this.clock.nowMs(), reason);
    const left = () => {
      this.graceTimers.delete(id);
      if (!this.sessions.has(id)) this.hooks.submit({ kind: 'AgentLeft', agentId: id });
    };
    if (this.config.disconnectGraceMs === 0) left();
    else this.graceTimers.set(id, setTimeout(left, this.config.disconnectGraceMs));
  }

  private markDirty(session: AgentSession, first: boolean): void {
    if (first) this.dirty.push(session);
  }

  // ------------------------------------------------------------ AgentOutbox (driver side)

  /**
   * Remembers when DAG `dagId`'s submission arrived. A root task's first attempt then carries that time
   * as `readyAtMs`, so agents measure assignment latency from the submission (queueing in the driver
   * included), not from the core's own step.
   */
  noteAccepted(dagId: string, receivedAtMs: number): void {
    this.acceptedAtMs.set(dagId, receivedAtMs);
    if (this.acceptedAtMs.size > ACCEPTED_REMEMBERED_MAX)
      this.acceptedAtMs.delete(this.acceptedAtMs.keys().next().value!);
  }

  private readyAtOf(t: number, dagId: string, attempt: number): number {
    const s = this.state;
    const core = s.taskReadyAtMs[t]!;
    if (attempt !== 1 || s.taskParents[t]!.length > 0) return core;
    return Math.min(core, this.acceptedAtMs.get(dagId) ?? core);
  }

  /** Queues an assignment on the agent's stream (lost on the wire if the agent is not connected). */
  assign(c: Extract<Command, { kind: 'AssignTask' }>, _nowMs: number): void {
    const session = this.sessions.get(c.agentId);
    if (!session) return;
    const s = this.state;
    const t = s.taskIndex.get(c.taskId)!;
    const spec = s.taskSpec[t]!;
    const dagId = s.dags[s.taskDag[t]!]!.id;
    this.markDirty(
      session,
      session.queueAssignment({
        taskId: c.taskId,
        attempt: c.attempt,
        dagId,
        type: spec.type,
        workUnits: spec.workUnits,
        cpuDemand: spec.cpuDemand,
        memoryMb: spec.memoryMb,
        inputs: c.inputs.map((i) => ({ fromAgentId: i.fromAgentId ?? '', bytes: i.bytes })),
        command: this.hooks.commandOf(c.taskId),
        assignedAtMs: this.clock.preciseMs(),
        readyAtMs: this.readyAtOf(t, dagId, c.attempt),
        resumeFraction: c.resumeFraction ?? 0,
        speculative: c.speculative ?? false,
      }),
    );
  }

  /** Queues a cancellation on the agent's stream. */
  cancel(agentId: string, taskId: string, attempt: number, reason: string): void {
    const session = this.sessions.get(agentId);
    if (session) this.markDirty(session, session.queueCancel({ taskId, attempt }, reason));
  }

  /** Asks the agent to answer with a heartbeat at once. */
  probe(agentId: string): void {
    this.sessions.get(agentId)?.write({ probe: { sentAtMs: this.clock.preciseMs() } });
  }

  /** Asks the agent holding a task to give it up (it answers with MigrationConfirm, accepted or not). */
  migrate(c: Extract<Command, { kind: 'MigrateTask' }>, migrationId: string): boolean {
    const session = this.sessions.get(c.fromAgentId);
    session?.write({
      migrationRequest: {
        migrationId,
        taskId: c.taskId,
        attempt: c.attempt,
        toAgentId: c.toAgentId,
        mode: c.mode,
      },
    });
    return session !== undefined;
  }

  /** Contract-net: invites candidate agents to bid for a task. */
  announce(c: Extract<Command, { kind: 'MigrationAnnounced' }>): void {
    const t = this.state.taskIndex.get(c.taskId);
    const workUnits = t === undefined ? 0 : this.state.taskSpec[t]!.workUnits;
    for (const id of c.candidateAgentIds) {
      this.sessions
        .get(id)
        ?.write({ migrationAnnouncement: { taskId: c.taskId, fromAgentId: c.fromAgentId, workUnits } });
    }
  }

  /** Tells an agent the core quarantined it until `untilMs` (its connection stays). */
  quarantined(agentId: string, untilMs: number, reason: string): void {
    this.sessions.get(agentId)?.write({ isolation: { untilMs, reason } });
  }

  /** The core wrote the agent off; its stream stays open so a late heartbeat can readmit it. */
  agentDeclaredDead(agentId: string): void {
    this.log.info('agent declared dead', { agentId });
  }

  /** Writes every batch queued during the turn. */
  flush(): void {
    const dirty = this.dirty;
    if (dirty.length === 0) return;
    this.dirty = [];
    for (const session of dirty) session.flush();
  }

  // ------------------------------------------------------------ operator actions

  /**
   * Tells a connected agent to finish its work and leave (the core's `AgentDraining`); false when it is
   * not connected. Sent with the turn's batches, after its assignments, so it never overtakes them.
   */
  drain(agentId: string, reason: string): boolean {
    const session = this.sessions.get(agentId);
    if (session) this.markDirty(session, session.queueDrain(reason));
    return session !== undefined;
  }

  /** Cuts an agent off: its stream ends and the core hears AgentLeft (its tasks are re-placed). */
  isolate(agentId: string, reason: string): void {
    const session = this.sessions.get(agentId);
    this.registrations.delete(agentId);
    if (session) {
      session.call.emit('error', grpcError(grpc.status.PERMISSION_DENIED, reason));
      this.detach(session, reason);
    } else {
      this.hooks.submit({ kind: 'AgentLeft', agentId });
    }
  }

  /** Connected agents. */
  get connectedCount(): number {
    return this.sessions.size;
  }

  /** Stops accepting agents, ends every stream and shuts the server down (forcibly after `graceMs`). */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    this.health.setStatus('', 'NOT_SERVING');
    this.health.setStatus(AGENT_SERVICE_NAME, 'NOT_SERVING');
    for (const t of this.graceTimers.values()) clearTimeout(t);
    for (const s of [...this.sessions.values()]) {
      s.call.emit('error', grpcError(grpc.status.UNAVAILABLE, 'engine shutting down'));
      this.detach(s, 'engine shutting down', false);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Messages from a stream, after Hello (called by the stream handler). */
  get now(): number {
    return this.clock.nowMs();
  }
}
