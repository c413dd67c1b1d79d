/**
 * Expands a sweep into its runs: parameter points (a grid, or a seeded random sample) × weight sets ×
 * strategies × seeds, in an order that is the same on every machine (shards rely on it). Each parameter
 * point is checked against the scenario schema before anything runs, so a bad value fails in seconds.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRandom, type Random } from '../../engine/model/random.js';
import { loadScenarioFile, ScenarioError, validateScenarioObject } from '../scenario/load.js';
import { applyOverrides } from './dot-path.js';
import { SweepError } from './sweep-error.js';
import type { ParameterDomain, SweepRun, SweepSpec } from './types.js';

type Point = Record<string, unknown>;

/** All runs of the sweep, index 0…n-1; throws SweepError when a point makes the scenario invalid. */
export function expandSweep(spec: SweepSpec): SweepRun[] {
  const base = loadScenarioFile(spec.scenarioPath).scenario;
  const scenarioSha = sha256(readFileSync(spec.scenarioPath, 'utf8'));
  const points = withWeightSets(parameterPoints(spec), spec.weightSets);
  for (const p of points) checkPoint(base, p);
  const runs: SweepRun[] = [];
  for (const overrides of points) {
    for (const strategy of spec.strategies) {
      const configKey = hashKey({ scenarioSha, overrides, strategy });
      const label = configLabel(strategy, overrides);
      for (const seed of spec.seeds) {
        const key = hashKey({ scenarioSha, overrides, strategy, seed });
        runs.push({
          index: runs.length,
          key,
          configKey,
          label,
          scenarioPath: spec.scenarioPath,
          overrides,
          strategy,
          seed,
        });
      }
    }
  }
  return runs;
}

/** Parameter points in declaration order (grid) or drawn from `sampleSeed` (random). */
export function parameterPoints(spec: SweepSpec): Point[] {
  const entries = Object.entries(spec.parameters);
  if (spec.mode === 'random') {
    const random = createRandom(`sweep:${spec.sampleSeed}`).fork('parameters');
    return Array.from({ length: spec.samples }, () =>
      Object.fromEntries(entries.map(([path, dom]) => [path, drawValue(dom, random)])),
    );
  }
  let points: Point[] = [{}];
  for (const [path, dom] of entries) {
    const values = gridValues(dom);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v })));
  }
  return points;
}

/** The values a domain takes in grid mode (a range needs a step). */
export function gridValues(dom: ParameterDomain): unknown[] {
  if (Array.isArray(dom)) return dom;
  const step = dom.step ?? dom.max - dom.min;
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const v = dom.min + i * step;
    if (v > dom.max + step * 1e-9) break;
    out.push(tidy(v, dom.integer));
    if (step === 0) break;
  }
  return [...new Set(out)];
}

function drawValue(dom: ParameterDomain, random: Random): unknown {
  if (Array.isArray(dom)) return dom[random.int(dom.length)];
  if (dom.step !== undefined) {
    const values = gridValues(dom);
    return values[random.int(values.length)];
  }
  return tidy(dom.min + random.next() * (dom.max - dom.min), dom.integer);
}

function tidy(v: number, integer: boolean | undefined): number {
  return integer ? Math.round(v) : Math.round(v * 1e4) / 1e4;
}

function withWeightSets(points: Point[], sets: Record<string, number>[]): Point[] {
  if (sets.length === 0) return points;
  return points.flatMap((p) => sets.map((w) => ({ ...p, 'engine.weights': w })));
}

function checkPoint(base: unknown, overrides: Point): void {
  const where = `sweep point ${formatOverrides(overrides) || '(base scenario)'}`;
  const doc = applyOverrides(base, overrides, where);
  try {
    validateScenarioObject(doc, where);
  } catch (err) {
    if (err instanceof ScenarioError)
      throw new SweepError(err.message.replace('invalid scenario', `${where} gives an invalid scenario`));
    throw err;
  }
}

/** `eft fleet.agents=500 engine.weights={"balance":1}`. */
export function configLabel(strategy: string, overrides: Point): string {
  const rest = formatOverrides(overrides);
  return rest ? `${strategy} ${rest}` : strategy;
}

function formatOverrides(overrides: Point): string {
  return Object.entries(overrides)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

function hashKey(value: unknown): string {
  return sha256(canonicalJson(value)).slice(0, 16);
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
