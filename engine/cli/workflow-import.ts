/** Bridges scenario `import:` sources to the DAG toolkit's file importers. */
import type { DagSpec } from '../model/types.js';
import { UserError } from './errors.js';

type Loader = (path: string) => DagSpec[];
let loader: Loader | null = null;

export function setWorkflowLoader(l: Loader): void {
  loader = l;
}

export function importWorkflows(path: string): DagSpec[] {
  if (!loader) throw new UserError(`cannot import ${path}: no workflow importer is available in this build`);
  return loader(path);
}
