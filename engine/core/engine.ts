/**
 * The engine core: one synchronous entry point, `handleStimulus(state, stimulus, env) → commands`.
 * No clock, no randomness, no I/O: time arrives as `env.nowMs`, randomness from the seeded streams in
 * the state, and everything the outside world must do leaves as commands. The simulator and the live
 * server both drive this same function.
 */

import { balanceOnAnswer, balanceOnBid, balancePass, balanceStart } from '../balance/balance-hooks.js';
import {
  faultsMayReadmit,
  faultsOnAgentAdded,
  faultsOnAgentDown,
  faultsOnAgentUp,
  faultsOnHeartbeat,
  faultsOnTaskCancelled,
  faultsOnTaskFailed,
  faultsOnTaskFinished,
  faultsSecondaryFailed,
  faultsSecondaryFinished,
  faultsSweep,
  faultsTakeOver,
  sweepIntervalMs,
} from '../faults/fault-hooks.js';
import { parkForRetry, retryDue } from '../faults/task-recovery.js';
import type { Random } from '../model/random.js';
import type { AgentSpec, DagSpec } from '../model/types.js';
import { adaptCadence } from '../schedule/cadence.js';
import { preemptForUrgent } from '../schedule/preemption.js';
import { createStrategy } from '../schedule/registry.js';
import { anyAgentCouldRun } from '../schedule/strategy.js';
import { drainOnConnected, liftDrain, requestDrain, settleDrains } from './agent-drain.js';
import { changeUsedSlots, offerCapacity, withdrawCapacity } from './capacity.js';
import { agentClassOf, enqueueReady, reqClassOf, setAgentPerf } from './classes.js';
import type { CoreOps } from './core-ops.js';
import { agentOf, taskOf } from './handles.js';
import { clearRunning, dropRunning, holdRunning } from './holdings.js';
import { type RestoreOps, reconnectAgent, restoreProgress } from './restore.js';
import type { EngineConfigInput, EngineState, StoryEntry } from './state.js';
import { AgentStatus, createEngineState, DEFAULT_ENGINE_CONFIG } from './state.js';
import type { Command, HeldTasks, Stimulus } from './stimuli.js';
import { isAllowed, isTerminal, TASK_STATE_NAMES, TaskState } from './transitions.js';
import { grownTo } from './typed-arrays.js';

/** Optional instrumentation port: the driver may time each placement decision (the core never reads a clock). */
export interface DecisionProbe {
  decisionStart(): void;
  decisionEnd(): void;
  /** Marks the end of a named phase of the current decision (hierarchy layers: global, local, realtime). */
  phase?(name: string): void;
}

export interface Env {
  nowMs: number;
  probe?: DecisionProbe | undefined;
}

const NO_COMMANDS: Command[] = [];
const STIMULUS_KINDS_WITHOUT_LABEL = '';

/** A new engine with the named strategy; throws UnknownStrategyError for an unknown strategy name. */
export function createEngine(config: EngineConfigInput, random: Random): EngineState {
  const strategyName = config.strategy ?? DEFAULT_ENGINE_CONFIG.strategy;
  const strategy = createStrategy(strategyName, config.weights ?? {}, random);
  // `config` as given: createEngineState fills in the same default name (no spread, see withDefaults).
  return createEngineState(config, random, strategy);
}

/**
 * Applies one stimulus and returns the commands the driver must execute, in order.
 * Mutates `s` in place. Deterministic: the same state, stimulus and env give the same commands.
 */
