/** Generates the OpenAPI 3.1 document from the route definitions (served at `/openapi.json`). */
import { PROBLEM_SCHEMA } from './problem.js';
import type { JsonSchema, RouteDef } from './route-def.js';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  101: 'Switching Protocols (WebSocket)',
  400: 'Bad request (problem+json naming the field)',
  401: 'No or unknown bearer token',
  403: 'The token’s role is not allowed here',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Invalid field value',
  429: 'Engine over capacity; retry later',
  503: 'Not ready',
};

function parameters(schema: JsonSchema | undefined, where: 'path' | 'query'): unknown[] {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
    ...(s.description ? { description: s.description } : {}),
  }));
}

function operation(r: RouteDef): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [code, schema] of Object.entries(r.schema.response ?? {})) {
    responses[code] = {
      description: STATUS_TEXT[Number(code)] ?? 'OK',
      content: { 'application/json': { schema } },
    };
  }
  if (r.websocket) responses['101'] = { description: STATUS_TEXT[101] };
  const errs = r.access === 'public' ? [400, ...(r.errors ?? [])] : [400, 401, 403, ...(r.errors ?? [])];
  for (const code of errs) {
    responses[String(code)] = {
      description: STATUS_TEXT[code] ?? 'Error',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return {
    operationId: `${r.method.toLowerCase()}${r.url.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: r.summary,
    tags: [r.tag],
    'x-required-role': r.access,
    ...(r.access === 'public' ? { security: [] } : {}),
    parameters: [...parameters(r.schema.params, 'path'), ...parameters(r.schema.querystring, 'query')],
    ...(r.schema.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: r.schema.body } } } }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document for `routes`. */
export function openApiDocument(routes: readonly RouteDef[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path]![r.method.toLowerCase()] = operation(r);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'agentsched engine API',
      version,
      description:
        'Live-mode REST API of the agentsched engine. Bearer tokens with roles viewer < operator < admin; every route declares its role and anything undeclared is refused. Errors are RFC 9457 problem+json naming the field.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: { Problem: PROBLEM_SCHEMA },
    },
    paths,
  };
}
