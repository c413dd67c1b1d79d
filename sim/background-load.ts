/**
 * Background CPU load of simulated agents (work the scheduler does not control), so that load forecasts
 * matter in simulation. Pure and seeded: `cpuAt(agent, t)` depends only on the spec, the seed, the agent
 * and t — not on call order — so a virtual clock may jump or revisit times freely.
 *
 * Spec shapes (all levels are CPU utilisation 0–1; the result is clamped to [0, 1]):
 * - `{ kind: 'constant', level }`
 * - `{ kind: 'diurnal', mean, amplitude, periodMs?, peakAtMs?, phaseJitterMs?, noise?, noiseStepMs? }`:
 *   `mean + amplitude·cos(2π(t − peak − φ_agent)/period) + noise`; period defaults to one day, the peak
 *   to 14:00, each agent's phase φ is drawn uniformly in [0, phaseJitterMs), noise is a normal deviate
 *   with sd `noise`, constant within each `noiseStepMs` (default 60 s) bucket.
 * - `{ kind: 'bursts', base, burstLevel, ratePerHour, meanDurationMs }`: `base`, plus `burstLevel`
 *   during bursts that start as a Poisson process (`ratePerHour` per agent) and last an exponential
 *   time (mean `meanDurationMs`, capped at one hour).
 * - `{ kind: 'trace', series, scale?, offsetJitterMs? }`: replays recorded series (e.g. Alibaba v2018
 *   machine_usage CPU resampled to a grid, see `background-load-trace.ts`); agent i replays series
 *   i mod n, multiplied by `scale` (default 1; 0.01 for percent), looping, starting at a per-agent offset
 *   drawn in [0, offsetJitterMs), linearly interpolated between grid points.
 * - `{ kind: 'sum', parts }`: the sum of several patterns (e.g. diurnal + bursts).
 */
import type { Random } from '../engine/model/random.js';

export interface TraceSeries {
  stepMs: number;
  values: Float64Array | readonly number[];
}

export type BackgroundLoadSpec =
  | { kind: 'constant'; level: number }
  | {
      kind: 'diurnal';
      mean: number;
      amplitude: number;
      periodMs?: number;
      peakAtMs?: number;
      phaseJitterMs?: number;
      noise?: number;
      noiseStepMs?: number;
    }
  | { kind: 'bursts'; base: number; burstLevel: number; ratePerHour: number; meanDurationMs: number }
  | { kind: 'trace'; series: readonly TraceSeries[]; scale?: number; offsetJitterMs?: number }
  | { kind: 'sum'; parts: readonly BackgroundLoadSpec[] };

export interface BackgroundLoad {
  /** Background CPU utilisation 0–1 of agent `agentIdx` (0-based) at virtual time `tMs`. */
  cpuAt(agentIdx: number, tMs: number): number;
}

type Pattern = (agentIdx: number, tMs: number) => number;

/**
 * Builds the background load for `agentCount` agents from `spec`, drawing every per-agent parameter from
 * `random` (forked per part, so adding a part never changes another's draws). Throws on an invalid spec,
 * naming the field.
 */
export function createBackgroundLoad(
  spec: BackgroundLoadSpec,
  random: Random,
  agentCount: number,
): BackgroundLoad {
  const pattern = build(spec, random.fork('background-load'), agentCount, 'background');
  return { cpuAt: (agentIdx, tMs) => Math.min(1, Math.max(0, pattern(agentIdx, tMs))) };
}

function build(spec: BackgroundLoadSpec, random: Random, agentCount: number, where: string): Pattern {
  switch (spec.kind) {
    case 'constant':
      requireRange(spec.level, 0, 1, `${where}.level`);
      return () => spec.level;
    case 'diurnal':
      return diurnal(spec, random, agentCount, where);
    case 'bursts':
      return bursts(spec, random, where);
    case 'trace':
      return trace(spec, random, agentCount, where);
    case 'sum': {
      const parts = spec.parts.map((p, i) =>
        build(p, random.fork(`part${i}`), agentCount, `${where}.parts[${i}]`),
      );
      return (a, t) => parts.reduce((s, p) => s + p(a, t), 0);
    }
    default:
      throw new Error(
        `${where}.kind: unknown pattern '${(spec as { kind: string }).kind}', expected constant, diurnal, bursts, trace or sum`,
      );
  }
}

