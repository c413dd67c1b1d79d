/**
 * What drives the engine core (stimuli) and what it asks its driver to do (commands).
 * The simulator and the live server both translate their world into stimuli and execute the commands.
 */
import type { AgentId, AgentSpec, DagSpec, LoadMetrics, TaskId } from '../model/types.js';

export type Stimulus =
  | { kind: 'DagSubmitted'; dag: DagSpec; stimulusId?: string }
  | { kind: 'AgentJoined'; agent: AgentSpec; stimulusId?: string }
  | { kind: 'AgentLeft'; agentId: AgentId; stimulusId?: string }
  | { kind: 'Heartbeat'; agentId: AgentId; metrics: LoadMetrics; stimulusId?: string }
  | { kind: 'TaskStarted'; taskId: TaskId; agentId: AgentId; attempt: number; stimulusId?: string }
  | { kind: 'TaskFinished'; taskId: TaskId; agentId: AgentId; attempt: number; stimulusId?: string }
  | {
      kind: 'TaskFailed';
      taskId: TaskId;
      agentId: AgentId;
      attempt: number;
      reason: string;
      stimulusId?: string;
    }
  | { kind: 'CancelRequested'; taskId: TaskId; stimulusId?: string }
  | { kind: 'TimerFired'; timer: TimerKind; key: string; stimulusId?: string }
  | { kind: 'ConfigChanged'; strategy?: string; weights?: Record<string, number>; stimulusId?: string };

export type TimerKind = 'heartbeat-check' | 'retry';

/** Input bytes an assigned task must fetch, and from where (`fromAgentId` null: the task's own store). */
export interface InputTransfer {
  fromAgentId: AgentId | null;
  bytes: number;
}

export type Command =
  | { kind: 'AssignTask'; taskId: TaskId; agentId: AgentId; attempt: number; inputs: InputTransfer[] }
  | { kind: 'CancelTask'; taskId: TaskId; agentId: AgentId; attempt: number }
  | { kind: 'ArmTimer'; atMs: number; timer: TimerKind; key: string }
  | { kind: 'AgentDeclaredDead'; agentId: AgentId; lastHeartbeatMs: number; reason: string }
  | { kind: 'AgentReadmitted'; agentId: AgentId }
  | { kind: 'TaskCompleted'; taskId: TaskId; agentId: AgentId; attempt: number }
  | { kind: 'TaskGaveUp'; taskId: TaskId; reason: string }
  | { kind: 'DagCompleted'; dagId: string; failedTasks: number }
  | { kind: 'DagRejected'; dagId: string; reason: string }
  | { kind: 'Alert'; level: 'info' | 'warning' | 'critical'; message: string };

export type CommandKind = Command['kind'];
