/**
 * API and agent tokens, held as SHA-256 digests only. Lookup hashes the presented token and compares
 * digests in constant time, so neither the stored form nor the timing reveals a token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from './roles.js';

export interface ApiIdentity {
  name: string;
  role: Role;
}

/** Who an agent token admits: one agent id, or any agent (`agentId` undefined, a fleet-wide token). */
export interface AgentIdentity {
  name: string;
  agentId?: string | undefined;
}

/** SHA-256 hex of a token. */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh random token (256 bits, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

class DigestTable<T> {
  private readonly entries: { digest: Buffer; value: T }[] = [];
  add(digestHex: string, value: T): void {
    const digest = Buffer.from(digestHex, 'hex');
    const i = this.entries.findIndex((e) => timingSafeEqual(e.digest, digest));
    if (i >= 0) this.entries[i] = { digest, value };
    else this.entries.push({ digest, value });
  }
  remove(pred: (v: T) => boolean): void {
    for (let i = this.entries.length - 1; i >= 0; i--)
      if (pred(this.entries[i]!.value)) this.entries.splice(i, 1);
  }
  find(token: string): T | undefined {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let hit: T | undefined;
    for (const e of this.entries) if (timingSafeEqual(e.digest, digest)) hit = e.value;
    return hit;
  }
  get size(): number {
    return this.entries.length;
  }
}

export class TokenRegistry {
  private readonly api = new DigestTable<ApiIdentity>();
  private readonly agents = new DigestTable<AgentIdentity>();
  private readonly agentCache = new Map<string, AgentIdentity | null>();

  /** Adds an API token with a role. */
  addApiToken(token: string, identity: ApiIdentity): void {
    this.api.add(sha256Hex(token), identity);
  }

  /** Adds an agent token (fleet-wide when `identity.agentId` is undefined). */
  addAgentToken(token: string, identity: AgentIdentity): void {
    this.addAgentTokenDigest(sha256Hex(token), identity);
  }

  /** Adds an agent token known only by its digest (from the AgentStore); replaces the agent's earlier token. */
  addAgentTokenDigest(digestHex: string, identity: AgentIdentity): void {
    if (identity.agentId !== undefined) this.agents.remove((v) => v.agentId === identity.agentId);
    this.agents.add(digestHex, identity);
    this.agentCache.clear();
  }

  /** The API identity holding `token`, or undefined. */
  apiIdentity(token: string): ApiIdentity | undefined {
    return this.api.find(token);
  }

  /** The agent identity holding `token`, or undefined (cached: agents present the same token on every call). */
  agentIdentity(token: string): AgentIdentity | undefined {
    const key = sha256Hex(token);
    const cached = this.agentCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.agents.find(token);
    if (this.agentCache.size > 100_000) this.agentCache.clear();
    this.agentCache.set(key, found ?? null);
    return found;
  }

  get apiTokenCount(): number {
    return this.api.size;
  }

  get agentTokenCount(): number {
    return this.agents.size;
  }
}

/** The bearer token in an `authorization` header value, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (typeof v !== 'string') return undefined;
  const m = /^Bearer\s+([\x21-\x7e]{1,512})\s*$/i.exec(v);
  return m?.[1];
}
