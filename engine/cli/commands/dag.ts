/**
 * `agentsched dag …`: inspect, validate, diff and export workflow files (WfFormat JSON, agentsched DAG
 * JSON, Alibaba batch_task CSV). Each sub-command is a function returning its output text, so tests
 * can call it without a process; `register` wires them into commander.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadWorkflowFile, readWorkflowFile, type WorkflowFile } from '../../adapters/dag-files.js';
import { type DagSummary, summariseDag } from '../../dag/analyse.js';
import { validateDag } from '../../dag/build.js';
import { type DagDiff, diffDags, isEmptyDiff } from '../../dag/diff.js';
import { DagError } from '../../dag/errors.js';
import { exportDot } from '../../dag/io/dot.js';
import { exportProjectJson } from '../../dag/io/project-json.js';
import type { DagSpec } from '../../model/types.js';
import { UserError } from '../errors.js';

export interface InspectOptions {
  json?: boolean;
  bandwidthBytesPerMs?: string;
  latencyMs?: string;
  agents?: string;
  slots?: string;
  speed?: string;
}

/** Converts toolkit errors into `UserError`s (exit 2, message only); other errors pass through. */
function asUserError<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof DagError) throw new UserError(formatDagError(err));
    throw err;
  }
}

function formatDagError(err: DagError): string {
  if (err.issues.length <= 1) return err.message;
  return [`${err.issues.length} problems:`, ...err.issues.map((i) => `  - ${i.message}`)].join('\n');
}

function load(file: string): WorkflowFile {
  const wf = readWorkflowFile(file);
  if (wf.dags.length === 0) throw new UserError(`${file}: the file holds no DAG`);
  return wf;
}

function numberOption(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v) || v < min)
    throw new UserError(`--${name} is ${JSON.stringify(value)}, expected a number >= ${min}`);
  return v;
}

/** Text (or JSON with `json`) summary of every DAG in `file`: size, depth, width, critical path, CCR, bounds. */
export function inspectCommand(file: string, opts: InspectOptions = {}): string {
  return asUserError(() => {
    const wf = load(file);
    const network = {
      bandwidthBytesPerMs: numberOption(
        'bandwidth-bytes-per-ms',
        opts.bandwidthBytesPerMs,
        125_000,
        Number.MIN_VALUE,
      ),
      latencyMs: numberOption('latency-ms', opts.latencyMs, 0, 0),
    };
    const agents = numberOption('agents', opts.agents, 1, 1);
    const slots = numberOption('slots', opts.slots, 1, 1);
    const speed = numberOption('speed', opts.speed, 1, Number.MIN_VALUE);
    const fleet = Array.from({ length: Math.floor(agents) }, () => ({ slots, speed }));
    const summaries = wf.dags.map((d) => summariseDag(d, { network, fleet }));
    if (opts.json)
      return `${JSON.stringify({ file, format: wf.format, warnings: wf.warnings, dags: summaries }, null, 1)}\n`;
    const head = `${file} (${wf.format}, ${summaries.length} dag${summaries.length === 1 ? '' : 's'})`;
    const fleetText = `${agents} agent(s) x ${slots} slot(s) at speed ${speed}`;
    const body = summaries.map((s) => summaryText(s, fleetText));
    const warn =
      wf.warnings.length > 0
        ? [`warnings (${wf.warnings.length}):`, ...wf.warnings.slice(0, 20).map((w) => `  ${w}`)]
        : [];
    return `${[head, ...body, ...warn].join('\n')}\n`;
  });
}

function summaryText(s: DagSummary, fleetText: string): string {
  const path = s.criticalPath.taskIds;
  const shown =
    path.length <= 12
      ? path.join(' -> ')
      : `${path.slice(0, 5).join(' -> ')} -> … -> ${path.slice(-5).join(' -> ')}`;
  return [
    `dag ${s.id}`,
    `  tasks ${s.tasks}, edges ${s.edges}, sources ${s.sources}, sinks ${s.sinks}`,
    `  depth ${s.depth}, max width ${s.maxWidth}, total work ${fmt(s.totalWorkMs)} ms`,
    `  critical path ${fmt(s.criticalPath.lengthMs)} ms (compute ${fmt(s.criticalPath.computeMs)} ms, ${path.length} tasks): ${shown}`,
    `  CCR ${s.ccr.toFixed(4)}`,
    `  lower bounds on ${fleetText}: critical path ${fmt(s.lowerBounds.criticalPathMs)} ms, work ${fmt(s.lowerBounds.workMs)} ms => makespan >= ${fmt(s.lowerBounds.lowerBoundMs)} ms`,
  ].join('\n');
}

function fmt(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}

