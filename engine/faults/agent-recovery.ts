/**
 * Agent-level recovery: flapping agents are quarantined (isolated) and re-admitted on probation; task
 * failures feed each agent's circuit breaker and failure-rate history, which opens the breaker or drains
 * the agent before it fails outright; time-driven transitions (quarantine over, breaker half-open, drain
 * over) happen in the periodic sweep.
 */
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';
import {
  BreakerState,
  breakerFailure,
  breakerSuccess,
  breakerTick,
  ensureBreaker,
} from './circuit-breaker.js';
import { classify } from './classify.js';
import { ruleFor } from './fault-rules.js';
import { refreshHealth } from './health-policy.js';

/** Records that agent `a` went down (declared dead); quarantines it when it flaps. */
export function recordAgentDeath(s: EngineState, ops: CoreOps, a: number): void {
  const f = s.faults;
  const deaths = f.deathsMs[a]!;
  deaths.push(s.nowMs);
  const from = s.nowMs - s.config.faults.flapWindowMs;
  while (deaths.length > 0 && deaths[0]! < from) deaths.shift();
  if (ruleFor(f.rules, 'flapping', deaths.length) === null) return;
  const id = s.agentSpec[a]!.id;
  const rule = classify(
    s,
    ops,
    'flapping',
    id,
    deaths.length,
    `${deaths.length} deaths within ${s.config.faults.flapWindowMs} ms`,
  );
  if (rule?.action !== 'quarantine') return;
  const untilMs = s.nowMs + (rule.quarantineMs ?? 60_000);
  f.quarantineUntilMs[a] = untilMs;
  f.probationLeft[a] = s.config.faults.probationSuccesses;
  f.stats.quarantines++;
  ops.emit(s, { kind: 'IsolateAgent', agentId: id, untilMs, reason: `flapping: ${deaths.length} deaths` });
}

/** A task attempt failed on agent `a`: feed its breaker and failure history; act on the rules. */
export function recordTaskFailure(s: EngineState, ops: CoreOps, a: number): void {
  const f = s.faults;
  const cfg = s.config.faults;
  f.stats.taskFailures++;
  f.failureRate[a] = f.failureRate[a]! * (1 - cfg.failureRateAlpha) + cfg.failureRateAlpha;
  ensureBreaker(f.agentBreakers, a);
  const id = s.agentSpec[a]!.id;
  if (breakerFailure(f.agentBreakers, a, s.nowMs, cfg.breakerFailuresMax)) {
    const rule = classify(s, ops, 'task-failures', id, cfg.breakerFailuresMax, 'consecutive task failures');
    if (rule?.action === 'open-breaker') f.stats.breakersOpened++;
    else f.agentBreakers.state[a] = BreakerState.Closed;
  } else if (f.drainUntilMs[a]! <= s.nowMs && f.failureRate[a]! >= cfg.drainFailureRate) {
    const rule = classify(
      s,
      ops,
      'failure-rate-rising',
      id,
      0,
      `failure rate ${f.failureRate[a]!.toFixed(2)}`,
    );
    if (rule?.action === 'drain') {
      f.drainUntilMs[a] = s.nowMs + cfg.breakerOpenMs;
      f.stats.drains++;
    }
  }
  refreshHealth(s, a);
}

/** A task attempt succeeded on agent `a`: close a half-open breaker, count down probation. */
export function recordTaskSuccess(s: EngineState, a: number): void {
  const f = s.faults;
  const cfg = s.config.faults;
  f.failureRate[a] = f.failureRate[a]! * (1 - cfg.failureRateAlpha);
  const tracked = f.agentBreakers.state.length > a;
  if (tracked) breakerSuccess(f.agentBreakers, a, cfg.probationSuccesses);
  const c = s.agentClusterId[a]!;
  if (f.clusterBreakers.state.length > c && f.clusterBreakers.state[c] === BreakerState.HalfOpen) {
    if (breakerSuccess(f.clusterBreakers, c, cfg.probationSuccesses)) refreshCluster(s, c);
  }
  if (f.probationLeft[a]! > 0) f.probationLeft[a]!--;
  if (tracked || f.probationLeft[a] === 0) refreshHealth(s, a);
}

/** Time-driven transitions for every alive agent not healthy, and for the cluster breakers. */
export function sweepAgentTimers(s: EngineState): void {
  const f = s.faults;
  const cfg = s.config.faults;
  for (let c = 0; c < f.clusterBreakers.state.length; c++) {
    if (breakerTick(f.clusterBreakers, c, s.nowMs, cfg.breakerOpenMs)) refreshCluster(s, c);
  }
  // The last pass found no alive agent that is not healthy and no agent's status or health changed
  // since: nothing to tick.
  const version = f.agentStateVersion;
  if (version === f.timersIdleVersion) return;
  let ticked = false;
  for (let a = 0; a < s.agentSpec.length; a++) {
    if (s.agentStatus[a] !== AgentStatus.Alive || s.agentHealth[a] === 0) continue;
    ticked = true;
    if (f.agentBreakers.state.length > a) breakerTick(f.agentBreakers, a, s.nowMs, cfg.breakerOpenMs);
    const drainOver = f.drainUntilMs[a]! > 0 && f.drainUntilMs[a]! <= s.nowMs;
    if (drainOver) {
      f.drainUntilMs[a] = 0;
      f.failureRate[a] = cfg.undrainFailureRate;
      f.probationLeft[a] = cfg.probationSuccesses;
    }
    refreshHealth(s, a);
  }
  if (!ticked) f.timersIdleVersion = version;
}

/** Re-derives the health of every alive agent of cluster `c` (after its breaker changed). */
export function refreshCluster(s: EngineState, c: number): void {
  for (let a = 0; a < s.agentSpec.length; a++) {
    if (s.agentClusterId[a] === c && s.agentStatus[a] === AgentStatus.Alive) refreshHealth(s, a);
  }
}
