/**
 * Line protocol for the metrics the engine writes, built with `@influxdata/influxdb-client`'s Point
 * (escaping and number formatting) at millisecond precision. Measurements: `agent_load`, `engine`,
 * `task_run`, `system`.
 */
import { Point } from '@influxdata/influxdb-client';
import type { AgentLoadPoint, EnginePoint, SystemPoint, TaskRunPoint } from '../../ports/metrics-sink.js';

const MS = {
  convertTime: (v: string | number | Date | undefined) => (v === undefined ? undefined : String(v)),
};

/** One agent load sample. */
export function agentLoadLine(p: AgentLoadPoint): string {
  return new Point('agent_load')
    .tag('agent', p.agentId)
    .tag('cluster', p.cluster)
    .floatField('cpu', p.cpu)
    .floatField('memory', p.memory)
    .floatField('network', p.network)
    .intField('running_tasks', p.runningTasks)
    .timestamp(Math.round(p.atMs))
    .toLineProtocol(MS)!;
}

/** One engine counter sample. */
export function engineLine(p: EnginePoint): string {
  return new Point('engine')
    .intField('stimuli', p.stimuli)
    .intField('decisions', p.decisions)
    .intField('completions', p.completions)
    .intField('alive_agents', p.aliveAgents)
    .intField('ready_tasks', p.readyTasks)
    .intField('running_tasks', p.runningTasks)
    .timestamp(Math.round(p.atMs))
    .toLineProtocol(MS)!;
}

/** One settled task attempt (execution history). */
export function taskRunLine(p: TaskRunPoint): string {
  const pt = new Point('task_run')
    .tag('outcome', p.outcome)
    .tag('agent', p.agentId ?? 'none')
    .stringField('task_id', p.taskId)
    .intField('attempt', p.attempt ?? 0)
    .timestamp(Math.round(p.atMs));
  if (p.dagId !== undefined) pt.tag('dag', p.dagId);
  if (p.durationMs !== undefined) pt.floatField('duration_ms', p.durationMs);
  return pt.toLineProtocol(MS)!;
}

/** One process sample. */
export function systemLine(p: SystemPoint): string {
  return new Point('system')
    .tag('host', p.host)
    .floatField('rss_bytes', p.rssBytes)
    .floatField('heap_used_bytes', p.heapUsedBytes)
    .floatField('cpu_user_ms', p.cpuUserMs)
    .floatField('cpu_system_ms', p.cpuSystemMs)
    .floatField('event_loop_delay_ms_p99', p.eventLoopDelayMsP99)
    .intField('stimulus_queue', p.stimulusQueue)
    .timestamp(Math.round(p.atMs))
    .toLineProtocol(MS)!;
}
