/**
 * Load evaluation as plain functions of (agent state, task) returning a score from 0 (worst) to 100
 * (best), ready to wrap as scheduling Score plugins: composite load, predicted load, task-type match and
 * historical performance. They read values only (metrics, forecasts, history), never a model or a clock.
 */
import type { AgentSpec, LoadMetrics, TaskSpec } from '../model/types.js';
import { bottleneckWeights, type ResourceWeights } from './dynamic-weights.js';
import type { PerformanceHistory } from './performance-history.js';

/** What the evaluator knows about one agent at decision time. */
export interface AgentLoadState {
  agent: AgentSpec;
  /** Smoothed current utilisation (e.g. the monitor's window means). */
  metrics: LoadMetrics;
  /** Forecast CPU utilisation (0–1) over the scheduling horizon, from the forecast cache; absent if none. */
  predictedCpu?: number | undefined;
}

/** Weighted utilisation 0–1 of `m` under `weights` (which need not sum to 1; they are normalised). */
export function compositeLoad(m: LoadMetrics, weights: ResourceWeights): number {
  const total = weights.cpu + weights.memory + weights.network;
  if (!(total > 0)) return 0;
  const v = (weights.cpu * m.cpu + weights.memory * m.memory + weights.network * m.network) / total;
  return Math.min(1, Math.max(0, v));
}

/**
 * 100 × (1 − composite load). Weights: given (e.g. fleet entropy weights) or, by default, the agent's
 * own bottleneck weights, so the scarcest resource dominates.
 */
export function loadScore(state: AgentLoadState, _task: TaskSpec, weights?: ResourceWeights): number {
  return 100 * (1 - compositeLoad(state.metrics, weights ?? bottleneckWeights(state.metrics)));
}

/**
 * 100 × (1 − predicted CPU once the task runs): the forecast (or current CPU when there is none) plus the
 * task's share of the agent's slots, capped at 1.
 */
export function predictedLoadScore(state: AgentLoadState, task: TaskSpec): number {
  const base = state.predictedCpu ?? state.metrics.cpu;
  const added = task.cpuDemand / Math.max(1, state.agent.slots);
  return 100 * (1 - Math.min(1, Math.max(0, base + added)));
}

/**
 * Task-type match: 0 if the agent lacks a capability the task requires; 100 if the agent's type or one
 * of its capabilities names the task's type; otherwise 50 scaled by the agent's recent match ratio
 * (`metrics.taskTypeMatch`, 1 when unknown), since a generalist can run it but is not specialised.
 */
export function taskTypeMatchScore(state: AgentLoadState, task: TaskSpec): number {
  const caps = state.agent.capabilities;
  if (task.requires?.some((r) => !caps.includes(r))) return 0;
  if (state.agent.type === task.type || caps.includes(task.type)) return 100;
  return 50 * Math.min(1, Math.max(0, state.metrics.taskTypeMatch ?? 1));
}

/**
 * Historical performance: `100 · min(1, 0.5 / ratio)` for the EWMA ratio of actual to expected runtime
 * of this agent on this task type (agent-wide, then 1 when unknown): twice as fast as expected or better
 * scores 100, as expected 50, twice as slow 25.
 */
export function historicalPerformanceScore(
  state: AgentLoadState,
  task: TaskSpec,
  history: PerformanceHistory,
): number {
  const ratio = history.ratio(state.agent.id, task.type);
  return 100 * Math.min(1, 0.5 / Math.max(ratio, 1e-6));
}

export interface CombinedScoreWeights {
  load: number;
  predictedLoad: number;
  typeMatch: number;
  history: number;
}

/** Weighted mean of the four scores (0–100); weights are normalised, all-zero weights give 0. */
export function combinedScore(
  state: AgentLoadState,
  task: TaskSpec,
  history: PerformanceHistory,
  w: CombinedScoreWeights,
): number {
  const total = w.load + w.predictedLoad + w.typeMatch + w.history;
  if (!(total > 0)) return 0;
  const sum =
    w.load * loadScore(state, task) +
    w.predictedLoad * predictedLoadScore(state, task) +
    w.typeMatch * taskTypeMatchScore(state, task) +
    w.history * historicalPerformanceScore(state, task, history);
  return sum / total;
}
