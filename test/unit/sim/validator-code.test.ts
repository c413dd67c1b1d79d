/** The precompiled scenario validator (the build's) must judge exactly like the one compiled at run time. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileValidator, schemaHash, validatorSource } from '../../../sim/scenario/validator-code.js';

const root = join(import.meta.dirname, '..', '..', '..');
const schemaText = readFileSync(join(root, 'scenarios', 'scenario.schema.json'), 'utf8');
// Inside the package, so the generated code's requires of Ajv's runtime resolve (as they do from dist/).
const cache = join(root, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'agentsched-validator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function precompiled(): ValidateFunction & { schemaHash: string } {
  const file = join(dir, 'v.cjs');
  writeFileSync(file, validatorSource(schemaText));
  return createRequire(import.meta.url)(file);
}

describe('precompiled scenario validator', () => {
  const pre = precompiled();
  const run = compileValidator(schemaText);
  const standard = parse(readFileSync(join(root, 'scenarios', 'standard', 'standard-1000x10k.yaml'), 'utf8'));
  const bad = [
    parse(readFileSync(join(root, 'scenarios', 'small', 'bad-example.yaml'), 'utf8')),
    { ...standard, fleet: { ...standard.fleet, agents: 'many' } },
    { ...standard, engine: { ...standard.engine, strategy: 7, heartbeatIntervalMs: -1 } },
    { ...standard, workload: undefined, unknownField: true },
    {},
  ];

  it('is tagged with the hash of the schema it was made from', () => {
    expect(pre.schemaHash).toBe(schemaHash(schemaText));
    expect(schemaHash(`${schemaText} `)).not.toBe(pre.schemaHash);
  });

  it('accepts what the run-time validator accepts and reports the same errors for the rest', () => {
    expect(pre(standard)).toBe(true);
    expect(run(standard)).toBe(true);
    for (const doc of bad) {
      expect(pre(doc)).toBe(false);
      expect(run(doc)).toBe(false);
      expect(pre.errors).toEqual(run.errors);
    }
  });
});
