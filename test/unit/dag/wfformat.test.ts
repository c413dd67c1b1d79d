import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadWorkflowFile, readWorkflowFile } from '../../../engine/adapters/dag-files.js';
import { validateDag } from '../../../engine/dag/build.js';
import { wfMachinesToAgents } from '../../../engine/dag/io/wf-machines.js';
import { parseWfFormat } from '../../../engine/dag/io/wfformat.js';
import { fixture } from './fixtures.js';

const read = (name: string): unknown => JSON.parse(readFileSync(fixture(name), 'utf8'));

describe('WfFormat 1.5 import', () => {
  const wf = parseWfFormat(read('wfformat-1.5-small.json'));
  const byId = new Map(wf.dag.tasks.map((t) => [t.id, t]));

  it('maps runtimes, cores, memory and types', () => {
    expect(wf.schemaVersion).toBe('1.5');
    expect(wf.dag.id).toBe('small-diamond-1.5');
    expect(byId.get('split_ID0000001')).toMatchObject({
      type: 'split',
      workUnits: 2500,
      cpuDemand: 1,
      memoryMb: 10,
    });
    expect(byId.get('align_ID0000003')).toMatchObject({
      type: 'align',
      workUnits: 30000,
      cpuDemand: 4,
      memoryMb: 2501,
    });
    // no coreCount → 1, no memory → 0; runtime below 1 ms → 1 ms
    expect(byId.get('merge_ID0000004')).toMatchObject({ cpuDemand: 1, memoryMb: 0, workUnits: 10000 });
    // program is a script, name differs from id → the name is the category
    expect(byId.get('REPORT_5')).toMatchObject({ type: 'REPORT', workUnits: 1 });
    for (const t of wf.dag.tasks) expect(t.priority).toBe(0);
  });

  it('counts external inputs as inputBytes and all outputs as outputBytes', () => {
    expect(byId.get('split_ID0000001')).toMatchObject({ inputBytes: 1_000_000, outputBytes: 1_000_000 });
    expect(byId.get('align_ID0000002')).toMatchObject({ inputBytes: 500_000, outputBytes: 200_000 });
    expect(byId.get('merge_ID0000004')).toMatchObject({ inputBytes: 0, outputBytes: 500_000 });
  });

  it('sets parents, machines and the recorded makespan', () => {
    expect(byId.get('merge_ID0000004')!.parents).toEqual(['align_ID0000002', 'align_ID0000003']);
    expect(wf.machines).toEqual([
      { name: 'node-a', cores: 8, speedMHz: 2400, memoryBytes: 16_000_000_000 },
      { name: 'node-b', cores: 16 },
    ]);
    expect(wf.makespanMs).toBe(42_500);
    expect(wf.dag.labels).toMatchObject({ format: 'wfformat-1.5', makespanMs: '42500' });
    expect(validateDag(wf.dag)).toEqual([]);
  });
});

describe('WfFormat 1.4 import', () => {
  const wf = parseWfFormat(read('wfformat-1.4-small.json'), 'given-id');
  const byId = new Map(wf.dag.tasks.map((t) => [t.id, t]));

  it('uses task names as ids, categories as types and memory in KB', () => {
    expect(wf.schemaVersion).toBe('1.4');
    expect(wf.dag.id).toBe('given-id');
    expect(byId.get('mProject_ID0000001')).toMatchObject({
      type: 'mProject',
      workUnits: 10_250,
      cpuDemand: 2,
      memoryMb: 15,
      inputBytes: 1000,
      outputBytes: 4000,
    });
    expect(byId.get('mDiff_ID0000003')).toMatchObject({
      type: 'mDiffFit',
      memoryMb: 3,
      inputBytes: 300,
      outputBytes: 700,
      parents: ['mProject_ID0000001', 'mProject_ID0000002'],
    });
    expect(wf.machines).toEqual([
      { name: 'compute-1', cores: 48, speedMHz: 1200, memoryBytes: 131795984000 },
    ]);
  });

  it('merges children lists into parents', () => {
    const doc = read('wfformat-1.4-small.json') as { workflow: { tasks: { parents: string[] }[] } };
    doc.workflow.tasks[2]!.parents = ['mProject_ID0000002'];
    const t = parseWfFormat(doc).dag.tasks[2]!;
    expect([...t.parents].sort()).toEqual(['mProject_ID0000001', 'mProject_ID0000002']);
  });
});

