/**
 * Plugin registry: Score and Filter plugins by name. Registering a name twice fails; so does building a
 * framework with an unknown name or an entry without a weight.
 */
import { BUILTIN_FILTERS } from './filters.js';
import type { FilterPlugin, ScorePlugin } from './plugin.js';
import { BUILTIN_SCORES } from './scores.js';

const scores = new Map<string, ScorePlugin>();
const filters = new Map<string, FilterPlugin>();

export class PluginConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginConfigError';
  }
}

/** Adds a Score plugin; its name must be new. */
export function registerScorePlugin(p: ScorePlugin): void {
  if (scores.has(p.name) || filters.has(p.name))
    throw new PluginConfigError(`plugin "${p.name}" is already registered`);
  scores.set(p.name, p);
}

/** Adds a Filter plugin; its name must be new. */
export function registerFilterPlugin(p: FilterPlugin): void {
  if (scores.has(p.name) || filters.has(p.name))
    throw new PluginConfigError(`plugin "${p.name}" is already registered`);
  filters.set(p.name, p);
}

export function scorePluginNames(): string[] {
  return [...scores.keys()].sort();
}

export function filterPluginNames(): string[] {
  return [...filters.keys()].sort();
}

export interface WeightedPlugin {
  plugin: ScorePlugin;
  weight: number;
}

/**
 * Resolves `{ name, weight }` entries to Score plugins. Fails on an unknown name, a missing or negative
 * weight, a duplicate entry, or no positive weight at all.
 */
export function resolveScorePlugins(
  entries: readonly { name: string; weight?: number | undefined }[],
): WeightedPlugin[] {
  const seen = new Set<string>();
  const out: WeightedPlugin[] = [];
  for (const e of entries) {
    const plugin = scores.get(e.name);
    if (!plugin)
      throw new PluginConfigError(
        `unknown score plugin "${e.name}"; expected one of: ${scorePluginNames().join(', ')}`,
      );
    if (seen.has(e.name)) throw new PluginConfigError(`score plugin "${e.name}" is configured twice`);
    seen.add(e.name);
    if (e.weight === undefined) throw new PluginConfigError(`score plugin "${e.name}" has no weight`);
    if (!Number.isFinite(e.weight) || e.weight < 0) {
      throw new PluginConfigError(
        `score plugin "${e.name}" weight must be a finite number >= 0, got ${e.weight}`,
      );
    }
    if (e.weight > 0) out.push({ plugin, weight: e.weight });
  }
  if (out.length === 0) throw new PluginConfigError('at least one score plugin needs a positive weight');
  return out;
}

/** Resolves filter names; unknown names fail. */
export function resolveFilterPlugins(names: readonly string[]): FilterPlugin[] {
  return names.map((n) => {
    const f = filters.get(n);
    if (!f)
      throw new PluginConfigError(
        `unknown filter plugin "${n}"; expected one of: ${filterPluginNames().join(', ')}`,
      );
    return f;
  });
}

for (const p of BUILTIN_SCORES) registerScorePlugin(p);
for (const f of BUILTIN_FILTERS) registerFilterPlugin(f);
