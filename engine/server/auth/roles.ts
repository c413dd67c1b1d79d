/** API roles, ordered: each role can do everything the roles below it can. */
export type Role = 'viewer' | 'operator' | 'admin';

/** Access a route declares: a role, or `public` (health probes only). Routes that declare nothing are refused. */
export type Access = Role | 'public';

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** True when a caller holding `held` may use a route that needs `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}
