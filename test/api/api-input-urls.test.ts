import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { expectError } from '../support/factories.js';
import { ROUTE_TABLE, type RouteSpec } from './routes.js';

/**
 * URLs the router itself refuses, before any route or schema sees them: a %-escape in the path
 * that is not UTF-8, and a path segment longer than the router matches. They answer in the one
 * error shape, with the request id, like every other refusal — not in Fastify's own shape.
 */
let t: TestApp;
let owner: TestMember;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace();
});
afterAll(async () => t.close());

const paramRoutes = ROUTE_TABLE.filter((r) => r.path.includes('{'));
const label = (r: RouteSpec) => `${r.method} ${r.path}`;
const withSegment = (route: RouteSpec, segment: string) => route.path.replace(/\{(\w+)\}/g, segment);

describe.each(paramRoutes.map((r) => [label(r), r] as const))('%s', (_label, route) => {
  const send = (url: string) => t.request(route.method, url, { token: owner.token, ...(route.body ? { body: route.body() } : {}) });

  it.each(['%E2%82', '%C0%AF', '%ED%A0%80', '%FF'])('a path with the %-escape %s (not UTF-8) → 400 invalid_input', async (escape) => {
    const res = await send(withSegment(route, escape));
    const error = expectError(res, 400, 'invalid_input');
    expect(error.details).toEqual([{ path: 'url', message: 'Invalid %-escape' }]);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('a path segment of 201 characters → 400 invalid_input', async () => {
    const res = await send(withSegment(route, 'x'.repeat(201)));
    const error = expectError(res, 400, 'invalid_input');
    expect(error.details).toEqual([{ path: 'params', message: 'Too long' }]);
    expect(JSON.stringify(res.body)).not.toContain('x'.repeat(201));
  });
});
