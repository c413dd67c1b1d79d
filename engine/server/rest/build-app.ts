/**
 * Builds the fastify app: the auth hook, problem+json errors, request size limits, the REST routes, the
 * WebSocket event stream and the OpenAPI 3.1 document generated from the same route definitions.
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';
import { EVENT_QUERY_SCHEMA, registerEventStream } from '../ws/event-stream.js';
import { authHook } from './auth-hook.js';
import { errorHandler } from './error-handler.js';
import { openApiDocument } from './openapi.js';
import { problemOf, sendProblem } from './problem.js';
import type { RouteDef } from './route-def.js';
import { agentRoutes } from './routes/agents.js';
import { dagRoutes } from './routes/dags.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { schedulingRoutes } from './routes/scheduling.js';
import { taskRoutes } from './routes/tasks.js';
import { ANY_OBJECT } from './schemas.js';

export const API_VERSION = '1.0.0';

/** Every REST route (the WebSocket and OpenAPI routes are added by `buildApp`). */
export function restRoutes(ctx: Pick<ServerContext, 'config'>): RouteDef[] {
  return [
    ...healthRoutes(),
    ...dagRoutes(ctx.config.limits.tasksPerDagMax),
    ...taskRoutes(),
    ...agentRoutes(),
    ...schedulingRoutes(),
    ...metricsRoutes(),
  ];
}

/** Route definitions of the two routes not served by a RouteDef handler, for the OpenAPI document. */
function documentOnlyRoutes(): RouteDef[] {
  const none = async () => undefined;
  return [
    {
      method: 'GET',
      url: '/v1/events',
      access: 'viewer',
      tag: 'events',
      summary:
        'WebSocket: live events (task, decision, dag, agent, agent-load, alert, migration) with filters',
      schema: { querystring: EVENT_QUERY_SCHEMA },
      websocket: true,
      handler: none,
    },
    {
      method: 'GET',
      url: '/openapi.json',
      access: 'viewer',
      tag: 'meta',
      summary: 'This OpenAPI 3.1 document',
      schema: { response: { 200: ANY_OBJECT } },
      handler: none,
    },
  ];
}

/** Every route the server answers, REST and WebSocket, as data (the auth matrix test walks this list). */
export function allRouteDefs(ctx: Pick<ServerContext, 'config'>): RouteDef[] {
  return [...restRoutes(ctx), ...documentOnlyRoutes()];
}

/** A ready-to-listen fastify instance. */
export async function buildApp(ctx: ServerContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: ctx.config.limits.bodyBytesMax,
    routerOptions: { maxParamLength: 512 },
    return503OnClosing: true,
    forceCloseConnections: true,
    frameworkErrors: (err, req, reply) => {
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 400;
      const path = (req.url ?? '').split('?')[0]!.slice(0, 200);
      sendProblem(
        reply,
        problemOf(status, 'bad-url', `url: ${err.message.slice(0, 300)}`, path, [
          { field: 'url', message: err.code ?? 'invalid' },
        ]),
      );
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  });
  await app.register(websocket, { options: { maxPayload: ctx.config.limits.wsMessageBytesMax } });
  app.addHook('onRequest', authHook(ctx.tokens));
  app.setErrorHandler(errorHandler(ctx.log));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    return sendProblem(
      reply,
      problemOf(404, 'not-found', `url: no route ${req.method} ${path.slice(0, 200)}`, path.slice(0, 200)),
    );
  });
  const routes = restRoutes(ctx);
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      schema: r.schema,
      config: { access: r.access },
      handler: (req, reply) => r.handler(ctx, req, reply),
    });
  }
  registerEventStream(app, ctx, { access: 'viewer' });
  const doc = openApiDocument([...routes, ...documentOnlyRoutes()], API_VERSION);
  app.get('/openapi.json', { config: { access: 'viewer' } }, async () => doc);
  return app;
}
