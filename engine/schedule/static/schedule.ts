/**
 * A static schedule: for every task, the node it runs on and its start and finish times.
 * Index-based like `StaticProblem`; `scheduleEntries` turns it into the named form the CLI prints.
 */
import type { StaticProblem } from './problem.js';

export interface StaticSchedule {
  /** Node of task t (index into the problem's nodes). */
  readonly node: Int32Array;
  readonly start: Float64Array;
  readonly finish: Float64Array;
  /** Latest finish time over all tasks (0 for an empty graph). */
  readonly makespan: number;
}

/** One row of the printed schedule. */
export interface ScheduleEntry {
  task: string;
  node: string;
  start: number;
  end: number;
}

/** Latest finish time in `finish` (0 when empty). */
export function makespanOf(finish: Float64Array): number {
  let m = 0;
  for (let t = 0; t < finish.length; t++) if (finish[t]! > m) m = finish[t]!;
  return m;
}

/**
 * Named rows sorted by start time, then node index, then task index (a stable, readable order).
 */
export function scheduleEntries(problem: StaticProblem, schedule: StaticSchedule): ScheduleEntry[] {
  const order = Array.from({ length: problem.taskCount }, (_, t) => t);
  order.sort(
    (a, b) => schedule.start[a]! - schedule.start[b]! || schedule.node[a]! - schedule.node[b]! || a - b,
  );
  return order.map((t) => ({
    task: problem.taskNames[t]!,
    node: problem.nodeNames[schedule.node[t]!]!,
    start: schedule.start[t]!,
    end: schedule.finish[t]!,
  }));
}
