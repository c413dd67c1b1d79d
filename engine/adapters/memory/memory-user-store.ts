/** In-memory UserStore: maps by user name and token digest. */

import {
  type ApiTokenRecord,
  type UserRecord,
  type UserStore,
  UserStoreError,
} from '../../ports/user-store.js';
import type { Role } from '../../server/auth/roles.js';

export class MemoryUserStore implements UserStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly tokens: ApiTokenRecord[] = [];

  /** Creates the user or adds roles. */
  async putUser(name: string, roles: readonly Role[], atMs: number): Promise<void> {
    const u = this.users.get(name) ?? { name, roles: [], createdAtMs: atMs };
    u.roles = [...new Set([...u.roles, ...roles])].sort();
    this.users.set(name, u);
  }

  /** A copy of the user, or undefined. */
  async getUser(name: string): Promise<UserRecord | undefined> {
    const u = this.users.get(name);
    return u && { ...u, roles: [...u.roles] };
  }

  /** Stores a token digest for a user holding `role`. */
  async addToken(
    userName: string,
    t: { name: string; role: Role; tokenSha256: string; createdAtMs: number; expiresAtMs?: number },
  ): Promise<number> {
    const u = this.users.get(userName);
    if (!u) throw new UserStoreError(`user "${userName}" does not exist`);
    if (!u.roles.includes(t.role))
      throw new UserStoreError(`user "${userName}" does not hold role "${t.role}"`);
    if (this.tokens.some((x) => x.tokenSha256 === t.tokenSha256))
      throw new UserStoreError('token digest already stored');
    const tokenId = this.tokens.length + 1;
    this.tokens.push({ tokenId, userName, ...t });
    return tokenId;
  }

  /** A valid token by digest. */
  async findToken(tokenSha256: string, nowMs: number): Promise<ApiTokenRecord | undefined> {
    const t = this.tokens.find((x) => x.tokenSha256 === tokenSha256);
    if (!t || t.revokedAtMs !== undefined || (t.expiresAtMs !== undefined && t.expiresAtMs <= nowMs))
      return undefined;
    return { ...t };
  }

  /** Marks a token revoked. */
  async revokeToken(tokenId: number, atMs: number): Promise<boolean> {
    const t = this.tokens[tokenId - 1];
    if (!t || t.revokedAtMs !== undefined) return false;
    t.revokedAtMs = atMs;
    return true;
  }
}
