/**
 * Fencing for the PostgreSQL stores: a leader claims its lease's fencing token in `engine_leader`
 * (only a larger token may replace a smaller one); writes that acknowledge clients (`SubmissionStore.put`)
 * then check, inside their transaction, that no newer leader has claimed since. A deposed engine that
 * has not yet noticed it lost its lease therefore cannot acknowledge work.
 */
import type pg from 'pg';
import type { LeaseGrant } from '../../ports/leader-lease.js';

/** Thrown when a newer leader holds the fence. */
export class FencedError extends Error {
  constructor(
    readonly ownToken: number,
    readonly currentToken: number,
  ) {
    super(`this engine was deposed: fencing token ${ownToken} < ${currentToken} held by a newer leader`);
    this.name = 'FencedError';
  }
}

export class PgLeaderFence {
  private token = 0;

  constructor(private readonly pool: pg.Pool) {}

  /** Claims `grant`'s token; throws FencedError when a larger token was already claimed. */
  async claim(grant: LeaseGrant, atMs: number): Promise<void> {
    const r = await this.pool.query<{ fencing_token: number }>(
      `INSERT INTO engine_leader (id, fencing_token, holder, claimed_at_ms) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET fencing_token = EXCLUDED.fencing_token, holder = EXCLUDED.holder,
         claimed_at_ms = EXCLUDED.claimed_at_ms
       WHERE engine_leader.fencing_token <= EXCLUDED.fencing_token
       RETURNING fencing_token`,
      [grant.fencingToken, grant.holder, atMs],
    );
    if (r.rows.length === 0) throw new FencedError(grant.fencingToken, await this.current());
    this.token = grant.fencingToken;
  }

  /** The token claimed in the database (0 when none). */
  async current(): Promise<number> {
    const r = await this.pool.query<{ fencing_token: number }>(
      'SELECT fencing_token FROM engine_leader WHERE id = 1',
    );
    return r.rows[0]?.fencing_token ?? 0;
  }

  /** True once this engine claimed a token. */
  readonly claimed = (): boolean => this.token !== 0;

  /** Inside a write transaction: throws FencedError when a newer leader claimed (no-op before any claim). */
  readonly check = async (client: pg.PoolClient): Promise<void> => {
    if (this.token === 0) return;
    const r = await client.query<{ fencing_token: number }>(
      'SELECT fencing_token FROM engine_leader WHERE id = 1 FOR SHARE',
    );
    const current = r.rows[0]?.fencing_token ?? 0;
    if (current > this.token) throw new FencedError(this.token, current);
  };
}
