/**
 * Starts a sweep worker thread from either build: compiled JavaScript in dist/ loads `worker.js` directly;
 * TypeScript sources (vitest, tsx, the launcher's fallback) load `worker.ts` after registering tsx inside
 * the thread (Node 20 does not apply `--import` from a worker's execArgv to its entry module).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A new worker thread running `sim/sweep/worker`. */
export function startWorker(): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./worker.js', self));
  const target = new URL('./worker.ts', self).href;
  const tsxApi = tsxEsmApiUrl(self);
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(code, { eval: true });
}

/** URL of tsx's ESM API module, found through tsx's package.json exports (resolvable from any cwd). */
function tsxEsmApiUrl(from: string): string {
  const pkgPath = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const entry = pkg.exports['./esm/api']?.import?.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(pkgPath), entry)).href;
}
