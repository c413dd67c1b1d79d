/**
 * A problem-file defect found while parsing: where (a JSON path such as `edges[3][1]` or
 * `network.nodes.p2`) and what was expected. Parsing returns these as values; the CLI prints them.
 */

export interface ProblemIssue {
  /** JSON path of the offending field; `(root)` for the whole document. */
  path: string;
  message: string;
}

/** Collects issues up to a limit so that a badly broken file does not flood the terminal. */
export class IssueList {
  readonly items: ProblemIssue[] = [];

  constructor(readonly limit = 20) {}

  /** Records an issue (ignored beyond the limit). */
  add(path: string, message: string): void {
    if (this.items.length < this.limit) this.items.push({ path, message });
  }

  get full(): boolean {
    return this.items.length >= this.limit;
  }
}

/** One line per issue: `path: message`. */
export function formatIssues(issues: readonly ProblemIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}

/** A JSON value as it appears in messages (truncated). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
