/**
 * Loads the user modules a scenario names (`engine.modules`), so they can register their own strategies
 * and plugins before the run. A module's default export is called with the registration API:
 *
 *   export default function (api) {
 *     api.registerScorePlugin({ name: 'cheap', better: 'lower', score: ({ s }, a) => s.agentSpec[a].powerMaxW });
 *     api.registerStrategy('first-fit', () => ({ name: 'first-fit', select: (s, t) => … }));
 *   }
 *
 * Drivers call this once per scenario before `runScenario`; a module is loaded once per process.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerFilterPlugin, registerScorePlugin } from '../../engine/schedule/framework/registry.js';
import { registerStrategy } from '../../engine/schedule/registry.js';
import { forEachCandidate } from '../../engine/schedule/strategy.js';
import { ScenarioError } from './load.js';
import type { LoadedScenario } from './types.js';

const loaded = new Set<string>();

/** Imports every module the scenario names; a missing or failing module is a ScenarioError naming it. */
export async function loadScenarioModules(l: LoadedScenario): Promise<void> {
  const modules = l.scenario.engine?.modules ?? [];
  for (const [i, m] of modules.entries()) {
    const path = resolve(l.baseDir, m);
    if (loaded.has(path)) continue;
    if (!existsSync(path))
      throw new ScenarioError(`engine.modules[${i}]: no such module file "${m}" (resolved to ${path})`);
    try {
      const mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
      if (typeof mod.default !== 'function')
        throw new Error('its default export must be a function (api) => void');
      (mod.default as (api: ModuleApi) => void)(MODULE_API);
    } catch (err) {
      throw new ScenarioError(`engine.modules[${i}]: loading "${m}" failed: ${(err as Error).message}`);
    }
    loaded.add(path);
  }
}

/** What a scenario module receives. */
export interface ModuleApi {
  registerStrategy: typeof registerStrategy;
  registerScorePlugin: typeof registerScorePlugin;
  registerFilterPlugin: typeof registerFilterPlugin;
  forEachCandidate: typeof forEachCandidate;
}

const MODULE_API: ModuleApi = {
  registerStrategy,
  registerScorePlugin,
  registerFilterPlugin,
  forEachCandidate,
};
