/**
 * A WebSocket subscriber sends the events of one event-loop turn in one socket write (the raw socket is
 * corked on the first frame and uncorked in the check phase), and still applies back-pressure.
 */
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { EngineEvent } from '../../../engine/ports/event-log.js';
import { MATCH_ALL } from '../../../engine/server/events/event-filter.js';
import { WsClient } from '../../../engine/server/ws/ws-client.js';

function fakes() {
  const log: string[] = [];
  let depth = 0;
  const raw = {
    cork: () => {
      depth++;
      log.push('cork');
    },
    uncork: () => {
      depth--;
      log.push('uncork');
    },
  };
  const socket = {
    readyState: 1,
    bufferedAmount: 0,
    send: (text: string) => log.push(depth > 0 ? `send(corked) ${text}` : `send ${text}`),
  } as unknown as WebSocket & { bufferedAmount: number };
  return { log, raw, socket };
}

const event = (seq: number): EngineEvent => ({
  seq,
  atMs: seq,
  kind: 'task',
  type: 'done',
  taskId: `t${seq}`,
});

describe('WebSocket client', () => {
  it('frames of one event-loop iteration go out under one cork, released in the check phase', async () => {
    const { log, raw, socket } = fakes();
    const c = new WsClient(socket, MATCH_ALL, 1 << 20, raw);
    for (let i = 1; i <= 3; i++) c.deliver(event(i));
    expect(log.filter((l) => l === 'cork')).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('send(corked)'))).toHaveLength(3);
    expect(log).not.toContain('uncork');
    await new Promise((r) => process.nextTick(r));
    expect(log).not.toContain('uncork');
    await new Promise((r) => setImmediate(r));
    expect(log.at(-1)).toBe('uncork');
    c.deliver(event(4));
    await new Promise((r) => setImmediate(r));
    expect(log.filter((l) => l === 'cork')).toHaveLength(2);
    expect(log.filter((l) => l === 'uncork')).toHaveLength(2);
    expect(c.sent).toBe(4);
  });

  it('without a raw socket each frame is sent at once', () => {
    const { log, socket } = fakes();
    const c = new WsClient(socket, MATCH_ALL, 1 << 20);
    c.deliver(event(1));
    expect(log).toEqual([`send ${JSON.stringify(event(1))}`]);
  });

  it('beyond the buffer limit events queue and go out on pump', async () => {
    const { log, raw, socket } = fakes();
    const c = new WsClient(socket, MATCH_ALL, 100, raw);
    socket.bufferedAmount = 200;
    c.deliver(event(1));
    expect(c.sent).toBe(0);
    socket.bufferedAmount = 0;
    c.pump();
    expect(c.sent).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(log.at(-1)).toBe('uncork');
  });
});
