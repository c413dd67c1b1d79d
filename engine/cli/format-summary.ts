/** Human-readable summary of a run result. */
import type { RunResult } from '../../sim/run-scenario.js';

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const int = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function formatSummary(r: RunResult, totalWallMs: number): string {
  const t = r.tasks;
  const lines = [
    `scenario   ${r.scenario}  (seed ${r.seed}, strategy ${r.strategy})`,
    `fleet      ${int(r.agents)} agents in ${r.clusters} clusters`,
    `tasks      ${int(t.submitted)} submitted · ${int(t.completed)} completed · ${int(t.failed)} failed · ${int(t.lost)} lost · ${t.duplicateCompletions} duplicate completions · ${int(t.retried)} retried`,
    `makespan   ${fmtMs(r.makespanMs)} simulated`,
    `decisions  ${int(r.decisions.count)} · latency p50 ${r.decisions.latencyUs.p50.toFixed(1)} µs · p99 ${r.decisions.latencyUs.p99.toFixed(1)} µs · max ${r.decisions.latencyUs.max.toFixed(0)} µs`,
    ...Object.entries(r.decisions.layers ?? {}).map(
      ([name, l]) =>
        `  ${name.padEnd(9)}${int(l.count)} · p50 ${l.latencyUs.p50.toFixed(1)} µs · p99 ${l.latencyUs.p99.toFixed(1)} µs${l.budgetUs !== undefined ? ` · budget ${l.budgetUs} µs, ${((l.overBudgetShare ?? 0) * 100).toFixed(1)}% over` : ''}`,
    ),
    ...(r.scheduling && (r.scheduling.mode !== 'immediate' || r.scheduling.urgentTasks > 0)
      ? [
          `scheduling ${r.scheduling.mode}${r.scheduling.ticks > 0 ? ` · ${int(r.scheduling.ticks)} ticks · interval mean ${r.scheduling.intervalMsMean} ms · batch mean ${r.scheduling.batchMean}` : ''} · ${r.scheduling.preemptions} preemptions · ${r.scheduling.urgentTasks} urgent tasks waited p50 ${fmtMs(r.scheduling.urgentWaitMs.p50)} p99 ${fmtMs(r.scheduling.urgentWaitMs.p99)}`,
        ]
      : []),
    `balance    utilisation mean ${(r.balance.utilizationMean * 100).toFixed(1)}% · CV ${r.balance.utilizationCv.toFixed(3)}`,
    `faults     ${r.faults.injected} injected · ${r.faults.detected} detected · ${r.faults.falseSuspicions} false suspicions · detection delay p50 ${fmtMs(r.faults.detectionDelayMs.p50)} p99 ${fmtMs(r.faults.detectionDelayMs.p99)} (heartbeat ${r.faults.heartbeatIntervalMs} ms)`,
    ...recoveryLines(r),
    `energy     ${(r.energyJ / 3.6e6).toFixed(2)} kWh (${int(r.energyJ)} J)`,
    `simulator  ${int(r.sim.events)} events in ${fmtMs(r.sim.wallMs)} · ${int(r.sim.eventsPerSec)} events/s · peak RSS ${r.sim.peakRssMb} MB`,
    `wall time  ${fmtMs(totalWallMs)} total (setup ${fmtMs(r.sim.setupMs)})`,
    `digest     ${r.digest}`,
  ];
  if (r.tasks.lost > 0 || r.tasks.duplicateCompletions > 0) {
    lines.push(
      `WARNING    ${r.tasks.lost} tasks lost, ${r.tasks.duplicateCompletions} completed twice (stopped by ${r.sim.stoppedBy})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Recovery, stragglers, migrations and the fault-free comparison, when the run has them. */
function recoveryLines(r: RunResult): string[] {
  const f = r.faults;
  const out: string[] = [];
  if (f.recoveryMs && (f.injected > 0 || f.messagesLost)) {
    out.push(
      `recovery   time p50 ${fmtMs(f.recoveryMs.p50)} p99 ${fmtMs(f.recoveryMs.p99)} · ${f.falselySuspectedAgents ?? 0} agents falsely suspected · ${int(f.messagesLost ?? 0)} messages lost · ${f.lostOnWire ?? 0} tasks lost on the wire re-placed`,
    );
  }
  if (f.stragglers && f.stragglers.injected + f.stragglers.detected > 0) {
    const st = f.stragglers;
    out.push(
      `stragglers ${st.injected} injected · ${st.detected} detected · ${st.speculativeCopies} speculative copies (${st.copiesWon} won)`,
    );
  }
  const m = r.migrations;
  if (m && m.requested + m.announcements > 0) {
    out.push(
      `migrations ${int(m.count)} moved of ${int(m.requested)} requested (${m.refused} refused) · cost ${fmtMs(m.costMs)} · benefit ${fmtMs(m.benefitMs)} · max ${m.perPassMax}/pass (limit ${m.perPassLimit})`,
    );
  }
  if (r.withoutFaults) {
    out.push(
      `vs no faults makespan ${fmtMs(r.withoutFaults.makespanMs)} without faults · ratio ${r.withoutFaults.makespanRatio.toFixed(3)}`,
    );
  }
  return out;
}
