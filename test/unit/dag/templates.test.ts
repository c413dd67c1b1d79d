import { describe, expect, it } from 'vitest';
import { buildDag } from '../../../engine/dag/build.js';
import { computeLevels } from '../../../engine/dag/levels.js';
import { instantiateTemplate } from '../../../engine/dag/templates.js';

function shape(name: string, params: Record<string, unknown>) {
  const spec = instantiateTemplate(name, params);
  const g = buildDag(spec);
  const l = computeLevels(g);
  return { tasks: g.taskCount, edges: g.edgeCount, depth: l.depth, width: l.maxWidth, spec };
}

describe('templates', () => {
  it('map-reduce(width 4, 2 reducers): split → 4 maps → 2 reducers (all-to-all) → collect', () => {
    const s = shape('map-reduce', { width: 4, reducers: 2, mapWorkMs: 50, mapOutputBytes: 1000 });
    expect(s).toMatchObject({ tasks: 8, edges: 4 + 8 + 2, depth: 4, width: 4 });
    expect(s.spec.tasks.find((t) => t.id === 'map_3')).toMatchObject({
      workUnits: 50,
      outputBytes: 1000,
      type: 'map',
    });
  });

  it('fan-out/fan-in(width 10)', () => {
    expect(shape('fan-out-fan-in', { width: 10 })).toMatchObject({
      tasks: 12,
      edges: 20,
      depth: 3,
      width: 10,
    });
  });

  it('pipeline links equal-width stages one-to-one and others all-to-all', () => {
    const s = shape('pipeline', {
      stages: [
        { name: 'read', width: 3 },
        { name: 'clean', width: 3 },
        { name: 'join' },
        { name: 'report', workMs: 5 },
      ],
    });
    expect(s).toMatchObject({ tasks: 8, edges: 3 + 3 + 1, depth: 4, width: 3 });
    expect(shape('pipeline', { stages: 5 })).toMatchObject({ tasks: 5, edges: 4, depth: 5 });
  });

  it.each([
    ['map-reduce', { width: 0 }, /width is 0, expected an integer >= 1/],
    ['map-reduce', { width: 2, mapWorkMs: -1 }, /mapWorkMs is -1, expected a number >= 0/],
    ['pipeline', { stages: [] }, /stages is \[\]/],
    ['pipeline', { stages: [{ width: 2 }] }, /stages\[0\]\.name is undefined/],
    ['star', {}, /unknown template "star", expected one of map-reduce, fan-out-fan-in, pipeline/],
  ])('%s rejects %j', (name, params, message) => {
    expect(() => instantiateTemplate(name, params)).toThrow(message);
  });
});
