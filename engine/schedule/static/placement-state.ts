/**
 * Mutable state of one list-scheduling run: which tasks are placed where and when, plus the node
 * timelines. The heuristics (HEFT, PEFT, CPOP, Min-Min, Max-Min, the portfolio's decoders) differ only in
 * the order they pick tasks and the node they pick; placing and timing is shared here.
 */
import { NodeTimelines } from './node-timelines.js';
import type { StaticProblem } from './problem.js';
import { makespanOf, type StaticSchedule } from './schedule.js';

export class PlacementState {
  readonly node: Int32Array;
  readonly start: Float64Array;
  readonly finish: Float64Array;
  private readonly timelines: NodeTimelines;
  /** Start and finish found by the last `earliestFinish` / `bestEftNode` call. */
  lastStart = 0;
  lastFinish = 0;

  constructor(
    readonly problem: StaticProblem,
    /** false: a task may only go after the node's last task (no gap filling). */
    readonly insertion = true,
  ) {
    this.node = new Int32Array(problem.taskCount).fill(-1);
    this.start = new Float64Array(problem.taskCount);
    this.finish = new Float64Array(problem.taskCount);
    this.timelines = new NodeTimelines(problem.nodeCount);
  }

  /** Time at which all of t's input data can be on node p (its predecessors must be placed). */
  dataReady(t: number, p: number): number {
    const pr = this.problem;
    const nodeCount = pr.nodeCount;
    let ready = 0;
    for (let e = pr.predStart[t]!; e < pr.predStart[t + 1]!; e++) {
      const u = pr.predTask[e]!;
      const q = this.node[u]!;
      const arrival =
        q === p ? this.finish[u]! : this.finish[u]! + pr.predSize[e]! / pr.linkSpeed[q * nodeCount + p]!;
      if (arrival > ready) ready = arrival;
    }
    return ready;
  }

  /** Earliest finish of t on p given what is placed; sets `lastStart`/`lastFinish`. */
  earliestFinish(t: number, p: number): number {
    const duration = this.problem.execTime[t * this.problem.nodeCount + p]!;
    const ready = this.dataReady(t, p);
    const start = this.insertion
      ? this.timelines.earliestStart(p, ready, duration)
      : Math.max(ready, this.timelines.availableAt(p));
    this.lastStart = start;
    this.lastFinish = start + duration;
    return this.lastFinish;
  }

  /**
   * Node giving t its earliest finish time; ties go to the lowest node index. Leaves that node's start
   * and finish in `lastStart`/`lastFinish`.
   */
  bestEftNode(t: number): number {
    let best = -1;
    let bestStart = 0;
    let bestFinish = Number.POSITIVE_INFINITY;
    for (let p = 0; p < this.problem.nodeCount; p++) {
      const f = this.earliestFinish(t, p);
      if (f < bestFinish) {
        bestFinish = f;
        bestStart = this.lastStart;
        best = p;
      }
    }
    this.lastStart = bestStart;
    this.lastFinish = bestFinish;
    return best;
  }

  /** Places t on p at its earliest insertion start there; returns the finish time. */
  placeEarliest(t: number, p: number): number {
    this.earliestFinish(t, p);
    this.place(t, p, this.lastStart, this.lastFinish);
    return this.lastFinish;
  }

  /** Records t on p over [start, finish); `start` must come from `earliestFinish` for that node. */
  place(t: number, p: number, start: number, finish: number): void {
    this.node[t] = p;
    this.start[t] = start;
    this.finish[t] = finish;
    this.timelines.insert(p, start, finish);
  }

  /** The finished schedule (every task must be placed). */
  toSchedule(): StaticSchedule {
    return { node: this.node, start: this.start, finish: this.finish, makespan: makespanOf(this.finish) };
  }
}
