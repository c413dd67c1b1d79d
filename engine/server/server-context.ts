/** Everything the REST and WebSocket handlers share (built once by `startServer`). */
import type { EngineState } from '../core/state.js';
import type { Stores } from '../ports/stores.js';
import type { TokenRegistry } from './auth/token-registry.js';
import type { Clock } from './clock.js';
import type { ServerConfig } from './config.js';
import type { CommandExecutor } from './driver/command-executor.js';
import type { EngineDriver } from './driver/engine-driver.js';
import type { StoreWriter } from './driver/store-writer.js';
import type { EventHub } from './events/event-hub.js';
import type { ServerForecasting } from './forecasting.js';
import type { AgentGateway } from './grpc/agent-gateway.js';
import type { Logger } from './log.js';

export interface ServerContext {
  config: ServerConfig;
  state: EngineState;
  driver: EngineDriver;
  executor: CommandExecutor;
  gateway: AgentGateway;
  stores: Stores;
  tokens: TokenRegistry;
  clock: Clock;
  hub: EventHub;
  /** Batches the driver's asynchronous store writes (absent in some test contexts). */
  writer?: StoreWriter | undefined;
  log: Logger;
  /** Shell commands submitted with tasks (not part of the core's TaskSpec). */
  commands: Map<string, string>;
  /** False until every listener is up, and again once shutdown starts. */
  ready: boolean;
  startedAtMs: number;
  /** Load forecasting (present when the config has a `forecast` section). */
  forecasting?: ServerForecasting | undefined;
}
