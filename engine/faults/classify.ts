/**
 * Classification: turns what the detectors saw into a fault pattern at a level (task, agent, system),
 * looks up the rule for it and reports both as a `FaultClassified` command (plus an Alert when the rule
 * asks). The recovery modules then carry out the rule's action.
 */
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { FAULT_PATTERNS, type FaultPattern, type FaultRule, ruleFor } from './fault-rules.js';

/** Classifies `pattern` for `subject` (task, agent or cluster id) and returns the rule that applies. */
export function classify(
  s: EngineState,
  ops: CoreOps,
  pattern: FaultPattern,
  subject: string,
  count: number,
  detail: string,
): FaultRule | null {
  const rule = ruleFor(s.faults.rules, pattern, count);
  const level = FAULT_PATTERNS[pattern];
  ops.emit(s, { kind: 'FaultClassified', level, pattern, subject, action: rule?.action ?? 'none' });
  if (rule?.alert) {
    ops.emit(s, {
      kind: 'Alert',
      level: rule.alert,
      message: `${level} fault ${pattern} on ${subject}: ${detail}; rule ${rule.name} → ${rule.action}`,
    });
  }
  return rule;
}
