/** Turns every error into RFC 9457 problem+json naming the field; anything unexpected is logged and is a 500. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log.js';
import { type FieldError, ProblemError, problemOf, sendProblem } from './problem.js';

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldOf(context: string, issue: AjvIssue): string {
  const base = `${context}${issue.instancePath ?? ''}`;
  const extra = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  return typeof extra === 'string' ? `${base}/${extra}` : base;
}

function validationErrors(err: FastifyError): FieldError[] {
  const context = (err as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  return ((err.validation ?? []) as AjvIssue[]).slice(0, 20).map((i) => ({
    field: fieldOf(context, i),
    message: i.keyword === 'additionalProperties' ? 'unknown field' : (i.message ?? 'invalid'),
  }));
}

const SLUGS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid-body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid-body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid-body',
};

/** The fastify error handler. */
export function errorHandler(log: Logger) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const instance = req.url.split('?')[0];
    if (err instanceof ProblemError) {
      return sendProblem(
        reply,
        problemOf(err.status, err.slug, err.message, instance, err.errors),
        err.headers,
      );
    }
    if (err.validation) {
      const errors = validationErrors(err);
      const detail =
        errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'request does not match the schema';
      return sendProblem(reply, problemOf(400, 'invalid-request', detail, instance, errors));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const field = status === 413 || err.code?.startsWith('FST_ERR_CTP') ? 'body' : 'request';
      const detail = `${field}: ${err.message}`;
      return sendProblem(
        reply,
        problemOf(status, SLUGS[err.code ?? ''] ?? 'bad-request', detail, instance, [
          { field, message: err.message },
        ]),
      );
    }
    log.error('request failed', { method: req.method, url: instance, error: err.message, code: err.code });
    return sendProblem(reply, problemOf(500, 'internal', 'internal error (logged)', instance));
  };
}
