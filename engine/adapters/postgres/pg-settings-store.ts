/** PostgreSQL SettingsStore: one `engine_settings` row per key, replaced with an UPSERT. */
import type pg from 'pg';
import type { SettingsStore } from '../../ports/settings-store.js';

export class PgSettingsStore implements SettingsStore {
  constructor(private readonly pool: pg.Pool) {}

  /** The value stored under `key`, or undefined. */
  async get(key: string): Promise<unknown> {
    const r = await this.pool.query<{ value: unknown }>('SELECT value FROM engine_settings WHERE key = $1', [
      key,
    ]);
    return r.rows[0]?.value;
  }

  /** Inserts or replaces the value under `key` (durable when it resolves). */
  async put(key: string, value: unknown, atMs: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO engine_settings (key, value, updated_at_ms) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at_ms = EXCLUDED.updated_at_ms`,
      [key, JSON.stringify(value), atMs],
    );
  }
}
