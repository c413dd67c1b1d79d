/**
 * HEFT — Heterogeneous Earliest Finish Time (Topcuoglu, Hariri & Wu, IEEE TPDS 13(3), 2002).
 *
 * Priority: upward rank with mean execution times and mean communication costs. Tasks are taken in
 * decreasing rank; each goes to the node giving the earliest finish time, using insertion into idle gaps.
 * Tie-breaking: equal ranks → lower position in the problem's topological order (lowest input index
 * first among ready tasks), so a predecessor always precedes its successor even with zero costs;
 * equal finish times → lowest node index (the node listed first in the problem).
 */
import { listSchedule } from './list-schedule.js';
import type { StaticProblem } from './problem.js';
import { upwardRank } from './ranks.js';
import type { StaticSchedule } from './schedule.js';

/** HEFT schedule of `problem` (deterministic; see the file comment for tie-breaking). */
export function heft(problem: StaticProblem): StaticSchedule {
  return listSchedule(problem, upwardRank(problem)).schedule;
}
