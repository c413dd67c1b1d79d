/**
 * Reads and validates scenario files (YAML or JSON) against scenarios/scenario.schema.json.
 * Errors name the file, the line, the path inside the document, the value found and what was expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { packageRoot } from '../../engine/cli/paths.js';
import { cadenceProblem, DEFAULT_CADENCE } from '../../engine/schedule/cadence.js';
import type { FaultSpec, LoadedScenario, Scenario } from './types.js';
import { compileValidator, GENERATED_VALIDATOR_FILE, schemaHash } from './validator-code.js';

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

let validator: ValidateFunction | null = null;

function getValidator(): ValidateFunction {
  if (validator) return validator;
  const schemaText = readFileSync(join(packageRoot(), 'scenarios', 'scenario.schema.json'), 'utf8');
  validator = precompiledValidator(schemaText) ?? compileValidator(schemaText);
  return validator;
}

/** The build's precompiled validator (see validator-code.ts) when it was made from this very schema. */
function precompiledValidator(schemaText: string): ValidateFunction | null {
  const file = join(dirname(fileURLToPath(import.meta.url)), GENERATED_VALIDATOR_FILE);
  if (!existsSync(file)) return null;
  const mod = createRequire(import.meta.url)(file) as ValidateFunction & { schemaHash?: string };
  return typeof mod === 'function' && mod.schemaHash === schemaHash(schemaText) ? mod : null;
}

/** Loads a scenario file; throws ScenarioError with a readable, located message on any problem. */
export function loadScenarioFile(path: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScenarioError(
      `${path}: cannot read scenario file (${code === 'ENOENT' ? 'no such file' : code})`,
    );
  }
  const scenario = parseScenarioText(text, path);
  return { scenario, baseDir: dirname(resolve(path)), sourcePath: resolve(path) };
}

/** Parses and validates scenario text; `origin` names the source in messages. */
export function parseScenarioText(text: string, origin: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lineCounter.linePos(e.pos[0]);
    throw new ScenarioError(
      `${origin}:${pos.line}:${pos.col}: not valid YAML/JSON: ${e.message.split('\n')[0]}`,
    );
  }
  const data = doc.toJS();
  validateScenarioObject(data, origin, (path) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  });
  return data as Scenario;
}

/** Validates an already-parsed scenario object. `lineOf` maps a document path to a line, when known. */
export function validateScenarioObject(
  data: unknown,
  origin: string,
  lineOf: (path: (string | number)[]) => number | undefined = () => undefined,
): asserts data is Scenario {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ScenarioError(`${origin}: a scenario must be a mapping with name, fleet and workload`);
  }
  const validate = getValidator();
  if (!validate(data)) {
    const errors = pickErrors(validate.errors ?? []);
    const lines = errors.slice(0, 5).map((e) => describe(e, data, origin, lineOf));
    const more = errors.length > 5 ? `\n  (and ${errors.length - 5} more)` : '';
    throw new ScenarioError(`invalid scenario:\n  ${lines.join('\n  ')}${more}`);
  }
  checkSemantics(data as Scenario, origin);
}

/**
 * For oneOf unions, keep the errors of the branch whose discriminator matched; when no branch matched
 * (every branch failed on its kind or type), report the union itself once, with the forms it accepts.
 */
