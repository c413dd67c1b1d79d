/**
 * Parses fault response rules from YAML text into `FaultRule` data. Pure (no file access): drivers read
 * the file and pass the text. Problems come back as values naming the rule, the field, the value found
 * and what was expected.
 */
import { parse } from 'yaml';
import type { RetryPolicy } from './fault-config.js';
import {
  FAULT_ACTIONS,
  FAULT_PATTERNS,
  type FaultAction,
  type FaultPattern,
  type FaultRule,
} from './fault-rules.js';

export type ParsedRules = { ok: true; rules: FaultRule[] } | { ok: false; error: string };

const RETRY_KINDS = ['exponential', 'fixed', 'linear', 'immediate'] as const;
const ALERTS = ['info', 'warning', 'critical'] as const;

/** Parses a document `{ rules: [ {name, pattern, action, countMin?, retry?, quarantineMs?, alert?} ] }`. */
export function parseFaultRules(text: string, origin = 'rules'): ParsedRules {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { ok: false, error: `${origin}: not valid YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  const list = (doc as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) return { ok: false, error: `${origin}: expected a mapping with a "rules" list` };
  const rules: FaultRule[] = [];
  for (let i = 0; i < list.length; i++) {
    const r = parseRule(list[i], `${origin}: rules[${i}]`);
    if (typeof r === 'string') return { ok: false, error: r };
    rules.push(r);
  }
  return { ok: true, rules };
}

function parseRule(raw: unknown, where: string): FaultRule | string {
  if (raw === null || typeof raw !== 'object') return `${where} must be a mapping`;
  const o = raw as Record<string, unknown>;
  if (typeof o.name !== 'string' || o.name === '')
    return `${where}.name is ${JSON.stringify(o.name)}; expected a name`;
  if (typeof o.pattern !== 'string' || !(o.pattern in FAULT_PATTERNS))
    return `${where}.pattern is ${JSON.stringify(o.pattern)}; expected one of ${Object.keys(FAULT_PATTERNS).join(', ')}`;
  if (!FAULT_ACTIONS.includes(o.action as FaultAction))
    return `${where}.action is ${JSON.stringify(o.action)}; expected one of ${FAULT_ACTIONS.join(', ')}`;
  const countMin = o.countMin ?? 0;
  if (typeof countMin !== 'number' || countMin < 0)
    return `${where}.countMin is ${JSON.stringify(countMin)}; expected a number >= 0`;
  if (o.alert !== undefined && !ALERTS.includes(o.alert as never))
    return `${where}.alert is ${JSON.stringify(o.alert)}; expected one of ${ALERTS.join(', ')}`;
  if (o.quarantineMs !== undefined && !(typeof o.quarantineMs === 'number' && o.quarantineMs >= 0))
    return `${where}.quarantineMs is ${JSON.stringify(o.quarantineMs)}; expected a duration in ms >= 0`;
  const rule: FaultRule = {
    name: o.name,
    pattern: o.pattern as FaultPattern,
    action: o.action as FaultAction,
    countMin,
  };
  if (o.quarantineMs !== undefined) rule.quarantineMs = o.quarantineMs as number;
  if (o.alert !== undefined) rule.alert = o.alert as FaultRule['alert'];
  if (o.retry !== undefined) {
    const retry = parseRetry(o.retry, `${where}.retry`);
    if (typeof retry === 'string') return retry;
    rule.retry = retry;
  }
  return rule;
}

function parseRetry(raw: unknown, where: string): RetryPolicy | string {
  if (raw === null || typeof raw !== 'object') return `${where} must be a mapping`;
  const o = raw as Record<string, unknown>;
  if (!RETRY_KINDS.includes(o.kind as never))
    return `${where}.kind is ${JSON.stringify(o.kind)}; expected one of ${RETRY_KINDS.join(', ')}`;
  const num = (k: string, dflt: number, min: number): number | string => {
    const v = o[k] ?? dflt;
    return typeof v === 'number' && v >= min
      ? v
      : `${where}.${k} is ${JSON.stringify(v)}; expected a number >= ${min}`;
  };
  const baseMs = num('baseMs', 500, 0);
  const maxMs = num('maxMs', 30_000, 0);
  const jitter = num('jitter', 0, 0);
  const memoryFactor = num('memoryFactor', 1, 1);
  for (const v of [baseMs, maxMs, jitter, memoryFactor]) if (typeof v === 'string') return v;
  if ((jitter as number) > 1) return `${where}.jitter is ${jitter}; expected a share between 0 and 1`;
  return {
    kind: o.kind as RetryPolicy['kind'],
    baseMs: baseMs as number,
    maxMs: maxMs as number,
    jitter: jitter as number,
    memoryFactor: memoryFactor as number,
  };
}
