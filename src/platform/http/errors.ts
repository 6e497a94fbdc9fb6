import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERROR_CODES, type ErrorCode, type ErrorDetail } from '../errors.js';

/** The longest path segment the router matches (`routerOptions.maxParamLength`): longer ones are refused before routing. */
export const MAX_PARAM_LENGTH = 200;

/** The one table from error code to HTTP status. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  locked: 423,
  internal_error: 500,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[]; requestId?: string };
}

/** `ErrorBody` as a schema: every route's 4xx and 5xx answers in the OpenAPI document (server.ts). */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe('Stable, for programs: invalid_input → 400, not_found → 404, conflict → 409, …'),
      message: z.string().describe('For people: what was wrong and what to do'),
      details: z.array(z.object({ path: z.string().describe('The field, dotted: `contacts.3.email`, `query.limit`'), message: z.string() })),
      requestId: z.string().optional().describe('On 500 only: quote it when reporting the fault'),
    }),
  })
  .describe('The one shape of every error answer');

/** Maps anything thrown while handling a request to an `AppError`: known shapes keep their meaning. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // `throw null` or `throw 'text'` from some library: nothing to map, and no property to read.
  if (typeof error !== 'object' || error === null) return undefined;
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const where = fastifyError.validationContext;
    const prefix = where === 'querystring' ? 'query' : where === 'params' ? 'params' : where === 'headers' ? 'headers' : '';
    const details = fastifyError.validation.flatMap((v) => {
      const at = [prefix, ...v.instancePath.split('/').filter(Boolean)].filter(Boolean);
      // An unknown field of a strict object: name the field itself, not the object holding it.
      const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: unknown }).keys : undefined;
      if (Array.isArray(keys) && keys.length > 0) {
        return keys.map((key) => ({ path: [...at, String(key)].join('.'), message: 'Unknown field' }));
      }
      return [{ path: at.join('.') || '(root)', message: v.message ?? 'Invalid value' }];
    });
    const first = details[0];
    const message = first ? `Invalid ${where === 'querystring' ? 'query parameter' : where === 'params' ? 'path parameter' : 'input'}: ${first.path}: ${first.message}` : 'Invalid input';
    return new AppError('invalid_input', message, details);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The JSON body is empty' : 'The body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('invalid_input', 'The body is not as long as its Content-Length header says');
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError('unsupported_media_type', 'The Content-Type header is not valid');
    // The router's own refusals (through `frameworkErrors`), before any route is chosen.
    case 'FST_ERR_BAD_URL':
      return new AppError('invalid_input', 'The URL is not valid: a %-escape in its path is not UTF-8', [{ path: 'url', message: 'Invalid %-escape' }]);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('invalid_input', `A segment of the URL's path is longer than ${MAX_PARAM_LENGTH} characters (an id has 36)`, [{ path: 'params', message: 'Too long' }]);
    default:
      break;
  }
  // Two writes that crossed (a deadlock, or a serialization failure under repeatable read): the
  // loser's request did nothing, and trying again will work — a conflict, not a server fault.
  const sqlState = (error as { code?: unknown }).code;
  if (sqlState === '40P01' || sqlState === '40001') {
    return new AppError('conflict', 'Another change to the same records happened at the same moment; nothing was saved, try again');
  }
  // A unique key that a write at the same moment (or one a use-case did not foresee) took first:
  // nothing was saved, and it is the request that clashed, not the server.
  if (sqlState === '23505') {
    return new AppError('conflict', 'This clashes with a record stored at the same moment or before; nothing was saved, reload and try again');
  }
  if (error instanceof SyntaxError && (error as FastifyError).statusCode === 400) {
    return new AppError('invalid_json', 'The body is not valid JSON');
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new AppError('payload_too_large', 'The request body is too large');
    if (status === 415) return new AppError('unsupported_media_type', fastifyError.message);
    return new AppError('invalid_input', fastifyError.message);
  }
  return undefined;
}

/** Fastify error handler: every failure becomes `{ error: { code, message, details } }`. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // Set here too: a refusal of the router (frameworkErrors) is sent without the onSend hooks.
  void reply.header('x-request-id', request.id);
  const appError = toAppError(error);
  if (!appError) {
    const serialization = isResponseSerializationError(error as Error);
    request.log.error({ err: error, serialization }, 'unhandled error');
    const body: ErrorBody = {
      error: { code: 'internal_error', message: 'Something went wrong on our side; the request id says where', details: [], requestId: request.id },
    };
    return reply.status(500).send(body);
  }
  if (appError.code === 'rate_limited') {
    const retry = appError.details.find((d) => d.path === 'retryAfter');
    if (retry) void reply.header('retry-after', retry.message);
  }
  const body: ErrorBody = { error: { code: appError.code, message: appError.message, details: appError.details } };
  return reply.status(HTTP_STATUS[appError.code]).send(body);
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses (a Content-Length that is
 * not a number, both Content-Length and Transfer-Encoding, a broken chunk, headers over 16 KB,
 * a request not sent in time) never reaches a route. It answers in the one error shape with
 * Node's status (400, 431 or 408) and closes the connection, whose stream cannot be trusted.
 */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'payload_too_large', 'The request headers are larger than the server takes (16 KB in all)']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'invalid_input', 'The request was not sent in time']
        : [400, 'invalid_input', 'The request is not valid HTTP: a malformed request line, header, Content-Length or chunk'];
  const body = JSON.stringify({ error: { code, message, details: [] } } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
