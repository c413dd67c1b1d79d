/**
 * Discrete-event simulator: a virtual clock, an event queue ordered by (time, seq), simulated agents and
 * network, heartbeats and fault injection. It turns events into stimuli for the engine core and executes
 * the core's commands against the simulated world. Every draw comes from the run's seed; wall-clock
 * figures (decision latency, events/s) are measured beside the digest, never inside it.
 */
import { createHash, type Hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createEngine, type DecisionProbe, type Env, handleStimulus } from '../engine/core/engine.js';
import { assertInvariants } from '../engine/core/invariants.js';
import type { EngineConfigInput, EngineState } from '../engine/core/state.js';
import type { Command, Stimulus, TimerKind } from '../engine/core/stimuli.js';
import { TaskState } from '../engine/core/transitions.js';
import { DOUBLE_ZERO, doubleArray, objectArray } from '../engine/core/typed-arrays.js';
import type { Random } from '../engine/model/random.js';
import type { AgentSpec, DagSpec, LoadMetrics, NetworkModel } from '../engine/model/types.js';
import { EventQueue } from './event-queue.js';
import { downtimeOf, planFaults, stragglerFactor } from './fault-plan.js';
import type { FaultSpec } from './scenario/types.js';
import type { SimBackground } from './sim-background.js';
import { SimNetwork } from './sim-network.js';

const EV_ARRIVAL = 0;
const EV_JOIN = 1;
const EV_HEARTBEAT = 2;
const EV_START = 3;
const EV_FINISH = 4;
const EV_TIMER = 5;
const EV_CRASH = 6;
const EV_RECOVER = 7;
const EV_SLOW_START = 8;
const EV_SLOW_END = 9;
const EV_SAMPLE = 10;
/** a = cluster, b = 1 start / 0 end. */
const EV_PARTITION = 20;
/** a = fault index, b = 1 start / 0 end. */
const EV_NET = 21;
/** A deferred message from an agent: a = index in the message table. */
const EV_MSG = 22;
/** A probe reaches agent a (epoch b). */
const EV_PROBE = 23;
/** A background-load forecast tick (ForecastUpdated to the engine). */
const EV_FORECAST = 50;

/** Execution outcomes in the trace. */
export const ExecState = { Transferring: 0, Running: 1, Done: 2, Cancelled: 3, Lost: 4, Queued: 5 } as const;
export const EXEC_STATE_NAMES = ['transferring', 'running', 'done', 'cancelled', 'lost', 'queued'] as const;

export interface SimInput {
  name: string;
  seed: number;
  agents: AgentSpec[];
  dags: DagSpec[];
  arrivalsMs: number[];
  /** The true network (the engine plans with `engine.network`). */
  network: NetworkModel;
  engine: EngineConfigInput;
  faults: FaultSpec[];
  runtimeNoise: number;
  timeLimitMs: number;
  sampleIntervalMs: number;
  checkInvariants: 'off' | 'cheap' | 'full';
  random: Random;
  /** Background load of the agents (heartbeat CPU, slower runtimes, forecasts); absent: none, no cost. */
  background?: SimBackground | null;
}

export interface FaultRecord {
  atMs: number;
  kind:
    | 'crash'
    | 'recover'
    | 'slowdown'
    | 'slowdown-end'
    | 'declared-dead'
    | 'readmitted'
    | 'partition'
    | 'partition-end'
    | 'straggler'
    | 'isolated'
    | 'isolation-end';
  agent: number;
}

/** Everything a report needs about a run, beyond the summary. */
export interface SimTrace {
  agents: AgentSpec[];
  /** The workload as submitted (task index order = DAG order, then task order). */
  dags: DagSpec[];
  network: NetworkModel;
  taskIds: string[];
  taskDag: number[];
  dagIds: string[];
  exec: {
    task: number[];
    agent: number[];
    attempt: number[];
    assignMs: number[];
    startMs: number[];
    endMs: number[];
    state: number[];
  };
  faults: FaultRecord[];
  timeline: { tMs: number; cv: number; mean: number; alive: number }[];
  /** Per sample, per agent utilisation (busy slots / slots; -1 when down). */
  utilization: Float32Array[];
  decisionLatencyUs: Float64Array;
  /** Per hierarchy layer (global, local, realtime): sorted latencies in µs. */
  layerLatencyUs: Record<string, Float64Array>;
}

export interface SimSummary {
  submittedTasks: number;
  rejectedDags: number;
  completed: number;
  failed: number;
  lost: number;
  duplicateCompletions: number;
  retried: number;
  makespanMs: number;
  decisions: number;
  faultsInjected: number;
  faultsDetected: number;
  falseSuspicions: number;
  detectionDelaysMs: number[];
  /** Agents declared dead at least once while up and reachable. */
  falselySuspectedAgents: number;
  /** From a task's loss (crash, partition) to its next assignment, per lost task. */
  recoveryMs: number[];
  stragglersInjected: number;
  messagesLost: number;
  capacityViolations: number;
  energyJ: number;
  utilizationPerAgent: number[];
  events: number;
  wallMs: number;
  digest: string;
  stoppedBy: 'done' | 'time-limit' | 'idle';
}

/**
 * SHA-256 over the event log. Records are packed as binary (time, code, two integers) into a buffer that
 * is hashed in chunks, so logging allocates nothing per event; free text (ids, messages) is hashed as
 * UTF-8 in sequence.
 */