export function handleStimulus(s: EngineState, stim: Stimulus, env: Env): Command[] {
  s.nowMs = env.nowMs;
  s.stimulusSeq++;
  s.stimulusLabel = stim.stimulusId ?? STIMULUS_KINDS_WITHOUT_LABEL;
  s.out = NO_COMMANDS;
  switch (stim.kind) {
    case 'Heartbeat':
      onHeartbeat(s, stim.agentId, stim.agentHandle, stim.metrics, stim.held);
      break;
    case 'TaskStarted':
      onTaskStarted(s, stim.taskId, stim.agentId, stim.attempt, stim.handle, stim.agentHandle);
      break;
    case 'TaskFinished':
      onTaskFinished(s, stim.taskId, stim.agentId, stim.attempt, stim.handle, stim.agentHandle);
      break;
    case 'TaskFailed':
      onTaskFailed(s, stim.taskId, stim.agentId, stim.attempt, stim.reason);
      break;
    case 'DagSubmitted':
      onDagSubmitted(s, stim.dag);
      break;
    case 'AgentJoined':
      onAgentJoined(s, stim.agent);
      break;
    case 'AgentLeft':
      onAgentLeft(s, stim.agentId);
      break;
    case 'AgentReconnected':
      // A fresh join hears about a drain in onAgentJoined; a resumed connection hears it here.
      if (reconnectAgent(s, restoreOps, stim.agent, stim.held))
        drainOnConnected(s, coreOps, s.agentIndex.get(stim.agent.id)!);
      break;
    case 'AgentDrainRequested':
      requestDrain(s, coreOps, stim.agentId);
      break;
    case 'AgentDrainLifted':
      liftDrain(s, stim.agentId);
      break;
    case 'CancelRequested':
      onCancelRequested(s, stim.taskId);
      break;
    case 'TimerFired':
      if (stim.timer === 'heartbeat-check') onHeartbeatCheck(s);
      else if (stim.timer === 'retry') onRetryTimer(s, stim.key);
      else if (stim.timer === 'rebalance') balancePass(s, coreOps);
      else if (stim.timer === 'schedule') onScheduleTick(s, env);
      break;
    case 'MigrationConfirmed':
    case 'MigrationRefused':
      balanceOnAnswer(
        s,
        coreOps,
        stim.kind === 'MigrationConfirmed',
        stim.taskId,
        stim.agentId,
        stim.attempt,
        stim.kind === 'MigrationConfirmed' ? stim.progressFraction : 0,
      );
      break;
    case 'MigrationBid':
      balanceOnBid(s, stim.taskId, stim.agentId, stim.costMs);
      break;
    case 'ConfigChanged':
      onConfigChanged(s, stim.strategy, stim.weights);
      break;
    case 'ProgressRestored':
      restoreProgress(s, restoreOps, stim.agents, stim.tasks, stim.reconnectGraceMs ?? 0);
      break;
    case 'ForecastUpdated':
      for (const f of stim.forecasts) {
        const a = s.agentIndex.get(f.agentId);
        if (a !== undefined) s.agentPredictedLoad[a] = f.cpu;
      }
      break;
  }
  if (s.faults.drainingAgents.length > 0) settleDrains(s, coreOps);
  if (s.dirty) {
    s.dirty = false;
    if (s.config.scheduling.mode === 'immediate') schedulePass(s, env, Number.POSITIVE_INFINITY);
    else armScheduleTick(s);
  }
  return s.out;
}

/** Interval cadence: asks for the next scheduling tick unless one is pending. */
function armScheduleTick(s: EngineState): void {
  if (s.cadence.timerArmed) return;
  s.cadence.timerArmed = true;
  emit(s, { kind: 'ArmTimer', atMs: s.nowMs + s.cadence.intervalMs, timer: 'schedule', key: 'tick' });
}

/** A scheduling tick: one bounded pass, then the cadence adapts and re-arms while work is queued. */
function onScheduleTick(s: EngineState, env: Env): void {
  s.cadence.timerArmed = false;
  const placed = schedulePass(s, env, s.cadence.batch);
  const queued = s.stateCounts[TaskState.Ready]!;
  adaptCadence(s.config.scheduling, s.cadence, placed, queued);
  // More ticks only while queued work could be placed now; a later release of capacity re-arms.
  if (queued > 0 && s.totalFreeSlots > 0) armScheduleTick(s);
}

function emit(s: EngineState, c: Command): void {
  if (s.out === NO_COMMANDS) s.out = [];
  s.out.push(c);
}

/** Moves task `t` to `to`, checking the transition table and recording the story. */
function transition(s: EngineState, t: number, to: number, note = ''): void {
  const from = s.taskState[t]!;
  if (!isAllowed(from, to)) {
    const story = taskStory(s, t)
      .map((e) => `  ${e.atMs}ms ${e.from}->${e.to} (${e.stimulusId}) ${e.note}`)
      .join('\n');
    throw new Error(
      `illegal transition ${TASK_STATE_NAMES[from]}->${TASK_STATE_NAMES[to]} for task ${s.taskSpec[t]!.id}\n${story}`,
    );
  }
  s.taskState[t] = to;
  s.stateCounts[from]!--;
  s.stateCounts[to]!++;
  if (s.config.keepStory) record(s, t, from, to, note);
}

function record(s: EngineState, t: number, from: number, to: number, note: string): void {
  s.taskStoryHead[t] = s.story.push(
    s.taskStoryHead[t]!,
    s.nowMs,
    s.stimulusSeq,
    s.stimulusLabel,
    from * 16 + to,
    s.taskAgent[t]!,
    s.taskAttempt[t]!,
    note,
  );
}

/** The recorded life of task index `t`, oldest first. */
export function taskStory(s: EngineState, t: number): StoryEntry[] {
  const log = s.story;
  const out: StoryEntry[] = [];
  for (let i = s.taskStoryHead[t] ?? -1; i >= 0; i = log.prev[i]!) {
    const ft = log.fromTo[i]!;
    const from = ft >> 4;
    const agent = log.agent[i]!;
    out.push({
      atMs: log.atMs[i]!,
      stimulusId: log.stimulusId(i) || `#${log.stimulusSeq[i]}`,
      from: from === 15 ? 'new' : TASK_STATE_NAMES[from]!,
      to: TASK_STATE_NAMES[ft & 15]!,
      agentId: agent >= 0 ? s.agentSpec[agent]!.id : null,
      attempt: log.attempt[i]!,
      note: log.note(i),
    });
  }
  return out.reverse();
}

