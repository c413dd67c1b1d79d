/**
 * Composes the live engine server: the core (`createEngine`) driven by `EngineDriver` with the system
 * clock, the gRPC agent gateway, the REST + WebSocket app and the stores. `startServer` resolves once
 * every listener is up; `close` shuts down in order (REST/WS, gateway, timers, driver, store writes).
 */

import type { FastifyInstance } from 'fastify';
import { createEngine } from '../core/engine.js';
import { createRandom } from '../model/random.js';
import type { Stores } from '../ports/stores.js';
import { buildTokens } from './build-tokens.js';
import { type Clock, systemClock } from './clock.js';
import type { ServerConfig } from './config.js';
import { CommandExecutor } from './driver/command-executor.js';
import { EngineDriver } from './driver/engine-driver.js';
import { Journal } from './driver/journal.js';
import { StoreWriter } from './driver/store-writer.js';
import { TimerService } from './driver/timer-service.js';
import { EventHub } from './events/event-hub.js';
import { ServerForecasting } from './forecasting.js';
import { AgentGateway, type GatewayHooks } from './grpc/agent-gateway.js';
import { createLogger, type Logger } from './log.js';
import { startMetricsSampler } from './metrics-sampler.js';
import { recoverServer } from './recovery.js';
import { buildApp } from './rest/build-app.js';
import type { ServerContext } from './server-context.js';
import { openServerStores } from './server-stores.js';

export interface StartOptions {
  stores?: Stores | undefined;
  log?: Logger | undefined;
  clock?: Clock | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

export interface RunningServer {
  /** The fastify app (tests use `app.inject`). */
  app: FastifyInstance;
  httpPort: number;
  grpcPort: number;
  ctx: ServerContext;
  journal?: Journal | undefined;
  /** Graceful shutdown; idempotent. */
  close(): Promise<void>;
}

const REPORT_EVENT: Record<string, string> = {
  STARTED: 'running',
  PROGRESS: 'progress',
  FAILED: 'attempt-failed',
};

function gatewayHooks(ctx: () => ServerContext, writer: StoreWriter): GatewayHooks {
  return {
    submit: (stim) => ctx().driver.submit(stim),
    taskReported: (r, agentId, nowMs) => {
      const type = REPORT_EVENT[r.kind];
      if (type)
        ctx().executor.taskEvent(
          nowMs,
          type,
          r.taskId,
          agentId,
          r.attempt,
          r.kind === 'FAILED' ? r.reason : undefined,
        );
      // Recovery tells a running attempt from a failed one by these outcomes (see restore-plan.ts).
      if (r.kind === 'STARTED' || r.kind === 'FAILED') {
        const kind = r.kind === 'STARTED' ? 'started' : 'failed';
        const reason = r.kind === 'FAILED' ? r.reason : undefined;
        writer.outcome({ taskId: r.taskId, kind, atMs: nowMs, agentId, attempt: r.attempt, reason });
      }
    },
    agentLoad: (spec, hb, nowMs) => {
      const c = ctx();
      c.forecasting?.onHeartbeat(spec.id, hb.cpu, nowMs);
      writer.agentLoad({
        agentId: spec.id,
        cluster: spec.cluster,
        atMs: nowMs,
        cpu: hb.cpu,
        memory: hb.memory,
        network: hb.network,
        runningTasks: hb.runningTasks,
      });
      if (c.hub.wants('agent-load')) {
        c.hub.publish({
          atMs: nowMs,
          kind: 'agent-load',
          type: 'heartbeat',
          agentId: spec.id,
          cluster: spec.cluster,
          load: { cpu: hb.cpu, memory: hb.memory, network: hb.network },
        });
      }
    },
    agentChanged: (type, agentId, nowMs, detail) => {
      const c = ctx();
      const a = c.state.agentIndex.get(agentId);
      c.hub.publish({
        atMs: nowMs,
        kind: 'agent',
        type,
        agentId,
        cluster: a === undefined ? undefined : c.state.agentSpec[a]!.cluster,
        detail,
      });
    },
    migrationConfirmed: (agentId, migrationId, taskId, accepted, nowMs) => {
      ctx().hub.publish({
        atMs: nowMs,
        kind: 'migration',
        type: accepted ? 'confirmed' : 'declined',
        agentId,
        taskId,
        detail: migrationId,
      });
    },
    commandOf: (taskId) => ctx().commands.get(taskId) ?? '',
  };
}

/** Starts every part of the server and resolves once it listens. */
export async function startServer(config: ServerConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const stores = opts.stores ?? (await openServerStores(config, log));
  const tokens = await buildTokens(config, stores.agents, opts.env);
  if (tokens.apiTokenCount === 0)
    log.warn('no API tokens configured: every authenticated route will answer 401');
  if (tokens.agentTokenCount === 0) log.warn('no agent tokens configured: agents cannot register');
  const state = createEngine(config.engine, createRandom(config.seed).fork('engine'));
  const writer = new StoreWriter(stores, log);
  const hub = new EventHub((e) => writer.event(e));
  let ctx!: ServerContext;
  const gateway = new AgentGateway(
    config,
    state,
    clock,
    tokens,
    stores.agents,
    gatewayHooks(() => ctx, writer),
    log,
  );
  const timers = new TimerService(clock, (s) => ctx.driver.submit(s));
  const executor = new CommandExecutor(
    state,
    gateway,
    (at, timer, key) => timers.arm(at, timer, key),
    writer,
    hub,
    log,
  );
  const journal = config.journalFile ? new Journal() : undefined;
  const driver = new EngineDriver(state, clock, executor, log, journal);
  ctx = {
    config,
    state,
    driver,
    executor,
    gateway,
    stores,
    tokens,
    clock,
    hub,
    writer,
    log,
    commands: new Map(),
    ready: false,
    startedAtMs: clock.nowMs(),
    // Starts its worker in the background; forecasts reach the core as ForecastUpdated stimuli.
    forecasting: config.forecast
      ? new ServerForecasting(config.forecast, (s) => ctx.driver.submit(s), log)
      : undefined,
  };
  const app = await buildApp(ctx);
  await app.listen({ host: config.host, port: config.httpPort });
  const address = app.server.address();
  const httpPort = typeof address === 'object' && address ? address.port : config.httpPort;
  // Recovery before agents can connect, so a reconnecting agent meets the restored core.
  await recoverServer(ctx);
  const stopSampler = startMetricsSampler(ctx);
  const grpcPort = await gateway.listen();
  ctx.ready = true;
  log.info('engine server listening', {
    http: `${config.host}:${httpPort}`,
    grpc: `${config.host}:${grpcPort}`,
    seed: config.seed,
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      ctx.ready = false;
      await app.close();
      await gateway.close(2000);
      timers.stop();
      await ctx.forecasting?.close();
      driver.stop();
      stopSampler();
      await writer.drain();
      if (journal && config.journalFile)
        journal.writeTo(config.journalFile, { seed: config.seed, engine: config.engine });
      await stores.close();
      log.info('engine server stopped', { stimuli: driver.stimuliTotal });
    })();
    return closing;
  };
  return { app, httpPort, grpcPort, ctx, journal, close };
}
