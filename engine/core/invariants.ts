/**
 * Invariants of the engine state, checked after every stimulus in tests and (optionally) in simulation:
 * every submitted task accounted for, no task held by two agents, capacity never exceeded,
 * DAG order respected, free-capacity indexes consistent with the agents.
 */
import { AgentHealth } from './agent-health.js';
import type { EngineState } from './state.js';
import { AgentStatus } from './state.js';
import { TASK_STATE_COUNT, TASK_STATE_NAMES, TaskState } from './transitions.js';

/** Every violated invariant, as a readable sentence; empty when the state is sound. */
export function checkInvariants(s: EngineState): string[] {
  const errors: string[] = [];
  checkCounts(s, errors);
  checkAgents(s, errors);
  checkTasks(s, errors);
  checkFreeIndex(s, errors);
  return errors;
}

/** Throws with every violation listed (for tests and simulation runs). */
export function assertInvariants(s: EngineState): void {
  const errors = checkInvariants(s);
  if (errors.length > 0) {
    throw new Error(
      `engine invariants violated at ${s.nowMs} ms (stimulus #${s.stimulusSeq}):\n- ${errors.slice(0, 20).join('\n- ')}`,
    );
  }
}

function checkCounts(s: EngineState, errors: string[]): void {
  const counts = new Int32Array(TASK_STATE_COUNT);
  for (let t = 0; t < s.taskSpec.length; t++) counts[s.taskState[t]!]!++;
  let sum = 0;
  for (let i = 0; i < TASK_STATE_COUNT; i++) {
    sum += counts[i]!;
    if (counts[i] !== s.stateCounts[i]) {
      errors.push(
        `state count for ${TASK_STATE_NAMES[i]} is ${s.stateCounts[i]} but ${counts[i]} tasks are in it`,
      );
    }
  }
  if (sum !== s.taskSpec.length) errors.push(`${s.taskSpec.length} tasks submitted but ${sum} accounted for`);
}

function checkAgents(s: EngineState, errors: string[]): void {
  // Task → the agent holding it (-1: none) in a flat array, not a Map: the simulation's periodic checks
  // run while the engine is still cold, and a Map of the ~4,000 running tasks rebuilt per check was
  // most of their cost there.
  const holder = new Int32Array(s.taskSpec.length).fill(-1);
  let holding = 0;
  for (let a = 0; a < s.agentSpec.length; a++) {
    const spec = s.agentSpec[a]!;
    let slots = 0;
    let mem = 0;
    for (const t of s.agentRunning[a]!) {
      if (holder[t] !== -1) errors.push(`task ${s.taskSpec[t]!.id} held by agents ${holder[t]} and ${a}`);
      else holding++;
      holder[t] = a;
      slots += s.taskSpec[t]!.cpuDemand;
      mem += s.taskSpec[t]!.memoryMb;
      if (s.taskAgent[t] !== a)
        errors.push(`agent ${spec.id} holds task ${s.taskSpec[t]!.id} assigned elsewhere`);
    }
    for (const t of s.faults.agentSpeculative[a] ?? []) {
      slots += s.taskSpec[t]!.cpuDemand;
      mem += s.taskSpec[t]!.memoryMb;
      if (s.faults.specAgent.get(t) !== a || s.taskAgent[t] === a)
        errors.push(`agent ${spec.id} holds a speculative copy of ${s.taskSpec[t]!.id} it should not`);
    }
    const held = s.agentRunning[a]!.size + slotsHeldSpeculatively(s, a);
    if (s.agentHeldCount[a] !== held)
      errors.push(`agent ${spec.id} held count ${s.agentHeldCount[a]} != ${held} (running + speculative)`);
    if (s.agentIdAt[a] !== spec.id) errors.push(`agent index ${a} id ${s.agentIdAt[a]} != ${spec.id}`);
    if (s.agentStatus[a] === AgentStatus.Alive) checkSweepShortcuts(s, a, errors);
    if (slots !== s.agentUsedSlots[a])
      errors.push(`agent ${spec.id} used slots ${s.agentUsedSlots[a]} != ${slots}`);
    if (slots > spec.slots + s.config.queueDepthSlots)
      errors.push(
        `agent ${spec.id} holds ${slots} slots of work on ${spec.slots} slots + ${s.config.queueDepthSlots} queued`,
      );
    if (mem > spec.memoryMb && mem > 0)
      errors.push(`agent ${spec.id} holds ${mem} MB on ${spec.memoryMb} MB`);
    if (
      s.agentStatus[a] !== AgentStatus.Alive &&
      s.agentRunning[a]!.size + slotsHeldSpeculatively(s, a) > 0
    ) {
      errors.push(`agent ${spec.id} is not alive but holds ${s.agentRunning[a]!.size} tasks`);
    }
  }
  const active = s.stateCounts[TaskState.Assigned]! + s.stateCounts[TaskState.Running]!;
  if (holding !== active) errors.push(`${active} tasks assigned or running but agents hold ${holding}`);
}