describe('WfFormat errors', () => {
  it.each([
    [{ schemaVersion: '9.9', workflow: { tasks: [] } }, /schemaVersion is "9.9", expected "1.4" or "1.5"/],
    [
      { schemaVersion: '1.5', workflow: { specification: { tasks: [{ id: 'a', children: ['zz'] }] } } },
      /task "a" names child "zz"/,
    ],
    [
      { schemaVersion: '1.5', workflow: { specification: { tasks: [{ id: 7 }] } } },
      /workflow\.specification\.tasks\[0\]\.id is 7/,
    ],
    [
      {
        schemaVersion: '1.4',
        workflow: { tasks: [{ name: 'a', files: [{ name: 'f', link: 'sideways' }] }] },
      },
      /files\[0\]\.link is "sideways"/,
    ],
  ])('names the bad field (%#)', (doc, message) => {
    expect(() => parseWfFormat(doc)).toThrow(message);
  });

  it('warns (not fails) on a task without runtime', () => {
    const wf = parseWfFormat({ schemaVersion: '1.5', workflow: { specification: { tasks: [{ id: 'a' }] } } });
    expect(wf.dag.tasks[0]!.workUnits).toBe(1);
    expect(wf.warnings[0]).toMatch(/"a" has no runtime/);
  });
});

describe('loadWorkflowFile format detection', () => {
  it.each([
    ['wfformat-1.5-small.json', 'wfformat', 1],
    ['wfformat-1.4-small.json', 'wfformat', 1],
    ['diamond.json', 'project-json', 1],
    ['diamond-v2.json', 'project-json', 1],
    ['alibaba-batch-task.csv', 'alibaba-batch-task', 3],
  ])('%s is %s', (name, format, count) => {
    const wf = readWorkflowFile(fixture(name));
    expect(wf.format).toBe(format);
    expect(wf.dags).toHaveLength(count);
  });

  it('names the file in errors', () => {
    expect(() => readWorkflowFile(fixture('no-such-file.json'))).toThrow(
      /no-such-file\.json: cannot read the file \(ENOENT\)/,
    );
    expect(() => readWorkflowFile(fixture('bad-field.json'))).toThrow(
      /bad-field\.json: \(dag\)\.tasks\[1\] \(task "b"\)\.workUnits is "lots", expected a number >= 0/,
    );
  });
});

describe('WfFormat machines as agents', () => {
  it('gives the fastest machine speed 1 and keeps cores and memory', () => {
    const { machines } = parseWfFormat(read('wfformat-1.5-small.json'));
    const agents = wfMachinesToAgents([...machines, { name: 'slow', cores: 2, speedMHz: 1200 }], {
      slots: 3,
    });
    expect(agents.map((a) => [a.id, a.slots, a.speed, a.memoryMb])).toEqual([
      ['node-a', 8, 1, 16_000],
      ['node-b', 16, 1, 0],
      ['slow', 2, 0.5, 0],
    ]);
  });
});

describe('loadWorkflowFile', () => {
  it('returns valid DagSpecs and refuses invalid ones, naming file, dag and ids', () => {
    expect(loadWorkflowFile(fixture('wfformat-1.4-small.json'))[0]!.tasks).toHaveLength(3);
    expect(() => loadWorkflowFile(fixture('cycle.json'))).toThrow(
      /cycle\.json: dag loop: cycle b -> c -> d -> b/,
    );
    expect(() => loadWorkflowFile(fixture('invalid-refs.json'))).toThrow(
      /invalid-refs\.json: dag refs: task id "a" is used twice/,
    );
  });
});
