/**
 * What drives the engine core (stimuli) and what it asks its driver to do (commands).
 * The simulator and the live server both translate their world into stimuli and execute the commands.
 */
import type { AgentId, AgentSpec, DagSpec, LoadMetrics, TaskId } from '../model/types.js';

export type Stimulus =
  | { kind: 'DagSubmitted'; dag: DagSpec; stimulusId?: string }
  | { kind: 'AgentJoined'; agent: AgentSpec; stimulusId?: string }
  | { kind: 'AgentLeft'; agentId: AgentId; stimulusId?: string }
  /**
   * An agent (re)connected holding `held` attempts (live gateway: its Hello). One the core has alive with
   * the same capacity resumes (see core/restore.ts `reconnectAgent`); any other joins as `AgentJoined`
   * and every attempt it holds is cancelled.
   */
  | { kind: 'AgentReconnected'; agent: AgentSpec; held: HeldTasks; stimulusId?: string }
  | {
      kind: 'Heartbeat';
      agentId: AgentId;
      /** The agent's `agentHandle` from its assignments, echoed (optional; see `AssignTask.handle`). */
      agentHandle?: number | undefined;
      metrics: LoadMetrics;
      /** Task attempts the agent holds (queued, transferring or running), when it reports them. */
      held?: HeldTasks | undefined;
      stimulusId?: string;
    }
  | ({ kind: 'TaskStarted' } & AttemptReport)
  | ({ kind: 'TaskFinished' } & AttemptReport)
  | {
      kind: 'TaskFailed';
      taskId: TaskId;
      agentId: AgentId;
      attempt: number;
      reason: string;
      stimulusId?: string;
    }
  | { kind: 'CancelRequested'; taskId: TaskId; stimulusId?: string }
  /** An operator asks the agent to finish what it holds and take nothing new (see core/agent-drain.ts). */
  | { kind: 'AgentDrainRequested'; agentId: AgentId; stimulusId?: string }
  /** An operator readmits a drained (or draining) agent: it may take work again. */
  | { kind: 'AgentDrainLifted'; agentId: AgentId; stimulusId?: string }
  | { kind: 'TimerFired'; timer: TimerKind; key: string; stimulusId?: string }
  | { kind: 'ConfigChanged'; strategy?: string; weights?: Record<string, number>; stimulusId?: string }
  /** Load forecasts computed off the decision path (worker thread live, precomputed in simulation). */
  | { kind: 'ForecastUpdated'; forecasts: readonly { agentId: AgentId; cpu: number }[]; stimulusId?: string }
  /** The agent gave up a task it was asked to move (`progressFraction`: checkpointed progress, 0–1). */
  | {
      kind: 'MigrationConfirmed';
      taskId: TaskId;
      agentId: AgentId;
      attempt: number;
      progressFraction: number;
      stimulusId?: string;
    }
  /** The agent keeps the task (already started and not movable, or unknown to it). */
  | {
      kind: 'MigrationRefused';
      taskId: TaskId;
      agentId: AgentId;
      attempt: number;
      reason: string;
      stimulusId?: string;
    }
  /** Contract-net: an agent's bid (its cost in ms) for an announced task. */
  | { kind: 'MigrationBid'; taskId: TaskId; agentId: AgentId; costMs: number; stimulusId?: string }
  /**
   * Restart recovery: progress recorded in the stores before the engine stopped, applied to DAGs just
   * re-submitted (see core/restore.ts). Emits no AssignTask / TaskCompleted for work already done or held.
   */
  | {
      kind: 'ProgressRestored';
      agents: readonly RestoredAgent[];
      tasks: readonly RestoredTask[];
      /** Restored alive agents get this long to reconnect before liveness checks may declare them dead. */
      reconnectGraceMs?: number | undefined;
      stimulusId?: string;
    };

/** An agent known before the restart: `alive` when it holds restored in-flight work. */
export interface RestoredAgent {
  spec: AgentSpec;
  alive: boolean;
}

/**
 * A task's recorded progress: `done` (completed on `agentId`), `failed` (gave up), `cancelled`,
 * `in-flight` (attempt `attempt` held by `agentId`, `started` when it reported so) or `ready` (not held;
 * `attempt` attempts were made). `attempt` is the highest attempt number recorded.
 */
export interface RestoredTask {
  taskId: TaskId;
  state: 'done' | 'failed' | 'cancelled' | 'in-flight' | 'ready';
  attempt: number;
  agentId?: AgentId | undefined;
  started?: boolean | undefined;
  reason?: string | undefined;
}

