/**
 * The live driver feeds stimuli to the core one at a time, in order, executes the commands, flushes once
 * per turn, survives unknown command kinds and turns ArmTimer into a real TimerFired.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../../engine/adapters/memory/memory-stores.js';
import { createEngine } from '../../../engine/core/engine.js';
import type { Command } from '../../../engine/core/stimuli.js';
import { createRandom } from '../../../engine/model/random.js';
import type { Clock } from '../../../engine/server/clock.js';
import { type AgentOutbox, CommandExecutor } from '../../../engine/server/driver/command-executor.js';
import { type CommandSink, EngineDriver } from '../../../engine/server/driver/engine-driver.js';
import { StoreWriter } from '../../../engine/server/driver/store-writer.js';
import { TimerService } from '../../../engine/server/driver/timer-service.js';
import { EventHub } from '../../../engine/server/events/event-hub.js';
import { createLogger } from '../../../engine/server/log.js';
import { agent, task } from '../../helpers/engine-driver.js';

const silent = createLogger('silent');
const fakeClock = (): Clock & { t: number } => {
  const c = { t: 1000, nowMs: () => c.t, preciseMs: () => c.t };
  return c;
};

describe('engine driver', () => {
  it('serialises stimuli in order and flushes once per turn', async () => {
    const s = createEngine({ keepStory: true }, createRandom(1));
    const seen: Command[][] = [];
    let flushes = 0;
    const sink: CommandSink = { execute: (c) => seen.push(c), flush: () => flushes++ };
    const d = new EngineDriver(s, fakeClock(), sink, silent);
    d.submit({ kind: 'AgentJoined', agent: agent('a1', { slots: 2 }) });
    const cmds = await d.submitAndWait({
      kind: 'DagSubmitted',
      dag: { id: 'd', tasks: [task('x'), task('y', ['x'])] },
    });
    expect(cmds.filter((c) => c.kind === 'AssignTask').map((c) => (c as { taskId: string }).taskId)).toEqual([
      'x',
    ]);
    expect(d.stimuliTotal).toBe(2);
    expect(flushes).toBe(1);
    expect(d.queueLength).toBe(0);
  });

  it('a turn that spends its wall-time budget flushes and leaves the rest to a later turn, in order', async () => {
    const run = async (msPerClockRead: number) => {
      const s = createEngine({}, createRandom(1));
      const clock = fakeClock();
      const slow: Clock = { nowMs: () => clock.t, preciseMs: () => (clock.t += msPerClockRead) };
      const order: number[] = [];
      let flushes = 0;
      const d = new EngineDriver(s, slow, { execute: () => {}, flush: () => flushes++ }, silent);
      const all = Array.from({ length: 100 }, (_, i) =>
        d.submitAndWait({ kind: 'AgentLeft', agentId: `a${i}` }).then(() => order.push(i)),
      );
      await Promise.all(all);
      return { order, flushes, turns: d.turns };
    };
    const still = await run(0);
    expect(still.turns).toBe(1);
    const busy = await run(1);
    expect(busy.turns).toBeGreaterThan(1);
    expect(busy.flushes).toBe(busy.turns);
    expect(busy.order).toEqual(still.order);
    expect(busy.order).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('a command kind the driver does not know is counted and ignored', () => {
    const s = createEngine({}, createRandom(1));
    const stores = createMemoryStores();
    const writer = new StoreWriter(stores, silent);
    const outbox: AgentOutbox = {
      assign: () => {},
      cancel: () => {},
      agentDeclaredDead: () => {},
      probe: () => {},
      migrate: () => true,
      announce: () => {},
      quarantined: () => {},
      drain: () => true,
      flush: () => {},
    };
    const ex = new CommandExecutor(s, outbox, () => {}, writer, new EventHub(() => {}), silent);
    ex.execute(
      [{ kind: 'SomethingNew', x: 1 } as unknown as Command, { kind: 'Alert', level: 'info', message: 'hi' }],
      0,
    );
    expect(ex.counters.unknownCommands).toBe(1);
  });

  it('ArmTimer becomes a TimerFired stimulus when the time comes', async () => {
    const clock = fakeClock();
    const fired: string[] = [];
    const timers = new TimerService(clock, (st) => fired.push(st.kind));
    timers.arm(clock.t + 20, 'heartbeat-check', 'hb');
    timers.arm(clock.t - 5, 'retry', 'r');
    expect(timers.pending).toBe(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(fired).toEqual(['TimerFired', 'TimerFired']);
    timers.stop();
  });

  it('a throwing core step is logged and dropped, and the driver carries on', async () => {
    const s = createEngine({}, createRandom(1));
    const d = new EngineDriver(s, fakeClock(), { execute: () => {}, flush: () => {} }, silent);
    const bad = { kind: 'TaskFinished', taskId: 'nope', agentId: 'nope', attempt: 1 } as const;
    await d.submitAndWait(bad);
    expect(d.coreErrors).toBe(0);
    expect(s.stats.staleReports).toBe(1);
  });
});
