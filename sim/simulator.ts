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
import type { EngineConfig, EngineState } from '../engine/core/state.js';
import type { Command, Stimulus, TimerKind } from '../engine/core/stimuli.js';
import { TaskState } from '../engine/core/transitions.js';
import type { Random } from '../engine/model/random.js';
import type { AgentSpec, DagSpec, LoadMetrics, NetworkModel } from '../engine/model/types.js';
import { EventQueue } from './event-queue.js';
import type { FaultSpec } from './scenario/types.js';

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

/** Execution outcomes in the trace. */
export const ExecState = { Transferring: 0, Running: 1, Done: 2, Cancelled: 3, Lost: 4 } as const;
export const EXEC_STATE_NAMES = ['transferring', 'running', 'done', 'cancelled', 'lost'] as const;

export interface SimInput {
  name: string;
  seed: number;
  agents: AgentSpec[];
  dags: DagSpec[];
  arrivalsMs: number[];
  /** The true network (the engine plans with `engine.network`). */
  network: NetworkModel;
  engine: Partial<EngineConfig>;
  faults: FaultSpec[];
  runtimeNoise: number;
  timeLimitMs: number;
  sampleIntervalMs: number;
  checkInvariants: 'off' | 'cheap' | 'full';
  random: Random;
}

export interface FaultRecord {
  atMs: number;
  kind: 'crash' | 'recover' | 'slowdown' | 'slowdown-end' | 'declared-dead' | 'readmitted';
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
} as const;

class LatencyProbe implements DecisionProbe {
  samples = new Float64Array(1 << 14);
  n = 0;
  /** Per-phase durations (µs) for layered strategies, by phase name. */
  readonly phases = new Map<string, number[]>();
  private t0 = 0;
  private mark = 0;
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
  readonly engine: EngineState;
  private q = new EventQueue(1 << 16);
  private now = 0;
  private env: Env;
  private probe = new LatencyProbe();
  private digest = new Digest();
  private events = 0;
  private stimuli = 0;
  private arrivalsLeft: number;
  private stoppedBy: SimSummary['stoppedBy'] = 'idle';

  // agents (simulated truth)
  private agentIdx = new Map<string, number>();
  private alive: boolean[] = [];
  private epoch: number[] = [];
  private slowdown: number[] = [];
  private busySlots: number[] = [];
  private busyMem: number[] = [];
  private busySlotMs: number[] = [];
  private busySince: number[] = [];
  private aliveMs: number[] = [];
  private aliveSince: number[] = [];
  private crashedAtMs: number[] = [];
  private running: Set<number>[] = [];
  private cluster: number[] = [];

  // tasks and executions
  private taskIdx = new Map<string, number>();
  private taskWork: number[] = [];
  private taskDemand: number[] = [];
  private taskMem: number[] = [];
  private currentExec: number[] = [];
  private completions: number[] = [];
  private failedTasks: boolean[] = [];
  private timers: { timer: TimerKind; key: string }[] = [];

  private rngRuntime: Random;
  private rngHeartbeat: Random;
  private rngFaults: Random;
  private hbStim: { kind: 'Heartbeat'; agentId: string; metrics: LoadMetrics };

  readonly trace: SimTrace;
  private faultsInjected = 0;
  private faultsDetected = 0;
  private falseSuspicions = 0;
  private detectionDelaysMs: number[] = [];
  private capacityViolations = 0;
  private duplicateCompletions = 0;
  private completedUnique = 0;
  private failedUnique = 0;
  private rejectedDags = 0;
  private lastTerminalMs = 0;

