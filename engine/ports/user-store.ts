/**
 * UserStore port: users, their roles and the API tokens issued to them. Tokens are kept as SHA-256 hex
 * digests only; the plain token exists once, in the caller's hands, when it is issued. Times are engine
 * clock ms, passed in.
 */
import type { Role } from '../server/auth/roles.js';

export interface UserRecord {
  name: string;
  roles: Role[];
  createdAtMs: number;
}

export interface ApiTokenRecord {
  tokenId: number;
  userName: string;
  /** Label of the token (e.g. "ci"). */
  name: string;
  role: Role;
  tokenSha256: string;
  createdAtMs: number;
  expiresAtMs?: number | undefined;
  revokedAtMs?: number | undefined;
}

/** Thrown when a token is issued with a role its user does not hold, or for an unknown user. */
export class UserStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserStoreError';
  }
}

export interface UserStore {
  /** Creates a user with roles, or adds the roles to an existing user (idempotent). */
  putUser(name: string, roles: readonly Role[], atMs: number): Promise<void>;
  /** One user with its roles, sorted, or undefined. */
  getUser(name: string): Promise<UserRecord | undefined>;
  /**
   * Stores a token digest for `userName` with `role`, which the user must hold (else `UserStoreError`).
   * Resolves with the new token's id. The user and token rows are written in one transaction.
   */
  addToken(
    userName: string,
    token: { name: string; role: Role; tokenSha256: string; createdAtMs: number; expiresAtMs?: number },
  ): Promise<number>;
  /** The token with this digest if it is neither revoked nor expired at `nowMs`. */
  findToken(tokenSha256: string, nowMs: number): Promise<ApiTokenRecord | undefined>;
  /** Revokes a token; false when there is no such token or it was already revoked. */
  revokeToken(tokenId: number, atMs: number): Promise<boolean>;
}
