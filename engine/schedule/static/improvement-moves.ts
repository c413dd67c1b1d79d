/**
 * Neighbourhood of the portfolio's local search. A candidate is a complete schedule plus the priority
 * vector that, decoded by ready-list scheduling, reproduces its task order. Moves:
 * - perturb: add Gaussian noise (a random scale between 1% and 30% of the priority range) to the priorities,
 *   decode with insertion-based minimum-EFT placement;
 * - re-rank: upward rank recomputed on the candidate's own assignment (real execution and transfer times),
 *   lightly perturbed, decoded with minimum-EFT placement;
 * - reassign: move one task of the critical chain to another node (random, or the node of one of its
 *   neighbours to save a transfer), keep every other task's node and the start order, re-time everything.
 */
import type { Random } from '../../model/random.js';
import { listSchedule, type PlaceRule } from './list-schedule.js';
import type { StaticProblem } from './problem.js';
import type { StaticSchedule } from './schedule.js';
import { assignedUpwardRank, criticalChain, startOrderPriority } from './schedule-analysis.js';

export interface Candidate {
  schedule: StaticSchedule;
  priority: Float64Array;
  origin: string;
}

const PERTURB_SCALES = [0.01, 0.03, 0.1, 0.3] as const;

/** One neighbour of `current`, chosen and built with `random`. */
export function proposeCandidate(problem: StaticProblem, current: Candidate, random: Random): Candidate {
  const r = random.next();
  if (r < 0.45 || problem.nodeCount < 2) {
    const scale = PERTURB_SCALES[random.int(PERTURB_SCALES.length)]!;
    return decodeEft(problem, perturb(current.priority, scale, random), 'perturb');
  }
  if (r < 0.55) {
    return decodeEft(
      problem,
      perturb(assignedUpwardRank(problem, current.schedule), 0.01, random),
      're-rank',
    );
  }
  return reassign(problem, current.schedule, random);
}

function decodeEft(problem: StaticProblem, priority: Float64Array, origin: string): Candidate {
  return { schedule: listSchedule(problem, priority).schedule, priority, origin };
}

/** Copy of `priority` with N(0, (scale × range)²) noise added to each entry. */
function perturb(priority: Float64Array, scale: number, random: Random): Float64Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of priority) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const sigma = scale * (max - min || 1);
  const out = new Float64Array(priority.length);
  for (let t = 0; t < priority.length; t++) out[t] = priority[t]! + sigma * random.normal();
  return out;
}

function reassign(problem: StaticProblem, s: StaticSchedule, random: Random): Candidate {
  const chain = criticalChain(problem, s);
  const t = chain[random.int(chain.length)]!;
  const assignment = Int32Array.from(s.node);
  assignment[t] = targetNode(problem, s, t, random);
  const priority = startOrderPriority(s);
  const rule: PlaceRule = (state, task) => {
    state.placeEarliest(task, assignment[task]!);
  };
  return { schedule: listSchedule(problem, priority, rule).schedule, priority, origin: 'reassign' };
}

/** A node other than t's: half the time a neighbour's node (co-location), else uniformly random. */
function targetNode(problem: StaticProblem, s: StaticSchedule, t: number, random: Random): number {
  const current = s.node[t]!;
  if (random.next() < 0.5) {
    const deg =
      problem.predStart[t + 1]! - problem.predStart[t]! + problem.succStart[t + 1]! - problem.succStart[t]!;
    if (deg > 0) {
      const k = random.int(deg);
      const inPreds = problem.predStart[t + 1]! - problem.predStart[t]!;
      const other =
        k < inPreds
          ? problem.predTask[problem.predStart[t]! + k]!
          : problem.succTask[problem.succStart[t]! + k - inPreds]!;
      if (s.node[other] !== current) return s.node[other]!;
    }
  }
  const q = random.int(problem.nodeCount - 1);
  return q >= current ? q + 1 : q;
}
