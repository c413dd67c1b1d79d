/**
 * Neighbourhood of the portfolio's local search. A candidate is a complete schedule plus the priority
 * vector that, decoded by ready-list scheduling, reproduces its task order. Moves:
 * - perturb: add Gaussian noise (a random scale between 1% and 30% of the priority range) to the priorities,
 *   decode with insertion-based minimum-EFT placement, or with EFT + w × OCT (PEFT's lookahead, w random);
 * - re-rank: upward rank recomputed on the candidate's own assignment (real execution and transfer times),
 *   lightly perturbed, decoded with minimum-EFT placement;
 * - reassign: move one task of the critical chain to another node (random, or the node of one of its
 *   neighbours to save a transfer), keep every other task's node and the start order, re-time everything;
 * - swap: let a critical task that waited for the previous task on its node go first (same assignment).
 */
import type { Random } from '../../model/random.js';
import { listSchedule, type PlaceRule } from './list-schedule.js';
import { placeByLookahead } from './peft.js';
import type { StaticProblem } from './problem.js';
import type { StaticSchedule } from './schedule.js';
import { assignedUpwardRank, criticalChain, startOrderPriority } from './schedule-analysis.js';

export interface Candidate {
  schedule: StaticSchedule;
  priority: Float64Array;
  origin: string;
}

const PERTURB_SCALES = [0.01, 0.03, 0.1, 0.3] as const;

/** Relative frequency of each move. */
export interface MoveMix {
  perturb: number;
  rerank: number;
  reassign: number;
  swap: number;
}

export const DEFAULT_MOVE_MIX: MoveMix = { perturb: 0.4, rerank: 0.1, reassign: 0.4, swap: 0.1 };

/** Per-problem data the moves share: PEFT's optimistic cost table, for lookahead decoding. */
export interface MoveContext {
  oct: Float64Array;
  /** Weights of the OCT lookahead tried when decoding a perturbed priority (0 = plain EFT). */
  lookaheadWeights: readonly number[];
}

/** One neighbour of `current`, chosen and built with `random`. */
export function proposeCandidate(
  problem: StaticProblem,
  current: Candidate,
  random: Random,
  context: MoveContext,
  mix: MoveMix = DEFAULT_MOVE_MIX,
): Candidate {
  const move = problem.nodeCount < 2 ? 'perturb' : pickMove(mix, random);
  switch (move) {
    case 'perturb':
      return perturbAndDecode(problem, current, random, context);
    case 'rerank':
      return decodeEft(
        problem,
        perturb(assignedUpwardRank(problem, current.schedule), 0.01, random),
        're-rank',
      );
    case 'reassign':
      return reassign(problem, current.schedule, random);
    case 'swap':
      return swap(problem, current.schedule, random);
  }
}

function pickMove(mix: MoveMix, random: Random): keyof MoveMix {
  let r = random.next() * (mix.perturb + mix.rerank + mix.reassign + mix.swap);
  for (const move of ['perturb', 'rerank', 'reassign'] as const) {
    r -= mix[move];
    if (r < 0) return move;
  }
  return 'swap';
}

/** Noisy priorities decoded with minimum EFT or, with a random weight, EFT + weight × OCT (PEFT-like). */
function perturbAndDecode(
  problem: StaticProblem,
  current: Candidate,
  random: Random,
  context: MoveContext,
): Candidate {
  const scale = PERTURB_SCALES[random.int(PERTURB_SCALES.length)]!;
  const weight = context.lookaheadWeights[random.int(context.lookaheadWeights.length)]!;
  const priority = perturb(current.priority, scale, random);
  if (weight === 0) return decodeEft(problem, priority, 'perturb');
  const rule = placeByLookahead(context.oct, weight);
  return { schedule: listSchedule(problem, priority, rule).schedule, priority, origin: 'perturb-lookahead' };
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
  return decodeFixed(problem, assignment, startOrderPriority(s), 'reassign');
}

/**
 * Moves a critical task ahead of the task it waited for on its node (same assignment, new order).
 * Falls back to reassign when the chain has no such wait.
 */
function swap(problem: StaticProblem, s: StaticSchedule, random: Random): Candidate {
  const chain = criticalChain(problem, s);
  const waits: number[] = [];
  for (let i = 0; i + 1 < chain.length; i++) {
    if (s.node[chain[i]!] === s.node[chain[i + 1]!]) waits.push(i);
  }
  if (waits.length === 0) return reassign(problem, s, random);
  const i = waits[random.int(waits.length)]!;
  const priority = startOrderPriority(s);
  priority[chain[i]!] = priority[chain[i + 1]!]! + 1e-9 * Math.max(1, s.makespan);
  return decodeFixed(problem, Int32Array.from(s.node), priority, 'swap');
}

function decodeFixed(
  problem: StaticProblem,
  assignment: Int32Array,
  priority: Float64Array,
  origin: string,
): Candidate {
  const rule: PlaceRule = (state, task) => {
    state.placeEarliest(task, assignment[task]!);
  };
  return { schedule: listSchedule(problem, priority, rule).schedule, priority, origin };
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
