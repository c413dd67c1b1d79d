/**
 * RFC 9457 problem details. Every error the REST API returns is `application/problem+json` with a
 * `detail` that names the offending field, and (for validation) an `errors` list of `{ field, message }`.
 */
import type { FastifyReply } from 'fastify';

export const PROBLEM_TYPE_BASE = 'https://agentsched.dev/problems/';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string | undefined;
  errors?: FieldError[] | undefined;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error a route throws to answer with a problem document. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly errors?: FieldError[] | undefined,
    readonly headers?: Record<string, string> | undefined,
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

/** A problem document. */
export function problemOf(
  status: number,
  slug: string,
  detail: string,
  instance?: string,
  errors?: FieldError[],
): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(instance ? { instance } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Sends a problem document. */
export function sendProblem(
  reply: FastifyReply,
  p: Problem,
  headers: Record<string, string> = {},
): FastifyReply {
  return reply.code(p.status).headers(headers).type('application/problem+json; charset=utf-8').send(p);
}

/** 422 naming one field. */
export function invalidField(field: string, message: string): ProblemError {
  return new ProblemError(422, 'invalid-field', `${field}: ${message}`, [{ field, message }]);
}

/** 404 for an unknown resource, naming the path parameter. */
export function notFound(field: string, value: string): ProblemError {
  return new ProblemError(404, 'not-found', `${field}: no such resource "${value.slice(0, 200)}"`, [
    { field, message: 'not found' },
  ]);
}

/** The JSON schema of a problem document (for OpenAPI). */
export const PROBLEM_SCHEMA = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
} as const;