/** The recorded life of a task by id (transitions with the stimulus that caused each), oldest first. */
export function story(s: EngineState, taskId: string) {
  const t = s.taskIndex.get(taskId);
  return t === undefined ? [] : taskStory(s, t);
}

// ---------------------------------------------------------------- agents

function onAgentJoined(s: EngineState, spec: AgentSpec): void {
  let a = s.agentIndex.get(spec.id);
  if (a === undefined) {
    a = s.agentSpec.length;
    s.agentIndex.set(spec.id, a);
    s.agentIdAt.push(spec.id);
    s.agentSpec.push(spec);
    let cluster = s.clusterIndex.get(spec.cluster);
    if (cluster === undefined) {
      cluster = s.clusterIndex.size;
      s.clusterIndex.set(spec.cluster, cluster);
    }
    s.agentClusterId.push(cluster);
    s.agentClass.push(agentClassOf(s, spec.capabilities));
    s.agentStatus.push(AgentStatus.Left);
    s.agentUsedSlots.push(0);
    s.agentUsedMemMb.push(0);
    s.agentFreePos.push(-1);
    s.agentRunning.push(new Set());
    s.agentHeldCount.push(0);
    s.agentHoldingsVersion.push(0);
    s.agentLastHeartbeatMs.push(s.nowMs);
    s.agentCpu.push(0);
    s.agentMemory.push(0);
    s.agentNetwork.push(0);
    s.agentPerf.push(1);
    s.agentEffSpeed.push(spec.speed);
    s.agentPredictedLoad.push(0);
    s.agentTypePerf.push([]);
    s.agentBlockedUntilMs.push(0);
    s.agentHeapPos.push(-1);
    s.agentAssignedTotal.push(0);
    faultsOnAgentAdded(s, a);
  } else {
    if (s.agentStatus[a] === AgentStatus.Alive) takeAgentDown(s, a, AgentStatus.Left, 'agent restarted');
    s.agentSpec[a] = spec;
    s.agentEffSpeed[a] = spec.speed / s.agentPerf[a]!;
    s.agentClass[a] = agentClassOf(s, spec.capabilities);
    let cluster = s.clusterIndex.get(spec.cluster);
    if (cluster === undefined) {
      cluster = s.clusterIndex.size;
      s.clusterIndex.set(spec.cluster, cluster);
    }
    s.agentClusterId[a] = cluster;
  }
  emit(s, { kind: 'AgentRegistered', agentId: spec.id, agentHandle: a });
  bringAgentUp(s, a);
  drainOnConnected(s, coreOps, a);
  balanceStart(s, coreOps);
  if (!s.heartbeatTimerArmed) {
    s.heartbeatTimerArmed = true;
    emit(s, {
      kind: 'ArmTimer',
      atMs: s.nowMs + sweepIntervalMs(s),
      timer: 'heartbeat-check',
      key: 'hb',
    });
  }
}

function bringAgentUp(s: EngineState, a: number): void {
  s.agentStatus[a] = AgentStatus.Alive;
  s.faults.agentStateVersion++;
  s.aliveAgents++;
  s.agentClasses[s.agentClass[a]!]!.alive++;
  s.agentUsedSlots[a] = 0;
  s.agentUsedMemMb[a] = 0;
  s.agentLastHeartbeatMs[a] = s.nowMs;
  offerCapacity(s, a, faultsOnAgentUp(s, a));
  s.dirty = true;
}

/** Removes agent `a` from service and re-places (or fails) every task it held. */
function takeAgentDown(s: EngineState, a: number, status: number, reason: string): void {
  withdrawCapacity(s, a);
  s.agentStatus[a] = status;
  s.faults.agentStateVersion++;
  s.aliveAgents--;
  s.agentClasses[s.agentClass[a]!]!.alive--;
  faultsOnAgentDown(s, coreOps, a, status);
  const tasks = [...s.agentRunning[a]!].sort((x, y) => x - y);
  clearRunning(s, a);
  s.agentUsedSlots[a] = 0;
  s.agentUsedMemMb[a] = 0;
  for (const t of tasks) {
    if (status === AgentStatus.Dead) {
      emit(s, {
        kind: 'CancelTask',
        taskId: s.taskSpec[t]!.id,
        agentId: s.agentSpec[a]!.id,
        attempt: s.taskAttempt[t]!,
      });
    }
    retryOrFail(s, t, reason);
  }
}

function onAgentLeft(s: EngineState, agentId: string): void {
  const a = s.agentIndex.get(agentId);
  if (a === undefined || s.agentStatus[a] !== AgentStatus.Alive) return;
  takeAgentDown(s, a, AgentStatus.Left, 'agent left');
}

