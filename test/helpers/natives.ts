/**
 * Runs an ES module snippet in a child node with V8's natives syntax (`%HaveSameMap`, `%HasSmiElements` …)
 * and TypeScript imports, and returns what it printed as JSON. Hidden classes and elements kinds are only
 * observable that way; the child keeps the flag out of the test runner.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `lines` run from the repository root; the last one should `console.log(JSON.stringify(…))`. */
export function withNatives(lines: string[]): unknown {
  const out = spawnSync(
    process.execPath,
    ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', lines.join('\n')],
    { cwd: root, encoding: 'utf8' },
  );
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout);
}
