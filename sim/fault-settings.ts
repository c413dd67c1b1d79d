/**
 * Engine settings for fault handling and balancing taken from a scenario: the agent-side queue, the
 * fault and balance sections, and the fault response rules — the YAML file the scenario names, or the
 * shipped engine/faults/rules/default-rules.yaml. Rules are parsed here, outside the core, and enter it
 * as data.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../engine/cli/paths.js';
import type { EngineConfigInput } from '../engine/core/state.js';
import type { FaultRule } from '../engine/faults/fault-rules.js';
import { parseFaultRules } from '../engine/faults/parse-fault-rules.js';
import { ScenarioError } from './scenario/load.js';
import type { LoadedScenario } from './scenario/types.js';

const cache = new Map<string, FaultRule[]>();

/** Path of the shipped default rules. */
export function defaultRulesPath(): string {
  return join(packageRoot(), 'engine', 'faults', 'rules', 'default-rules.yaml');
}

/** Reads and parses a rules file; a bad file is a ScenarioError naming the file, rule and field. */
export function loadFaultRules(path: string): FaultRule[] {
  const hit = cache.get(path);
  if (hit) return hit;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ScenarioError(`${path}: cannot read fault rules file`);
  }
  const parsed = parseFaultRules(text, path);
  if (!parsed.ok) throw new ScenarioError(parsed.error);
  cache.set(path, parsed.rules);
  return parsed.rules;
}

/** The fault, balance and queue settings of a scenario (`withoutBalance` switches balancing off). */
export function faultSettings(loaded: LoadedScenario, withoutBalance: boolean): EngineConfigInput {
  const e = loaded.scenario.engine;
  const rulesPath = e?.faultRulesFile ? resolve(loaded.baseDir, e.faultRulesFile) : defaultRulesPath();
  const balance = { ...e?.balance };
  if (withoutBalance) balance.enabled = false;
  return {
    queueDepthSlots: e?.queueDepthSlots ?? 0,
    faults: e?.faults ?? {},
    balance,
    faultRules: loadFaultRules(rulesPath),
  };
}