/** What lets the periodic sweeps skip work (faults/heartbeat-detector.ts, agent-recovery.ts) still holds. */
function checkSweepShortcuts(s: EngineState, a: number, errors: string[]): void {
  const f = s.faults;
  const id = s.agentSpec[a]!.id;
  const timeoutAt = s.agentLastHeartbeatMs[a]! + s.config.heartbeatTimeoutMs;
  const due = Math.min(timeoutAt, f.suspectSinceMs[a]! < 0 ? f.suspectAtMs[a]! : f.probeDeadlineMs[a]!);
  if (due < f.livenessDueMs)
    errors.push(`agent ${id} liveness deadline ${due} is before the sweep's lower bound ${f.livenessDueMs}`);
  if (s.agentHealth[a] !== AgentHealth.Healthy && f.timersIdleVersion === f.agentStateVersion)
    errors.push(`agent ${id} is alive and not healthy but the agent-timers sweep counts as idle`);
}

function slotsHeldSpeculatively(s: EngineState, a: number): number {
  return s.faults.agentSpeculative[a]?.size ?? 0;
}

function checkTasks(s: EngineState, errors: string[]): void {
  for (let t = 0; t < s.taskSpec.length; t++) {
    const st = s.taskState[t]!;
    const parents = s.taskParents[t]!;
    let notDone = 0;
    for (let i = 0; i < parents.length; i++) if (s.taskState[parents[i]!] !== TaskState.Done) notDone++;
    if (
      st === TaskState.Ready ||
      st === TaskState.Assigned ||
      st === TaskState.Running ||
      st === TaskState.Done
    ) {
      if (notDone > 0)
        errors.push(`task ${s.taskSpec[t]!.id} is ${TASK_STATE_NAMES[st]} before its parents are done`);
    }
    if (st === TaskState.Waiting && s.taskPendingParents[t] !== notDone) {
      errors.push(
        `task ${s.taskSpec[t]!.id} waits for ${s.taskPendingParents[t]} parents but ${notDone} are not done`,
      );
    }
    if (s.taskCompletions[t]! > 1)
      errors.push(`task ${s.taskSpec[t]!.id} completed ${s.taskCompletions[t]} times`);
    if (s.taskCompletions[t]! === 1 && st !== TaskState.Done)
      errors.push(`task ${s.taskSpec[t]!.id} completed but is ${TASK_STATE_NAMES[st]}`);
  }
}

function checkFreeIndex(s: EngineState, errors: string[]): void {
  // One pass over the agents (not one per class), summing each class's free slots.
  const free = new Float64Array(s.agentClasses.length);
  for (let a = 0; a < s.agentSpec.length; a++) {
    const c = s.agentClass[a]!;
    if (s.agentStatus[a] !== AgentStatus.Alive || c < 0 || c >= free.length) continue;
    const cls = s.agentClasses[c]!;
    const f = Math.max(0, s.agentSlotCap[a]! - s.agentUsedSlots[a]!);
    free[c]! += f;
    const listed = s.agentFreePos[a]! >= 0 && cls.free[s.agentFreePos[a]!] === a;
    if (f > 0 && !listed)
      errors.push(`agent ${s.agentSpec[a]!.id} has ${f} free slots but is not in the free list`);
    if (f <= 0 && s.agentFreePos[a]! >= 0)
      errors.push(`agent ${s.agentSpec[a]!.id} is full but in the free list`);
  }
  let total = 0;
  for (let c = 0; c < free.length; c++) {
    const cls = s.agentClasses[c]!;
    if (free[c] !== cls.freeSlots)
      errors.push(`class "${cls.key}" counts ${cls.freeSlots} free slots, agents have ${free[c]}`);
    total += free[c]!;
  }
  if (total !== s.totalFreeSlots) errors.push(`total free slots ${s.totalFreeSlots} != ${total}`);
}
