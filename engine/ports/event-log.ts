/**
 * EventLog port: the ordered stream of engine events (task state changes, decisions, agent changes,
 * alerts) that the WebSocket API fans out and that recovery or audit can read back. Appends are batched
 * by the server; `seq` is assigned by the server and strictly increases.
 */

export type EngineEventKind = 'task' | 'decision' | 'dag' | 'agent' | 'agent-load' | 'alert' | 'migration';

/** One event. Optional fields are present when they apply, so subscribers can filter on them. */
export interface EngineEvent {
  seq: number;
  atMs: number;
  kind: EngineEventKind;
  /** Sub-kind, e.g. the task state (`assigned`, `running`, `done`) or the agent change (`dead`). */
  type: string;
  taskId?: string | undefined;
  dagId?: string | undefined;
  agentId?: string | undefined;
  cluster?: string | undefined;
  attempt?: number | undefined;
  detail?: string | undefined;
  load?: { cpu: number; memory: number; network: number } | undefined;
}

export interface EventLog {
  /** Appends events in `seq` order. */
  append(events: readonly EngineEvent[]): Promise<void>;
  /** Events with `seq > afterSeq`, oldest first, at most `limit`. An adapter may have dropped old events. */
  read(afterSeq: number, limit: number): Promise<EngineEvent[]>;
  /** Highest `seq` stored (0 when empty): a restarted server numbers its events after it. */
  lastSeq(): Promise<number>;
}
