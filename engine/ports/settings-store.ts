/**
 * Engine settings an operator changed at run time (the placement strategy and weights set through the
 * REST API), kept so a restarted engine applies them again instead of falling back to its start-up
 * configuration. Values are small JSON documents keyed by name.
 */
export interface SettingsStore {
  /** The value stored under `key`, or undefined. */
  get(key: string): Promise<unknown>;
  /** Stores `value` under `key` (replacing it); resolves once durable. */
  put(key: string, value: unknown, atMs: number): Promise<void>;
}
