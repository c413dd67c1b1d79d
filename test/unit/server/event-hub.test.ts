/** The event hub numbers events in order, delivers them by filter and says which kinds anyone wants. */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../engine/ports/event-log.js';
import type { EventFilter } from '../../../engine/server/events/event-filter.js';
import { EventHub } from '../../../engine/server/events/event-hub.js';

const filter = (kinds: string[]): EventFilter => ({
  kinds: new Set(kinds),
  agents: new Set(),
  clusters: new Set(),
  dags: new Set(),
});

describe('event hub', () => {
  it('wants a kind only while some subscriber takes it', () => {
    const persisted: EngineEvent[] = [];
    const hub = new EventHub((e) => persisted.push(e));
    expect(hub.wants('agent-load')).toBe(false);
    const got: EngineEvent[] = [];
    const off = hub.subscribe({ filter: filter(['decision', 'task']), deliver: (e) => got.push(e) });
    expect(hub.wants('agent-load')).toBe(false);
    expect(hub.wants('task')).toBe(true);
    const all = hub.subscribe({ filter: filter([]), deliver: () => {} });
    expect(hub.wants('agent-load')).toBe(true);
    all();
    hub.publish({ atMs: 1, kind: 'task', type: 'done', taskId: 't' });
    hub.publish({ atMs: 2, kind: 'alert', type: 'info' });
    expect(got.map((e) => e.seq)).toEqual([1]);
    expect(persisted.map((e) => e.seq)).toEqual([1, 2]);
    off();
    expect(hub.wants('task')).toBe(false);
  });
});
