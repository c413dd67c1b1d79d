/**
 * Reads a sweep file (YAML or JSON). Accepted shape:
 *
 * ```yaml
 * name: strategies-standard
 * scenario: ../scenarios/standard/standard-1000x10k.yaml   # relative to the sweep file
 * mode: grid                  # grid (default): every combination; random: `samples` parameter points
 * samples: 20                 # random mode only
 * sampleSeed: 1               # random mode only (the draw is the same on every machine)
 * strategies: [eft, least-loaded, round-robin]
 * seeds: [1, 2, 3]            # or a count (5 → 1..5) or { from: 10, count: 5 }
 * parameters:                 # dot paths into the scenario
 *   fleet.agents: [500, 1000]
 *   workload.arrival.ratePerSec: { min: 1, max: 4, step: 1 }
 * weights:                    # list of weight sets, or a map name → values (engine.weights.<name>)
 *   - { balance: 1 }
 * ```
 *
 * Every error names the file, the line and the field.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { strategyNames } from '../../engine/schedule/registry.js';
import { parseDotPath } from './dot-path.js';
import { SweepError } from './sweep-error.js';
import type { ParameterDomain, SweepSpec } from './types.js';

const KEYS = [
  'name',
  'description',
  'scenario',
  'mode',
  'samples',
  'sampleSeed',
  'strategies',
  'seeds',
  'parameters',
  'weights',
];

type Locate = (path: (string | number)[]) => string;

/** Loads and validates a sweep file; throws SweepError with `file:line: field: problem` messages. */
export function loadSweepFile(path: string): SweepSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SweepError(`${path}: cannot read sweep file (${code === 'ENOENT' ? 'no such file' : code})`);
  }
  return parseSweepText(text, path, dirname(resolve(path)));
}

/** Parses sweep text; `origin` names the source in messages, `baseDir` resolves the scenario path. */
export function parseSweepText(text: string, origin: string, baseDir: string): SweepSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lineCounter.linePos(e.pos[0]);
    throw new SweepError(
      `${origin}:${pos.line}:${pos.col}: not valid YAML/JSON: ${e.message.split('\n')[0]}`,
    );
  }
  const locate: Locate = (p) => {
    const node = doc.getIn(p, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
    return `${origin}${line}: ${p.length > 0 ? p.join('.') : '(top level)'}`;
  };
  return validateSweep(doc.toJS(), locate, baseDir);
}

function validateSweep(data: unknown, at: Locate, baseDir: string): SweepSpec {
  if (!isMap(data))
    throw new SweepError(`${at([])}: a sweep must be a mapping with scenario, strategies and seeds`);
  for (const k of Object.keys(data)) {
    if (!KEYS.includes(k))
      throw new SweepError(`${at([k])}: unknown field; expected one of ${KEYS.join(', ')}`);
  }
  const mode = data.mode ?? 'grid';
  if (mode !== 'grid' && mode !== 'random') {
    throw new SweepError(`${at(['mode'])}: must be grid or random, got ${JSON.stringify(mode)}`);
  }
  if (typeof data.scenario !== 'string' || data.scenario === '') {
    throw new SweepError(`${at(['scenario'])}: required, the path of the base scenario file`);
  }
  const parameters = parseParameters(data.parameters, at, mode);
  for (const [name, dom] of Object.entries(parseWeightDomains(data.weights, at, mode))) {
    parameters[`engine.weights.${name}`] = dom;
  }
  return {
    name: typeof data.name === 'string' && data.name !== '' ? data.name : 'sweep',
    scenarioPath: resolve(baseDir, data.scenario),
    mode,
    samples: mode === 'random' ? positiveInt(data.samples, ['samples'], at) : 1,
    sampleSeed: data.sampleSeed === undefined ? 1 : nonNegativeInt(data.sampleSeed, ['sampleSeed'], at),
    strategies: parseStrategies(data.strategies, at),
    seeds: parseSeeds(data.seeds, at),
    parameters,
    weightSets: parseWeightSets(data.weights, at),
  };
}

