/**
 * Expected scheduling outcomes travel as values. `unschedulable`: no agent fits now (the task waits);
 * `unresolvable`: no agent could ever fit as the fleet stands; `wait` / `skip` as in the Kubernetes
 * scheduler framework.
 */
export type StatusCode = 'success' | 'unschedulable' | 'unresolvable' | 'wait' | 'skip';

export interface Status {
  code: StatusCode;
  reason: string;
  /** The plugin that produced the status, when one did. */
  plugin?: string | undefined;
}

export const Status = {
  success: (): Status => ({ code: 'success', reason: '' }),
  unschedulable: (reason: string, plugin?: string): Status => ({ code: 'unschedulable', reason, plugin }),
  unresolvable: (reason: string, plugin?: string): Status => ({ code: 'unresolvable', reason, plugin }),
} as const;
