/**
 * The engine core never reads the wall clock or Math.random and does no I/O. Biome enforces this in
 * `npm run lint`; this test enforces it in `npm test` too, by scanning the core's sources.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const coreDirs = ['core', 'model', 'dag', 'load', 'schedule', 'balance', 'faults'].map((d) =>
  join(root, 'engine', d),
);

function files(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  } catch {
    return [];
  }
}

const forbidden = [
  /\bMath\.random\s*\(/,
  /\bDate\.now\s*\(/,
  /\bnew Date\s*\(/,
  /\bperformance\.now\s*\(/,
  /\bprocess\.hrtime/,
  /\bset(Timeout|Interval|Immediate)\s*\(/,
  /from\s+['"](node:)?(fs|net|http|https|child_process|dgram|worker_threads|fs\/promises)['"]/,
];

describe('engine core purity', () => {
  const sources = coreDirs.flatMap(files);
  it('has sources to check', () => expect(sources.length).toBeGreaterThan(5));
  it.each(sources.map((f) => [relative(root, f)]))('%s reads no clock, no Math.random, does no I/O', (f) => {
    const text = readFileSync(join(root, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const re of forbidden) expect(text, `${f} matches ${re}`).not.toMatch(re);
  });
});
