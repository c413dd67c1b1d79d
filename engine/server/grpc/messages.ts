/**
 * TypeScript shapes of the agent protocol messages as @grpc/proto-loader decodes them (camelCase,
 * 64-bit integers as numbers, enums as strings, defaults filled, oneof field name in the oneof key).
 */

export interface ProtoAgentSpec {
  agentId: string;
  cluster: string;
  type: string;
  capabilities: string[];
  slots: number;
  speed: number;
  memoryMb: number;
  powerIdleW: number;
  powerMaxW: number;
}

export interface RegisterRequest {
  agent?: ProtoAgentSpec | null;
  agentVersion: string;
}

export interface RegisterResponse {
  sessionId: string;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  maxMessageBytes: number;
}

export interface TaskRef {
  taskId: string;
  attempt: number;
}

export interface HelloMsg {
  agentId: string;
  sessionId: string;
  running: TaskRef[];
}

export interface HeartbeatMsg {
  cpu: number;
  memory: number;
  network: number;
  runningTasks: number;
  sentAtMs: number;
  held: TaskRef[];
  probeReply: boolean;
}

export type ReportKind = 'KIND_UNSPECIFIED' | 'STARTED' | 'PROGRESS' | 'FINISHED' | 'FAILED';

export interface TaskReport {
  taskId: string;
  attempt: number;
  kind: ReportKind;
  progress: number;
  reason: string;
  atMs: number;
}

export interface MigrationConfirmMsg {
  migrationId: string;
  taskId: string;
  attempt: number;
  accepted: boolean;
  reason: string;
  progressFraction: number;
}

export interface MigrationBidMsg {
  taskId: string;
  costMs: number;
}

export interface AgentMessage {
  body?: 'hello' | 'heartbeat' | 'reports' | 'migrationConfirm' | 'goodbye' | 'migrationBid';
  hello?: HelloMsg | null;
  heartbeat?: HeartbeatMsg | null;
  reports?: { reports: TaskReport[] } | null;
  migrationConfirm?: MigrationConfirmMsg | null;
  goodbye?: { reason: string } | null;
  migrationBid?: MigrationBidMsg | null;
}

export interface AssignmentMsg {
  taskId: string;
  attempt: number;
  dagId: string;
  type: string;
  workUnits: number;
  cpuDemand: number;
  memoryMb: number;
  inputs: { fromAgentId: string; bytes: number }[];
  command: string;
  assignedAtMs: number;
  readyAtMs: number;
  resumeFraction: number;
  speculative: boolean;
}

export interface EngineMessage {
  welcome?: { agentId: string; engineNowMs: number };
  assignments?: { assignments: AssignmentMsg[] };
  cancels?: { tasks: TaskRef[]; reason: string };
  migrationRequest?: {
    migrationId: string;
    taskId: string;
    attempt: number;
    toAgentId: string;
    mode: string;
  };
  drain?: { reason: string };
  probe?: { sentAtMs: number };
  migrationAnnouncement?: { taskId: string; fromAgentId: string; workUnits: number };
  isolation?: { untilMs: number; reason: string };
}