function onHeartbeat(
  s: EngineState,
  agentId: string,
  agentHandle: number | undefined,
  m: { cpu: number; memory: number; network: number },
  held: HeldTasks | undefined,
): void {
  const a = agentOf(s, agentId, agentHandle);
  if (a === undefined) return;
  if (s.agentStatus[a] === AgentStatus.Dead) {
    if (!faultsMayReadmit(s, coreOps, a, held)) return;
    bringAgentUp(s, a);
    s.stats.agentsReadmitted++;
    emit(s, { kind: 'AgentReadmitted', agentId });
  } else if (s.agentStatus[a] !== AgentStatus.Alive) {
    return;
  } else {
    faultsOnHeartbeat(s, coreOps, a, held);
  }
  s.agentLastHeartbeatMs[a] = s.nowMs;
  s.agentCpu[a] = m.cpu;
  s.agentMemory[a] = m.memory;
  s.agentNetwork[a] = m.network;
}

function onHeartbeatCheck(s: EngineState): void {
  faultsSweep(s, coreOps);
  failStarvedTasks(s);
  emit(s, {
    kind: 'ArmTimer',
    atMs: s.nowMs + sweepIntervalMs(s),
    timer: 'heartbeat-check',
    key: 'hb',
  });
}

/** Fails ready tasks that no alive agent's capabilities cover and that have waited past the grace period. */
function failStarvedTasks(s: EngineState): void {
  const cutoff = s.nowMs - s.config.unschedulableGraceMs;
  for (const rc of s.reqClasses) {
    if (rc.queue.size === 0 || rc.compatible.some((ac) => s.agentClasses[ac]!.alive > 0)) continue;
    const keep: number[] = [];
    const need = rc.requires.length > 0 ? rc.requires.join(', ') : 'none';
    for (let t = rc.queue.pop(); t >= 0; t = rc.queue.pop()) {
      if (s.taskReadyAtMs[t]! > cutoff) keep.push(t);
      else
        failTask(
          s,
          t,
          `unschedulable: no alive agent has the required capabilities (${need}) after ${s.config.unschedulableGraceMs} ms`,
        );
    }
    for (const t of keep) enqueueReady(s, t);
  }
}

function onConfigChanged(s: EngineState, strategy?: string, weights?: Record<string, number>): void {
  const name = strategy ?? s.config.strategy;
  const w = weights ?? s.config.weights;
  try {
    s.strategy = createStrategy(name, w, s.random);
    s.config = { ...s.config, strategy: name, weights: w };
  } catch (err) {
    emit(s, { kind: 'Alert', level: 'warning', message: `config change refused: ${(err as Error).message}` });
  }
}

// ---------------------------------------------------------------- DAGs

/** Reason the DAG cannot be accepted, or null; fills `local` (task id → index in the DAG). */
function validateDag(s: EngineState, dag: DagSpec, local: Map<string, number>): string | null {
  if (s.dagIndex.has(dag.id)) return `dag id "${dag.id}" was already submitted`;
  if (dag.tasks.length === 0) return `dag "${dag.id}" has no tasks`;
  for (let i = 0; i < dag.tasks.length; i++) {
    const task = dag.tasks[i]!;
    if (local.has(task.id) || s.taskIndex.has(task.id)) return `duplicate task id "${task.id}"`;
    local.set(task.id, i);
    if (!(task.workUnits >= 0) || !(task.cpuDemand >= 1)) {
      return `task "${task.id}": workUnits must be >= 0 and cpuDemand >= 1`;
    }
  }
  // (Indexed loops on the submission, assignment and completion paths: a cold engine runs them in
  // V8's interpreter, where for-of allocates an iterator result per step.)
  for (let i = 0; i < dag.tasks.length; i++) {
    const task = dag.tasks[i]!;
    for (let k = 0; k < task.parents.length; k++) {
      const p = task.parents[k]!;
      if (p === task.id) return `task "${task.id}" depends on itself`;
      if (!local.has(p)) return `task "${task.id}" depends on unknown task "${p}"`;
    }
  }
  return null;
}

