/**
 * GET /v1/events (WebSocket): live engine events with filters by agent, cluster, DAG and event kind, set
 * in the query string and changeable with `{"op":"subscribe", "kinds":[…], "agents":[…], "clusters":[…],
 * "dags":[…]}` messages. Bad client messages get an `{"kind":"error","status":400,"detail":…}` reply
 * naming the field; the connection stays open unless the client keeps sending garbage.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { EVENT_KINDS, type EventFilter } from '../events/event-filter.js';
import type { ServerContext } from '../server-context.js';
import { WsClient } from './ws-client.js';

const BAD_MESSAGES_MAX = 100;
const LIST_MAX = 1000;
const PUMP_INTERVAL_MS = 50;

export interface EventQuery {
  kinds?: string;
  agents?: string;
  clusters?: string;
  dags?: string;
}

export const EVENT_QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kinds: {
      type: 'string',
      maxLength: 200,
      pattern: `^((${EVENT_KINDS.join('|')})(,(${EVENT_KINDS.join('|')}))*)?$`,
      description: 'comma-separated event kinds',
    },
    agents: { type: 'string', maxLength: 16_384, description: 'comma-separated agent ids' },
    clusters: { type: 'string', maxLength: 4096, description: 'comma-separated cluster names' },
    dags: { type: 'string', maxLength: 16_384, description: 'comma-separated DAG ids' },
  },
} as const;

function csv(v: string | undefined): Set<string> {
  return new Set((v ?? '').split(',').filter((x) => x !== ''));
}

/** The filter a query string describes. */
export function filterFromQuery(q: EventQuery): EventFilter {
  return { kinds: csv(q.kinds), agents: csv(q.agents), clusters: csv(q.clusters), dags: csv(q.dags) };
}

/** The filter a subscribe message describes, or an error naming the field. */
export function filterFromMessage(msg: unknown): EventFilter | string {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return 'message: expected a JSON object';
  const m = msg as Record<string, unknown>;
  if (m.op !== 'subscribe') return 'op: expected "subscribe"';
  const sets: Record<string, Set<string>> = {};
  for (const key of ['kinds', 'agents', 'clusters', 'dags']) {
    const v = m[key] ?? [];
    if (
      !Array.isArray(v) ||
      v.length > LIST_MAX ||
      !v.every((x) => typeof x === 'string' && x.length <= 256)
    ) {
      return `${key}: expected a list of at most ${LIST_MAX} strings`;
    }
    sets[key] = new Set(v as string[]);
  }
  for (const k of sets.kinds!)
    if (!EVENT_KINDS.includes(k as never))
      return `kinds: unknown event kind "${k.slice(0, 40)}" (known: ${EVENT_KINDS.join(', ')})`;
  for (const key of Object.keys(m))
    if (!['op', 'kinds', 'agents', 'clusters', 'dags'].includes(key))
      return `${key.slice(0, 40)}: unknown field`;
  return { kinds: sets.kinds!, agents: sets.agents!, clusters: sets.clusters!, dags: sets.dags! };
}

/** Serves one WebSocket connection until it closes. */
export function serveEventSocket(ctx: ServerContext, socket: WebSocket, req: FastifyRequest): void {
  if (ctx.hub.subscriberCount >= ctx.config.limits.wsClientsMax) {
    socket.close(1013, 'too many subscribers; try again later');
    return;
  }
  const client = new WsClient(
    socket,
    filterFromQuery(req.query as EventQuery),
    ctx.config.limits.wsBufferedBytesMax,
    req.socket,
  );
  const unsubscribe = ctx.hub.subscribe(client);
  const pump = setInterval(() => client.pump(), PUMP_INTERVAL_MS);
  let bad = 0;
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    let parsed: unknown;
    try {
      parsed = isBinary ? undefined : JSON.parse(data.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const f = parsed === undefined ? 'message: expected a JSON text message' : filterFromMessage(parsed);
    if (typeof f === 'string') {
      client.sendControl({ kind: 'error', status: 400, detail: f });
      if (++bad > BAD_MESSAGES_MAX) socket.close(1008, 'too many invalid messages');
      return;
    }
    client.filter = f;
    client.sendControl({
      kind: 'subscribed',
      filter: { kinds: [...f.kinds], agents: [...f.agents], clusters: [...f.clusters], dags: [...f.dags] },
    });
  });
  const done = () => {
    clearInterval(pump);
    unsubscribe();
  };
  socket.on('close', done);
  socket.on('error', done);
  client.sendControl({ kind: 'subscribed', afterSeq: ctx.hub.lastSeq });
}

/** Registers the WebSocket plugin's route for the event stream (auth runs in the app's onRequest hook). */
export function registerEventStream(
  app: FastifyInstance,
  ctx: ServerContext,
  routeConfig: Record<string, unknown>,
): void {
  app.get(
    '/v1/events',
    { websocket: true, config: routeConfig, schema: { querystring: EVENT_QUERY_SCHEMA } },
    (socket: WebSocket, req: FastifyRequest) => serveEventSocket(ctx, socket, req),
  );
}
