import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { TEST_DB_KIND } from '../support/database.js';
import { expectError } from '../support/factories.js';
import { ROUTE_TABLE } from './routes.js';

let t: TestApp;
let owner: TestMember;
beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace();
});
afterAll(async () => t.close());

describe('GET /api/health', () => {
  it('answers ok with the database kind and version, without credentials', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: TEST_DB_KIND, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document describing every route of the API', async () => {
    const res = await t.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    expect(res.body.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const tested = ROUTE_TABLE.map((r) => `${r.method} ${r.path}`);
    // Every documented operation is in the table the validation, tenancy and role tests walk…
    expect(documented.filter((op) => !tested.includes(op))).toEqual([]);
    // …and every route in that table is documented.
    expect(tested.filter((op) => !documented.includes(op))).toEqual([]);
  });

  it('describes request bodies and parameters from the zod schemas', async () => {
    const { body } = await t.request('GET', '/api/openapi.json');
    const create = body.paths['/api/accounts'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toContain('name');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'aliases', 'status', 'owners', 'conflictIds', 'isConfidential']));
    const list = body.paths['/api/accounts'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'status', 'sort', 'limit', 'cursor']));
    const get = body.paths['/api/accounts/{id}'].get;
    expect(get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]));
    expect(body.components.securitySchemes).toHaveProperty('bearer');
  });
});

describe('GET /api/docs', () => {
  it('serves a readable HTML page without credentials', async () => {
    const res = await t.request('GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/html');
    expect(String(res.body)).toMatch(/<html/i);
  });
});

describe('GET /metrics', () => {
  it('exposes Prometheus metrics with request counts by route', async () => {
    await t.request('GET', '/api/health');
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/plain');
    const text = String(res.body);
    expect(text).toContain('# TYPE rapport_http_requests_total counter');
    expect(text).toMatch(/rapport_http_requests_total\{[^}]*route="\/api\/health"[^}]*status="200"[^}]*\} \d+/);
    expect(text).toContain('rapport_http_request_duration_seconds_bucket');
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/nope'],
    ['POST', '/api/nope'],
    ['GET', '/api/accounts/00000000-0000-4000-8000-000000000000/nope'],
    ['PUT', '/api/accounts'],
    ['GET', '/api'],
  ] as const)('%s %s answers 404 not_found as JSON, signed in or not', async (method, url) => {
    for (const token of [undefined, owner.token]) {
      const res = await t.request(method, url, token ? { token } : {});
      expectError(res, 404, 'not_found');
      expect(String(res.headers['content-type'])).toContain('application/json');
    }
  });
});

describe('request ids', () => {
  it.each([
    ['GET', '/api/health', 200],
    ['GET', '/api/accounts', 401],
    ['GET', '/api/nope', 404],
    ['GET', '/metrics', 200],
    ['GET', '/api/openapi.json', 200],
    ['POST', '/api/auth/login', 400],
  ] as const)('%s %s (%i) carries x-request-id', async (method, url, status) => {
    const res = await t.request(method, url, method === 'POST' ? { body: {} } : {});
    expect(res.status).toBe(status);
    expect(res.headers['x-request-id']).toMatch(/^[\w.-]{1,100}$/);
  });

  it('gives each request its own id', async () => {
    const a = await t.request('GET', '/api/health');
    const b = await t.request('GET', '/api/health');
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('keeps a well-formed incoming id and replaces a malformed one', async () => {
    const kept = await t.request('GET', '/api/health', { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(kept.headers['x-request-id']).toBe('lb-1234.abc');
    const replaced = await t.request('GET', '/api/health', { headers: { 'x-request-id': 'bad id with spaces <script>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not leak a stack trace or internals in an error body', async () => {
    const res = await t.request('POST', '/api/accounts', { token: owner.token, rawBody: '{"name": ', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_json');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+|node_modules|FST_ERR/);
  });
});
