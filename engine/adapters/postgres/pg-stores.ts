/**
 * The PostgreSQL side of a persistent engine: one pool shared by every store, the schema checked (or
 * migrated) before anything is read, and the leader fence wired into the acknowledging write.
 */
import type pg from 'pg';
import { appliedVersions, loadMigrations, migrate } from './migrate.js';
import { PgAgentStore } from './pg-agent-store.js';
import { PgDagStore } from './pg-dag-store.js';
import { PgEventLog } from './pg-event-log.js';
import { PgLeaderFence } from './pg-leader-fence.js';
import { PgSettingsStore } from './pg-settings-store.js';
import { PgSubmissionStore } from './pg-submission-store.js';
import { PgTaskStore } from './pg-task-store.js';
import { PgUserStore } from './pg-user-store.js';

export interface PgStores {
  pool: pg.Pool;
  submissions: PgSubmissionStore;
  tasks: PgTaskStore;
  agents: PgAgentStore;
  events: PgEventLog;
  dags: PgDagStore;
  users: PgUserStore;
  settings: PgSettingsStore;
  fence: PgLeaderFence;
}

/** Thrown when the database schema is older than this build and migrating was not asked for. */
export class SchemaOutdatedError extends Error {
  constructor(
    readonly currentVersion: number,
    readonly requiredVersion: number,
  ) {
    super(
      `database schema is at version ${currentVersion}, this build needs ${requiredVersion}: run \`agentsched db migrate\` (or set postgres.migrate: true)`,
    );
    this.name = 'SchemaOutdatedError';
  }
}

/** Stores over `pool`; checks the schema version first and migrates when `autoMigrate`. */
export async function openPgStores(pool: pg.Pool, autoMigrate: boolean): Promise<PgStores> {
  const required = loadMigrations().length;
  const applied = await appliedVersions(pool);
  if (applied.length < required) {
    if (!autoMigrate) throw new SchemaOutdatedError(applied.length, required);
    await migrate(pool);
  }
  const fence = new PgLeaderFence(pool);
  return {
    pool,
    submissions: new PgSubmissionStore(pool, fence.check),
    tasks: new PgTaskStore(pool),
    agents: new PgAgentStore(pool),
    events: new PgEventLog(pool),
    dags: new PgDagStore(pool),
    users: new PgUserStore(pool),
    settings: new PgSettingsStore(pool),
    fence,
  };
}
