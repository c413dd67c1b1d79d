/**
 * Strategy registry: names map to factories. Building an unknown name fails at construction with the
 * list of known names; registering a duplicate name fails too.
 */
import type { Random } from '../model/random.js';
import { eftStrategy, leastLoadedStrategy, randomStrategy, roundRobinStrategy } from './baselines.js';
import { SchedulingFramework } from './framework/framework.js';
import { HierarchicalStrategy } from './hierarchy.js';
import type { PlacementStrategy } from './strategy.js';

export type StrategyFactory = (weights: Record<string, number>, random: Random) => PlacementStrategy;

const factories = new Map<string, StrategyFactory>();

/** Adds a strategy under `name`; a name can be registered once. */
export function registerStrategy(name: string, factory: StrategyFactory): void {
  if (factories.has(name)) throw new Error(`strategy "${name}" is already registered`);
  factories.set(name, factory);
}

export function strategyNames(): string[] {
  return [...factories.keys()].sort();
}

export class UnknownStrategyError extends Error {
  constructor(readonly strategy: string) {
    super(`unknown strategy "${strategy}"; expected one of: ${strategyNames().join(', ')}`);
    this.name = 'UnknownStrategyError';
  }
}

/** Builds the named strategy; throws UnknownStrategyError for a name nobody registered. */
export function createStrategy(
  name: string,
  weights: Record<string, number>,
  random: Random,
): PlacementStrategy {
  const f = factories.get(name);
  if (!f) throw new UnknownStrategyError(name);
  return f(weights, random.fork(`strategy:${name}`));
}

registerStrategy('random', (_w, r) => randomStrategy(r));
registerStrategy('round-robin', () => roundRobinStrategy());
registerStrategy('least-loaded', () => leastLoadedStrategy());
registerStrategy('eft', () => eftStrategy());

/** Weights of the `weighted` strategy when the scenario gives none. */
export const DEFAULT_WEIGHTS: Readonly<Record<string, number>> = {
  eft: 6,
  balance: 1,
  communication: 1,
  energy: 0.5,
  history: 1,
  'predicted-load': 0.5,
  'type-match': 0.5,
};

registerStrategy('hierarchical', (weights) => {
  const local: Record<string, number> = {};
  const global: Record<string, number> = {};
  for (const [k, v] of Object.entries(Object.keys(weights).length > 0 ? weights : DEFAULT_WEIGHTS)) {
    if (k.startsWith('global.')) global[k.slice(7)] = v;
    else local[k] = v;
  }
  return new HierarchicalStrategy({
    localWeights: Object.keys(local).length > 0 ? local : { ...DEFAULT_WEIGHTS },
    globalWeights: global,
  });
});

registerStrategy('weighted', (weights) => {
  const w = Object.keys(weights).length > 0 ? weights : DEFAULT_WEIGHTS;
  return new SchedulingFramework({ plugins: Object.entries(w).map(([name, weight]) => ({ name, weight })) });
});
