import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULT_RULES, FAULT_PATTERNS, ruleFor } from '../../../engine/faults/fault-rules.js';
import { parseFaultRules } from '../../../engine/faults/parse-fault-rules.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('fault rules', () => {
  it('the shipped YAML parses and has a rule for every pattern of the library', () => {
    const parsed = parseFaultRules(
      readFileSync(join(root, 'engine/faults/rules/default-rules.yaml'), 'utf8'),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    for (const p of Object.keys(FAULT_PATTERNS))
      expect(
        parsed.rules.some((r) => r.pattern === p),
        p,
      ).toBe(true);
    expect(ruleFor(parsed.rules, 'task-failed', 1)?.retry?.kind).toBe('exponential');
  });

  it('the built-in rules match the YAML except the immediate retry', () => {
    const parsed = parseFaultRules(
      readFileSync(join(root, 'engine/faults/rules/default-rules.yaml'), 'utf8'),
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const strip = (rs: readonly { retry?: unknown }[]) => rs.map(({ retry: _r, ...rest }) => rest);
    expect(strip(parsed.rules)).toEqual(strip(DEFAULT_FAULT_RULES));
  });

  it('flapping applies from its countMin on', () => {
    expect(ruleFor(DEFAULT_FAULT_RULES, 'flapping', 2)).toBeNull();
    expect(ruleFor(DEFAULT_FAULT_RULES, 'flapping', 3)?.action).toBe('quarantine');
  });

  it.each([
    [
      'rules: [{ name: x, pattern: meteor, action: retry }]',
      /rules\[0\]\.pattern is "meteor"; expected one of/,
    ],
    ['rules: [{ name: x, pattern: straggler, action: explode }]', /rules\[0\]\.action is "explode"/],
    [
      'rules: [{ name: x, pattern: task-failed, action: retry, retry: { kind: sometimes } }]',
      /retry\.kind is "sometimes"/,
    ],
    [
      'rules: [{ name: x, pattern: task-failed, action: retry, retry: { kind: fixed, jitter: 3 } }]',
      /jitter is 3/,
    ],
    ['nope: 1', /expected a mapping with a "rules" list/],
  ])('a bad rule file is reported with the field and value: %s', (text, message) => {
    const parsed = parseFaultRules(text, 'r.yaml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});
