/**
 * Turns what the stores recorded (task summaries, agent records) into the core's `ProgressRestored`
 * stimulus: which tasks are done, failed, cancelled, held by an agent (in flight) or to be placed again,
 * and which agents the core must know (holders of in-flight work come back alive; holders of finished
 * outputs are known but not alive until they reconnect). Pure: no I/O.
 */
import type { RestoredAgent, RestoredTask } from '../core/stimuli.js';
import type { AgentSpec } from '../model/types.js';
import type { TaskSummary } from '../ports/task-store.js';

export interface RestorePlan {
  agents: RestoredAgent[];
  tasks: RestoredTask[];
  counts: { done: number; failed: number; cancelled: number; inFlight: number; ready: number };
}

/** A stand-in for an agent whose record is gone: known by id, never alive, never offered work. */
function placeholderSpec(id: string): AgentSpec {
  return {
    id,
    cluster: 'unknown',
    type: 'unknown',
    capabilities: [],
    slots: 1,
    speed: 1,
    memoryMb: 0,
    powerIdleW: 0,
    powerMaxW: 0,
  };
}

/** The restored state of one task from its summary. */
export function restoredTaskOf(s: TaskSummary): RestoredTask {
  const attempt = s.attemptsMax;
  if (s.settled?.kind === 'completed')
    return { taskId: s.taskId, state: 'done', attempt, agentId: s.settled.agentId ?? s.lastAttempt.agentId };
  if (s.settled?.kind === 'gave-up')
    return { taskId: s.taskId, state: 'failed', attempt, reason: s.settled.reason };
  if (s.settled?.kind === 'cancelled') return { taskId: s.taskId, state: 'cancelled', attempt };
  if (s.lastAttemptOutcome === 'failed') return { taskId: s.taskId, state: 'ready', attempt };
  return {
    taskId: s.taskId,
    state: 'in-flight',
    attempt: s.lastAttempt.attempt,
    agentId: s.lastAttempt.agentId,
    started: s.lastAttemptOutcome === 'started',
  };
}

/** The whole plan; `agentSpecs` are the stored agent records by id. */
export function buildRestorePlan(
  summaries: readonly TaskSummary[],
  agentSpecs: ReadonlyMap<string, AgentSpec>,
): RestorePlan {
  const counts = { done: 0, failed: 0, cancelled: 0, inFlight: 0, ready: 0 };
  const alive = new Set<string>();
  const known = new Set<string>();
  const tasks = summaries.map((s) => {
    const r = restoredTaskOf(s);
    if (r.state === 'in-flight') {
      counts.inFlight++;
      if (agentSpecs.has(r.agentId!)) alive.add(r.agentId!);
    } else if (r.state === 'done') {
      counts.done++;
      if (r.agentId !== undefined) known.add(r.agentId);
    } else if (r.state === 'failed') counts.failed++;
    else if (r.state === 'cancelled') counts.cancelled++;
    else counts.ready++;
    return r;
  });
  const agents: RestoredAgent[] = [];
  for (const id of [...new Set([...alive, ...known])].sort()) {
    agents.push({ spec: agentSpecs.get(id) ?? placeholderSpec(id), alive: alive.has(id) });
  }
  return { agents, tasks, counts };
}
