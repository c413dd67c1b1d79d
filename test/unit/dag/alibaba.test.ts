import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadWorkflowFile } from '../../../engine/adapters/dag-files.js';
import { validateDag } from '../../../engine/dag/build.js';
import { parseAlibabaBatchTasks } from '../../../engine/dag/io/alibaba.js';
import { fixture } from './fixtures.js';

const text = readFileSync(fixture('alibaba-batch-task.csv'), 'utf8');

describe('Alibaba v2018 batch_task import', () => {
  const { dags, warnings } = parseAlibabaBatchTasks(text);

  it('makes one DAG per job with dependencies from task names', () => {
    expect(dags.map((d) => d.id)).toEqual(['j_1', 'j_2', 'j_3']);
    const j1 = dags[0]!;
    expect(j1.tasks.map((t) => [t.id, t.type, t.parents])).toEqual([
      ['M1', 'M', []],
      ['M2_1', 'M', ['M1']],
      ['M3_1', 'M', ['M1']],
      ['R4_2', 'R', ['M2_1']],
      ['J5_3_4', 'J', ['M3_1', 'R4_2']],
    ]);
    for (const d of dags) expect(validateDag(d)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('maps durations to ms and plan_cpu to cores', () => {
    const [m1, m2, m3] = dags[0]!.tasks;
    expect(m1).toMatchObject({ workUnits: 10_000, cpuDemand: 1, memoryMb: 0, priority: 0 });
    expect(m2).toMatchObject({ workUnits: 20_000, cpuDemand: 1 });
    expect(m3).toMatchObject({ cpuDemand: 3 });
    // zero or negative durations (unfinished tasks) and empty plan_cpu → minimums
    expect(dags[2]!.tasks.map((t) => [t.workUnits, t.cpuDemand])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('treats non-DAG names as independent tasks', () => {
    expect(dags[1]!.tasks[0]).toMatchObject({ type: 'task', parents: [], workUnits: 60_000 });
  });

  it('rejects a dependency on a missing task by default, naming line, job and task', () => {
    const csv = readFileSync(fixture('alibaba-dangling.csv'), 'utf8');
    expect(() => parseAlibabaBatchTasks(csv)).toThrow(/line 3: job j_9 task "R3_2" depends on task number 2/);
    const dropped = parseAlibabaBatchTasks(csv, { dangling: 'drop' });
    expect(dropped.dags[0]!.tasks[1]!.parents).toEqual([]);
    expect(dropped.warnings[0]).toMatch(/dependency dropped/);
    expect(loadWorkflowFile(fixture('alibaba-dangling.csv'))[0]!.tasks).toHaveLength(2);
  });

  it.each([
    ['M1,1,j,1,T,1,2,100', /line 1: 8 columns, expected 9/],
    ['M1,1,j,1,T,one,2,100,1', /line 1: start_time is "one", expected a number/],
    ['M1,1,j,1,T,1,2,100,1\nR1,1,j,1,T,1,2,100,1', /job j has task number 1 \(also "M1"\) twice/],
    ['M2_2,1,j,1,T,1,2,100,1', /"M2_2" depends on itself/],
  ])('rejects bad rows (%#)', (csv, message) => {
    expect(() => parseAlibabaBatchTasks(csv)).toThrow(message);
  });
});

describe('format detection for CSV', () => {
  it('explains why a CSV with the wrong column count is not batch_task v2018', async () => {
    const { parseWorkflowText } = await import('../../../engine/adapters/dag-files.js');
    expect(() => parseWorkflowText('a,b,c\n1,2,3\n', 'x.csv')).toThrow(
      /x\.csv: not a workflow file .* its first line has 3 comma-separated columns, batch_task v2018 has 9/,
    );
  });
});