  constructor(private readonly input: SimInput) {
    this.engine = createEngine(
      { ...input.engine, keepStory: input.engine.keepStory ?? true },
      input.random.fork('engine'),
    );
    this.env = { nowMs: 0, probe: this.probe };
    this.rngRuntime = input.random.fork('runtime');
    this.rngHeartbeat = input.random.fork('heartbeat');
    this.rngFaults = input.random.fork('faults');
    this.hbStim = { kind: 'Heartbeat', agentId: '', metrics: { cpu: 0, memory: 0, network: 0 } };
    this.arrivalsLeft = input.dags.length;
    this.trace = {
      agents: input.agents,
      dags: input.dags,
      network: input.network,
      taskIds: [],
      taskDag: [],
      dagIds: input.dags.map((d) => d.id),
      exec: { task: [], agent: [], attempt: [], assignMs: [], startMs: [], endMs: [], state: [] },
      faults: [],
      timeline: [],
      utilization: [],
      decisionLatencyUs: new Float64Array(0),
      layerLatencyUs: {},
    };
    this.setUpAgents();
    this.setUpTasks();
    this.setUpFaults();
    input.arrivalsMs.forEach((t, d) => {
      this.q.push(t, EV_ARRIVAL, d, 0);
    });
    this.q.push(input.sampleIntervalMs, EV_SAMPLE, 0, 0);
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
      this.running.push(new Set());
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
        this.completions.push(0);
        this.failedTasks.push(false);
        this.trace.taskIds.push(t.id);
        this.trace.taskDag.push(d);
      }
    });
  }

  private setUpFaults(): void {
    const n = this.input.agents.length;
    this.input.faults.forEach((f, fi) => {
      const count = Math.round(f.share * n);
      const victims = sample(n, count, this.rngFaults);
      for (const a of victims) {
        const at =
          f.atMs ??
          f.window!.fromMs + Math.round((f.window!.toMs - f.window!.fromMs) * this.rngFaults.next());
        this.q.push(at, f.kind === 'crash' ? EV_CRASH : EV_SLOW_START, a, fi);
      }
    });
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
    const spec = this.input.agents[a]!;
    const m = this.hbStim.metrics;
    m.cpu = this.busySlots[a]! / spec.slots;
    m.memory = spec.memoryMb > 0 ? this.busyMem[a]! / spec.memoryMb : 0;
    m.network = 0;
    this.hbStim.agentId = spec.id;
    this.stimuli++;
    this.env.nowMs = this.now;
    this.digest.rec(this.now, L.heartbeat, a, 0);
    const cmds = handleStimulus(this.engine, this.hbStim as Stimulus, this.env);
    if (cmds.length > 0) this.execute(cmds);
    this.afterStimulus();
    this.q.push(this.now + this.engine.config.heartbeatIntervalMs, EV_HEARTBEAT, a, epoch);
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
    for (const e of this.running[a]!) this.endExec(e, ExecState.Lost);
    this.running[a]!.clear();
    this.trace.faults.push({ atMs: this.now, kind: 'crash', agent: a });
    this.digest.rec(this.now, L.crash, a, 0);
    if (f.recoverAfterMs !== undefined) this.q.push(this.now + f.recoverAfterMs, EV_RECOVER, a, 0);
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
    const runtime = Math.max(
      1,
      Math.round((this.taskWork[t]! / this.input.agents[a]!.speed) * factor * this.slowdown[a]!),
    );
    this.q.push(this.now + runtime, EV_FINISH, e, 0);
    const spec = this.input.agents[a]!;
    this.digest.rec(this.now, L.start, e, 0);
    this.deliver({
      kind: 'TaskStarted',
      taskId: this.trace.taskIds[t]!,
      agentId: spec.id,
      attempt: ex.attempt[e]!,
    });
  }

  private onFinish(e: number): void {
    const ex = this.trace.exec;
    if (ex.state[e] !== ExecState.Running) return;
    const a = ex.agent[e]!;
    const t = ex.task[e]!;
    this.endExec(e, ExecState.Done);
    this.running[a]!.delete(e);
    this.setBusy(a, -this.taskDemand[t]!);
    this.busyMem[a]! -= this.taskMem[t]!;
    this.digest.rec(this.now, L.finish, e, 0);
    this.deliver({
      kind: 'TaskFinished',
      taskId: this.trace.taskIds[t]!,
      agentId: this.input.agents[a]!.id,
      attempt: ex.attempt[e]!,
    });
  }

  // ---------------------------------------------------------------- engine I/O

  private deliver(stim: Stimulus): void {
    this.stimuli++;
    this.env.nowMs = this.now;
    const cmds = handleStimulus(this.engine, stim, this.env);
    if (cmds.length > 0) this.execute(cmds);
    this.afterStimulus();
  }

  private afterStimulus(): void {
    const mode = this.input.checkInvariants;
    if (mode === 'full' || (mode === 'cheap' && (this.stimuli & 16383) === 0)) assertInvariants(this.engine);
  }

  private execute(cmds: Command[]): void {
    for (const c of cmds) {
      switch (c.kind) {
        case 'AssignTask':
          this.assign(c.taskId, c.agentId, c.attempt, c.inputs);
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
      }
    }
  }

  private assign(
    taskId: string,
    agentId: string,
    attempt: number,
    inputs: { fromAgentId: string | null; bytes: number }[],
  ): void {
    const t = this.taskIdx.get(taskId)!;
    const a = this.agentIdx.get(agentId)!;
    this.digest.rec(this.now, L.assign, t, a * 64 + attempt);
    const e = this.newExec(t, a, attempt);
    this.currentExec[t] = e;
    if (!this.alive[a]) {
      // The engine does not know yet that the agent crashed: the assignment is lost on the wire.
      this.endExec(e, ExecState.Lost);
      return;
    }
    const spec = this.input.agents[a]!;
    if (this.busySlots[a]! + this.taskDemand[t]! > spec.slots) this.capacityViolations++;
    this.setBusy(a, this.taskDemand[t]!);
    this.busyMem[a]! += this.taskMem[t]!;
    this.running[a]!.add(e);
    this.q.push(this.now + this.transferMs(a, inputs), EV_START, e, 0);
  }

  /** True transfer time: inputs fetched in parallel; bytes / bandwidth + latency per link class. */
  private transferMs(a: number, inputs: { fromAgentId: string | null; bytes: number }[]): number {
    const net = this.input.network;
    let worst = 0;
    for (const inp of inputs) {
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
    const e = this.currentExec[t]!;
    const ex = this.trace.exec;
    if (e < 0 || ex.agent[e] !== a || ex.attempt[e] !== attempt) return;
    if (ex.state[e] !== ExecState.Transferring && ex.state[e] !== ExecState.Running) return;
    this.endExec(e, ExecState.Cancelled);
    this.running[a]!.delete(e);
    this.setBusy(a, -this.taskDemand[t]!);
    this.busyMem[a]! -= this.taskMem[t]!;
  }

  private onDeclaredDead(agentId: string): void {
    const a = this.agentIdx.get(agentId)!;
    this.digest.rec(this.now, L.declaredDead, a, 0);
    this.trace.faults.push({ atMs: this.now, kind: 'declared-dead', agent: a });
    if (!this.alive[a] && this.crashedAtMs[a]! >= 0) {
      this.faultsDetected++;
      this.detectionDelaysMs.push(this.now - this.crashedAtMs[a]!);
    } else {
      this.falseSuspicions++;
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
    for (const [name, list] of this.probe.phases) this.trace.layerLatencyUs[name] = Float64Array.from(list).sort();
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

/** `count` distinct indices from [0, n), in a seeded order (partial Fisher–Yates). */
function sample(n: number, count: number, random: Random): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const k = Math.min(n, count);
  for (let i = 0; i < k; i++) {
    const j = i + random.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, k).sort((a, b) => a - b);
}