function onDagSubmitted(s: EngineState, dag: DagSpec): void {
  const local = new Map<string, number>();
  const problem = validateDag(s, dag, local);
  if (problem) {
    emit(s, { kind: 'DagRejected', dagId: dag.id, reason: problem });
    return;
  }
  // Each task's parents as indices in the DAG (its tasks get indices first, first + 1, … below). Built
  // with push, not map(): map() returns holey arrays, and parent lists of two array kinds made every
  // optimised reader of taskParents deoptimise once.
  const parentsLocal: number[][] = [];
  for (let i = 0; i < dag.tasks.length; i++) {
    const ps = dag.tasks[i]!.parents;
    const row: number[] = [];
    for (let k = 0; k < ps.length; k++) row.push(local.get(ps[k]!)!);
    parentsLocal.push(row);
  }
  const order = topoOrder(parentsLocal);
  if (!order) {
    emit(s, { kind: 'DagRejected', dagId: dag.id, reason: `dag "${dag.id}" has a cycle` });
    return;
  }
  const d = s.dags.length;
  const first = s.taskSpec.length;
  s.dagIndex.set(dag.id, d);
  s.dags.push({
    id: dag.id,
    firstTask: first,
    taskCount: dag.tasks.length,
    remaining: dag.tasks.length,
    failed: 0,
    submittedAtMs: s.nowMs,
    finishedAtMs: -1,
  });
  for (let i = 0; i < dag.tasks.length; i++) addTask(s, dag.tasks[i]!, d);
  for (let i = 0; i < parentsLocal.length; i++) {
    const t = first + i;
    const parents = parentsLocal[i]!;
    for (let k = 0; k < parents.length; k++) parents[k]! += first;
    s.taskParents[t] = parents;
    s.taskPendingParents[t] = parents.length;
    for (let k = 0; k < parents.length; k++) s.taskChildren[parents[k]!]!.push(t);
  }
  for (let k = 0; k < order.length; k++) order[k]! += first;
  computeRanks(s, order);
  for (let t = first; t < first + dag.tasks.length; t++) {
    if (s.taskPendingParents[t] === 0) makeReady(s, t);
  }
}

function addTask(s: EngineState, task: DagSpec['tasks'][number], d: number): void {
  const t = s.taskSpec.length;
  if (t >= s.taskState.length) growTaskColumns(s, t + 1);
  s.taskIndex.set(task.id, t);
  s.taskSpec.push(task);
  s.taskDag[t] = d;
  s.taskState[t] = TaskState.Waiting;
  s.stateCounts[TaskState.Waiting]!++;
  s.taskAttempt[t] = 0;
  s.taskAgent[t] = -1;
  s.taskOutputAgent[t] = -1;
  s.taskPendingParents[t] = 0;
  s.taskParents.push([]);
  s.taskChildren.push([]);
  s.taskRank[t] = 0;
  s.taskReqClass[t] = reqClassOf(s, task.requires);
  let type = s.taskTypeIndex.get(task.type);
  if (type === undefined) {
    type = s.taskTypeIndex.size;
    s.taskTypeIndex.set(task.type, type);
  }
  s.taskType[t] = type;
  s.taskSeq[t] = t;
  s.taskReadyAtMs[t] = -1;
  s.taskPreemptions[t] = 0;
  s.taskAssignedAtMs[t] = -1;
  s.taskStartedAtMs[t] = -1;
  s.taskWorkUnits[t] = task.workUnits;
  s.taskFinishedAtMs[t] = -1;
  s.taskCompletions[t] = 0;
  s.taskStoryHead[t] = -1;
  if (s.config.keepStory) record(s, t, 15, TaskState.Waiting, 'submitted');
}

/**
 * Doubles the per-task typed-array columns (at least to `need`). A copy of typed arrays is a memcpy;
 * growing ~20 plain JS arrays instead cost 50–130 ms at 50k–115k tasks (V8 copies element by element),
 * a stall a live server showed as assignment-latency spikes.
 */
function growTaskColumns(s: EngineState, need: number): void {
  const cap = Math.max(need, 1024, s.taskState.length * 2);
  s.taskDag = grownTo(s.taskDag, cap);
  s.taskState = grownTo(s.taskState, cap);
  s.taskAttempt = grownTo(s.taskAttempt, cap);
  s.taskAgent = grownTo(s.taskAgent, cap);
  s.taskOutputAgent = grownTo(s.taskOutputAgent, cap);
  s.taskPendingParents = grownTo(s.taskPendingParents, cap);
  s.taskReqClass = grownTo(s.taskReqClass, cap);
  s.taskType = grownTo(s.taskType, cap);
  s.taskPreemptions = grownTo(s.taskPreemptions, cap);
  s.taskCompletions = grownTo(s.taskCompletions, cap);
  s.taskStoryHead = grownTo(s.taskStoryHead, cap);
  s.taskRank = grownTo(s.taskRank, cap);
  s.taskSeq = grownTo(s.taskSeq, cap);
  s.taskReadyAtMs = grownTo(s.taskReadyAtMs, cap);
  s.taskAssignedAtMs = grownTo(s.taskAssignedAtMs, cap);
  s.taskStartedAtMs = grownTo(s.taskStartedAtMs, cap);
  s.taskWorkUnits = grownTo(s.taskWorkUnits, cap);
  s.taskFinishedAtMs = grownTo(s.taskFinishedAtMs, cap);
}

