/**
 * PostgreSQL UserStore: `users`, `user_roles` (roles from the `roles` table) and `api_tokens` holding
 * SHA-256 digests only. Issuing a token checks the user's role and inserts in one transaction.
 */
import type pg from 'pg';
import {
  type ApiTokenRecord,
  type UserRecord,
  type UserStore,
  UserStoreError,
} from '../../ports/user-store.js';
import type { Role } from '../../server/auth/roles.js';
import { inTransaction } from './pg-pool.js';

interface TokenRow {
  token_id: number;
  user_name: string;
  name: string;
  role: Role;
  token_sha256: string;
  created_at_ms: number;
  expires_at_ms: number | null;
  revoked_at_ms: number | null;
}

export class PgUserStore implements UserStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Creates the user if needed and grants the roles, in one transaction. */
  async putUser(name: string, roles: readonly Role[], atMs: number): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      const u = await c.query<{ user_id: number }>(
        `INSERT INTO users (name, created_at_ms) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING user_id`,
        [name, atMs],
      );
      await c.query(
        `INSERT INTO user_roles (user_id, role) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [u.rows[0]!.user_id, [...roles]],
      );
    });
  }

  /** The user with its roles (sorted), or undefined. */
  async getUser(name: string): Promise<UserRecord | undefined> {
    const r = await this.pool.query<{ name: string; created_at_ms: number; roles: string[] | null }>(
      `SELECT u.name, u.created_at_ms, array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL) AS roles
       FROM users u LEFT JOIN user_roles r USING (user_id) WHERE u.name = $1 GROUP BY u.user_id`,
      [name],
    );
    const row = r.rows[0];
    return row && { name: row.name, roles: (row.roles ?? []) as Role[], createdAtMs: row.created_at_ms };
  }

  /** Inserts a token digest after checking the user holds the role (one transaction). */
  async addToken(
    userName: string,
    t: { name: string; role: Role; tokenSha256: string; createdAtMs: number; expiresAtMs?: number },
  ): Promise<number> {
    return inTransaction(this.pool, async (c) => {
      const u = await c.query<{ user_id: number; has_role: boolean }>(
        `SELECT u.user_id, EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.user_id AND r.role = $2) AS has_role
         FROM users u WHERE u.name = $1 FOR UPDATE`,
        [userName, t.role],
      );
      const row = u.rows[0];
      if (!row) throw new UserStoreError(`user "${userName}" does not exist`);
      if (!row.has_role) throw new UserStoreError(`user "${userName}" does not hold role "${t.role}"`);
      const ins = await c.query<{ token_id: number }>(
        `INSERT INTO api_tokens (user_id, name, role, token_sha256, created_at_ms, expires_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (token_sha256) DO NOTHING RETURNING token_id`,
        [row.user_id, t.name, t.role, t.tokenSha256, t.createdAtMs, t.expiresAtMs ?? null],
      );
      if (!ins.rows[0]) throw new UserStoreError('token digest already stored');
      return ins.rows[0].token_id;
    });
  }

  /** A token neither revoked nor expired at `nowMs`, by digest. */
  async findToken(tokenSha256: string, nowMs: number): Promise<ApiTokenRecord | undefined> {
    const r = await this.pool.query<TokenRow>(
      `SELECT t.token_id, u.name AS user_name, t.name, t.role, t.token_sha256, t.created_at_ms, t.expires_at_ms, t.revoked_at_ms
       FROM api_tokens t JOIN users u USING (user_id)
       WHERE t.token_sha256 = $1 AND t.revoked_at_ms IS NULL AND (t.expires_at_ms IS NULL OR t.expires_at_ms > $2)`,
      [tokenSha256, nowMs],
    );
    const row = r.rows[0];
    if (!row) return undefined;
    const rec: ApiTokenRecord = {
      tokenId: row.token_id,
      userName: row.user_name,
      name: row.name,
      role: row.role,
      tokenSha256: row.token_sha256,
      createdAtMs: row.created_at_ms,
    };
    if (row.expires_at_ms !== null) rec.expiresAtMs = row.expires_at_ms;
    return rec;
  }

  /** Revokes a live token. */
  async revokeToken(tokenId: number, atMs: number): Promise<boolean> {
    const r = await this.pool.query(
      'UPDATE api_tokens SET revoked_at_ms = $2 WHERE token_id = $1 AND revoked_at_ms IS NULL',
      [tokenId, atMs],
    );
    return (r.rowCount ?? 0) > 0;
  }
}
