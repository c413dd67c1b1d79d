/**
 * Scenario `import:` sources read workflow files through the DAG toolkit's importer (WfCommons WfFormat,
 * Alibaba batch_task CSV, project JSON); a bad file becomes a UserError naming the file and the problem.
 * Imported directly (not installed by a command) so sweep worker threads have it too.
 */
import type { DagSpec } from '../model/types.js';
import { loadWorkflowForScenario } from './commands/dag.js';

export function importWorkflows(path: string): DagSpec[] {
  return loadWorkflowForScenario(path);
}