class Digest {
  private hash: Hash = createHash('sha256');
  private buf = Buffer.alloc(1 << 16);
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  private pos = 0;
  rec(timeMs: number, code: number, a: number, b: number): void {
    if (this.pos + 17 > this.buf.length) this.flush();
    const v = this.view;
    v.setFloat64(this.pos, timeMs, true);
    v.setUint8(this.pos + 8, code);
    v.setInt32(this.pos + 9, a, true);
    v.setInt32(this.pos + 13, b, true);
    this.pos += 17;
  }
  text(timeMs: number, code: number, s: string): void {
    this.rec(timeMs, code, s.length, 0);
    this.flush();
    this.hash.update(s);
  }
  flush(): void {
    if (this.pos > 0) this.hash.update(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
  hex(): string {
    this.flush();
    return this.hash.digest('hex');
  }
}

/** Event-log record codes (part of the digest format). */
const L = {
  timer: 1,
  dag: 2,
  join: 3,
  heartbeat: 4,
  crash: 5,
  slow: 6,
  slowEnd: 7,
  start: 8,
  finish: 9,
  armTimer: 10,
  readmitted: 11,
  dagRejected: 12,
  dagCompleted: 13,
  alert: 14,
  assign: 15,
  cancel: 16,
  declaredDead: 17,
  completed: 18,
  failed: 19,
  msgLost: 30,
  probe: 31,
  migrate: 32,
  announce: 33,
  classified: 34,
  isolate: 35,
  partition: 36,
  netFault: 37,
  straggler: 38,
  queued: 39,
  forecast: 50,
} as const;

class LatencyProbe implements DecisionProbe {
  samples = new Float64Array(1 << 14);
  n = 0;
  /** Per-phase durations (µs) for layered strategies, by phase name. */
  readonly phases = new Map<string, number[]>();
  private t0 = DOUBLE_ZERO;
  private mark = DOUBLE_ZERO;
  decisionStart(): void {
    this.t0 = performance.now();
    this.mark = this.t0;
  }
  phase(name: string): void {
    const now = performance.now();
    let list = this.phases.get(name);
    if (!list) {
      list = [];
      this.phases.set(name, list);
    }
    list.push((now - this.mark) * 1000);
    this.mark = now;
  }
  decisionEnd(): void {
    const us = (performance.now() - this.t0) * 1000;
    if (this.n >= this.samples.length) {
      const next = new Float64Array(this.samples.length * 2);
      next.set(this.samples);
      this.samples = next;
    }
    this.samples[this.n++] = us;
  }
}

export class Simulation {
  declare readonly engine: EngineState;
  private q = new EventQueue(1 << 16);
  private now = DOUBLE_ZERO;
  declare private env: SimEnv;
  private probe = new LatencyProbe();
  private digest = new Digest();
  private events = 0;
  private stimuli = 0;
  private nextCheckAt = 1024;
  declare private arrivalsLeft: number;
  private stoppedBy: SimSummary['stoppedBy'] = 'idle';

  // agents (simulated truth)
  private agentIdx = new Map<string, number>();
  private alive: boolean[] = objectArray();
  private epoch: number[] = [];
  private slowdown: number[] = doubleArray();
  private busySlots: number[] = doubleArray();
  private busyMem: number[] = doubleArray();
  private busySlotMs: number[] = doubleArray();
  private busySince: number[] = doubleArray();
  private aliveMs: number[] = doubleArray();
  private aliveSince: number[] = doubleArray();
  private crashedAtMs: number[] = doubleArray();
  /** Per agent: executions holding a slot, in start order (small arrays: cheaper than Sets to walk). */
  private running: number[][] = objectArray();
  private cluster: number[] = [];
  /** Per agent: its id, slots and memory (hot copies of the spec for the heartbeat path). */
  private idOf: string[] = objectArray();
  private slotsOf: number[] = [];
  private memoryMbOf: number[] = [];
  /** Per agent: the engine's handle for it, learnt from its assignments (-1 before the first). */
  private engineHandle: number[] = [];
  /** Per agent: moved by every change to its running or queued list (its heartbeats' `held.version`). */
  private heldVersion: number[] = [];
  /** Per agent: its last held report and the `heldVersion` it was built at (rebuilt when that moved). */
  private heldReports: (HeldReport | undefined)[] = objectArray();
  private heldReportVersion: number[] = [];
  /** Per agent: the length of its report's held list (a flat copy: idle agents' heartbeats read only this). */
  private heldReportSize: number[] = [];
  /** Whether any agent keeps finish reports to repeat (only on lossy or delaying networks). */
  private repeatsFinishes = false;

  // tasks and executions
  private taskIdx = new Map<string, number>();
  private taskWork: number[] = doubleArray();
  private taskDemand: number[] = doubleArray();
  private taskMem: number[] = [];
  private currentExec: number[] = [];
  private completions: number[] = [];
  private failedTasks: boolean[] = objectArray();
  private timers: { timer: TimerKind; key: string }[] = objectArray();

  declare private rngRuntime: Random;
  declare private rngHeartbeat: Random;
  declare private rngFaults: Random;
  declare private hbStim: HeartbeatStimulus;
  /** Engine handle → this simulator's task / agent index (-1 unknown): spares id lookups on assignments. */
  private taskOfHandle: Int32Array = new Int32Array(0);
  private agentOfHandle: Int32Array = new Int32Array(0);
  /** Per execution: the engine's handle for the task (echoed in reports, see `AssignTask.handle`). */
  private execHandle: number[] = [];
  /** Per agent: finishes repeated in heartbeats until this time (reports are at-least-once). */
  private recentFinishes: { taskId: string; attempt: number; untilMs: number }[][] = objectArray();
  declare private rngNetwork: Random;
  declare private rngStragglers: Random;
  declare private network: SimNetwork;
  /** Per agent: executions waiting for a slot in the agent-side queue, in order. */
  private queued: number[][] = objectArray();
  private execInputs = new Map<number, { fromAgentId: string | null; bytes: number }[]>();
  private execRuntimeMs: number[] = doubleArray();
  private execResume = new Map<number, number>();
  private msgs: (Stimulus | undefined)[] = objectArray();
  private lastMsgAtMs: number[] = doubleArray();
  private pendingCancels: { a: number; taskId: string; attempt: number }[] = objectArray();
  private lostAtMs: number[] = doubleArray();
  private recoveryMs: number[] = doubleArray();
  private stragglersInjected = 0;
  private falselySuspected = new Set<number>();

  declare readonly trace: SimTrace;
  private faultsInjected = 0;
  private faultsDetected = 0;
  private falseSuspicions = 0;
  private detectionDelaysMs: number[] = doubleArray();
  private capacityViolations = 0;
  private duplicateCompletions = 0;
  private completedUnique = 0;
  private failedUnique = 0;
  private rejectedDags = 0;
  private lastTerminalMs = DOUBLE_ZERO;

  declare private readonly input: SimInput;

  constructor(given: SimInput) {
    const input = new SimInputRecord(given);
    this.input = input;
    this.engine = createEngine(
      {
        ...input.engine,
        keepStory: input.engine.keepStory ?? true,
        // The whole workload is known: size the engine's task columns once.
        initialTaskCapacity:
          input.engine.initialTaskCapacity ?? input.dags.reduce((n, d) => n + d.tasks.length, 0),
      },
      input.random.fork('engine'),
    );
    this.env = new SimEnv(this.probe);
    this.rngRuntime = input.random.fork('runtime');
    this.rngHeartbeat = input.random.fork('heartbeat');
    this.rngFaults = input.random.fork('faults');
    this.rngNetwork = input.random.fork('network');
    this.rngStragglers = input.random.fork('stragglers');
    this.hbStim = new HeartbeatStimulus();
    this.arrivalsLeft = input.dags.length;
    this.trace = new SimTraceRecord(input);
    this.setUpAgents();
    this.setUpTasks();
    this.setUpFaults();
    input.arrivalsMs.forEach((t, d) => {
      this.q.push(t, EV_ARRIVAL, d, 0);
    });
    this.q.push(input.sampleIntervalMs, EV_SAMPLE, 0, 0);
    if (input.background?.forecastIntervalMs) this.q.push(0, EV_FORECAST, 0, 0);
  }

  private setUpAgents(): void {
    const clusters = new Map<string, number>();
    this.input.agents.forEach((a, i) => {
      this.agentIdx.set(a.id, i);
      if (!clusters.has(a.cluster)) clusters.set(a.cluster, clusters.size);
      this.cluster.push(clusters.get(a.cluster)!);
      this.alive.push(false);
      this.epoch.push(0);
      this.slowdown.push(1);
      this.busySlots.push(0);
      this.busyMem.push(0);
      this.busySlotMs.push(0);
      this.busySince.push(0);
      this.aliveMs.push(0);
      this.aliveSince.push(0);
      this.crashedAtMs.push(-1);
      this.queued.push([]);
      this.recentFinishes.push([]);
      this.lastMsgAtMs.push(0);
      this.running.push([]);
      this.idOf.push(a.id);
      this.slotsOf.push(a.slots);
      this.memoryMbOf.push(a.memoryMb);
      this.engineHandle.push(-1);
      this.heldVersion.push(0);
      this.heldReports.push(undefined);
      this.heldReportVersion.push(-1);
      this.heldReportSize.push(0);
      this.q.push(0, EV_JOIN, i, 0);
    });
  }

  private setUpTasks(): void {
    this.input.dags.forEach((dag, d) => {
      for (const t of dag.tasks) {
        const i = this.taskWork.length;
        this.taskIdx.set(t.id, i);
        this.taskWork.push(t.workUnits);
        this.taskDemand.push(t.cpuDemand);
        this.taskMem.push(t.memoryMb);
        this.currentExec.push(-1);
        this.lostAtMs.push(-1);
        this.completions.push(0);
        this.failedTasks.push(false);
        this.trace.taskIds.push(t.id);
        this.trace.taskDag.push(d);
      }
    });
  }

  private setUpFaults(): void {
    const clusters = this.cluster.reduce((m, c) => Math.max(m, c + 1), 0);
    this.network = new SimNetwork(clusters, this.rngNetwork);
    for (const p of planFaults(this.input.faults, this.cluster, clusters, this.rngFaults)) {
      const kind =
        p.what === 'crash'
          ? EV_CRASH
          : p.what === 'slow'
            ? EV_SLOW_START
            : p.what === 'partition-start' || p.what === 'partition-end'
              ? EV_PARTITION
              : EV_NET;
      const start = p.what === 'partition-start' || p.what === 'net-start' ? 1 : 0;
      const isNet = kind === EV_NET;
      this.q.push(
        p.atMs,
        kind,
        isNet ? p.fault : p.target,
        kind === EV_CRASH || kind === EV_SLOW_START ? p.fault : start,
      );
    }
  }

  /** Runs to the end (all tasks settled, the time limit, or no more events) and summarises. */
  run(): SimSummary {
    const wall0 = performance.now();
    const q = this.q;
    const limit = this.input.timeLimitMs;
    while (q.pop()) {
      if (q.timeMs > limit) {
        this.stoppedBy = 'time-limit';
        break;
      }
      this.now = q.timeMs;
      this.events++;
      this.dispatch(q.kind, q.a, q.b);
      if (this.arrivalsLeft === 0 && this.settled()) {
        this.stoppedBy = 'done';
        break;
      }
    }
    const wallMs = performance.now() - wall0;
    if (this.input.checkInvariants !== 'off') assertInvariants(this.engine);
    return this.summarise(wallMs);
  }

  private settled(): boolean {
    const c = this.engine.stateCounts;
    return (
      c[TaskState.Done]! + c[TaskState.Failed]! + c[TaskState.Cancelled]! === this.engine.taskSpec.length
    );
  }

  private dispatch(kind: number, a: number, b: number): void {
    switch (kind) {
      case EV_HEARTBEAT:
        this.onHeartbeat(a, b);
        return;
      case EV_START:
        this.onStart(a);
        return;
      case EV_FINISH:
        this.onFinish(a);
        return;
      case EV_TIMER: {
        const t = this.timers[a]!;
        this.digest.rec(this.now, L.timer, a, 0);
        this.deliver({ kind: 'TimerFired', timer: t.timer, key: t.key });
        return;
      }
      case EV_ARRIVAL: {
        this.arrivalsLeft--;
        const dag = this.input.dags[a]!;
        this.digest.rec(this.now, L.dag, a, 0);
        this.deliver({ kind: 'DagSubmitted', dag });
        return;
      }
      case EV_JOIN:
        this.onJoin(a);
        return;
      case EV_CRASH:
        this.onCrash(a, this.input.faults[b]!);
        return;
      case EV_RECOVER:
        this.onJoin(a);
        return;
      case EV_SLOW_START:
        this.onSlowStart(a, this.input.faults[b]!);
        return;
      case EV_SLOW_END:
        this.slowdown[a] = 1;
        this.trace.faults.push({ atMs: this.now, kind: 'slowdown-end', agent: a });
        this.digest.rec(this.now, L.slowEnd, a, 0);
        return;
      case EV_SAMPLE:
        this.onSample();
        return;
      case EV_FORECAST:
        this.onForecast();
        return;
      case EV_PARTITION:
        this.onPartition(a, b === 1);
        return;
      case EV_NET:
        this.onNetFault(this.input.faults[a]!, b === 1);
        return;
      case EV_MSG: {
        const stim = this.msgs[a]!;
        this.msgs[a] = undefined;
        this.deliver(stim);
        return;
      }
      case EV_PROBE:
        if (this.alive[a] && this.epoch[a] === b) this.sendHeartbeat(a);
        return;
    }
  }

  // ---------------------------------------------------------------- agents

  private onJoin(a: number): void {
    this.alive[a] = true;
    this.epoch[a]!++;
    this.aliveSince[a] = this.now;
    this.busySince[a] = this.now;
    if (this.crashedAtMs[a]! >= 0) this.trace.faults.push({ atMs: this.now, kind: 'recover', agent: a });
    const spec = this.input.agents[a]!;
    this.digest.rec(this.now, L.join, a, 0);
    this.deliver({ kind: 'AgentJoined', agent: spec });
    const interval = this.engine.config.heartbeatIntervalMs;
    this.q.push(this.now + 1 + this.rngHeartbeat.int(interval), EV_HEARTBEAT, a, this.epoch[a]!);
  }

  private onHeartbeat(a: number, epoch: number): void {
    if (!this.alive[a] || this.epoch[a] !== epoch) return;
    this.sendHeartbeat(a);
    this.q.pushLane(this.now + this.engine.config.heartbeatIntervalMs, EV_HEARTBEAT, a, epoch);
  }

  /** Sends agent `a`'s heartbeat (load and the task attempts it holds) over the control network. */
  private sendHeartbeat(a: number): void {
    const m = this.hbStim.metrics;
    m.cpu = this.busySlots[a]! / this.slotsOf[a]!;
    if (this.input.background) m.cpu = Math.min(1, m.cpu + this.input.background.cpuAt(a, this.now));
    const memoryMb = this.memoryMbOf[a]!;
    m.memory = memoryMb > 0 ? this.busyMem[a]! / memoryMb : 0;
    m.network = 0;
    this.hbStim.agentId = this.idOf[a]!;
    this.hbStim.agentHandle = this.engineHandle[a]!;
    // Each agent keeps its report and rewrites the held list only when it changed. The arrays are
    // written in place (never truncated to 0 and refilled: that frees their storage, and the next
    // report would allocate it again); an agent holding nothing sends the shared empty report.
    const version = this.heldVersion[a]!;
    const idle =
      this.heldReportVersion[a] === version &&
      this.heldReportSize[a] === 0 &&
      (!this.repeatsFinishes || this.recentFinishes[a]!.length === 0);
    this.hbStim.held = idle ? NOTHING_HELD : this.heldReportOf(a, version);
    this.digest.rec(this.now, L.heartbeat, a, 0);
    this.fromAgent(a, this.hbStim as Stimulus, 0);
  }

  /** Agent `a`'s report at `version`: its held list (rewritten if stale) and its recent finishes. */
  private heldReportOf(a: number, version: number): HeldReport {
    let held = this.heldReports[a];
    if (held === undefined) {
      held = { taskIds: [], attempts: [], handles: [], finishedTaskIds: [], finishedAttempts: [], version };
      this.heldReports[a] = held;
    }
    if (this.heldReportVersion[a] !== version) this.rewriteHeld(a, held, version);
    let f = 0;
    const recent = this.recentFinishes[a]!;
    if (recent.length > 0) {
      while (recent.length > 0 && recent[0]!.untilMs < this.now) recent.shift();
      for (const r of recent) {
        held.finishedTaskIds[f] = r.taskId;
        held.finishedAttempts[f++] = r.attempt;
      }
    }
    if (held.taskIds.length === 0 && f === 0) return NOTHING_HELD;
    if (held.finishedTaskIds.length !== f) {
      held.finishedTaskIds.length = f;
      held.finishedAttempts.length = f;
    }
    return held;
  }

  /** Rewrites agent `a`'s held list (running, then queued executions) at `version`. */
  private rewriteHeld(a: number, held: HeldReport, version: number): void {
    const ex = this.trace.exec;
    let n = 0;
    const running = this.running[a]!;
    for (let i = 0; i < running.length; i++) {
      const e = running[i]!;
      held.taskIds[n] = this.trace.taskIds[ex.task[e]!]!;
      held.handles[n] = this.execHandle[e]!;
      held.attempts[n++] = ex.attempt[e]!;
    }
    const queued = this.queued[a]!;
    for (let i = 0; i < queued.length; i++) {
      const e = queued[i]!;
      held.taskIds[n] = this.trace.taskIds[ex.task[e]!]!;
      held.handles[n] = this.execHandle[e]!;
      held.attempts[n++] = ex.attempt[e]!;
    }
    if (held.taskIds.length !== n) {
      held.taskIds.length = n;
      held.attempts.length = n;
      held.handles.length = n;
    }
    held.version = version;
    this.heldReportVersion[a] = version;
    this.heldReportSize[a] = n;
  }

  private onCrash(a: number, f: FaultSpec): void {
    if (!this.alive[a]) return;
    this.faultsInjected++;
    this.setBusy(a, -this.busySlots[a]!);
    this.busyMem[a] = 0;
    this.aliveMs[a]! += this.now - this.aliveSince[a]!;
    this.alive[a] = false;
    this.epoch[a]!++;
    this.crashedAtMs[a] = this.now;
    for (const e of this.running[a]!) this.loseExec(e);
    for (const e of this.queued[a]!) this.loseExec(e);
    this.running[a]!.length = 0;
    this.queued[a]!.length = 0;
    this.heldVersion[a]!++;
    this.recentFinishes[a]!.length = 0;
    this.trace.faults.push({ atMs: this.now, kind: 'crash', agent: a });
    this.digest.rec(this.now, L.crash, a, 0);
    const down = downtimeOf(f);
    if (down !== undefined) this.q.push(this.now + down, EV_RECOVER, a, 0);
  }

  private onSlowStart(a: number, f: FaultSpec): void {
    this.faultsInjected++;
    this.slowdown[a] = f.factor ?? 2;
    this.trace.faults.push({ atMs: this.now, kind: 'slowdown', agent: a });
    this.digest.rec(this.now, L.slow, a, 0);
    if (f.durationMs !== undefined) this.q.push(this.now + f.durationMs, EV_SLOW_END, a, 0);
  }

  private setBusy(a: number, delta: number): void {
    this.busySlotMs[a]! += this.busySlots[a]! * (this.now - this.busySince[a]!);
    this.busySince[a] = this.now;
    this.busySlots[a]! += delta;
  }

  private onSample(): void {
    const n = this.input.agents.length;
    const util = new Float32Array(n);
    let sum = 0;
    let sq = 0;
    let alive = 0;
    for (let a = 0; a < n; a++) {
      if (!this.alive[a]) {
        util[a] = -1;
        continue;
      }
      const u = this.busySlots[a]! / this.input.agents[a]!.slots;
      util[a] = u;
      sum += u;
      sq += u * u;
      alive++;
    }
    const mean = alive > 0 ? sum / alive : 0;
    const sd = alive > 0 ? Math.sqrt(Math.max(0, sq / alive - mean * mean)) : 0;
    this.trace.timeline.push({ tMs: this.now, cv: mean > 0 ? sd / mean : 0, mean, alive });
    this.trace.utilization.push(util);
    this.q.push(this.now + this.input.sampleIntervalMs, EV_SAMPLE, 0, 0);
  }

  // ---------------------------------------------------------------- executions

  private newExec(task: number, agent: number, attempt: number): number {
    const ex = this.trace.exec;
    const id = ex.task.length;
    ex.task.push(task);
    ex.agent.push(agent);
    ex.attempt.push(attempt);
    ex.assignMs.push(this.now);
    ex.startMs.push(-1);
    ex.endMs.push(-1);
    ex.state.push(ExecState.Transferring);
    // Set when it starts; executions start out of creation order, and a write past the end would make
    // the array holey — and, through the allocation site shared by every `doubleArray()`, every such
    // column of the next run in this thread, deoptimising the code that reads them (sweep workers).
    this.execRuntimeMs.push(DOUBLE_ZERO);
    return id;
  }

  private endExec(e: number, state: number): void {
    const ex = this.trace.exec;
    ex.state[e] = state;
    ex.endMs[e] = this.now;
  }

  private onStart(e: number): void {
    const ex = this.trace.exec;
    if (ex.state[e] !== ExecState.Transferring) return;
    const a = ex.agent[e]!;
    const t = ex.task[e]!;
    ex.state[e] = ExecState.Running;
    ex.startMs[e] = this.now;
    const noise = this.input.runtimeNoise;
    const factor = noise > 0 ? Math.exp(noise * this.rngRuntime.normal() - (noise * noise) / 2) : 1;
    const straggle = this.stragglerFactorFor(e);
    const left = 1 - (this.execResume.get(e) ?? 0);
    const runtime = Math.max(
      1,
      Math.round(
        (this.taskWork[t]! / this.input.agents[a]!.speed) * factor * this.slowdown[a]! * straggle * left,
      ),
    );
    this.execRuntimeMs[e] = this.input.background
      ? this.input.background.runtimeMs(a, this.now, runtime)
      : runtime;
    this.q.push(this.now + this.execRuntimeMs[e]!, EV_FINISH, e, 0);
    const spec = this.input.agents[a]!;
    this.digest.rec(this.now, L.start, e, 0);
    this.fromAgent(
      a,
      {
        kind: 'TaskStarted',
        taskId: this.trace.taskIds[t]!,
        agentId: spec.id,
        attempt: ex.attempt[e]!,
        handle: this.execHandle[e]!,
        agentHandle: this.engineHandle[a]!,
      },
      0,
    );
  }

  private onFinish(e: number): void {
    const ex = this.trace.exec;
    if (ex.state[e] !== ExecState.Running) return;
    const a = ex.agent[e]!;
    const t = ex.task[e]!;
    this.endExec(e, ExecState.Done);
    removeItem(this.running[a]!, e);
    this.heldVersion[a]!++;
    this.setBusy(a, -this.taskDemand[t]!);
    this.busyMem[a]! -= this.taskMem[t]!;
    this.digest.rec(this.now, L.finish, e, 0);
    if (this.network.lossRate > 0 || this.network.maxDelayMs > 0) {
      this.repeatsFinishes = true;
      this.recentFinishes[a]!.push({
        taskId: this.trace.taskIds[t]!,
        attempt: ex.attempt[e]!,
        untilMs: this.now + 3 * this.engine.config.heartbeatIntervalMs,
      });
    }
    this.fromAgent(
      a,
      {
        kind: 'TaskFinished',
        taskId: this.trace.taskIds[t]!,
        agentId: this.input.agents[a]!.id,
        attempt: ex.attempt[e]!,
        handle: this.execHandle[e]!,
        agentHandle: this.engineHandle[a]!,
      },
      0,
    );
    this.drainQueue(a);
  }

  // ---------------------------------------------------------------- engine I/O

  /** Delivers every agent's background-load forecast (ForecastUpdated), logged, and arms the next tick. */
  private onForecast(): void {
    const bg = this.input.background!;
    const cpu = bg.forecastTick(this.now);
    const forecasts: { agentId: string; cpu: number }[] = [];
    for (let a = 0; a < cpu.length; a++) {
      forecasts.push({ agentId: bg.agentIds[a]!, cpu: cpu[a]! });
      this.digest.rec(this.now, L.forecast, a, Math.round(cpu[a]! * 1e6));
    }
    this.deliver({ kind: 'ForecastUpdated', forecasts });
    this.q.push(this.now + bg.forecastIntervalMs, EV_FORECAST, 0, 0);
  }

  private deliver(stim: Stimulus): void {
    this.stimuli++;
    this.env.nowMs = this.now;
    const cmds = handleStimulus(this.engine, stim, this.env);
    if (cmds.length > 0) this.execute(cmds);
    this.afterStimulus();
  }

  /**
   * `full`: every invariant after every stimulus (tests). `cheap` (default): after stimulus 1,024, 2,048,
   * 4,096, … — a doubling schedule, so a run of N stimuli pays for about log2(N) full checks (each is
   * O(tasks + agents)) and early corruption is still caught early — plus one check at the end.
   */
  private afterStimulus(): void {
    const mode = this.input.checkInvariants;
    if (mode === 'full') assertInvariants(this.engine);
    else if (mode === 'cheap' && this.stimuli >= this.nextCheckAt) {
      this.nextCheckAt *= 2;
      assertInvariants(this.engine);
    }
  }

  private execute(cmds: Command[]): void {
    for (let i = 0; i < cmds.length; i++) {
      const c = cmds[i]!;
      switch (c.kind) {
        case 'AssignTask':
          this.assign(
            c.taskId,
            c.agentId,
            c.attempt,
            c.handle,
            c.agentHandle,
            c.inputs,
            c.resumeFraction ?? 0,
          );
          break;
        case 'CancelTask':
          this.cancel(c.taskId, c.agentId, c.attempt);
          break;
        case 'ArmTimer': {
          this.digest.rec(this.now, L.armTimer, c.atMs, 0);
          const id = this.timers.length;
          this.timers.push({ timer: c.timer, key: c.key });
          this.q.push(Math.max(this.now, c.atMs), EV_TIMER, id, 0);
          break;
        }
        case 'TaskCompleted':
          this.recordCompletion(c.taskId);
          break;
        case 'TaskGaveUp':
          this.recordFailure(c.taskId);
          break;
        case 'AgentDeclaredDead':
          this.onDeclaredDead(c.agentId);
          break;
        case 'AgentRegistered': {
          const a = this.agentIdx.get(c.agentId)!;
          this.engineHandle[a] = c.agentHandle;
          this.agentOfHandle = remember(this.agentOfHandle, c.agentHandle, a);
          break;
        }
        case 'AgentReadmitted':
          this.digest.rec(this.now, L.readmitted, this.agentIdx.get(c.agentId)!, 0);
          this.trace.faults.push({
            atMs: this.now,
            kind: 'readmitted',
            agent: this.agentIdx.get(c.agentId)!,
          });
          break;
        case 'DagRejected':
          this.rejectedDags++;
          this.digest.text(this.now, L.dagRejected, c.dagId);
          break;
        case 'DagCompleted':
          this.digest.text(this.now, L.dagCompleted, c.dagId);
          break;
        case 'Alert':
          this.digest.text(this.now, L.alert, c.message);
          break;
        default:
          this.executeFaultCommand(c);
      }
    }
  }

  private assign(
    taskId: string,
    agentId: string,
    attempt: number,
    handle: number,
    agentHandle: number,
    inputs: { fromAgentId: string | null; bytes: number }[],
    resumeFraction: number,
  ): void {
    let t = handle < this.taskOfHandle.length ? this.taskOfHandle[handle]! : -1;
    if (t < 0 || this.trace.taskIds[t] !== taskId) {
      t = this.taskIdx.get(taskId)!;
      this.taskOfHandle = remember(this.taskOfHandle, handle, t);
    }
    let a = agentHandle < this.agentOfHandle.length ? this.agentOfHandle[agentHandle]! : -1;
    if (a < 0 || this.idOf[a] !== agentId) {
      a = this.agentIdx.get(agentId)!;
      this.agentOfHandle = remember(this.agentOfHandle, agentHandle, a);
    }
    this.engineHandle[a] = agentHandle;
    this.digest.rec(this.now, L.assign, t, a * 64 + attempt);
    const e = this.newExec(t, a, attempt);
    this.execHandle[e] = handle;
    this.currentExec[t] = e;
    if (this.lostAtMs[t]! >= 0) {
      this.recoveryMs.push(this.now - this.lostAtMs[t]!);
      this.lostAtMs[t] = -1;
    }
    if (!this.alive[a] || this.network.drops(this.cluster[a]!)) {
      // The agent crashed (the engine does not know yet) or the message was lost: lost on the wire.
      this.endExec(e, ExecState.Lost);
      return;
    }
    if (resumeFraction > 0) this.execResume.set(e, resumeFraction);
    const spec = this.input.agents[a]!;
    if (this.busySlots[a]! + this.taskDemand[t]! > spec.slots && this.engine.config.queueDepthSlots > 0) {
      this.trace.exec.state[e] = ExecState.Queued;
      this.queued[a]!.push(e);
      this.heldVersion[a]!++;
      this.execInputs.set(e, inputs);
      return;
    }
    if (this.busySlots[a]! + this.taskDemand[t]! > spec.slots) this.capacityViolations++;
    this.setBusy(a, this.taskDemand[t]!);
    this.busyMem[a]! += this.taskMem[t]!;
    this.running[a]!.push(e);
    this.heldVersion[a]!++;
    this.q.push(this.now + this.transferMs(a, inputs), EV_START, e, 0);
  }

  /** True transfer time: inputs fetched in parallel; bytes / bandwidth + latency per link class. */
  private transferMs(a: number, inputs: { fromAgentId: string | null; bytes: number }[]): number {
    const net = this.input.network;
    let worst = 0;
    for (let i = 0; i < inputs.length; i++) {
      const inp = inputs[i]!;
      const from = inp.fromAgentId === null ? -2 : this.agentIdx.get(inp.fromAgentId)!;
      if (from === a) continue;
      const same = from === -2 || this.cluster[from] === this.cluster[a];
      const d = same
        ? inp.bytes / net.intraClusterBandwidthBytesPerMs + net.intraClusterLatencyMs
        : inp.bytes / net.interClusterBandwidthBytesPerMs + net.interClusterLatencyMs;
      if (d > worst) worst = d;
    }
    return Math.ceil(worst);
  }

  private cancel(taskId: string, agentId: string, attempt: number): void {
    const t = this.taskIdx.get(taskId)!;
    const a = this.agentIdx.get(agentId)!;
    this.digest.rec(this.now, L.cancel, t, a * 64 + attempt);
    if (!this.alive[a]) return;
    if (this.network.partitioned(this.cluster[a]!)) {
      // Cancels are retried until acknowledged: held back until the partition heals.
      this.pendingCancels.push({ a, taskId, attempt });
      return;
    }
    const e = this.findExec(a, t, attempt);
    if (e >= 0) this.stopExec(e, ExecState.Cancelled);
  }

  private onDeclaredDead(agentId: string): void {
    const a = this.agentIdx.get(agentId)!;
    this.digest.rec(this.now, L.declaredDead, a, 0);
    this.trace.faults.push({ atMs: this.now, kind: 'declared-dead', agent: a });
    const c = this.cluster[a]!;
    if (!this.alive[a] && this.crashedAtMs[a]! >= 0) {
      this.faultsDetected++;
      this.detectionDelaysMs.push(this.now - this.crashedAtMs[a]!);
    } else if (this.alive[a] && this.network.partitioned(c)) {
      this.faultsDetected++;
      this.detectionDelaysMs.push(
        this.now - Math.max(this.network.partitionedSinceMs[c]!, this.aliveSince[a]!),
      );
    } else {
      this.falseSuspicions++;
      this.falselySuspected.add(a);
    }
  }

  private recordCompletion(taskId: string): void {
    const t = this.taskIdx.get(taskId)!;
    this.digest.rec(this.now, L.completed, t, 0);
    this.completions[t]!++;
    if (this.completions[t] === 1) this.completedUnique++;
    else this.duplicateCompletions++;
    this.lastTerminalMs = this.now;
  }

  private recordFailure(taskId: string): void {
    const t = this.taskIdx.get(taskId)!;
    this.digest.rec(this.now, L.failed, t, 0);
    if (!this.failedTasks[t]) {
      this.failedTasks[t] = true;
      this.failedUnique++;
    }
    this.lastTerminalMs = this.now;
  }

  // ---------------------------------------------------------------- faults and the control network

  /**
   * A message from agent `a` to the engine: lost (partition, message loss), delayed (message delay) or
   * delivered now. Messages of one agent keep their order. `extraMs` defers it (a reply's round trip).
   */
  private fromAgent(a: number, stim: Stimulus, extraMs: number): void {
    const net = this.network;
    if (net.drops(this.cluster[a]!)) {
      this.digest.rec(this.now, L.msgLost, a, 0);
      return;
    }
    const at = Math.max(this.now + extraMs + net.delayMs(), this.lastMsgAtMs[a]!);
    if (at <= this.now) {
      this.deliver(stim);
      return;
    }
    this.lastMsgAtMs[a] = at;
    const copy: Stimulus =
      stim.kind === 'Heartbeat' && stim.held
        ? {
            ...stim,
            metrics: { ...stim.metrics },
            held: {
              taskIds: [...stim.held.taskIds],
              attempts: [...stim.held.attempts],
              handles: [...(stim.held.handles ?? [])],
              version: stim.held.version,
              finishedTaskIds: [...(stim.held.finishedTaskIds ?? [])],
              finishedAttempts: [...(stim.held.finishedAttempts ?? [])],
            },
          }
        : { ...stim };
    this.msgs.push(copy);
    this.q.push(at, EV_MSG, this.msgs.length - 1, 0);
  }

  /** Round trip inside a cluster (at least 1 ms), for replies. */
  private rttMs(): number {
    return Math.max(1, Math.ceil(2 * this.input.network.intraClusterLatencyMs));
  }

  private loseExec(e: number): void {
    const t = this.trace.exec.task[e]!;
    this.endExec(e, ExecState.Lost);
    if (this.lostAtMs[t]! < 0) this.lostAtMs[t] = this.now;
  }

  /** The execution of task `t`, attempt `attempt`, held by agent `a` (running or queued), or -1. */
  private findExec(a: number, t: number, attempt: number): number {
    const ex = this.trace.exec;
    for (const e of this.running[a]!) if (ex.task[e] === t && ex.attempt[e] === attempt) return e;
    for (const e of this.queued[a]!) if (ex.task[e] === t && ex.attempt[e] === attempt) return e;
    return -1;
  }

  /** Ends a held execution (cancelled, migrated), freeing its slot and starting queued work. */
  private stopExec(e: number, state: number): void {
    const ex = this.trace.exec;
    const a = ex.agent[e]!;
    const t = ex.task[e]!;
    if (ex.state[e] === ExecState.Queued) {
      const q = this.queued[a]!;
      q.splice(q.indexOf(e), 1);
      this.heldVersion[a]!++;
      this.execInputs.delete(e);
      this.endExec(e, state);
      return;
    }
    this.endExec(e, state);
    removeItem(this.running[a]!, e);
    this.heldVersion[a]!++;
    this.setBusy(a, -this.taskDemand[t]!);
    this.busyMem[a]! -= this.taskMem[t]!;
    this.drainQueue(a);
  }

  /** Starts queued executions of agent `a` (in order) while slots are free. */
  private drainQueue(a: number): void {
    const q = this.queued[a]!;
    const slots = this.input.agents[a]!.slots;
    while (q.length > 0 && this.busySlots[a]! + this.taskDemand[this.trace.exec.task[q[0]!]!]! <= slots) {
      const e = q.shift()!;
      const t = this.trace.exec.task[e]!;
      this.trace.exec.state[e] = ExecState.Transferring;
      this.setBusy(a, this.taskDemand[t]!);
      this.busyMem[a]! += this.taskMem[t]!;
      this.running[a]!.push(e);
      this.heldVersion[a]!++;
      const inputs = this.execInputs.get(e) ?? [];
      this.execInputs.delete(e);
      this.digest.rec(this.now, L.queued, e, 0);
      this.q.push(this.now + this.transferMs(a, inputs), EV_START, e, 0);
    }
  }

  private stragglerFactorFor(e: number): number {
    const f = stragglerFactor(this.input.faults, this.now, this.rngStragglers);
    if (f > 1) {
      this.stragglersInjected++;
      this.faultsInjected++;
      this.trace.faults.push({ atMs: this.now, kind: 'straggler', agent: this.trace.exec.agent[e]! });
      this.digest.rec(this.now, L.straggler, e, 0);
    }
    return f;
  }

  private onPartition(c: number, start: boolean): void {
    this.digest.rec(this.now, L.partition, c, start ? 1 : 0);
    const net = this.network;
    net.partitionedSinceMs[c] = start ? this.now : -1;
    for (let a = 0; a < this.input.agents.length; a++) {
      if (this.cluster[a] !== c || !this.alive[a]) continue;
      this.trace.faults.push({ atMs: this.now, kind: start ? 'partition' : 'partition-end', agent: a });
      if (!start) continue;
      this.faultsInjected++;
      for (const e of this.running[a]!) {
        const t = this.trace.exec.task[e]!;
        if (this.lostAtMs[t]! < 0) this.lostAtMs[t] = this.now;
      }
    }
    if (start) return;
    const held = this.pendingCancels.filter((p) => this.cluster[p.a] === c);
    this.pendingCancels = this.pendingCancels.filter((p) => this.cluster[p.a] !== c);
    for (const p of held) this.cancel(p.taskId, this.input.agents[p.a]!.id, p.attempt);
  }

  private onNetFault(f: FaultSpec, start: boolean): void {
    this.digest.rec(this.now, L.netFault, start ? 1 : 0, 0);
    if (f.kind === 'message-loss') this.network.lossRate = start ? (f.rate ?? 0) : 0;
    else this.network.maxDelayMs = start ? (f.maxDelayMs ?? 0) : 0;
  }

  /** Commands of fault handling and balancing: probes, isolation, classification, migrations, bids. */
  private executeFaultCommand(c: Command): void {
    switch (c.kind) {
      case 'ProbeAgent': {
        const a = this.agentIdx.get(c.agentId)!;
        this.digest.rec(this.now, L.probe, a, 0);
        if (this.alive[a] && !this.network.drops(this.cluster[a]!))
          this.q.push(this.now + this.rttMs(), EV_PROBE, a, this.epoch[a]!);
        return;
      }
      case 'IsolateAgent': {
        const a = this.agentIdx.get(c.agentId)!;
        this.digest.rec(this.now, L.isolate, a, 0);
        this.trace.faults.push({ atMs: this.now, kind: 'isolated', agent: a });
        this.trace.faults.push({ atMs: c.untilMs, kind: 'isolation-end', agent: a });
        return;
      }
      case 'FaultClassified':
        this.digest.text(this.now, L.classified, `${c.pattern}:${c.subject}:${c.action}`);
        return;
      case 'MigrateTask':
        this.migrate(c.taskId, c.fromAgentId, c.attempt, c.mode);
        return;
      case 'MigrationAnnounced':
        this.bid(c.taskId, c.candidateAgentIds);
        return;
      default:
        return;
    }
  }

  /** The agent's side of the migration handshake: give the task up if it can, else refuse. */
  private migrate(taskId: string, agentId: string, attempt: number, mode: string): void {
    const t = this.taskIdx.get(taskId)!;
    const a = this.agentIdx.get(agentId)!;
    this.digest.rec(this.now, L.migrate, t, a * 64 + attempt);
    if (!this.alive[a] || this.network.drops(this.cluster[a]!)) return;
    const e = this.findExec(a, t, attempt);
    const ex = this.trace.exec;
    const base = { taskId, agentId, attempt };
    let reply: Stimulus;
    if (e < 0) reply = { kind: 'MigrationRefused', ...base, reason: 'not held' };
    else if (ex.state[e] !== ExecState.Queued && mode === 'queued')
      reply = { kind: 'MigrationRefused', ...base, reason: 'already started' };
    else {
      const ran =
        ex.state[e] === ExecState.Running ? (this.now - ex.startMs[e]!) / this.execRuntimeMs[e]! : 0;
      const progressFraction = mode === 'checkpoint' ? Math.min(0.99, Math.max(0, ran)) : 0;
      this.stopExec(e, ExecState.Cancelled);
      reply = { kind: 'MigrationConfirmed', ...base, progressFraction };
    }
    this.fromAgent(a, reply, this.rttMs());
  }

  /** Contract net, agent side: each reachable candidate bids its expected wait for a slot plus runtime. */
  private bid(taskId: string, candidates: string[]): void {
    const t = this.taskIdx.get(taskId)!;
    this.digest.rec(this.now, L.announce, t, candidates.length);
    const ex = this.trace.exec;
    for (const id of candidates) {
      const a = this.agentIdx.get(id)!;
      if (!this.alive[a] || this.network.drops(this.cluster[a]!)) continue;
      const spec = this.input.agents[a]!;
      let queuedWork = 0;
      for (const e of this.queued[a]!) queuedWork += this.taskWork[ex.task[e]!]!;
      const waitMs =
        Math.max(0, this.busySlots[a]! + this.taskDemand[t]! - spec.slots) > 0
          ? queuedWork / spec.speed / spec.slots
          : 0;
      this.fromAgent(
        a,
        { kind: 'MigrationBid', taskId, agentId: id, costMs: Math.round(waitMs) },
        this.rttMs(),
      );
    }
  }

  // ---------------------------------------------------------------- summary

  private summarise(wallMs: number): SimSummary {
    const end = this.lastTerminalMs;
    const n = this.input.agents.length;
    const util: number[] = [];
    let energyJ = 0;
    for (let a = 0; a < n; a++) {
      const until = Math.max(this.now, end);
      this.busySlotMs[a]! += this.busySlots[a]! * (until - this.busySince[a]!);
      this.busySince[a] = until;
      if (this.alive[a]) {
        this.aliveMs[a]! += until - this.aliveSince[a]!;
        this.aliveSince[a] = until;
      }
      const spec = this.input.agents[a]!;
      const aliveMs = this.aliveMs[a]!;
      energyJ +=
        (spec.powerIdleW * aliveMs +
          ((spec.powerMaxW - spec.powerIdleW) * this.busySlotMs[a]!) / spec.slots) /
        1000;
      if (aliveMs > 0) util.push(this.busySlotMs[a]! / (spec.slots * aliveMs));
    }
    const submitted = this.engine.taskSpec.length;
    this.trace.decisionLatencyUs = this.probe.samples.slice(0, this.probe.n).sort();
    for (const [name, list] of this.probe.phases)
      this.trace.layerLatencyUs[name] = Float64Array.from(list).sort();
    return {
      submittedTasks: submitted,
      rejectedDags: this.rejectedDags,
      completed: this.completedUnique,
      failed: this.failedUnique,
      lost: submitted - this.completedUnique - this.failedUnique,
      duplicateCompletions: this.duplicateCompletions,
      retried: this.engine.stats.retries,
      makespanMs: end,
      decisions: this.engine.stats.decisions,
      faultsInjected: this.faultsInjected,
      faultsDetected: this.faultsDetected,
      falseSuspicions: this.falseSuspicions,
      detectionDelaysMs: this.detectionDelaysMs,
      falselySuspectedAgents: this.falselySuspected.size,
      recoveryMs: this.recoveryMs,
      stragglersInjected: this.stragglersInjected,
      messagesLost: this.network.lost,
      capacityViolations: this.capacityViolations,
      energyJ,
      utilizationPerAgent: util,
      events: this.events,
      wallMs,
      digest: this.digest.hex(),
      stoppedBy: this.stoppedBy,
    };
  }
}

interface HeldReport {
  taskIds: string[];
  attempts: number[];
  handles: number[];
  finishedTaskIds: string[];
  finishedAttempts: number[];
  version: number | undefined;
}

/** The heartbeat report of an agent holding nothing (shared; the engine only reads reports). */
const NOTHING_HELD: HeldReport = {
  taskIds: emptied(['']),
  attempts: emptied([0]),
  handles: emptied([0]),
  finishedTaskIds: emptied(['']),
  finishedAttempts: emptied([0]),
  version: undefined,
};

/** An empty array of the same element kind as a filled report's (so readers see one array shape). */
function emptied<T>(sample: T[]): T[] {
  sample.length = 0;
  return sample;
}

/** Sets `map[key] = value` (growing `map`, new slots -1); returns the possibly new array. */
function remember(map: Int32Array, key: number, value: number): Int32Array {
  if (key < 0) return map;
  let m = map;
  if (key >= m.length) {
    m = new Int32Array(Math.max(key + 1, m.length * 2, 1024)).fill(-1);
    m.set(map);
  }
  m[key] = value;
  return m;
}

/** Removes `x` from `list` keeping the order of the rest (the lists are a few slots long). */
function removeItem(list: number[], x: number): void {
  const i = list.indexOf(x);
  if (i < 0) return;
  // (Not splice: it allocates an array of the removed items on every call.)
  for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
  list.length--;
}

// The objects below are built by constructors, not object literals, for the reason given at
// `EngineStateRecord` (engine/core/state.ts): a literal's second execution widens the recorded types of
// its object-valued fields, which deoptimises code compiled in an earlier run of the same thread.

/** The engine's `Env` for one simulation (its clock is set before every stimulus). */
class SimEnv implements Env {
  nowMs: number = DOUBLE_ZERO;
  declare readonly probe: LatencyProbe;
  constructor(probe: LatencyProbe) {
    this.probe = probe;
  }
}

/** The one heartbeat stimulus a simulation refills for every heartbeat it delivers. */
class HeartbeatStimulus {
  readonly kind = 'Heartbeat' as const;
  agentId = '';
  agentHandle = -1;
  readonly metrics: LoadMetrics = new SimLoadMetrics();
  held: HeldReport = NOTHING_HELD;
}

class SimLoadMetrics implements LoadMetrics {
  cpu: number = DOUBLE_ZERO;
  memory: number = DOUBLE_ZERO;
  network: number = DOUBLE_ZERO;
}

class SimExecColumns {
  readonly task: number[] = [];
  readonly agent: number[] = [];
  readonly attempt: number[] = [];
  readonly assignMs: number[] = doubleArray();
  readonly startMs: number[] = doubleArray();
  readonly endMs: number[] = doubleArray();
  readonly state: number[] = [];
}

/**
 * The run's input with fixed hidden classes: its arrays copied into packed arrays of one elements kind
 * each (object, or double for the arrival times) and `background` null when absent. Callers build
 * `SimInput` as they like (literals, spreads, `map()`), and arrays of integers, fractions or a holey
 * `map()` result each have another hidden class: when a run's input differed from the previous run's in
 * one of them, every optimised simulator function that read `this.input` deoptimised ("wrong map").
 */
class SimInputRecord implements SimInput {
  declare readonly name: string;
  declare readonly seed: number;
  readonly agents: AgentSpec[] = objectArray();
  readonly dags: DagSpec[] = objectArray();
  readonly arrivalsMs: number[] = doubleArray();
  declare readonly network: NetworkModel;
  declare readonly engine: EngineConfigInput;
  readonly faults: FaultSpec[] = objectArray();
  declare readonly runtimeNoise: number;
  declare readonly timeLimitMs: number;
  declare readonly sampleIntervalMs: number;
  declare readonly checkInvariants: 'off' | 'cheap' | 'full';
  declare readonly random: Random;
  declare readonly background: SimBackground | null;
  constructor(input: SimInput) {
    this.name = input.name;
    this.seed = input.seed;
    for (let i = 0; i < input.agents.length; i++) this.agents.push(input.agents[i]!);
    for (let i = 0; i < input.dags.length; i++) this.dags.push(input.dags[i]!);
    for (let i = 0; i < input.arrivalsMs.length; i++) this.arrivalsMs.push(input.arrivalsMs[i]!);
    this.network = input.network;
    this.engine = input.engine;
    for (let i = 0; i < input.faults.length; i++) this.faults.push(input.faults[i]!);
    this.runtimeNoise = input.runtimeNoise;
    this.timeLimitMs = input.timeLimitMs;
    this.sampleIntervalMs = input.sampleIntervalMs;
    this.checkInvariants = input.checkInvariants;
    this.random = input.random;
    this.background = input.background ?? null;
  }
}

class SimTraceRecord implements SimTrace {
  declare readonly agents: AgentSpec[];
  declare readonly dags: DagSpec[];
  declare readonly network: NetworkModel;
  readonly taskIds: string[] = objectArray();
  readonly taskDag: number[] = [];
  declare readonly dagIds: string[];
  readonly exec = new SimExecColumns();
  readonly faults: FaultRecord[] = objectArray();
  readonly timeline: { tMs: number; cv: number; mean: number; alive: number }[] = objectArray();
  readonly utilization: Float32Array[] = objectArray();
  decisionLatencyUs = new Float64Array(0);
  layerLatencyUs: Record<string, Float64Array> = {};
  constructor(input: SimInput) {
    this.agents = input.agents;
    this.dags = input.dags;
    this.network = input.network;
    this.dagIds = input.dags.map((d) => d.id);
  }
}
