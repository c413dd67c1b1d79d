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
        `  ${name.padEnd(9)}${int(l.count)} · p50 ${l.latencyUs.p50.toFixed(1)} µs · p99 ${l.latencyUs.p99.toFixed(1)} µs`,
    ),
    `balance    utilisation mean ${(r.balance.utilizationMean * 100).toFixed(1)}% · CV ${r.balance.utilizationCv.toFixed(3)}`,
    `faults     ${r.faults.injected} injected · ${r.faults.detected} detected · ${r.faults.falseSuspicions} false suspicions · detection delay p50 ${fmtMs(r.faults.detectionDelayMs.p50)} p99 ${fmtMs(r.faults.detectionDelayMs.p99)} (heartbeat ${r.faults.heartbeatIntervalMs} ms)`,
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
