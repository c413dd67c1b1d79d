/** An in-process live server on free loopback ports with the test tokens, silent logs and in-memory stores. */

import { defaultServerConfig, type ServerConfig } from '../../../engine/server/config.js';
import { withEnvTokens } from '../../../engine/server/config-load.js';
import { createLogger } from '../../../engine/server/log.js';
import { type RunningServer, startServer } from '../../../engine/server/server.js';
import { TOKEN_ENV } from '../../helpers/live.js';

export async function startTestServer(over: Partial<ServerConfig> = {}): Promise<RunningServer> {
  const base = defaultServerConfig();
  const cfg = withEnvTokens(
    {
      ...base,
      httpPort: 0,
      grpcPort: 0,
      logLevel: 'silent',
      ...over,
      limits: { ...base.limits, ...(over.limits ?? {}) },
    },
    TOKEN_ENV,
  );
  return startServer(cfg, { env: TOKEN_ENV, log: createLogger('silent') });
}