/** Kahn's algorithm over the DAG's local indices (`parents[i]`: task i's parents); null on a cycle. */
function topoOrder(parents: readonly (readonly number[])[]): number[] | null {
  const n = parents.length;
  const indeg = new Int32Array(n);
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    const ps = parents[i]!;
    for (let k = 0; k < ps.length; k++) {
      children[ps[k]!]!.push(i);
      indeg[i]!++;
    }
  }
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    const cs = children[order[k]!]!;
    for (let j = 0; j < cs.length; j++) if (--indeg[cs[j]!]! === 0) order.push(cs[j]!);
  }
  return order.length === n ? order : null;
}

/** Upward rank (HEFT-style) with the fleet's mean speed and mean transfer rate, for ready-queue order. */
function computeRanks(s: EngineState, topo: number[]): void {
  let speedSum = 0;
  for (let a = 0; a < s.agentSpec.length; a++) speedSum += s.agentSpec[a]!.speed;
  const meanSpeed = s.agentSpec.length > 0 ? speedSum / s.agentSpec.length : 1;
  const clusters = Math.max(1, s.clusterIndex.size);
  const net = s.config.network;
  const msPerByte =
    1 / clusters / net.intraClusterBandwidthBytesPerMs +
    (clusters - 1) / clusters / net.interClusterBandwidthBytesPerMs;
  for (let k = topo.length - 1; k >= 0; k--) {
    const t = topo[k]!;
    const spec = s.taskSpec[t]!;
    let best = 0;
    const comm = spec.outputBytes * msPerByte;
    const children = s.taskChildren[t]!;
    for (let j = 0; j < children.length; j++) best = Math.max(best, comm + s.taskRank[children[j]!]!);
    s.taskRank[t] = spec.workUnits / meanSpeed + best;
  }
}

function makeReady(s: EngineState, t: number): void {
  transition(s, t, TaskState.Ready);
  s.taskReadyAtMs[t] = s.nowMs;
  enqueueReady(s, t);
  s.dirty = true;
}

// ---------------------------------------------------------------- tasks

/** The task and agent a report names (set by `lookup` when it returns true). */
let hitT = -1;
let hitA = -1;

/** Whether the report names the current attempt of a placed task on that agent; sets hitT / hitA. */
function lookup(
  s: EngineState,
  taskId: string,
  agentId: string,
  attempt: number,
  handle: number | undefined,
  agentHandle: number | undefined,
): boolean {
  const t = taskOf(s, taskId, handle);
  const a = agentOf(s, agentId, agentHandle);
  if (t === undefined || a === undefined) return false;
  const st = s.taskState[t]!;
  if (
    (st !== TaskState.Assigned && st !== TaskState.Running) ||
    s.taskAttempt[t] !== attempt ||
    s.taskAgent[t] !== a
  ) {
    return false;
  }
  hitT = t;
  hitA = a;
  return true;
}

function onTaskStarted(
  s: EngineState,
  taskId: string,
  agentId: string,
  attempt: number,
  handle?: number,
  agentHandle?: number,
): void {
  if (!lookup(s, taskId, agentId, attempt, handle, agentHandle)) {
    s.stats.staleReports++;
    return;
  }
  const t = hitT;
  if (s.taskState[t] === TaskState.Assigned) transition(s, t, TaskState.Running);
  s.taskStartedAtMs[t] = s.nowMs;
}

function onTaskFinished(
  s: EngineState,
  taskId: string,
  agentId: string,
  attempt: number,
  handle?: number,
  agentHandle?: number,
): void {
  if (
    !lookup(s, taskId, agentId, attempt, handle, agentHandle) &&
    !secondaryFinished(s, taskId, agentId, attempt)
  ) {
    const t = s.taskIndex.get(taskId);
    if (t !== undefined && s.taskState[t] === TaskState.Done) s.stats.duplicateCompletionsRefused++;
    s.stats.staleReports++;
    return;
  }
  const t = hitT;
  const a = hitA;
  transition(s, t, TaskState.Done);
  releaseSlots(s, t, a);
  faultsOnTaskFinished(s, coreOps, t, a);
  learnPerformance(s, t, a);
  s.taskOutputAgent[t] = a;
  s.taskFinishedAtMs[t] = s.nowMs;
  s.taskCompletions[t]!++;
  s.stats.completions++;
  emit(s, { kind: 'TaskCompleted', taskId, agentId, attempt });
  const children = s.taskChildren[t]!;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (--s.taskPendingParents[c]! === 0 && s.taskState[c] === TaskState.Waiting) makeReady(s, c);
  }
  settleDag(s, t, false);
}

/** A finish from a speculated straggler wins over its copy: true (hitT / hitA set) once it is the current attempt. */
function secondaryFinished(s: EngineState, taskId: string, agentId: string, attempt: number): boolean {
  const t = s.taskIndex.get(taskId);
  const a = s.agentIndex.get(agentId);
  if (t === undefined || a === undefined || !faultsSecondaryFinished(s, coreOps, t, a, attempt)) return false;
  hitT = t;
  hitA = a;
  return true;
}