/** An agent's report about one attempt it was assigned (TaskStarted, TaskFinished). */
export interface AttemptReport {
  taskId: TaskId;
  agentId: AgentId;
  attempt: number;
  /** The assignment's `handle` and `agentHandle`, echoed (optional; see `AssignTask.handle`). */
  handle?: number | undefined;
  agentHandle?: number | undefined;
  stimulusId?: string;
}

/** Task attempts an agent reports holding: parallel arrays of ids and attempt numbers. */
export interface HeldTasks {
  taskIds: readonly TaskId[];
  attempts: readonly number[];
  /** The assignments' `handle`s, parallel to `taskIds` (optional; see `AssignTask.handle`). */
  handles?: readonly number[] | undefined;
  /**
   * Optional: a number the agent changes whenever the list above changes (not the finished list). A
   * report with the version of the last one that matched the engine's view exactly, while the engine's
   * view of the agent did not change either, is not compared again (at most 15 times in a row).
   */
  version?: number | undefined;
  /** Attempts that finished recently, repeated until the report surely arrived (at-least-once). */
  finishedTaskIds?: readonly TaskId[] | undefined;
  finishedAttempts?: readonly number[] | undefined;
}

export type TimerKind = 'heartbeat-check' | 'retry' | 'rebalance' | 'schedule';

/** Input bytes an assigned task must fetch, and from where (`fromAgentId` null: the task's own store). */
export interface InputTransfer {
  fromAgentId: AgentId | null;
  bytes: number;
}

export type Command =
  | {
      kind: 'AssignTask';
      taskId: TaskId;
      agentId: AgentId;
      attempt: number;
      /**
       * The engine's own index of the task, opaque to the agent. An agent that echoes it in its reports
       * (TaskStarted, TaskFinished, the held list of its heartbeats) spares the engine a lookup by id on
       * each; the engine checks it against the id, so a stale or wrong handle (e.g. from before an engine
       * restart) costs only that lookup.
       */
      handle: number;
      /** The engine's own index of the agent, opaque to it, to echo likewise. */
      agentHandle: number;
      inputs: InputTransfer[];
      /** Progress already made (checkpointed migration): the agent resumes from here (0–1). */
      resumeFraction?: number | undefined;
      /** A speculative copy of a straggler; the first attempt to finish wins. */
      speculative?: boolean | undefined;
    }
  | { kind: 'CancelTask'; taskId: TaskId; agentId: AgentId; attempt: number }
  | { kind: 'ArmTimer'; atMs: number; timer: TimerKind; key: string }
  | { kind: 'AgentDeclaredDead'; agentId: AgentId; lastHeartbeatMs: number; reason: string }
  | { kind: 'AgentReadmitted'; agentId: AgentId }
  /**
   * An agent joined (or re-joined): `agentHandle` is the engine's own index of it, opaque to the agent,
   * to echo in its reports like `AssignTask.agentHandle` (drivers may ignore it).
   */
  | { kind: 'AgentRegistered'; agentId: AgentId; agentHandle: number }
  /** The agent is under an operator drain: tell it to finish its work and take nothing new. */
  | { kind: 'AgentDraining'; agentId: AgentId }
  /** A draining agent holds nothing any more. */
  | { kind: 'AgentDrained'; agentId: AgentId }
  | { kind: 'TaskCompleted'; taskId: TaskId; agentId: AgentId; attempt: number }
  | { kind: 'TaskGaveUp'; taskId: TaskId; reason: string }
  | { kind: 'DagCompleted'; dagId: string; failedTasks: number }
  | { kind: 'DagRejected'; dagId: string; reason: string }
  | { kind: 'Alert'; level: 'info' | 'warning' | 'critical'; message: string }
  /** Ask a suspect agent to answer at once (it answers with a Heartbeat). */
  | { kind: 'ProbeAgent'; agentId: AgentId }
  /** The agent is isolated (quarantine) until `untilMs`; it may keep its connection. */
  | { kind: 'IsolateAgent'; agentId: AgentId; untilMs: number; reason: string }
  /** A detector recognised a fault pattern and the rules chose an action. */
  | {
      kind: 'FaultClassified';
      level: 'task' | 'agent' | 'system';
      pattern: string;
      subject: string;
      action: string;
    }
  /** Ask `fromAgentId` to give up task attempt `attempt` so it can move to `toAgentId` (it may refuse). */
  | {
      kind: 'MigrateTask';
      taskId: TaskId;
      fromAgentId: AgentId;
      toAgentId: AgentId;
      attempt: number;
      mode: 'queued' | 'restart' | 'checkpoint';
    }
  /** Contract-net: invite `candidateAgentIds` to bid for task `taskId`, now on `fromAgentId`. */
  | { kind: 'MigrationAnnounced'; taskId: TaskId; fromAgentId: AgentId; candidateAgentIds: AgentId[] };

export type CommandKind = Command['kind'];
