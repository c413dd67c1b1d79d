/**
 * Turns the machines a WfCommons run recorded into agents, so a scenario can replay a workflow on the
 * fleet it ran on. Runtimes in the file were measured on these machines, so the fastest machine gets
 * speed 1.0 and slower ones speedMHz / fastestMHz (speed 1.0 when the file gives no clock speed).
 */
import type { AgentSpec } from '../../model/types.js';
import type { WfMachine } from './wfformat.js';

export interface MachineAgentDefaults {
  cluster?: string;
  type?: string;
  capabilities?: string[];
  /** Slots when the file gives no core count (default 1). */
  slots?: number;
  /** Memory when the file gives none (default 0). */
  memoryMb?: number;
  powerIdleW?: number;
  powerMaxW?: number;
}

/** One AgentSpec per machine, id = node name; fields the file lacks come from `defaults`. */
export function wfMachinesToAgents(
  machines: readonly WfMachine[],
  defaults: MachineAgentDefaults = {},
): AgentSpec[] {
  const fastestMHz = Math.max(0, ...machines.map((m) => m.speedMHz ?? 0));
  return machines.map((m) => ({
    id: m.name,
    cluster: defaults.cluster ?? 'wfcommons',
    type: defaults.type ?? 'machine',
    capabilities: [...(defaults.capabilities ?? [])],
    slots: m.cores ?? defaults.slots ?? 1,
    speed: m.speedMHz !== undefined && fastestMHz > 0 ? m.speedMHz / fastestMHz : 1,
    memoryMb: m.memoryBytes !== undefined ? Math.floor(m.memoryBytes / 1e6) : (defaults.memoryMb ?? 0),
    powerIdleW: defaults.powerIdleW ?? 100,
    powerMaxW: defaults.powerMaxW ?? 300,
  }));
}
