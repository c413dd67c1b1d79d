/**
 * Turns a scenario's `backgroundLoad` section into the simulator's `SimBackground`: the pattern and/or
 * the replayed trace (read here, the only I/O; path relative to the scenario file, `speedup` shrinks the
 * trace's 1-minute grid), the slowdown factor and the forecast settings with their defaults.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Random } from '../engine/model/random.js';
import { type BackgroundLoadSpec, createBackgroundLoad } from './background-load.js';
import { loadAlibabaMachineUsage } from './background-load-trace.js';
import { ScenarioError } from './scenario/load.js';
import type { BackgroundLoadSection, LoadedScenario } from './scenario/types.js';
import { SimBackground } from './sim-background.js';
import { DEFAULT_SIM_FORECAST, type SimForecastSettings } from './sim-forecasts.js';

/** The run's background load, or null when the scenario has none (the simulator then skips it). */
export function backgroundOf(
  loaded: LoadedScenario,
  agentIds: readonly string[],
  random: Random,
): SimBackground | null {
  const section = loaded.scenario.backgroundLoad;
  if (!section) return null;
  const spec = specOf(section, loaded.baseDir);
  const load = createBackgroundLoad(spec, random, agentIds.length);
  return new SimBackground(load, agentIds, section.slowdown ?? 1, forecastSettings(section));
}

/** The forecast settings of a section, defaults filled in. */
export function forecastSettings(section: BackgroundLoadSection): SimForecastSettings {
  const f = section.forecast ?? {};
  return {
    model: f.model ?? DEFAULT_SIM_FORECAST.model,
    intervalMs: f.intervalMs ?? DEFAULT_SIM_FORECAST.intervalMs,
    horizonMs: f.horizonMs ?? DEFAULT_SIM_FORECAST.horizonMs,
    historyPoints: f.historyPoints ?? DEFAULT_SIM_FORECAST.historyPoints,
    period: f.period ?? DEFAULT_SIM_FORECAST.period,
    window: f.window ?? DEFAULT_SIM_FORECAST.window,
  };
}

function specOf(section: BackgroundLoadSection, baseDir: string): BackgroundLoadSpec {
  const parts: BackgroundLoadSpec[] = [];
  if (section.pattern) parts.push(section.pattern);
  if (section.trace) parts.push(traceSpec(section.trace, baseDir));
  return parts.length === 1 ? parts[0]! : { kind: 'sum', parts };
}

function traceSpec(t: NonNullable<BackgroundLoadSection['trace']>, baseDir: string): BackgroundLoadSpec {
  const path = resolve(baseDir, t.file);
  if (!existsSync(path)) {
    throw new ScenarioError(`backgroundLoad.trace.file is '${t.file}'; no such file (looked at ${path})`);
  }
  const speedup = t.speedup ?? 1;
  const series = loadAlibabaMachineUsage(path, t.maxMachines ? { maxMachines: t.maxMachines } : {}).map(
    (s) => ({ stepMs: s.stepMs / speedup, values: s.values }),
  );
  return { kind: 'trace', series, scale: t.scale ?? 1, offsetJitterMs: t.offsetJitterMs ?? 0 };
}
