/**
 * Tunes the score weights of the `weighted` / `hierarchical` strategies from the history of simulated
 * runs: a seeded hill climb that perturbs one weight at a time (×2, ÷2, or off/on), keeps a change only
 * when the mean objective across seeds improves, and remembers every evaluated configuration in a
 * history (JSON lines) so that a later tune resumes from it instead of re-running what is known.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRandom } from '../../engine/model/random.js';
import { DEFAULT_WEIGHTS } from '../../engine/schedule/registry.js';
import { type RunOptions, type RunResult, runScenario } from '../run-scenario.js';
import type { LoadedScenario } from '../scenario/types.js';

export type Objective = 'makespan' | 'balance' | 'energy' | 'composite';

export interface TuneOptions {
  strategy: 'weighted' | 'hierarchical';
  seeds: number[];
  rounds: number;
  objective: Objective;
  /** JSON-lines file of evaluated configurations (read first, appended to). */
  historyPath?: string | undefined;
  /** Seed of the climb itself (which weight to perturb and how). */
  tuneSeed?: number | undefined;
  importWorkflows?: RunOptions['importWorkflows'];
  onStep?: ((step: TuneStep) => void) | undefined;
}

export interface TuneStep {
  round: number;
  weights: Record<string, number>;
  score: number;
  accepted: boolean;
  cached: boolean;
}

export interface TuneResult {
  objective: Objective;
  strategy: string;
  seeds: number[];
  initial: { weights: Record<string, number>; score: number };
  best: { weights: Record<string, number>; score: number };
  improvementPct: number;
  steps: TuneStep[];
}

/** Lower is better. `composite` = makespan × (1 + utilisation CV) × energy^0.25, each relative to round 0. */
export function objectiveOf(results: RunResult[], objective: Objective, ref?: RunResult[]): number {
  const mean = (f: (r: RunResult) => number, rs: RunResult[]) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
  const ms = mean((r) => r.makespanMs, results);
  const cv = mean((r) => r.balance.utilizationCv, results);
  const energy = mean((r) => r.energyJ, results);
  const lost = mean((r) => r.tasks.lost + r.tasks.failed, results);
  const penalty = 1 + lost;
  if (objective === 'makespan') return ms * penalty;
  if (objective === 'balance') return cv * penalty;
  if (objective === 'energy') return energy * penalty;
  const r = ref ?? results;
  return (
    (ms / mean((x) => x.makespanMs, r)) * (1 + cv) * (energy / mean((x) => x.energyJ, r)) ** 0.25 * penalty
  );
}

const key = (w: Record<string, number>) =>
  JSON.stringify(Object.fromEntries(Object.entries(w).sort(([a], [b]) => (a < b ? -1 : 1))));

interface HistoryLine {
  scenario: string;
  strategy: string;
  seeds: number[];
  weights: Record<string, number>;
  results: RunResult[];
}

/** Runs the climb; deterministic for the same scenario, options and history. */
export function tuneWeights(loaded: LoadedScenario, opts: TuneOptions): TuneResult {
  const history = readHistory(opts.historyPath, loaded.scenario.name, opts.strategy, opts.seeds);
  const evaluate = (weights: Record<string, number>): { results: RunResult[]; cached: boolean } => {
    const known = history.get(key(weights));
    if (known) return { results: known, cached: true };
    const results = opts.seeds.map(
      (seed) =>
        runScenario(loaded, { seed, strategy: opts.strategy, weights, importWorkflows: opts.importWorkflows })
          .result,
    );
    history.set(key(weights), results);
    if (opts.historyPath) {
      const line: HistoryLine = {
        scenario: loaded.scenario.name,
        strategy: opts.strategy,
        seeds: opts.seeds,
        weights,
        results,
      };
      appendFileSync(opts.historyPath, `${JSON.stringify(line)}\n`);
    }
    return { results, cached: false };
  };
  const start = { ...(loaded.scenario.engine?.weights ?? DEFAULT_WEIGHTS) };
  const first = evaluate(start);
  const ref = first.results;
  const score = (rs: RunResult[]) => objectiveOf(rs, opts.objective, ref);
  let best = { weights: start, score: score(first.results) };
  const initial = { ...best };
  const steps: TuneStep[] = [
    { round: 0, weights: start, score: best.score, accepted: true, cached: first.cached },
  ];
  opts.onStep?.(steps[0]!);
  const rng = createRandom(opts.tuneSeed ?? 1).fork('tune');
  const names = Object.keys(DEFAULT_WEIGHTS).sort();
  for (let round = 1; round <= opts.rounds; round++) {
    const candidate = perturb(best.weights, names, rng.next(), rng.next());
    if (!Object.values(candidate).some((v) => v > 0)) continue;
    const e = evaluate(candidate);
    const sc = score(e.results);
    const accepted = sc < best.score;
    if (accepted) best = { weights: candidate, score: sc };
    const step = { round, weights: candidate, score: sc, accepted, cached: e.cached };
    steps.push(step);
    opts.onStep?.(step);
  }
  return {
    objective: opts.objective,
    strategy: opts.strategy,
    seeds: opts.seeds,
    initial,
    best,
    improvementPct: initial.score > 0 ? (100 * (initial.score - best.score)) / initial.score : 0,
    steps,
  };
}

/** One move: a weight doubled, halved, switched off, or switched on at 1. */
function perturb(w: Record<string, number>, names: string[], u1: number, u2: number): Record<string, number> {
  const name = names[Math.floor(u1 * names.length)]!;
  const next = { ...w };
  const cur = next[name] ?? 0;
  if (cur === 0) next[name] = 1;
  else if (u2 < 0.4) next[name] = cur * 2;
  else if (u2 < 0.8) next[name] = cur / 2;
  else next[name] = 0;
  for (const k of Object.keys(next)) if (next[k] === 0) delete next[k];
  return next;
}

function readHistory(
  path: string | undefined,
  scenario: string,
  strategy: string,
  seeds: number[],
): Map<string, RunResult[]> {
  const out = new Map<string, RunResult[]>();
  if (!path || !existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const h = JSON.parse(line) as HistoryLine;
    if (
      h.scenario === scenario &&
      h.strategy === strategy &&
      JSON.stringify(h.seeds) === JSON.stringify(seeds)
    ) {
      out.set(key(h.weights), h.results);
    }
  }
  return out;
}
