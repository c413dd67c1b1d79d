/** In-memory SettingsStore (nothing survives a restart): values are copied in and out as JSON. */
import type { SettingsStore } from '../../ports/settings-store.js';

export class MemorySettingsStore implements SettingsStore {
  private readonly values = new Map<string, string>();

  /** The stored value (a fresh copy), or undefined. */
  async get(key: string): Promise<unknown> {
    const v = this.values.get(key);
    return v === undefined ? undefined : JSON.parse(v);
  }

  /** Replaces the value under `key`. */
  async put(key: string, value: unknown, _atMs: number): Promise<void> {
    this.values.set(key, JSON.stringify(value));
  }
}
