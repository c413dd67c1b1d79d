/**
 * Executes the core's commands in the live world: assignments and cancellations go to the agent gateway,
 * timers to the timer service, outcomes and DAG settles to the store writer, events to the event hub.
 * Handlers are looked up by command kind; a kind this build does not know (the core grows) is logged
 * once and ignored.
 */
import type { EngineState } from '../../core/state.js';
import type { Command, CommandKind, TimerKind } from '../../core/stimuli.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log.js';
import type { CommandSink } from './engine-driver.js';
import type { StoreWriter } from './store-writer.js';

/** What the executor needs from the agent gateway. */
export interface AgentOutbox {
  assign(c: Extract<Command, { kind: 'AssignTask' }>, nowMs: number): void;
  cancel(agentId: string, taskId: string, attempt: number, reason: string): void;
  agentDeclaredDead(agentId: string): void;
  probe(agentId: string): void;
  migrate(c: Extract<Command, { kind: 'MigrateTask' }>, migrationId: string): boolean;
  announce(c: Extract<Command, { kind: 'MigrationAnnounced' }>): void;
  quarantined(agentId: string, untilMs: number, reason: string): void;
  /** Tells the agent to finish what it holds and take nothing new; false when it is not connected. */
  drain(agentId: string, reason: string): boolean;
  flush(): void;
}

type Handlers = { [K in CommandKind]?: (c: Extract<Command, { kind: K }>, nowMs: number) => void };

/** Counters the stats route reports. */
export interface ExecutorCounters {
  assignments: number;
  completions: number;
  gaveUp: number;
  cancels: number;
  dagsCompleted: number;
  migrationsRequested: number;
  probes: number;
  unknownCommands: number;
}

export class CommandExecutor implements CommandSink {
  readonly counters: ExecutorCounters = {
    assignments: 0,
    completions: 0,
    gaveUp: 0,
    cancels: 0,
    dagsCompleted: 0,
    migrationsRequested: 0,
    probes: 0,
    unknownCommands: 0,
  };
  private readonly unknownSeen = new Set<string>();
  private readonly handlers: Handlers;

  constructor(
    private readonly state: EngineState,
    private readonly outbox: AgentOutbox,
    private readonly armTimer: (atMs: number, timer: TimerKind, key: string) => void,
    private readonly writer: StoreWriter,
    private readonly hub: EventHub,
    private readonly log: Logger,
  ) {
    this.handlers = this.buildHandlers();
  }

  /** Runs each command's handler in order. */
  execute(cmds: Command[], nowMs: number): void {
    for (const c of cmds) {
      const h = (this.handlers as Record<string, ((c: Command, nowMs: number) => void) | undefined>)[c.kind];
      if (h) h(c, nowMs);
      else this.unknown(c);
    }
  }

  /** Ends a driver turn: sends batched messages and store writes. */
  flush(): void {
    this.outbox.flush();
    this.writer.flush();
  }

  private unknown(c: Command): void {
    this.counters.unknownCommands++;
    const kind = (c as { kind: string }).kind;
    if (this.unknownSeen.has(kind)) return;
    this.unknownSeen.add(kind);
    this.log.warn('command kind not handled by the live driver; ignored', { kind });
  }

  private dagOf(taskId: string): string | undefined {
    const t = this.state.taskIndex.get(taskId);
    return t === undefined ? undefined : this.state.dags[this.state.taskDag[t]!]?.id;
  }

  private clusterOf(agentId: string): string | undefined {
    const a = this.state.agentIndex.get(agentId);
    return a === undefined ? undefined : this.state.agentSpec[a]!.cluster;
  }

