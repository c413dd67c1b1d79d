/** Fills the token registry from the configuration (secrets from files / environment) and the AgentStore. */
import type { AgentStore } from '../ports/agent-store.js';
import { readSecret } from './auth/secrets.js';
import { TokenRegistry } from './auth/token-registry.js';
import type { ServerConfig } from './config.js';

/** A registry with every configured API and agent token and every per-agent token an admin issued. */
export async function buildTokens(
  config: ServerConfig,
  agents: AgentStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TokenRegistry> {
  const reg = new TokenRegistry();
  for (const t of config.apiTokens)
    reg.addApiToken(readSecret(t.secret, env), { name: t.name, role: t.role });
  for (const t of config.agentTokens)
    reg.addAgentToken(readSecret(t.secret, env), { name: t.name, agentId: t.agentId });
  for (const t of await agents.tokens())
    reg.addAgentTokenDigest(t.tokenSha256, { name: `agent:${t.agentId}`, agentId: t.agentId });
  return reg;
}
