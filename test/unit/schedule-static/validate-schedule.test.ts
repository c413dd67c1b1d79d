import { describe, expect, it } from 'vitest';
import { heft } from '../../../engine/schedule/static/heft.js';
import type { StaticSchedule } from '../../../engine/schedule/static/schedule.js';
import { validateSchedule } from '../../../engine/schedule/static/validate-schedule.js';
import { topcuogluProblem } from './topcuoglu-example.js';

function edited(
  edit: (s: { node: Int32Array; start: Float64Array; finish: Float64Array }) => void,
): StaticSchedule {
  const base = heft(topcuogluProblem());
  const s = {
    node: Int32Array.from(base.node),
    start: Float64Array.from(base.start),
    finish: Float64Array.from(base.finish),
  };
  edit(s);
  return { ...s, makespan: Math.max(...s.finish) };
}

describe('validateSchedule', () => {
  const problem = topcuogluProblem();

  it('accepts the HEFT schedule', () => {
    expect(validateSchedule(problem, heft(problem))).toEqual([]);
  });

  it('reports a task starting before its input data arrives', () => {
    // n2 (index 1) needs n1's data; pull it to time 0.
    const s = edited((x) => {
      const d = x.finish[1]! - x.start[1]!;
      x.start[1] = 0;
      x.finish[1] = d;
    });
    expect(validateSchedule(problem, s).join('\n')).toMatch(/task n2 starts at 0 before the data of n1/);
  });

  it('reports overlapping tasks on one node', () => {
    const s = edited((x) => {
      x.node[9] = x.node[0]!;
      x.start[9] = x.start[0]!;
      x.finish[9] = x.start[0]! + problem.execTime[9 * 3 + x.node[0]!]!;
    });
    expect(validateSchedule(problem, s).join('\n')).toMatch(/overlap on node/);
  });

  it('reports a wrong duration and an unplaced task', () => {
    const s = edited((x) => {
      x.finish[3] = x.finish[3]! + 1;
      x.node[4] = -1;
    });
    const text = validateSchedule(problem, s).join('\n');
    expect(text).toMatch(/task n4 runs 9 on p2, expected 8/);
    expect(text).toMatch(/task n5 is not placed/);
  });

  it('reports a wrong makespan', () => {
    const s = { ...heft(problem), makespan: 70 };
    expect(validateSchedule(problem, s)).toEqual(['makespan 70 differs from the latest finish time 80']);
  });
});
