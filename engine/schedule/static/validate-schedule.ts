/**
 * Independent check of a static schedule against its problem: every task placed exactly once on a real
 * node, for exactly its execution time there, after its inputs arrive (predecessor finish + transfer time
 * when on another node), with at most one task at a time per node, and the makespan reported correctly.
 * It shares no code with the schedulers except `transferTime`, so it catches their bugs.
 */
import { type StaticProblem, transferTime } from './problem.js';
import type { StaticSchedule } from './schedule.js';

/** Relative tolerance for floating-point comparisons of times. */
const RELATIVE_EPSILON = 1e-9;

/**
 * All violations found (empty when the schedule is valid), each a sentence naming the tasks and nodes.
 * At most `limit` messages are returned.
 */
export function validateSchedule(problem: StaticProblem, schedule: StaticSchedule, limit = 20): string[] {
  const errors: string[] = [];
  const report = (message: string): boolean => {
    errors.push(message);
    return errors.length >= limit;
  };
  const shapeError = checkShape(problem, schedule);
  if (shapeError) return [shapeError];
  const eps = RELATIVE_EPSILON * Math.max(1, schedule.makespan);
  if (checkTasks(problem, schedule, eps, report)) return errors;
  if (checkPrecedence(problem, schedule, eps, report)) return errors;
  if (checkNodes(problem, schedule, eps, report)) return errors;
  let latest = 0;
  for (let t = 0; t < problem.taskCount; t++) latest = Math.max(latest, schedule.finish[t]!);
  if (Math.abs(latest - schedule.makespan) > eps) {
    report(`makespan ${schedule.makespan} differs from the latest finish time ${latest}`);
  }
  return errors;
}

function checkShape(problem: StaticProblem, schedule: StaticSchedule): string | null {
  const n = problem.taskCount;
  if (schedule.node.length !== n || schedule.start.length !== n || schedule.finish.length !== n) {
    return `schedule covers ${schedule.node.length} tasks, the problem has ${n}`;
  }
  return null;
}

function checkTasks(
  problem: StaticProblem,
  s: StaticSchedule,
  eps: number,
  report: (m: string) => boolean,
): boolean {
  for (let t = 0; t < problem.taskCount; t++) {
    const name = problem.taskNames[t];
    const p = s.node[t]!;
    if (!(p >= 0 && p < problem.nodeCount)) {
      if (report(`task ${name} is not placed on a node (node index ${p})`)) return true;
      continue;
    }
    if (!(Number.isFinite(s.start[t]) && s.start[t]! >= -eps)) {
      if (report(`task ${name} starts at ${s.start[t]}, expected a finite time ≥ 0`)) return true;
    }
    const expected = problem.execTime[t * problem.nodeCount + p]!;
    if (Math.abs(s.finish[t]! - s.start[t]! - expected) > eps) {
      const got = s.finish[t]! - s.start[t]!;
      if (report(`task ${name} runs ${got} on ${problem.nodeNames[p]}, expected ${expected}`)) return true;
    }
  }
  return false;
}

function checkPrecedence(
  problem: StaticProblem,
  s: StaticSchedule,
  eps: number,
  report: (m: string) => boolean,
): boolean {
  for (let t = 0; t < problem.taskCount; t++) {
    for (let e = problem.predStart[t]!; e < problem.predStart[t + 1]!; e++) {
      const u = problem.predTask[e]!;
      const arrival = s.finish[u]! + transferTime(problem, problem.predSize[e]!, s.node[u]!, s.node[t]!);
      if (s.start[t]! < arrival - eps) {
        const msg = `task ${problem.taskNames[t]} starts at ${s.start[t]} before the data of ${problem.taskNames[u]} arrives at ${arrival}`;
        if (report(msg)) return true;
      }
    }
  }
  return false;
}

function checkNodes(
  problem: StaticProblem,
  s: StaticSchedule,
  eps: number,
  report: (m: string) => boolean,
): boolean {
  const order = Array.from({ length: problem.taskCount }, (_, t) => t);
  order.sort((a, b) => s.node[a]! - s.node[b]! || s.start[a]! - s.start[b]! || s.finish[a]! - s.finish[b]!);
  for (let i = 1; i < order.length; i++) {
    const a = order[i - 1]!;
    const b = order[i]!;
    if (s.node[a] !== s.node[b]) continue;
    if (s.start[b]! < s.finish[a]! - eps) {
      const msg = `tasks ${problem.taskNames[a]} and ${problem.taskNames[b]} overlap on node ${problem.nodeNames[s.node[a]!]}`;
      if (report(msg)) return true;
    }
  }
  return false;
}
