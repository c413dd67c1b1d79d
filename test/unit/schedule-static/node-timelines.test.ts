import { describe, expect, it } from 'vitest';
import { NodeTimelines } from '../../../engine/schedule/static/node-timelines.js';

describe('NodeTimelines (insertion-based slots)', () => {
  const busy = (): NodeTimelines => {
    const t = new NodeTimelines(1);
    t.insert(0, 10, 20);
    t.insert(0, 30, 40);
    return t;
  };

  it.each([
    ['fits before the first interval', 0, 10, 0],
    ['fits in the gap', 20, 10, 20],
    ['too long for the gap goes to the end', 20, 11, 40],
    ['ready inside a busy interval waits for its end', 15, 5, 20],
    ['ready after everything', 50, 5, 50],
    ['zero length lands on a boundary, not inside', 15, 0, 20],
  ])('%s', (_name, ready, duration, expected) => {
    expect(busy().earliestStart(0, ready, duration)).toBe(expected);
  });

  it('keeps intervals sorted when inserting into a gap', () => {
    const t = busy();
    t.insert(0, 20, 25);
    expect(t.earliestStart(0, 11, 6)).toBe(40);
    expect(t.earliestStart(0, 11, 5)).toBe(25);
    expect(t.earliestStart(0, 21, 5)).toBe(25);
    expect(t.availableAt(0)).toBe(40);
  });
});
