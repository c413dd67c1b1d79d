/**
 * Samples the engine and its process once per interval into the MetricsSink (off the decision path):
 * engine counters (stimuli, decisions, completions, alive agents, ready and running tasks) and system
 * figures (RSS, heap, CPU time, event-loop delay p99, stimulus queue).
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TaskState } from '../core/transitions.js';
import type { ServerContext } from './server-context.js';

/** Starts sampling every `intervalMs`; returns the function that stops it. */
export function startMetricsSampler(ctx: ServerContext, intervalMs = 1000): () => void {
  const metrics = ctx.stores.metrics;
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  let cpu = process.cpuUsage();
  const host = os.hostname();
  const tick = () => {
    const now = ctx.clock.nowMs();
    const s = ctx.state;
    const c = s.stateCounts;
    const onError = () => {};
    metrics
      .writeEngine([
        {
          atMs: now,
          stimuli: ctx.driver.stimuliTotal,
          decisions: s.stats.decisions,
          completions: s.stats.completions,
          aliveAgents: s.aliveAgents,
          readyTasks: c[TaskState.Ready]!,
          runningTasks: c[TaskState.Assigned]! + c[TaskState.Running]!,
        },
      ])
      .catch(onError);
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    metrics
      .writeSystem?.([
        {
          atMs: now,
          host,
          rssBytes: mem.rss,
          heapUsedBytes: mem.heapUsed,
          cpuUserMs: used.user / 1000,
          cpuSystemMs: used.system / 1000,
          eventLoopDelayMsP99: delay.percentile(99) / 1e6,
          stimulusQueue: ctx.driver.queueLength,
        },
      ])
      .catch(onError);
    delay.reset();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    delay.disable();
  };
}
