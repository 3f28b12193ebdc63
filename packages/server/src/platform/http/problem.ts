import type { FastifyReply } from 'fastify';

export interface FieldError { field: string; code: string; message: string }

/**
 * An error a person can act on. Services throw it; the HTTP layer renders it
 * as RFC 9457 problem+json with the same stable code.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ProblemError(404, 'not_found', `${what} was not found in this workspace`);
export const forbidden = (permission: string) =>
  new ProblemError(403, 'forbidden', `Your role may not do this (needs ${permission})`);
export const conflict = (code: string, message: string, field?: string) =>
  new ProblemError(409, code, message, field ? [{ field, code, message }] : undefined);
export const invalid = (field: string, code: string, message: string) =>
  new ProblemError(422, 'validation_failed', message, [{ field, code, message }]);

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Not signed in', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict',
  413: 'Body too large', 415: 'Unsupported media type', 422: 'Invalid input', 429: 'Too many requests', 500: 'Internal error',
};

export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, errors?: FieldError[]) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ type: `https://vefa.dev/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, detail, ...(errors ? { errors } : {}) });
}
