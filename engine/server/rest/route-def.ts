/**
 * A REST route as data: method, URL, required access, JSON schemas and handler. The app registers these
 * with fastify (which validates with the schemas) and the OpenAPI document is generated from the same
 * list, so the published contract cannot drift from what the server enforces.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../auth/roles.js';
import type { ServerContext } from '../server-context.js';

export type JsonSchema = Record<string, unknown>;

export interface RouteSchemas {
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  /** Success responses by status code. */
  response?: Record<number, JsonSchema>;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  access: Access;
  summary: string;
  tag: string;
  schema: RouteSchemas;
  /** Error statuses besides 400/401/403 this route can answer. */
  errors?: number[];
  /** WebSocket upgrade route (handled by the event stream, not `handler`). */
  websocket?: boolean;
  handler(ctx: ServerContext, req: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}
