/**
 * Fault and migration timeline: per affected agent, intervals when it was down (crash → recovery) or
 * slowed down, and points when the engine declared it dead, readmitted it, lost work on it or migrated a
 * task away from it. Migration records are read defensively (the trace gains them from the balancer).
 */
import type { SimTrace } from '../../sim/simulator.js';
import { CHART_CONFIG, CHART_WIDTH, type ChartDoc, SCHEMA } from './chart-theme.js';

interface Interval {
  agent: string;
  fromS: number;
  toS: number;
  kind: string;
}

interface Point {
  agent: string;
  tS: number;
  kind: string;
}

const EVENT_KINDS = ['declared dead', 'readmitted', 'work lost', 'cancelled', 'migration'];

/** The fault/migration timeline spec of `trace` (a text note when nothing happened). */
export function faultTimelineChart(trace: SimTrace, makespanMs: number, agentsMax = 60): ChartDoc {
  const name = (a: number) => trace.agents[a]?.id ?? String(a);
  const intervals = faultIntervals(trace, makespanMs, name);
  const points = [...faultPoints(trace, name), ...migrationPoints(trace, name)];
  const agents = [...new Set([...intervals, ...points].sort(byTime).map((x) => x.agent))].slice(0, agentsMax);
  const keep = new Set(agents);
  const base = {
    name: 'fault-timeline',
    title: 'Faults and migrations',
    caption:
      'Per affected agent: down (crash until recovery) and slowed-down intervals; detection, readmission, lost work and migrations as points.',
    marks: ['rect', 'symbol'],
  };
  if (agents.length === 0) return { ...base, marks: ['text'], spec: emptySpec() };
  const rows = [...new Set([...intervals, ...points].map((x) => x.agent))].length;
  return {
    ...base,
    note: rows > agents.length ? `Showing the first ${agents.length} of ${rows} affected agents.` : undefined,
    spec: {
      $schema: SCHEMA,
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: Math.max(80, agents.length * 14),
      encoding: {
        y: { field: 'agent', type: 'ordinal', sort: agents, title: 'agent', axis: { labelFontSize: 9 } },
      },
      layer: [
        {
          data: { values: intervals.filter((i) => keep.has(i.agent)) },
          mark: { type: 'bar', height: 8 },
          encoding: {
            x: {
              field: 'fromS',
              type: 'quantitative',
              title: 'simulated time (s)',
              scale: { domain: [0, makespanMs / 1000] },
            },
            x2: { field: 'toS' },
            color: {
              field: 'kind',
              type: 'nominal',
              title: 'state',
              scale: { domain: ['down', 'slowed'], range: ['#fc9272', '#fdd0a2'] },
            },
          },
        },
        {
          data: { values: points.filter((p) => keep.has(p.agent)) },
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            x: { field: 'tS', type: 'quantitative' },
            shape: { field: 'kind', type: 'nominal', title: 'event', scale: { domain: EVENT_KINDS } },
            fill: {
              field: 'kind',
              type: 'nominal',
              legend: null,
              scale: { domain: EVENT_KINDS, range: ['#cb181d', '#31a354', '#000000', '#969696', '#3182bd'] },
            },
            tooltip: [{ field: 'agent' }, { field: 'kind' }, { field: 'tS' }],
          },
        },
      ],
      resolve: { scale: { color: 'independent' } },
    },
  };
}

function byTime(a: Interval | Point, b: Interval | Point): number {
  return ('fromS' in a ? a.fromS : a.tS) - ('fromS' in b ? b.fromS : b.tS);
}

function faultIntervals(trace: SimTrace, makespanMs: number, name: (a: number) => string): Interval[] {
  const open = new Map<string, number>();
  const out: Interval[] = [];
  const close = (agent: number, kind: string, atMs: number) => {
    const k = `${kind}:${agent}`;
    const from = open.get(k);
    if (from === undefined) return;
    open.delete(k);
    out.push({ agent: name(agent), fromS: from / 1000, toS: atMs / 1000, kind });
  };
  for (const f of trace.faults ?? []) {
    if (f.kind === 'crash') open.set(`down:${f.agent}`, f.atMs);
    else if (f.kind === 'slowdown') open.set(`slowed:${f.agent}`, f.atMs);
    else if (f.kind === 'recover') close(f.agent, 'down', f.atMs);
    else if (f.kind === 'slowdown-end') close(f.agent, 'slowed', f.atMs);
  }
  for (const k of [...open.keys()]) {
    const [kind, agent] = k.split(':');
    close(Number(agent), kind!, Math.max(makespanMs, open.get(k)!));
  }
  return out;
}

function faultPoints(trace: SimTrace, name: (a: number) => string): Point[] {
  const out: Point[] = [];
  for (const f of trace.faults ?? []) {
    if (f.kind === 'declared-dead')
      out.push({ agent: name(f.agent), tS: f.atMs / 1000, kind: 'declared dead' });
    if (f.kind === 'readmitted') out.push({ agent: name(f.agent), tS: f.atMs / 1000, kind: 'readmitted' });
  }
  const ex = trace.exec;
  for (let e = 0; e < (ex?.task.length ?? 0); e++) {
    const kind = ex.state[e] === 4 ? 'work lost' : ex.state[e] === 3 ? 'cancelled' : null;
    if (kind) out.push({ agent: name(ex.agent[e]!), tS: ex.endMs[e]! / 1000, kind });
  }
  return out;
}

function migrationPoints(trace: SimTrace, name: (a: number) => string): Point[] {
  const raw = (trace as unknown as { migrations?: unknown }).migrations;
  if (!Array.isArray(raw)) return [];
  const out: Point[] = [];
  for (const m of raw as Record<string, unknown>[]) {
    const t = typeof m.atMs === 'number' ? m.atMs : typeof m.tMs === 'number' ? m.tMs : null;
    const from = m.from ?? m.fromAgent ?? m.agent;
    if (t === null || from === undefined) continue;
    out.push({
      agent: typeof from === 'number' ? name(from) : String(from),
      tS: t / 1000,
      kind: 'migration',
    });
  }
  return out;
}

function emptySpec(): ChartDoc['spec'] {
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    width: CHART_WIDTH,
    height: 40,
    data: { values: [{ text: 'No faults, lost work or migrations in this run.' }] },
    mark: { type: 'text', align: 'left', x: 0, fontSize: 13 },
    encoding: { text: { field: 'text' } },
  };
}
