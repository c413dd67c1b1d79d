/**
 * The latency stamps on assignments: a root task's first attempt is ready from when its submission
 * reached the API (so agents measure submit → receipt, queueing in the driver included); a child task or
 * a retry is ready from the core's own time.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../../engine/adapters/memory/memory-stores.js';
import { createEngine, handleStimulus } from '../../../engine/core/engine.js';
import type { Command } from '../../../engine/core/stimuli.js';
import { createRandom } from '../../../engine/model/random.js';
import { defaultServerConfig } from '../../../engine/server/config.js';
import { AgentGateway, type GatewayHooks } from '../../../engine/server/grpc/agent-gateway.js';
import { type AgentCall, AgentSession } from '../../../engine/server/grpc/agent-session.js';
import type { EngineMessage } from '../../../engine/server/grpc/messages.js';
import { createLogger } from '../../../engine/server/log.js';
import { agent, task } from '../../helpers/engine-driver.js';

describe('assignment latency stamps', () => {
  it('root tasks carry the submission arrival; children and retries the core time', () => {
    const s = createEngine({}, createRandom(1));
    const clock = { nowMs: () => 5000, preciseMs: () => 5000.25 };
    const gw = new AgentGateway(
      defaultServerConfig(),
      s,
      clock,
      {} as never,
      createMemoryStores().agents,
      { commandOf: () => '' } as unknown as GatewayHooks,
      createLogger('silent'),
    );
    const written: EngineMessage[] = [];
    const call = { write: (m: EngineMessage) => written.push(m) } as unknown as AgentCall;
    gw.sessions.set('a', new AgentSession(agent('a', { slots: 4 }), 'sid', call));
    const assigned = (cmds: Command[]) => {
      for (const c of cmds) if (c.kind === 'AssignTask') gw.assign(c, 0);
      gw.flush();
      const out = written.flatMap((m) => m.assignments?.assignments ?? []);
      written.length = 0;
      return out;
    };
    handleStimulus(s, { kind: 'AgentJoined', agent: agent('a', { slots: 4 }) }, { nowMs: 1000 });
    gw.noteAccepted('d', 1990.5);
    const dag = { id: 'd', tasks: [task('root'), task('child', ['root'])] };
    const [root] = assigned(handleStimulus(s, { kind: 'DagSubmitted', dag }, { nowMs: 2000 }));
    expect(root).toMatchObject({ taskId: 'root', attempt: 1, readyAtMs: 1990.5, assignedAtMs: 5000.25 });

    const fin = { kind: 'TaskFinished', taskId: 'root', agentId: 'a', attempt: 1 } as const;
    const [child] = assigned(handleStimulus(s, fin, { nowMs: 3000 }));
    expect(child).toMatchObject({ taskId: 'child', attempt: 1, readyAtMs: 3000 });

    gw.noteAccepted('e', 3500.5);
    const e = { id: 'e', tasks: [task('r2')] };
    expect(assigned(handleStimulus(s, { kind: 'DagSubmitted', dag: e }, { nowMs: 3600 }))[0]).toMatchObject({
      taskId: 'r2',
      readyAtMs: 3500.5,
    });
    const failed = { kind: 'TaskFailed', taskId: 'r2', agentId: 'a', attempt: 1, reason: 'x' } as const;
    const afterFail = handleStimulus(s, failed, { nowMs: 4000 });
    const arm = afterFail.find(
      (c): c is Extract<Command, { kind: 'ArmTimer' }> => c.kind === 'ArmTimer' && c.timer === 'retry',
    );
    const again = arm
      ? assigned(handleStimulus(s, { kind: 'TimerFired', timer: 'retry', key: arm.key }, { nowMs: arm.atMs }))
      : assigned(afterFail);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ taskId: 'r2', attempt: 2, readyAtMs: 4000 });
  });
});