function learnPerformance(s: EngineState, t: number, a: number): void {
  const started = s.taskStartedAtMs[t]!;
  const work = s.taskSpec[t]!.workUnits;
  if (started < 0 || work <= 0) return;
  const expected = work / s.agentSpec[a]!.speed;
  const ratio = (s.nowMs - started) / expected;
  const alpha = s.config.historyAlpha;
  setAgentPerf(s, a, s.agentPerf[a]! * (1 - alpha) + ratio * alpha);
  const byType = s.agentTypePerf[a]!;
  const type = s.taskType[t]!;
  byType[type] = (byType[type] ?? 1) * (1 - alpha) + ratio * alpha;
}

function onTaskFailed(
  s: EngineState,
  taskId: string,
  agentId: string,
  attempt: number,
  reason: string,
): void {
  if (!lookup(s, taskId, agentId, attempt, undefined, undefined)) {
    const t = s.taskIndex.get(taskId);
    const a = s.agentIndex.get(agentId);
    if (t !== undefined && a !== undefined && faultsSecondaryFailed(s, coreOps, t, a, attempt)) return;
    s.stats.staleReports++;
    return;
  }
  const t = hitT;
  const a = hitA;
  releaseSlots(s, t, a);
  retryOrFail(s, t, reason, faultsOnTaskFailed(s, coreOps, t, a, reason));
}

function releaseSlots(s: EngineState, t: number, a: number): void {
  const spec = s.taskSpec[t]!;
  dropRunning(s, a, t);
  s.agentUsedMemMb[a]! -= spec.memoryMb;
  changeUsedSlots(s, a, -spec.cpuDemand);
  if (s.agentStatus[a] === AgentStatus.Alive) s.dirty = true;
}

/**
 * After losing an attempt: a speculative copy takes over if there is one; otherwise back to the ready
 * queue (after `delayMs` of back-off), or failed when the attempt budget is spent.
 */
function retryOrFail(s: EngineState, t: number, reason: string, delayMs = 0): void {
  if (faultsTakeOver(s, coreOps, t)) return;
  if (s.taskAttempt[t]! - s.taskPreemptions[t]! >= s.config.maxAttempts) {
    failTask(s, t, `${reason}; gave up after ${s.taskAttempt[t]! - s.taskPreemptions[t]!} attempts`);
    return;
  }
  s.stats.retries++;
  transition(s, t, TaskState.Ready, reason);
  s.taskAgent[t] = -1;
  s.taskReadyAtMs[t] = s.nowMs;
  if (delayMs > 0) {
    parkForRetry(s, coreOps, t, delayMs);
    return;
  }
  enqueueReady(s, t);
  s.dirty = true;
}

/** A retry back-off ended: the task joins its ready queue. */
function onRetryTimer(s: EngineState, key: string): void {
  const t = retryDue(s, key);
  if (t < 0) return;
  enqueueReady(s, t);
  s.dirty = true;
}

/** Marks `t` failed and every waiting descendant failed too (they can never run). */
function failTask(s: EngineState, t: number, reason: string): void {
  transition(s, t, TaskState.Failed, reason);
  s.taskAgent[t] = -1;
  emit(s, { kind: 'TaskGaveUp', taskId: s.taskSpec[t]!.id, reason });
  settleDag(s, t, true);
  const stack = [...s.taskChildren[t]!];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (s.taskState[c] !== TaskState.Waiting) continue;
    transition(s, c, TaskState.Failed, `parent ${s.taskSpec[t]!.id} failed`);
    emit(s, { kind: 'TaskGaveUp', taskId: s.taskSpec[c]!.id, reason: `parent ${s.taskSpec[t]!.id} failed` });
    settleDag(s, c, true);
    for (const g of s.taskChildren[c]!) stack.push(g);
  }
}

function settleDag(s: EngineState, t: number, failed: boolean): void {
  const dag = s.dags[s.taskDag[t]!]!;
  dag.remaining--;
  if (failed) dag.failed++;
  if (dag.remaining === 0) {
    dag.finishedAtMs = s.nowMs;
    emit(s, { kind: 'DagCompleted', dagId: dag.id, failedTasks: dag.failed });
  }
}

function onCancelRequested(s: EngineState, taskId: string): void {
  const t = s.taskIndex.get(taskId);
  if (t === undefined || isTerminal(s.taskState[t]!)) return;
  const st = s.taskState[t]!;
  if (st === TaskState.Ready) s.reqClasses[s.taskReqClass[t]!]!.queue.remove(t);
  if (st === TaskState.Assigned || st === TaskState.Running) {
    const a = s.taskAgent[t]!;
    emit(s, { kind: 'CancelTask', taskId, agentId: s.agentSpec[a]!.id, attempt: s.taskAttempt[t]! });
    releaseSlots(s, t, a);
  }
  faultsOnTaskCancelled(s, coreOps, t);
  transition(s, t, TaskState.Cancelled, 'cancel requested');
  settleDag(s, t, true);
  const stack = [...s.taskChildren[t]!];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (s.taskState[c] !== TaskState.Waiting) continue;
    transition(s, c, TaskState.Cancelled, `parent ${taskId} cancelled`);
    settleDag(s, c, true);
    for (const g of s.taskChildren[c]!) stack.push(g);
  }
}

