/**
 * Validation of agent protocol messages. Each check returns null or a message naming the field, the
 * value and what was expected; the gateway turns it into INVALID_ARGUMENT.
 */
import type { AgentSpec } from '../../model/types.js';
import type {
  HeartbeatMsg,
  MigrationBidMsg,
  MigrationConfirmMsg,
  ProtoAgentSpec,
  TaskRef,
  TaskReport,
} from './messages.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
const TASK_ID = /^[\x21-\x7e]{1,256}$/;
const CAPABILITIES_MAX = 64;
const SLOTS_MAX = 4096;
const SPEED_MAX = 1e6;
const MEMORY_MB_MAX = 2 ** 40;
const REASON_CHARS_MAX = 4096;
const HELD_MAX = 65_536;

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function finiteIn(v: unknown, lo: number, hi: number): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;
}

/** The AgentSpec a Register request describes, or an error naming the field. Unset (0 / empty) fields take defaults. */
export function agentSpecFrom(p: ProtoAgentSpec | null | undefined): AgentSpec | string {
  if (!p) return 'agent: required';
  if (!ID.test(p.agentId))
    return `agent.agent_id: expected 1-128 characters [A-Za-z0-9._:@/-], got ${show(p.agentId)}`;
  const cluster = p.cluster === '' ? 'default' : p.cluster;
  if (!NAME.test(cluster))
    return `agent.cluster: expected 1-64 characters [A-Za-z0-9._:/-], got ${show(p.cluster)}`;
  const type = p.type === '' ? 'generic' : p.type;
  if (!NAME.test(type)) return `agent.type: expected 1-64 characters [A-Za-z0-9._:/-], got ${show(p.type)}`;
  if (p.capabilities.length > CAPABILITIES_MAX)
    return `agent.capabilities: at most ${CAPABILITIES_MAX} entries`;
  for (let i = 0; i < p.capabilities.length; i++) {
    if (!NAME.test(p.capabilities[i]!))
      return `agent.capabilities[${i}]: expected 1-64 characters, got ${show(p.capabilities[i])}`;
  }
  if (!finiteIn(p.slots, 1, SLOTS_MAX) || !Number.isInteger(p.slots))
    return `agent.slots: expected an integer in [1, ${SLOTS_MAX}], got ${show(p.slots)}`;
  const speed = p.speed === 0 ? 1 : p.speed;
  if (!finiteIn(speed, 1e-6, SPEED_MAX))
    return `agent.speed: expected a number in (0, ${SPEED_MAX}], got ${show(p.speed)}`;
  if (!finiteIn(p.memoryMb, 0, MEMORY_MB_MAX))
    return `agent.memory_mb: expected at most ${MEMORY_MB_MAX}, got ${show(p.memoryMb)}`;
  if (!finiteIn(p.powerIdleW, 0, 1e6))
    return `agent.power_idle_w: expected a number in [0, 1e6], got ${show(p.powerIdleW)}`;
  if (!finiteIn(p.powerMaxW, 0, 1e6))
    return `agent.power_max_w: expected a number in [0, 1e6], got ${show(p.powerMaxW)}`;
  return {
    id: p.agentId,
    cluster,
    type,
    capabilities: [...new Set(p.capabilities)],
    slots: p.slots,
    speed,
    memoryMb: p.memoryMb === 0 ? 1 << 20 : p.memoryMb,
    powerIdleW: p.powerIdleW,
    powerMaxW: Math.max(p.powerMaxW, p.powerIdleW),
  };
}

/** Null when the heartbeat's load ratios are in [0, 1] and its counters sane. */
export function heartbeatProblem(h: HeartbeatMsg | null | undefined): string | null {
  if (!h) return 'heartbeat: required';
  if (!finiteIn(h.cpu, 0, 1)) return `heartbeat.cpu: expected a ratio in [0, 1], got ${show(h.cpu)}`;
  if (!finiteIn(h.memory, 0, 1)) return `heartbeat.memory: expected a ratio in [0, 1], got ${show(h.memory)}`;
  if (!finiteIn(h.network, 0, 1))
    return `heartbeat.network: expected a ratio in [0, 1], got ${show(h.network)}`;
  if (!Number.isFinite(h.sentAtMs))
    return `heartbeat.sent_at_ms: expected a finite number, got ${show(h.sentAtMs)}`;
  return taskRefsProblem(h.held ?? [], 'heartbeat.held');
}

/** Null when a list of held task attempts (heartbeat `held`, hello `running`) is bounded and well formed. */
export function taskRefsProblem(refs: readonly TaskRef[], field: string): string | null {
  if (refs.length > HELD_MAX) return `${field}: at most ${HELD_MAX} task attempts, got ${refs.length}`;
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i]!;
    if (typeof r.taskId !== 'string' || r.taskId.length === 0)
      return `${field}[${i}].task_id: expected a task id`;
    if (!Number.isInteger(r.attempt) || r.attempt < 1)
      return `${field}[${i}].attempt: expected an integer >= 1, got ${show(r.attempt)}`;
  }
  return null;
}

/** Null when a task report is well formed. */
export function reportProblem(r: TaskReport, i: number): string | null {
  const p = `reports[${i}]`;
  if (!TASK_ID.test(r.taskId))
    return `${p}.task_id: expected 1-256 printable characters, got ${show(r.taskId)}`;
  if (!Number.isInteger(r.attempt) || r.attempt < 1)
    return `${p}.attempt: expected an integer >= 1, got ${show(r.attempt)}`;
  if (r.kind === 'KIND_UNSPECIFIED' || !['STARTED', 'PROGRESS', 'FINISHED', 'FAILED'].includes(r.kind)) {
    return `${p}.kind: expected STARTED, PROGRESS, FINISHED or FAILED, got ${show(r.kind)}`;
  }
  if (!finiteIn(r.progress, 0, 1))
    return `${p}.progress: expected a ratio in [0, 1], got ${show(r.progress)}`;
  if (r.reason.length > REASON_CHARS_MAX) return `${p}.reason: at most ${REASON_CHARS_MAX} characters`;
  if (!Number.isFinite(r.atMs)) return `${p}.at_ms: expected a finite number, got ${show(r.atMs)}`;
  return null;
}

/** Null when a migration answer is well formed. */
export function migrationConfirmProblem(m: MigrationConfirmMsg | null | undefined): string | null {
  if (!m) return 'migration_confirm: required';
  if (!TASK_ID.test(m.taskId))
    return `migration_confirm.task_id: expected 1-256 printable characters, got ${show(m.taskId)}`;
  if (!Number.isInteger(m.attempt) || m.attempt < 1)
    return `migration_confirm.attempt: expected an integer >= 1, got ${show(m.attempt)}`;
  if (!finiteIn(m.progressFraction, 0, 1))
    return `migration_confirm.progress_fraction: expected a ratio in [0, 1], got ${show(m.progressFraction)}`;
  if (m.reason.length > REASON_CHARS_MAX)
    return `migration_confirm.reason: at most ${REASON_CHARS_MAX} characters`;
  return null;
}

/** Null when a bid is well formed. */
export function migrationBidProblem(b: MigrationBidMsg | null | undefined): string | null {
  if (!b) return 'migration_bid: required';
  if (!TASK_ID.test(b.taskId))
    return `migration_bid.task_id: expected 1-256 printable characters, got ${show(b.taskId)}`;
  if (!finiteIn(b.costMs, 0, 1e12))
    return `migration_bid.cost_ms: expected a number in [0, 1e12], got ${show(b.costMs)}`;
  return null;
}