/** `ok` lines for valid DAGs; throws `UserError` listing every problem (exit 2) otherwise. */
export function validateCommand(file: string): string {
  return asUserError(() => {
    const wf = load(file);
    const problems: string[] = [];
    const ok: string[] = [];
    for (const d of wf.dags) {
      const issues = validateDag(d);
      if (issues.length === 0) ok.push(`ok: dag ${d.id}: ${d.tasks.length} tasks`);
      else problems.push(...issues.map((i) => `dag ${d.id}: ${i.message}`));
    }
    if (problems.length > 0)
      throw new UserError(
        [`${file}: ${problems.length} problem(s)`, ...problems.map((p) => `  - ${p}`)].join('\n'),
      );
    const warn = wf.warnings.map((w) => `warning: ${w}`);
    return `${[...ok, ...warn].join('\n')}\n`;
  });
}

/** Structural diff of the DAGs in two files (paired by id, or by position when ids differ). */
export function diffCommand(fileA: string, fileB: string, opts: { json?: boolean } = {}): string {
  return asUserError(() => {
    const a = load(fileA).dags;
    const b = load(fileB).dags;
    const pairs = pairDags(a, b);
    if (opts.json)
      return `${JSON.stringify(
        pairs.map(([x, y]) => ({ a: x.id, b: y.id, diff: diffDags(x, y) })),
        null,
        1,
      )}\n`;
    const lines = pairs.flatMap(([x, y]) => {
      const d = diffDags(x, y);
      const title = x.id === y.id ? `dag ${x.id}` : `dag ${x.id} -> ${y.id}`;
      return isEmptyDiff(d) ? [`${title}: no differences`] : [title, ...diffLines(d)];
    });
    return `${lines.join('\n')}\n`;
  });
}

function pairDags(a: DagSpec[], b: DagSpec[]): [DagSpec, DagSpec][] {
  const bById = new Map(b.map((d) => [d.id, d]));
  if (a.every((d) => bById.has(d.id)) && a.length === b.length) return a.map((d) => [d, bById.get(d.id)!]);
  if (a.length !== b.length)
    throw new UserError(
      `the files hold ${a.length} and ${b.length} DAGs with different ids; cannot pair them`,
    );
  return a.map((d, i) => [d, b[i]!]);
}

function diffLines(d: DagDiff): string[] {
  return [
    ...d.tasksAdded.map((t) => `  + task ${t.id} (${t.type}, ${t.workUnits} ms)`),
    ...d.tasksRemoved.map((id) => `  - task ${id}`),
    ...d.tasksChanged.map(
      (c) =>
        `  ~ task ${c.id}: ${c.changes.map((f) => `${f.field} ${JSON.stringify(f.from)} -> ${JSON.stringify(f.to)}`).join(', ')}`,
    ),
    ...d.edgesAdded.map(([p, c]) => `  + edge ${p} -> ${c}`),
    ...d.edgesRemoved.map(([p, c]) => `  - edge ${p} -> ${c}`),
  ];
}

/** The DAGs of `file` as DOT or project JSON text. */
export function exportCommand(file: string, format: string): string {
  return asUserError(() => {
    if (format !== 'dot' && format !== 'json')
      throw new UserError(`--format is "${format}", expected dot or json`);
    const { dags } = load(file);
    return format === 'json' ? exportProjectJson(dags) : dags.map(exportDot).join('\n');
  });
}

function print(text: string): void {
  process.stdout.write(text);
}

/**
 * Loads a workflow file for a scenario's `import:` workload; bad files become `UserError`s (exit 2)
 * naming the file and the problem.
 */
export function loadWorkflowForScenario(path: string): DagSpec[] {
  return asUserError(() => loadWorkflowFile(path));
}

/**
 * Adds `dag inspect|validate|diff|export` to `program`.
 */
export function register(program: Command): void {
  const dag = program.command('dag').description('inspect, validate, diff and export workflow DAGs');
  dag
    .command('inspect <file>')
    .description('tasks, edges, depth, width, critical path, CCR and makespan lower bounds')
    .option('--json', 'print JSON')
    .option('--bandwidth-bytes-per-ms <n>', 'network bandwidth for communication costs', '125000')
    .option('--latency-ms <n>', 'network latency per edge with data', '0')
    .option('--agents <n>', 'agents in the fleet for the lower bounds', '1')
    .option('--slots <n>', 'slots per agent', '1')
    .option('--speed <x>', 'agent speed', '1')
    .action((file: string, opts: InspectOptions) => print(inspectCommand(file, opts)));
  dag
    .command('validate <file>')
    .description('check ids, references, artifacts and cycles; exit 2 on problems')
    .action((file: string) => print(validateCommand(file)));
  dag
    .command('diff <a> <b>')
    .description('structural diff: tasks and edges added, removed, changed')
    .option('--json', 'print JSON')
    .action((a: string, b: string, opts: { json?: boolean }) => print(diffCommand(a, b, opts)));
  dag
    .command('export <file>')
    .description('write the DAG(s) as Graphviz DOT or agentsched JSON')
    .requiredOption('--format <format>', 'dot or json')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((file: string, opts: { format: string; out?: string }) => {
      const text = exportCommand(file, opts.format);
      if (opts.out === undefined) print(text);
      else writeFileSync(opts.out, text);
    });
}
