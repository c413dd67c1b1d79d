/**
 * Dot paths into a scenario document: `fleet.agents`, `workload.dags.0.count`, `engine.weights.balance`.
 * Numeric segments index arrays; missing object keys are created (the schema check that follows rejects
 * keys the scenario format does not know).
 */
import { SweepError } from './sweep-error.js';

/** Splits and checks a dot path; throws SweepError naming `where` for an empty segment. */
export function parseDotPath(path: string, where: string): string[] {
  const parts = path.split('.');
  if (parts.some((p) => p.trim() === '')) {
    throw new SweepError(
      `${where}: "${path}" is not a dot path (expected e.g. fleet.agents or workload.dags.0.count)`,
    );
  }
  return parts;
}

/** Returns a deep copy of `doc` with `value` stored at `path`; throws SweepError when the path cannot exist. */
export function withValueAt(doc: unknown, path: string, value: unknown, where: string): unknown {
  const copy = structuredClone(doc);
  const parts = parseDotPath(path, where);
  let node: unknown = copy;
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i]!;
    const last = i === parts.length - 1;
    if (Array.isArray(node)) {
      const idx = Number(seg);
      if (!Number.isInteger(idx) || idx < 0 || idx >= node.length) {
        const at = parts.slice(0, i).join('.');
        throw new SweepError(
          `${where}: "${path}": ${at} is a list of ${node.length}, so "${seg}" must be an index 0–${node.length - 1}`,
        );
      }
      if (last) node[idx] = value;
      else node = node[idx];
    } else if (node !== null && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (last) obj[seg] = value;
      else {
        if (obj[seg] === undefined) obj[seg] = {};
        node = obj[seg];
      }
    } else {
      const at = parts.slice(0, i).join('.');
      throw new SweepError(`${where}: "${path}": ${at} is ${JSON.stringify(node)}, not a mapping or a list`);
    }
  }
  return copy;
}

/** Applies every override in order (keys are dot paths). */
export function applyOverrides(doc: unknown, overrides: Record<string, unknown>, where: string): unknown {
  let out = doc;
  for (const [path, value] of Object.entries(overrides)) out = withValueAt(out, path, value, where);
  return out;
}
