import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenarioText, ScenarioError } from '../../../sim/scenario/load.js';

const root = join(import.meta.dirname, '..', '..', '..');
const shipped = ['small', 'standard', 'stress']
  .flatMap((d) => readdirSync(join(root, 'scenarios', d)).map((f) => join('scenarios', d, f)))
  .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.includes('bad-example'));

const base = `name: t
fleet:
  agents: 2
  types:
    - { name: a, share: 1, slots: 1, speed: 1 }
workload:
  dags:
    - { generator: chain, count: 1, length: 2 }
`;

function errorOf(text: string): string {
  try {
    parseScenarioText(text, 'x.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario files', () => {
  it.each(shipped)('%s is valid', (f) => {
    expect(() => loadScenarioFile(join(root, f))).not.toThrow();
  });

  it('accepts JSON as well as YAML', () => {
    const json = JSON.stringify({
      name: 'j',
      fleet: { agents: 1, types: [{ name: 'a', share: 1, slots: 1, speed: 1 }] },
      workload: { dags: [{ generator: 'chain', count: 1, length: 1 }] },
    });
    expect(parseScenarioText(json, 'j.json').name).toBe('j');
  });

  it.each([
    [
      'a value out of range',
      base.replace('agents: 2', 'agents: 0'),
      /x\.yaml:3: fleet\.agents is 0; expected >= 1/,
    ],
    [
      'a misspelt field',
      base.replace('slots: 1', 'slot: 1'),
      /x\.yaml:5: fleet\.types\[0\]\.slot is not a known field/,
    ],
    ['a missing field', base.replace(', slots: 1', ''), /fleet\.types\[0\]\.slots is required but missing/],
    [
      'an unknown generator',
      base.replace('generator: chain', 'generator: chian'),
      /x\.yaml:8: workload\.dags\[0\] .*expected a DAG source: generator layered/,
    ],
    [
      'a wrong type',
      base.replace('speed: 1', 'speed: fast'),
      /fleet\.types\[0\]\.speed is "fast"; expected a positive number/,
    ],
    [
      'a bad enum',
      `${base}faults:\n  - { kind: meteor, share: 0.1, atMs: 5 }\n`,
      /faults\[0\]\.kind is "meteor"; expected one of "crash", "slowdown"/,
    ],
    [
      'an impossible timeout',
      `${base}engine: { heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 500 }\n`,
      /heartbeatTimeoutMs \(500\) must exceed/,
    ],
    [
      'a fault without time',
      `${base}faults:\n  - { kind: crash, share: 0.1 }\n`,
      /faults\[0\] needs atMs or window/,
    ],
    ['broken YAML', 'name: [oops\n', /x\.yaml:2:\d+: not valid YAML\/JSON/],
  ])('rejects %s with a located message', (_label, text, message) => {
    expect(errorOf(text)).toMatch(message);
  });
});