function parseStrategies(v: unknown, at: Locate): string[] {
  if (v === undefined) return ['eft'];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0) {
    throw new SweepError(`${at(['strategies'])}: must be a non-empty list of strategy names`);
  }
  const known = strategyNames();
  list.forEach((s, i) => {
    if (typeof s !== 'string' || !known.includes(s)) {
      throw new SweepError(
        `${at(['strategies', i])}: unknown strategy ${JSON.stringify(s)}; expected one of ${known.join(', ')}`,
      );
    }
  });
  if (new Set(list).size !== list.length)
    throw new SweepError(`${at(['strategies'])}: lists a strategy twice`);
  return list as string[];
}

function parseSeeds(v: unknown, at: Locate): number[] {
  if (v === undefined) return [1];
  if (typeof v === 'number') return range(1, positiveInt(v, ['seeds'], at));
  if (isMap(v)) {
    const from = nonNegativeInt(v.from ?? 1, ['seeds', 'from'], at);
    return range(from, positiveInt(v.count, ['seeds', 'count'], at));
  }
  if (!Array.isArray(v) || v.length === 0) {
    throw new SweepError(`${at(['seeds'])}: must be a list of seeds, a count, or { from, count }`);
  }
  const seeds = v.map((s, i) => nonNegativeInt(s, ['seeds', i], at));
  if (new Set(seeds).size !== seeds.length) throw new SweepError(`${at(['seeds'])}: lists a seed twice`);
  return seeds;
}

function parseParameters(v: unknown, at: Locate, mode: string): Record<string, ParameterDomain> {
  if (v === undefined) return {};
  if (!isMap(v))
    throw new SweepError(`${at(['parameters'])}: must map dot paths to lists of values or ranges`);
  const out: Record<string, ParameterDomain> = {};
  for (const [path, dom] of Object.entries(v)) {
    parseDotPath(path, at(['parameters', path]));
    out[path] = parseDomain(dom, ['parameters', path], at, mode);
  }
  return out;
}

function parseDomain(v: unknown, path: string[], at: Locate, mode: string): ParameterDomain {
  if (Array.isArray(v)) {
    if (v.length === 0) throw new SweepError(`${at(path)}: the list of values is empty`);
    return v;
  }
  if (isMap(v) && typeof v.min === 'number' && typeof v.max === 'number') {
    if (v.max < v.min) throw new SweepError(`${at(path)}: max (${v.max}) is below min (${v.min})`);
    if (v.step !== undefined && !(typeof v.step === 'number' && v.step > 0)) {
      throw new SweepError(
        `${at([...path, 'step'])}: must be a positive number, got ${JSON.stringify(v.step)}`,
      );
    }
    if (mode === 'grid' && v.step === undefined) {
      throw new SweepError(`${at(path)}: a range needs a step in grid mode (or use mode: random)`);
    }
    return { min: v.min, max: v.max, step: v.step as number | undefined, integer: v.integer === true };
  }
  throw new SweepError(
    `${at(path)}: expected a list of values or { min, max, step? }, got ${JSON.stringify(v)}`,
  );
}

function parseWeightDomains(v: unknown, at: Locate, mode: string): Record<string, ParameterDomain> {
  if (v === undefined || Array.isArray(v)) return {};
  if (!isMap(v))
    throw new SweepError(`${at(['weights'])}: must be a list of weight sets or a map name → values`);
  const out: Record<string, ParameterDomain> = {};
  for (const [name, dom] of Object.entries(v)) out[name] = parseDomain(dom, ['weights', name], at, mode);
  return out;
}

function parseWeightSets(v: unknown, at: Locate): Record<string, number>[] {
  if (!Array.isArray(v)) return [];
  if (v.length === 0) throw new SweepError(`${at(['weights'])}: the list of weight sets is empty`);
  return v.map((set, i) => {
    if (!isMap(set)) throw new SweepError(`${at(['weights', i])}: a weight set maps plugin names to numbers`);
    for (const [k, w] of Object.entries(set)) {
      if (typeof w !== 'number' || w < 0) {
        throw new SweepError(
          `${at(['weights', i, k])}: a weight must be a number ≥ 0, got ${JSON.stringify(w)}`,
        );
      }
    }
    return set as Record<string, number>;
  });
}

function positiveInt(v: unknown, path: (string | number)[], at: Locate): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
    throw new SweepError(`${at(path)}: must be an integer ≥ 1, got ${JSON.stringify(v)}`);
  }
  return v;
}

function nonNegativeInt(v: unknown, path: (string | number)[], at: Locate): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new SweepError(`${at(path)}: must be an integer ≥ 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
