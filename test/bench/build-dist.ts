/**
 * Builds dist/ (as `npm run build` does) for benchmarks that measure the compiled code a user runs:
 * tsx compiles the sources differently (esbuild), which changes a cold run's figures by a few percent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/** Builds dist/; returns what will run. Throws only when the build left no CLI behind. */
export function buildDist(): string {
  const r = spawnSync(process.execPath, ['tools/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  // tsc still emits when a concurrent edit has a type error; only a missing build is fatal.
  if (!existsSync(join(repoRoot, 'dist', 'engine', 'cli', 'main.js')))
    throw new Error(`npm run build failed (exit ${r.status}) and dist/ has no CLI`);
  return r.status === 0 ? 'compiled dist/' : 'compiled dist/ (the build reported type errors)';
}
