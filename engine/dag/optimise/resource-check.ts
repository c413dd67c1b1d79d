/**
 * Resource-constraint checks against a fleet, before scheduling: tasks no agent can run (missing
 * capability, too many cores, too much memory) and, level by level, peak demand versus fleet capacity.
 */
import type { AgentSpec, DagSpec, TaskSpec } from '../../model/types.js';
import { buildDag } from '../build.js';
import { computeLevels } from '../levels.js';

export interface UnrunnableTask {
  taskId: string;
  /** Why the closest agents fail, e.g. `needs capability gpu` or `needs 64 cores, largest agent has 48`. */
  reason: string;
}

export interface LevelDemand {
  level: number;
  tasks: number;
  cpuDemand: number;
  memoryMb: number;
  /** True when running the whole level at once needs more slots or memory than the fleet has. */
  overCapacity: boolean;
}

export interface ResourceReport {
  unrunnable: UnrunnableTask[];
  levels: LevelDemand[];
  fleetSlots: number;
  fleetMemoryMb: number;
  peakCpuDemand: number;
  peakMemoryMb: number;
}

/**
 * Checks `spec` against `fleet`. A task is runnable when one agent has all its `requires`, at least
 * `cpuDemand` slots and at least `memoryMb` memory. Throws `DagError` if the spec does not build.
 */
export function checkResources(spec: DagSpec, fleet: readonly AgentSpec[]): ResourceReport {
  const graph = buildDag(spec);
  const levels = computeLevels(graph);
  const fits = new Map<string, string | null>();
  const unrunnable: UnrunnableTask[] = [];
  for (const t of spec.tasks) {
    const key = `${[...(t.requires ?? [])].sort().join('\u0000')}|${t.cpuDemand}|${t.memoryMb}`;
    if (!fits.has(key)) fits.set(key, whyUnrunnable(t, fleet));
    const reason = fits.get(key);
    if (reason) unrunnable.push({ taskId: t.id, reason });
  }
  const fleetSlots = fleet.reduce((s, a) => s + a.slots, 0);
  const fleetMemoryMb = fleet.reduce((s, a) => s + a.memoryMb, 0);
  const demand: LevelDemand[] = Array.from(levels.widths, (w, level) => ({
    level,
    tasks: w,
    cpuDemand: 0,
    memoryMb: 0,
    overCapacity: false,
  }));
  spec.tasks.forEach((t, i) => {
    const d = demand[levels.levelOf[i]!]!;
    d.cpuDemand += t.cpuDemand;
    d.memoryMb += t.memoryMb;
  });
  for (const d of demand) d.overCapacity = d.cpuDemand > fleetSlots || d.memoryMb > fleetMemoryMb;
  const peakCpuDemand = Math.max(0, ...demand.map((d) => d.cpuDemand));
  const peakMemoryMb = Math.max(0, ...demand.map((d) => d.memoryMb));
  return { unrunnable, levels: demand, fleetSlots, fleetMemoryMb, peakCpuDemand, peakMemoryMb };
}

function whyUnrunnable(t: TaskSpec, fleet: readonly AgentSpec[]): string | null {
  const needs = t.requires ?? [];
  const capable = fleet.filter((a) => needs.every((c) => a.capabilities.includes(c)));
  if (capable.length === 0) {
    return fleet.length === 0
      ? 'the fleet is empty'
      : `no agent has all of the capabilities ${needs.join(', ')}`;
  }
  if (capable.some((a) => a.slots >= t.cpuDemand && a.memoryMb >= t.memoryMb)) return null;
  const maxSlots = Math.max(...capable.map((a) => a.slots));
  const maxMemory = Math.max(...capable.map((a) => a.memoryMb));
  if (t.cpuDemand > maxSlots) return `needs ${t.cpuDemand} slots, the largest capable agent has ${maxSlots}`;
  if (t.memoryMb > maxMemory)
    return `needs ${t.memoryMb} MB memory, the largest capable agent has ${maxMemory} MB`;
  return `needs ${t.cpuDemand} slots and ${t.memoryMb} MB on one agent; no capable agent has both`;
}
