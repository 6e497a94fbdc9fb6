import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { AppError, ERROR_CODES } from '../errors.js';
import { HTTP_STATUS, toAppError } from './errors.js';

/** A Fastify validation error as the zod type provider raises it for `data` against `schema`. */
function validationError(schema: z.ZodType, data: unknown, context: 'body' | 'querystring' | 'params' | 'headers') {
  const result = validatorCompiler({ schema, method: 'POST', url: '/x', httpPart: context })(data) as { error?: unknown[] };
  if (!result.error) throw new Error('expected the data to be invalid');
  return Object.assign(new Error('validation failed'), { statusCode: 400, validation: result.error, validationContext: context });
}

const fastifyError = (code: string, statusCode: number) => Object.assign(new Error(code), { code, statusCode });

describe('toAppError', () => {
  it('passes an AppError through unchanged', () => {
    const error = new AppError('conflict', 'taken', [{ path: 'email', message: 'Already taken' }]);
    expect(toAppError(error)).toBe(error);
  });

  const Body = z.strictObject({
    name: z.string().min(1),
    owners: z.array(z.strictObject({ userId: z.uuid() })).default([]),
  });

  it.each([
    { label: 'body field', schema: Body, data: { name: '' }, context: 'body', path: 'name' },
    { label: 'nested body field', schema: Body, data: { name: 'a', owners: [{ userId: 'x' }] }, context: 'body', path: 'owners.0.userId' },
    { label: 'wrong type', schema: Body, data: { name: 42 }, context: 'body', path: 'name' },
    { label: 'whole body', schema: Body, data: null, context: 'body', path: '(root)' },
    { label: 'query parameter', schema: z.strictObject({ limit: z.coerce.number().int().min(1) }), data: { limit: '0' }, context: 'querystring', path: 'query.limit' },
    { label: 'path parameter', schema: z.strictObject({ id: z.uuid() }), data: { id: 'nope' }, context: 'params', path: 'params.id' },
    { label: 'header', schema: z.object({ 'x-thing': z.string() }), data: {}, context: 'headers', path: 'headers.x-thing' },
  ] as const)('maps a zod validation error on the $label to invalid_input naming $path', ({ schema, data, context, path }) => {
    const mapped = toAppError(validationError(schema, data, context));
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped?.code).toBe('invalid_input');
    expect(mapped?.details[0]?.path).toBe(path);
    expect(mapped?.details[0]?.message).toBeTruthy();
    expect(mapped?.message).toContain(path);
  });

  it('names every field that failed, not only the first', () => {
    const mapped = toAppError(validationError(Body, { name: '', owners: [{ userId: 'x' }, { userId: 'y' }] }, 'body'));
    expect(mapped?.details.map((d) => d.path)).toEqual(['name', 'owners.0.userId', 'owners.1.userId']);
  });

  it.each([
    { label: 'body', schema: Body, data: { name: 'a', colour: 'red' }, context: 'body', paths: ['colour'] },
    { label: 'nested object', schema: Body, data: { name: 'a', owners: [{ userId: '00000000-0000-4000-8000-000000000000', x: 1 }] }, context: 'body', paths: ['owners.0.x'] },
    { label: 'two unknown fields', schema: Body, data: { name: 'a', x: 1, y: 2 }, context: 'body', paths: ['x', 'y'] },
    { label: 'query', schema: z.strictObject({ q: z.string().optional() }), data: { foo: '1' }, context: 'querystring', paths: ['query.foo'] },
  ] as const)('names each unknown field of a strict object ($label)', ({ schema, data, context, paths }) => {
    const mapped = toAppError(validationError(schema, data, context));
    expect(mapped?.code).toBe('invalid_input');
    expect(mapped?.details.map((d) => d.path)).toEqual(paths);
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'invalid_json'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'invalid_json'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'payload_too_large'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'unsupported_media_type'],
    ['FST_ERR_CTP_INVALID_TYPE', 400, 'unsupported_media_type'],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 'invalid_input'],
  ] as const)('maps Fastify %s to %s', (code, status, expected) => {
    expect(toAppError(fastifyError(code, status))?.code).toBe(expected);
  });

  it('maps a JSON SyntaxError with status 400 to invalid_json', () => {
    const error = Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 });
    expect(toAppError(error)?.code).toBe('invalid_json');
  });

  it.each([
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
    [400, 'invalid_input'],
    [422, 'invalid_input'],
  ] as const)('maps another client error with status %i to %s', (statusCode, expected) => {
    const error = Object.assign(new Error('client error'), { statusCode, code: 'FST_ERR_SOMETHING_ELSE' });
    expect(toAppError(error)?.code).toBe(expected);
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['a TypeError', new TypeError('x is undefined')],
    ['a server-side status', Object.assign(new Error('db down'), { statusCode: 503 })],
    ['a status of 500', Object.assign(new Error('oops'), { statusCode: 500 })],
    ['a database error', Object.assign(new Error('relation "x" does not exist'), { code: '42P01' })],
    ['a thrown string', 'boom'],
    ['a thrown number', 42],
    ['null', null],
    ['undefined', undefined],
  ])('leaves %s unmapped (it becomes a 500)', (_label, error) => {
    expect(toAppError(error)).toBeUndefined();
  });
});

describe('HTTP_STATUS', () => {
  it('gives every error code a status', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS[code], code).toBeGreaterThanOrEqual(400);
  });

  it.each([
    ['invalid_input', 400],
    ['invalid_json', 400],
    ['unsupported_media_type', 415],
    ['payload_too_large', 413],
    ['unauthenticated', 401],
    ['invalid_credentials', 401],
    ['csrf_failed', 403],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['rate_limited', 429],
    ['internal_error', 500],
  ] as const)('%s → %i', (code, status) => {
    expect(HTTP_STATUS[code]).toBe(status);
  });

  it('keeps 500 for internal_error alone: everything a client can cause is a 4xx', () => {
    const serverSide = ERROR_CODES.filter((code) => HTTP_STATUS[code] >= 500);
    expect(serverSide).toEqual(['internal_error']);
  });
});

describe('toAppError: database errors two requests cause together', () => {
  it.each([
    ['a deadlock', '40P01'],
    ['a serialization failure', '40001'],
  ])('%s is a conflict to retry, not a server fault', (_label, code) => {
    const error = Object.assign(new Error('deadlock detected'), { code });
    expect(toAppError(error)?.code).toBe('conflict');
  });

  it('a unique key another write took first is a conflict that says nothing was saved', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "contacts_one_primary_key"'), { code: '23505' });
    expect(toAppError(error)).toMatchObject({ code: 'conflict', message: expect.stringMatching(/nothing was saved/) });
  });

  it('any other database error stays unknown (a 500, logged)', () => {
    expect(toAppError(Object.assign(new Error('boom'), { code: '42P01' }))).toBeUndefined();
  });
});
