import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ProblemError, sendProblem, type FieldError } from './problem.ts';

/** Set when the built web app is served: unknown page paths then answer with its index.html. */
export const spaFallback = { enabled: false };

/** One place turns every failure into problem+json naming the field at fault. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/');
    if (spaFallback.enabled && isPage) return reply.sendFile('index.html');
    return sendProblem(reply, 404, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
  });
  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    if (error instanceof ProblemError) {
      if (error.headers) reply.headers(error.headers);
      return sendProblem(reply, error.status, error.code, error.message, error.errors);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const errors: FieldError[] = error.validation.map((issue) => {
        const pathParts = issue.instancePath.split('/').filter(Boolean);
        const keys = 'keys' in issue.params && Array.isArray(issue.params.keys) ? issue.params.keys.map(String) : [];
        const message = issue.message ?? 'invalid';
        if (issue.keyword === 'unrecognized_keys' && keys.length > 0) {
          return { field: [where, ...pathParts, keys[0]].join('.'), code: 'unknown_field', message };
        }
        return { field: [where, ...pathParts].join('.'), code: issue.keyword, message };
      });
      return sendProblem(reply, 422, 'validation_failed', `Invalid ${where}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
    }
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, 413, 'body_too_large', 'The request body is larger than this endpoint accepts');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, 415, 'unsupported_media_type', error.message);
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error instanceof SyntaxError && status === 400)) {
      return sendProblem(reply, 400, 'malformed_json', 'The body is not valid JSON');
    }
    if (status === 429) return sendProblem(reply, 429, 'rate_limited', error.message);
    if (status < 500) return sendProblem(reply, status, error.code?.toLowerCase() ?? 'bad_request', error.message);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side; it has been logged');
  });
}
