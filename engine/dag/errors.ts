/**
 * Errors the DAG toolkit reports about its input. Each names a `code`, the task ids involved and, where
 * it applies, the field or line, so a user can find the problem without reading a stack trace.
 */

export type DagErrorCode =
  | 'duplicate-id'
  | 'dangling-parent'
  | 'self-loop'
  | 'multiple-writers'
  | 'cycle'
  | 'invalid-field'
  | 'invalid-format'
  | 'unknown-template'
  | 'unknown-version'
  | 'merge-conflict'
  | 'diff-mismatch';

/** One problem found in a DAG or in a file describing one. */
export interface DagIssue {
  code: DagErrorCode;
  message: string;
  /** Task ids involved, in a meaningful order (for `cycle`, the cycle's order). */
  taskIds: readonly string[];
}

/** A typed error carrying one or more issues; `message` is the first issue's (plus a count of the rest). */
export class DagError extends Error {
  readonly code: DagErrorCode;
  readonly taskIds: readonly string[];
  readonly issues: readonly DagIssue[];

  constructor(issues: DagIssue | readonly DagIssue[]) {
    const list = Array.isArray(issues) ? (issues as readonly DagIssue[]) : [issues as DagIssue];
    const first = list[0];
    if (first === undefined) throw new Error('DagError needs at least one issue');
    const more = list.length > 1 ? ` (and ${list.length - 1} more problem${list.length > 2 ? 's' : ''})` : '';
    super(`${first.message}${more}`);
    this.name = 'DagError';
    this.code = first.code;
    this.taskIds = first.taskIds;
    this.issues = list;
  }
}

/** Shorthand for a single-issue error. */
export function dagError(code: DagErrorCode, message: string, taskIds: readonly string[] = []): DagError {
  return new DagError({ code, message, taskIds });
}
