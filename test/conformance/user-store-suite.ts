/** Contract of the UserStore port (memory and PostgreSQL): users, roles, hashed API tokens. */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { type UserStore, UserStoreError } from '../../engine/ports/user-store.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Registers the contract; `make` returns an empty store. */
export function userStoreConformance(make: () => Promise<UserStore>): void {
  it('users: roles accumulate and are listed sorted; unknown users are undefined', async () => {
    const s = await make();
    await s.putUser('ada', ['viewer'], 1);
    await s.putUser('ada', ['admin', 'viewer'], 2);
    expect(await s.getUser('ada')).toEqual({ name: 'ada', roles: ['admin', 'viewer'], createdAtMs: 1 });
    expect(await s.getUser('bob')).toBeUndefined();
  });

  it('tokens: only digests are stored; a token needs a role its user holds; expiry and revocation apply', async () => {
    const s = await make();
    await s.putUser('ada', ['operator'], 1);
    const id = await s.addToken('ada', {
      name: 'ci',
      role: 'operator',
      tokenSha256: sha('secret-1'),
      createdAtMs: 1,
    });
    await expect(
      s.addToken('ada', { name: 'x', role: 'admin', tokenSha256: sha('secret-2'), createdAtMs: 1 }),
    ).rejects.toBeInstanceOf(UserStoreError);
    await expect(
      s.addToken('nobody', { name: 'x', role: 'viewer', tokenSha256: sha('secret-3'), createdAtMs: 1 }),
    ).rejects.toBeInstanceOf(UserStoreError);
    expect(await s.findToken(sha('secret-1'), 5)).toMatchObject({
      tokenId: id,
      userName: 'ada',
      role: 'operator',
    });
    expect(await s.findToken(sha('wrong'), 5)).toBeUndefined();
    await s.addToken('ada', {
      name: 'tmp',
      role: 'operator',
      tokenSha256: sha('secret-4'),
      createdAtMs: 1,
      expiresAtMs: 10,
    });
    expect(await s.findToken(sha('secret-4'), 9)).toBeDefined();
    expect(await s.findToken(sha('secret-4'), 10)).toBeUndefined();
    expect(await s.revokeToken(id, 6)).toBe(true);
    expect(await s.revokeToken(id, 7)).toBe(false);
    expect(await s.findToken(sha('secret-1'), 8)).toBeUndefined();
  });
}