  private buildHandlers(): Handlers {
    return {
      AssignTask: (c, nowMs) => this.onAssign(c, nowMs),
      CancelTask: (c, nowMs) => {
        this.counters.cancels++;
        this.outbox.cancel(c.agentId, c.taskId, c.attempt, 'cancelled by the engine');
        this.taskEvent(nowMs, 'cancel-sent', c.taskId, c.agentId, c.attempt);
      },
      ArmTimer: (c) => this.armTimer(c.atMs, c.timer, c.key),
      AgentDeclaredDead: (c, nowMs) => {
        this.outbox.agentDeclaredDead(c.agentId);
        this.agentEvent(nowMs, 'declared-dead', c.agentId, c.reason);
      },
      AgentReadmitted: (c, nowMs) => this.agentEvent(nowMs, 'readmitted', c.agentId),
      // Handles spare the engine lookups by id; the gRPC/WebSocket agent protocols do not carry them yet.
      AgentRegistered: () => {},
      AgentDraining: (c, nowMs) => {
        const told = this.outbox.drain(c.agentId, 'drained by an operator');
        this.agentEvent(nowMs, 'draining', c.agentId, told ? undefined : 'agent not connected');
      },
      AgentDrained: (c, nowMs) => this.agentEvent(nowMs, 'drained', c.agentId),
      TaskCompleted: (c, nowMs) => {
        this.counters.completions++;
        this.writer.outcome({
          taskId: c.taskId,
          kind: 'completed',
          atMs: nowMs,
          agentId: c.agentId,
          attempt: c.attempt,
        });
        this.taskEvent(nowMs, 'done', c.taskId, c.agentId, c.attempt);
      },
      TaskGaveUp: (c, nowMs) => {
        this.counters.gaveUp++;
        this.writer.outcome({ taskId: c.taskId, kind: 'gave-up', atMs: nowMs, reason: c.reason });
        this.taskEvent(nowMs, 'failed', c.taskId, undefined, undefined, c.reason);
      },
      DagCompleted: (c, nowMs) => this.onDagSettled(c.dagId, nowMs, c.failedTasks),
      DagRejected: (c, nowMs) => {
        this.writer.settle({ dagId: c.dagId, status: 'rejected', reason: c.reason, finishedAtMs: nowMs });
        this.hub.publish({ atMs: nowMs, kind: 'dag', type: 'rejected', dagId: c.dagId, detail: c.reason });
      },
      ProbeAgent: (c) => {
        this.counters.probes++;
        this.outbox.probe(c.agentId);
      },
      IsolateAgent: (c, nowMs) => {
        this.outbox.quarantined(c.agentId, c.untilMs, c.reason);
        this.agentEvent(nowMs, 'quarantined', c.agentId, c.reason);
      },
      FaultClassified: (c, nowMs) => {
        this.hub.publish({
          atMs: nowMs,
          kind: 'alert',
          type: 'fault',
          detail: `${c.level} ${c.pattern} ${c.subject}: ${c.action}`,
        });
      },
      MigrateTask: (c, nowMs) => {
        this.counters.migrationsRequested++;
        const migrationId = `${c.taskId}#${c.attempt}`;
        this.outbox.migrate(c, migrationId);
        this.hub.publish({
          atMs: nowMs,
          kind: 'migration',
          type: `request-${c.mode}`,
          taskId: c.taskId,
          dagId: this.dagOf(c.taskId),
          agentId: c.fromAgentId,
          attempt: c.attempt,
          detail: `to ${c.toAgentId}`,
        });
      },
      MigrationAnnounced: (c, nowMs) => {
        this.outbox.announce(c);
        this.hub.publish({
          atMs: nowMs,
          kind: 'migration',
          type: 'announce',
          taskId: c.taskId,
          agentId: c.fromAgentId,
          detail: `${c.candidateAgentIds.length} candidates`,
        });
      },
      Alert: (c, nowMs) => {
        this.log.warn('engine alert', { level: c.level, message: c.message });
        this.hub.publish({ atMs: nowMs, kind: 'alert', type: c.level, detail: c.message });
      },
    };
  }

  private onAssign(c: Extract<Command, { kind: 'AssignTask' }>, nowMs: number): void {
    this.counters.assignments++;
    this.outbox.assign(c, nowMs);
    const dagId = this.dagOf(c.taskId) ?? '';
    this.writer.attempt({
      taskId: c.taskId,
      dagId,
      agentId: c.agentId,
      attempt: c.attempt,
      assignedAtMs: nowMs,
    });
    this.hub.publish({
      atMs: nowMs,
      kind: 'decision',
      type: 'assign',
      taskId: c.taskId,
      dagId,
      agentId: c.agentId,
      cluster: this.clusterOf(c.agentId),
      attempt: c.attempt,
    });
  }

  private onDagSettled(dagId: string, nowMs: number, failedTasks: number): void {
    this.counters.dagsCompleted++;
    // Behind the batched outcomes of its tasks (see StoreWriter.settle).
    this.writer.settle({ dagId, status: 'completed', failedTasks, finishedAtMs: nowMs });
    this.hub.publish({ atMs: nowMs, kind: 'dag', type: 'completed', dagId, detail: `${failedTasks} failed` });
  }

  /** Publishes a task state event (also used by the gateway for reports). */
  taskEvent(
    nowMs: number,
    type: string,
    taskId: string,
    agentId?: string,
    attempt?: number,
    detail?: string,
  ): void {
    this.hub.publish({
      atMs: nowMs,
      kind: 'task',
      type,
      taskId,
      dagId: this.dagOf(taskId),
      agentId,
      cluster: agentId === undefined ? undefined : this.clusterOf(agentId),
      attempt,
      detail,
    });
  }

  private agentEvent(nowMs: number, type: string, agentId: string, detail?: string): void {
    this.hub.publish({ atMs: nowMs, kind: 'agent', type, agentId, cluster: this.clusterOf(agentId), detail });
  }
}
