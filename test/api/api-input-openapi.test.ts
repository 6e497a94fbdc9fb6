import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/platform/errors.js';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * The OpenAPI document describes every route's error answers — one shape, the one the error
 * handler sends — so a client generated from it knows `error.code` and `error.details` too, not
 * only the happy path.
 */
let t: TestApp;
let doc: { paths: Record<string, Record<string, { responses: Record<string, any> }>> };

beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.request('GET', '/api/openapi.json')).body;
});
afterAll(async () => t.close());

describe('every operation documents its errors', () => {
  it('has operations to check', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50);
  });

  it.each(['4XX', '5XX'])('%s: { error: { code, message, details } } with every error code', (status) => {
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const schema = operation.responses[status]?.content?.['application/json']?.schema;
        const error = schema?.properties?.error;
        const ok =
          error?.properties?.code?.enum?.length === ERROR_CODES.length &&
          error.properties.message?.type === 'string' &&
          error.properties.details?.type === 'array' &&
          ['code', 'message', 'details'].every((k) => error.required?.includes(k));
        if (!ok) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('an error answer is what the document says, through the response serializer', async () => {
    const res = await t.request('GET', '/api/accounts?limit=0', { token: (await t.newWorkspace()).token });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
  });
});
