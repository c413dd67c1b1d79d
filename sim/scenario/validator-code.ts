/**
 * The scenario validator as precompiled code. Compiling scenarios/scenario.schema.json with Ajv takes
 * ~0.13 s of every `agentsched run`; `npm run build` writes the compiled validator next to the compiled
 * loader (`scenario-validator.generated.cjs`, Ajv's standalone output, tagged with the schema's SHA-256),
 * and the loader uses it when the tag matches the schema it reads, else compiles as before.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, Options, ValidateFunction } from 'ajv';

// Ajv itself is loaded only when a validator has to be compiled (no precompiled one, or at build time):
// importing the library costs ~60 ms of every process start, which `agentsched run` and every sweep
// worker would pay although they use the precompiled validator.
const require = createRequire(import.meta.url);

function ajvWith(options: Options): AjvClass {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(options);
}

/** The one set of Ajv options for scenarios (the loader's error messages depend on them). */
export const SCENARIO_AJV_OPTIONS: Options = { allErrors: true, strict: false, useDefaults: false };

/** File name of the precompiled validator, beside the compiled loader. */
export const GENERATED_VALIDATOR_FILE = 'scenario-validator.generated.cjs';

export function schemaHash(schemaText: string): string {
  return createHash('sha256').update(schemaText).digest('hex');
}

/** Compiles the schema at run time. */
export function compileValidator(schemaText: string): ValidateFunction {
  return ajvWith(SCENARIO_AJV_OPTIONS).compile(JSON.parse(schemaText));
}

/** CommonJS source of the precompiled validator: the function is `module.exports`, tagged `.schemaHash`. */
export function validatorSource(schemaText: string): string {
  const ajv = ajvWith({ ...SCENARIO_AJV_OPTIONS, code: { source: true, esm: false } });
  const validate = ajv.compile(JSON.parse(schemaText));
  const standalone = require('ajv/dist/standalone/index.js') as {
    default: (a: AjvClass, v: ValidateFunction) => string;
  };
  const code = standalone.default(ajv, validate);
  return `${code}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(schemaText))};\n`;
}