function pickErrors(errors: ErrorObject[]): ErrorObject[] {
  const branchOf = (e: ErrorObject) => /^(.*\/oneOf\/\d+)\//.exec(e.schemaPath)?.[1];
  const unionOf = (branch: string) => branch.replace(/\/\d+$/, '');
  const wrong = new Set<string>();
  for (const e of errors) {
    const b = branchOf(e);
    if (!b) continue;
    const discriminator =
      (e.keyword === 'const' && /\/(generator|process|dist|kind)$/.test(e.instancePath)) ||
      (e.keyword === 'required' &&
        ['generator', 'process', 'dist', 'import', 'kind'].includes(String(e.params.missingProperty))) ||
      (e.keyword === 'additionalProperties' &&
        ['generator', 'import'].includes(String(e.params.additionalProperty))) ||
      e.keyword === 'type';
    if (discriminator) wrong.add(b);
  }
  const unions = new Map<string, { path: string; branches: Set<string>; wrong: number }>();
  for (const e of errors) {
    const b = branchOf(e);
    if (!b) continue;
    const u = unionOf(b);
    const entry = unions.get(u) ?? { path: '', branches: new Set<string>(), wrong: 0 };
    entry.branches.add(b);
    unions.set(u, entry);
  }
  for (const e of errors)
    if (e.keyword === 'oneOf' && unions.has(e.schemaPath.replace(/\/oneOf$/, '/oneOf'))) {
      unions.get(e.schemaPath)!.path = e.instancePath;
    }
  const kept: ErrorObject[] = [];
  const reported = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'oneOf') {
      const u = unions.get(e.schemaPath);
      const allWrong = !u || [...u.branches].every((b) => wrong.has(b));
      if (allWrong && !reported.has(e.instancePath)) {
        reported.add(e.instancePath);
        kept.push(e);
      }
      continue;
    }
    const b = branchOf(e);
    if (b && wrong.has(b)) continue;
    kept.push(e);
  }
  return kept;
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur: unknown = data;
  for (const part of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function describe(
  e: ErrorObject,
  data: unknown,
  origin: string,
  lineOf: (path: (string | number)[]) => number | undefined,
): string {
  const parts = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  let where = parts.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p),
    '',
  );
  let expected: string;
  const value = valueAt(data, e.instancePath);
  switch (e.keyword) {
    case 'required':
      where = where ? `${where}.${e.params.missingProperty}` : String(e.params.missingProperty);
      expected = 'is required but missing';
      break;
    case 'additionalProperties':
      where = where ? `${where}.${e.params.additionalProperty}` : String(e.params.additionalProperty);
      expected = 'is not a known field (check the spelling against scenarios/scenario.schema.json)';
      break;
    case 'enum':
      expected = `is ${JSON.stringify(value)}; expected one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'const':
      expected = `is ${JSON.stringify(value)}; expected ${JSON.stringify(e.params.allowedValue)}`;
      break;
    case 'oneOf':
      expected = `is ${JSON.stringify(value)}; ${unionHint(e.instancePath)}`;
      break;
    default:
      expected = `is ${JSON.stringify(value)}; expected ${(e.message ?? 'a valid value').replace(/^must (be )?/, '')}`;
  }
  const line = lineOf(parts) ?? lineOf(parts.slice(0, -1));
  return `${origin}${line ? `:${line}` : ''}: ${where || '(document)'} ${expected}`;
}

function unionHint(path: string): string {
  if (/\/dags\/\d+$/.test(path))
    return 'expected a DAG source: generator layered | fork-join | chain, or import: <file>';
  if (/arrival$/.test(path)) return 'expected process batch | poisson (ratePerSec) | uniform (intervalMs)';
  if (/pattern(\/parts\/\d+)*$/.test(path))
    return 'expected a load pattern: kind constant | diurnal | bursts | sum (see scenarios/scenario.schema.json)';
  if (/speed$/.test(path))
    return 'expected a positive number or {dist: uniform, min, max} or {dist: normal, mean, sd}';
  return 'expected one of the documented forms';
}

function checkSemantics(s: Scenario, origin: string): void {
  const fail = (msg: string) => {
    throw new ScenarioError(`invalid scenario:\n  ${origin}: ${msg}`);
  };
  s.fleet.types.forEach((t, i) => {
    if (typeof t.speed === 'object' && t.speed.dist === 'uniform' && t.speed.min > t.speed.max) {
      fail(`fleet.types[${i}].speed.min (${t.speed.min}) is above max (${t.speed.max})`);
    }
    if (t.power && t.power.idleW > t.power.maxW) fail(`fleet.types[${i}].power.idleW is above maxW`);
  });
  (s.faults ?? []).forEach((f, i) => {
    const problem = faultProblem(f, s.fleet.clusters ?? 1);
    if (problem) fail(`faults[${i}]${problem}`);
  });
  const bg = s.backgroundLoad;
  if (bg && !bg.pattern && !bg.trace) fail('backgroundLoad needs a pattern, a trace or both');
  if (s.engine?.scheduling) {
    const problem = cadenceProblem({ ...DEFAULT_CADENCE, ...s.engine.scheduling });
    if (problem) fail(`engine.${problem}`);
  }
  const hb = s.engine?.heartbeatIntervalMs ?? 1000;
  const to = s.engine?.heartbeatTimeoutMs ?? 3500;
  if (to <= hb) fail(`engine.heartbeatTimeoutMs (${to}) must exceed engine.heartbeatIntervalMs (${hb})`);
}

const FAULT_NEEDS: Record<FaultSpec['kind'], (keyof FaultSpec)[]> = {
  crash: ['share'],
  slowdown: ['share', 'factor'],
  straggler: ['share', 'factor'],
  partition: ['durationMs'],
  'message-loss': ['rate'],
  'message-delay': ['maxDelayMs'],
  flapping: ['upMs', 'downMs', 'cycles'],
  'cluster-outage': [],
};

/** What is wrong with one fault entry (a suffix for `faults[i]`), or null. */
function faultProblem(f: FaultSpec, clusters: number): string | null {
  if (f.atMs === undefined && f.window === undefined) return ' needs atMs or window';
  if (f.window && f.window.fromMs > f.window.toMs) return '.window.fromMs is after toMs';
  for (const field of FAULT_NEEDS[f.kind]) {
    if (f[field] === undefined) return `.${field} is required for a ${f.kind} fault`;
  }
  if ((f.clusters ?? 1) > clusters)
    return `.clusters is ${f.clusters}; the fleet has only ${clusters} cluster${clusters === 1 ? '' : 's'}`;
  return null;
}
