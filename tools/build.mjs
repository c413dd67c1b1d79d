// `npm run build` (also run by `npm install` / `npm ci` through `prepare`): compiles the CLI to dist/.
// A type error fails `npm run lint` and the tests; it must not make `npm install` itself fail, because
// bin/agentsched.js can always run the sources through tsx. So: report, and exit non-zero only when
// called directly as `npm run build`.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
if (r.status !== 0) {
  const lifecycle = process.env.npm_lifecycle_event;
  console.error(
    `agentsched: TypeScript build reported errors (see above)${lifecycle === 'prepare' ? '; continuing the install' : ''}`,
  );
  if (lifecycle !== 'prepare') process.exit(r.status ?? 1);
}

// The scenario validator, precompiled from the schema (sim/scenario/validator-code.ts): spares every
// `agentsched run` compiling it. The loader checks the schema hash and compiles itself on a mismatch.
try {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const { validatorSource, GENERATED_VALIDATOR_FILE } = await import(
    '../dist/sim/scenario/validator-code.js'
  );
  const schemaText = readFileSync(new URL('../scenarios/scenario.schema.json', import.meta.url), 'utf8');
  writeFileSync(
    new URL(`../dist/sim/scenario/${GENERATED_VALIDATOR_FILE}`, import.meta.url),
    validatorSource(schemaText),
  );
} catch (err) {
  console.error(
    `agentsched: scenario validator not precompiled (${err.message}); it is compiled at run time`,
  );
}
