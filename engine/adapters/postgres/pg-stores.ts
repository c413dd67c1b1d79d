/**
 * The PostgreSQL side of a persistent engine: one pool shared by every store, the schema checked (or
 * migrated) before anything is read, and the leader fence wired into the acknowledging write.
 */
import type pg from 'pg';
import type { EngineEvent } from '../../ports/event-log.js';
import type { SubmissionSettle } from '../../ports/submission-store.js';
import type { AttemptRecord, TaskOutcome } from '../../ports/task-store.js';
import { appliedVersions, loadMigrations, migrate } from './migrate.js';
import { PgAgentStore } from './pg-agent-store.js';
import { copyIn } from './pg-copy.js';
import { PgDagStore } from './pg-dag-store.js';
import { eventsPart, isDuplicateKey, PgEventLog } from './pg-event-log.js';
import { PgLeaderFence } from './pg-leader-fence.js';
import { PgSettingsStore } from './pg-settings-store.js';
import { PgSubmissionStore, settlesPart } from './pg-submission-store.js';
import { attemptsPart, outcomesPart, PgTaskStore } from './pg-task-store.js';
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
  /** Stores.recordTurn for `tasks`, `events` and `submissions` (see recordTurn below). */
  recordTurn(
    attempts: readonly AttemptRecord[],
    outcomes: readonly TaskOutcome[],
    events: readonly EngineEvent[],
    settles?: readonly SubmissionSettle[],
  ): Promise<void>;
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
  const tasks = new PgTaskStore(pool);
  const events = new PgEventLog(pool);
  const submissions = new PgSubmissionStore(pool, fence);
  return {
    pool,
    submissions,
    tasks,
    agents: new PgAgentStore(pool),
    events,
    dags: new PgDagStore(pool),
    users: new PgUserStore(pool),
    settings: new PgSettingsStore(pool),
    fence,
    recordTurn: (attempts, outcomes, turnEvents, settles = []) =>
      recordTurn(pool, tasks, events, submissions, attempts, outcomes, turnEvents, settles),
  };
}

/**
 * A batch's attempts, outcomes and events as three COPY statements, then the final statuses of the DAGs
 * it settles as one UPDATE, in one transaction and one round trip (a settle thus never lands before the
 * outcomes it follows). When some event is stored already (a re-sent batch; the whole transaction was
 * refused), the progress, the events and the settles go again separately, the events skipping the
 * stored ones.
 */
async function recordTurn(
  pool: pg.Pool,
  tasks: PgTaskStore,
  events: PgEventLog,
  submissions: PgSubmissionStore,
  attempts: readonly AttemptRecord[],
  outcomes: readonly TaskOutcome[],
  turnEvents: readonly EngineEvent[],
  settles: readonly SubmissionSettle[],
): Promise<void> {
  const parts = [attemptsPart(attempts), outcomesPart(outcomes), eventsPart(turnEvents)];
  const settled = settlesPart(settles);
  if (settled) parts.push(settled);
  try {
    await copyIn(pool, parts);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await tasks.recordProgress(attempts, outcomes);
    await events.appendSkippingStored(turnEvents);
    for (const s of settles) await submissions.settle(s.dagId, s.status, s);
  }
}