// ---------------------------------------------------------------- scheduling pass

const DEFERRALS_PER_CLASS_MAX = 8;

/**
 * Places ready tasks while free capacity lasts: repeatedly takes the best queue head among requirement
 * classes that have a compatible free agent, asks the strategy for an agent, and reserves it.
 */
function schedulePass(s: EngineState, env: Env, limit: number): number {
  if (!s.config.preemption.enabled) return placeReady(s, env, limit);
  // Urgent heads first take slots from lower-priority work; then, once free capacity is used up,
  // urgent tasks still queued get one more round.
  preemptForUrgent(s, coreOps);
  let placed = placeReady(s, env, limit);
  if (placed < limit && preemptForUrgent(s, coreOps) > 0) placed += placeReady(s, env, limit - placed);
  return placed;
}

function placeReady(s: EngineState, env: Env, limit: number): number {
  if (s.totalFreeSlots <= 0) return 0;
  let placed = 0;
  const deferred = s.scratchDeferred;
  deferred.length = 0;
  if (s.scratchDeferrals.length < s.reqClasses.length)
    s.scratchDeferrals = new Int32Array(s.reqClasses.length * 2);
  const deferrals = s.scratchDeferrals;
  deferrals.fill(0);
  const probe = env.probe;
  for (;;) {
    let bestRc = -1;
    for (let rc = 0; rc < s.reqClasses.length; rc++) {
      const cls = s.reqClasses[rc]!;
      if (cls.queue.size === 0 || deferrals[rc]! >= DEFERRALS_PER_CLASS_MAX || !hasFreeFor(s, cls.compatible))
        continue;
      if (bestRc < 0 || cls.queue.headBefore(s.reqClasses[bestRc]!.queue)) bestRc = rc;
    }
    if (bestRc < 0) break;
    const bestT = s.reqClasses[bestRc]!.queue.pop();
    probe?.decisionStart();
    const a = s.strategy.select(s, bestT, probe);
    if (a >= 0) {
      assign(s, bestT, a);
      placed++;
    }
    probe?.decisionEnd();
    if (a < 0) {
      if (anyAgentCouldRun(s, bestT)) {
        deferred.push(bestT);
        deferrals[bestRc]!++;
      } else {
        failTask(s, bestT, 'unschedulable: no alive agent has the capabilities, slots and memory it needs');
      }
    }
    if (s.totalFreeSlots <= 0 || placed >= limit) break;
  }
  for (let i = 0; i < deferred.length; i++) enqueueReady(s, deferred[i]!);
  return placed;
}

function hasFreeFor(s: EngineState, compatible: number[]): boolean {
  for (let i = 0; i < compatible.length; i++) if (s.agentClasses[compatible[i]!]!.freeSlots > 0) return true;
  return false;
}

function assign(s: EngineState, t: number, a: number): void {
  const spec = s.taskSpec[t]!;
  s.taskAttempt[t]!++;
  s.taskAgent[t] = a;
  transition(s, t, TaskState.Assigned);
  s.taskAssignedAtMs[t] = s.nowMs;
  s.taskStartedAtMs[t] = -1;
  changeUsedSlots(s, a, spec.cpuDemand);
  s.agentUsedMemMb[a]! += spec.memoryMb;
  s.agentAssignedTotal[a]!++;
  holdRunning(s, a, t);
  s.stats.decisions++;
  const inputs = [];
  const parents = s.taskParents[t]!;
  for (let i = 0; i < parents.length; i++) {
    const p = parents[i]!;
    const bytes = s.taskSpec[p]!.outputBytes;
    if (bytes > 0) inputs.push({ fromAgentId: s.agentSpec[s.taskOutputAgent[p]!]!.id, bytes });
  }
  if (spec.inputBytes > 0) inputs.push({ fromAgentId: null, bytes: spec.inputBytes });
  emit(s, {
    kind: 'AssignTask',
    taskId: spec.id,
    agentId: s.agentSpec[a]!.id,
    attempt: s.taskAttempt[t]!,
    handle: t,
    agentHandle: a,
    inputs,
  });
}

/** The core operations fault recovery and balancing act through (see core-ops.ts). */
const coreOps: CoreOps = {
  emit,
  takeAgentDown,
  bringAgentUp,
  releaseSlots,
  retryOrFail: (s, t, reason) => retryOrFail(s, t, reason),
  transition,
  finishTask: onTaskFinished,
  assign,
};

/** Restart recovery's operations (see restore.ts). */
const restoreOps: RestoreOps = { ...coreOps, joinAgent: onAgentJoined, settleDag };