function diurnal(
  spec: Extract<BackgroundLoadSpec, { kind: 'diurnal' }>,
  random: Random,
  agentCount: number,
  where: string,
): Pattern {
  requireRange(spec.mean, 0, 1, `${where}.mean`);
  requireRange(spec.amplitude, 0, 1, `${where}.amplitude`);
  const period = spec.periodMs ?? 86_400_000;
  requireRange(period, 1, Number.POSITIVE_INFINITY, `${where}.periodMs`);
  const peak = spec.peakAtMs ?? 14 * 3_600_000;
  const jitter = spec.phaseJitterMs ?? 0;
  const phases = Float64Array.from({ length: agentCount }, () => random.next() * jitter);
  const noise = spec.noise ?? 0;
  const noiseStep = spec.noiseStepMs ?? 60_000;
  const salt = random.int(0x7fffffff);
  return (a, t) => {
    const wave =
      spec.mean + spec.amplitude * Math.cos((2 * Math.PI * (t - peak - (phases[a] ?? 0))) / period);
    return noise > 0 ? wave + noise * hashNormal(salt, a, Math.floor(t / noiseStep)) : wave;
  };
}

function bursts(
  spec: Extract<BackgroundLoadSpec, { kind: 'bursts' }>,
  random: Random,
  where: string,
): Pattern {
  requireRange(spec.base, 0, 1, `${where}.base`);
  requireRange(spec.burstLevel, 0, 1, `${where}.burstLevel`);
  requireRange(spec.ratePerHour, 0, 3600, `${where}.ratePerHour`);
  requireRange(spec.meanDurationMs, 1, Number.POSITIVE_INFINITY, `${where}.meanDurationMs`);
  const hourMs = 3_600_000;
  const cache = new Map<string, [number, number][]>();
  const burstsIn = (a: number, hour: number): [number, number][] => {
    const key = `${a}/${hour}`;
    let list = cache.get(key);
    if (!list) {
      list = drawBursts(random.fork(key), hour * hourMs, spec.ratePerHour, spec.meanDurationMs);
      if (cache.size > 50_000) cache.clear();
      cache.set(key, list);
    }
    return list;
  };
  return (a, t) => {
    const hour = Math.floor(t / hourMs);
    const active = [hour - 1, hour].some((h) => burstsIn(a, h).some(([s, e]) => t >= s && t < e));
    return spec.base + (active ? spec.burstLevel : 0);
  };
}

/** Bursts starting within one hour from `startMs`: Poisson count, uniform starts, exponential lengths ≤ 1 h. */
function drawBursts(r: Random, startMs: number, ratePerHour: number, meanMs: number): [number, number][] {
  const out: [number, number][] = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - r.next()) / ratePerHour;
    if (t >= 1 || ratePerHour === 0) return out;
    const dur = Math.min(3_600_000, -Math.log(1 - r.next()) * meanMs);
    const s = startMs + t * 3_600_000;
    out.push([s, s + dur]);
  }
}

function trace(
  spec: Extract<BackgroundLoadSpec, { kind: 'trace' }>,
  random: Random,
  agentCount: number,
  where: string,
): Pattern {
  if (spec.series.length === 0) throw new Error(`${where}.series: expected at least one trace series`);
  spec.series.forEach((s, i) => {
    requireRange(s.stepMs, 1, Number.POSITIVE_INFINITY, `${where}.series[${i}].stepMs`);
    if (s.values.length < 2)
      throw new Error(`${where}.series[${i}].values: expected at least 2 points, got ${s.values.length}`);
  });
  const scale = spec.scale ?? 1;
  const jitter = spec.offsetJitterMs ?? 0;
  const offsets = Float64Array.from({ length: agentCount }, () => random.next() * jitter);
  return (a, t) => {
    const s = spec.series[a % spec.series.length]!;
    const n = s.values.length;
    const pos = (t + (offsets[a] ?? 0)) / s.stepMs;
    const i = Math.floor(pos);
    const w = pos - i;
    const v0 = s.values[((i % n) + n) % n]!;
    const v1 = s.values[(((i + 1) % n) + n) % n]!;
    return scale * (v0 + (v1 - v0) * w);
  };
}

function requireRange(v: number, min: number, max: number, field: string): void {
  if (!(typeof v === 'number' && v >= min && v <= max)) {
    throw new Error(`${field} is ${String(v)}, expected a number from ${min} to ${max}`);
  }
}

/** A standard normal deviate from integer inputs (hash → two uniforms → Box–Muller); no state. */
function hashNormal(salt: number, a: number, b: number): number {
  const u1 = (hash3(salt, a, b) + 0.5) / 4294967296;
  const u2 = (hash3(salt ^ 0x9e3779b9, a, b) + 0.5) / 4294967296;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function hash3(salt: number, a: number, b: number): number {
  let x = (salt ^ Math.imul(a + 0x632be5ab, 0x85ebca6b) ^ Math.imul(b + 0x1b873593, 0xc2b2ae35)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
