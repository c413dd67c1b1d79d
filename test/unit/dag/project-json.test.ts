import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDag } from '../../../engine/dag/build.js';
import { exportDot } from '../../../engine/dag/io/dot.js';
import { exportProjectJson, parseProjectJson } from '../../../engine/dag/io/project-json.js';
import { fixture } from './fixtures.js';
import { dag, task } from './make.js';

describe('project JSON', () => {
  it('fills defaults for hand-written files', () => {
    const [d] = parseProjectJson(JSON.parse(readFileSync(fixture('diamond.json'), 'utf8')));
    expect(d!.tasks[1]).toEqual({
      id: 'b',
      type: 'compute',
      workUnits: 300,
      cpuDemand: 1,
      memoryMb: 0,
      inputBytes: 0,
      outputBytes: 2000,
      priority: 0,
      parents: [],
      reads: ['raw'],
    });
    expect(d!.labels).toEqual({ origin: 'hand-made' });
    expect(buildDag(d!).edgeCount).toBe(4);
  });

  it('export is stable: export → import → export is byte-identical', () => {
    const dags = parseProjectJson(JSON.parse(readFileSync(fixture('diamond.json'), 'utf8')));
    const text = exportProjectJson(dags);
    expect(exportProjectJson(parseProjectJson(JSON.parse(text)))).toBe(text);
    expect(parseProjectJson(JSON.parse(text))).toEqual(dags);
  });

  it.each([
    [{ format: 'other', dags: [] }, /format is "other", expected "agentsched-dag"/],
    [{ format: 'agentsched-dag', version: 2, dags: [] }, /version is 2/],
    [
      { id: 'x', tasks: [{ id: 'a', workUnits: 1, parents: ['b', 3] }] },
      /\(task "a"\)\.parents\[1\] is 3, expected a non-empty string/,
    ],
    [{ id: 'x', tasks: [{ id: 'a' }] }, /\.workUnits is missing, expected a number >= 0/],
    [{ tasks: [] }, /\(dag\)\.id is missing/],
  ])('names the bad field (%#)', (doc, message) => {
    expect(() => parseProjectJson(doc)).toThrow(message);
  });
});

describe('DOT export', () => {
  it('lists nodes with labels and every edge, quoting ids', () => {
    const dot = exportDot(
      dag(
        [
          task('a "1"', [], { outputBytes: 2_500_000 }),
          task('b', ['a "1"'], { writes: ['x'] }),
          task('c', [], { reads: ['x'] }),
        ],
        'g',
      ),
    );
    expect(dot).toContain('digraph "g" {');
    expect(dot).toContain('"a \\"1\\"" [label="a \\"1\\"\\ncompute 10 ms"];');
    expect(dot).toContain('"a \\"1\\"" -> "b" [label="2.5 MB"];');
    expect(dot).toContain('"b" -> "c";');
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });
});
