/**
 * Graphviz DOT export: one node per task labelled with its id, type and work, one edge per dependency
 * (explicit and inferred). Node and edge order follow the spec, so output is deterministic.
 */
import type { DagSpec } from '../../model/types.js';
import { buildDag } from '../build.js';

/** DOT text for `spec`; throws `DagError` if the spec does not build. */
export function exportDot(spec: DagSpec): string {
  const graph = buildDag(spec);
  const lines = [`digraph ${quote(spec.id)} {`, '  rankdir=TB;', '  node [shape=box];'];
  spec.tasks.forEach((t) => {
    lines.push(`  ${quote(t.id)} [label=${quote(`${t.id}\n${t.type} ${t.workUnits} ms`)}];`);
  });
  for (let v = 0; v < graph.taskCount; v++) {
    for (let e = graph.succOffsets[v]!; e < graph.succOffsets[v + 1]!; e++) {
      const bytes = graph.edgeBytes[e]!;
      const attrs = bytes > 0 ? ` [label=${quote(formatBytes(bytes))}]` : '';
      lines.push(`  ${quote(graph.ids[v]!)} -> ${quote(graph.ids[graph.succTargets[e]!]!)}${attrs};`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}
