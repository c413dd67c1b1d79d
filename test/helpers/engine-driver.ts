/** Test helpers that drive the engine core directly, with no simulator and no network. */
import { createEngine, handleStimulus } from '../../engine/core/engine.js';
import { assertInvariants } from '../../engine/core/invariants.js';
import type { EngineConfigInput, EngineState } from '../../engine/core/state.js';
import type { Command, Stimulus } from '../../engine/core/stimuli.js';
import { createRandom } from '../../engine/model/random.js';
import type { AgentSpec, TaskSpec } from '../../engine/model/types.js';

export function agent(id: string, over: Partial<AgentSpec> = {}): AgentSpec {
  return {
    id,
    cluster: 'c0',
    type: 'std',
    capabilities: [],
    slots: 1,
    speed: 1,
    memoryMb: 1024,
    powerIdleW: 100,
    powerMaxW: 200,
    ...over,
  };
}

export function task(id: string, parents: string[] = [], over: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id,
    type: 'compute',
    workUnits: 100,
    cpuDemand: 1,
    memoryMb: 0,
    inputBytes: 0,
    outputBytes: 0,
    priority: 0,
    parents,
    ...over,
  };
}

/** A core plus a clock; every stimulus is followed by a full invariant check. */
export class Driver {
  readonly s: EngineState;
  now = 0;
  readonly log: Command[] = [];

  constructor(config: EngineConfigInput = {}, seed = 1) {
    this.s = createEngine(config, createRandom(seed));
  }

  send(stim: Stimulus, atMs = this.now): Command[] {
    this.now = atMs;
    const cmds = handleStimulus(this.s, stim, { nowMs: atMs });
    assertInvariants(this.s);
    this.log.push(...cmds);
    return cmds;
  }

  assignments(cmds: Command[]) {
    return cmds.filter((c): c is Extract<Command, { kind: 'AssignTask' }> => c.kind === 'AssignTask');
  }
}
