import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { TEST_PASSWORD } from './app.js';

/** A uuid no row has: for "unknown id" cases. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let sequence = 0;

/** A valid POST /api/accounts body; `overrides` replace any field. */
export function buildAccount(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence++;
  return { name: `Account ${sequence}`, category: 'agency', status: 'active', ...overrides };
}

/** A valid POST /api/accounts/{id}/contacts body; `overrides` replace any field. */
export function buildContact(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence++;
  return { name: `Contact ${sequence}`, emails: [`contact${sequence}@client.test`], role: 'user', ...overrides };
}

type Json = any;

/** Creates an account through the API and returns its body (asserting 201). */
export async function createAccount(t: TestApp, token: string, overrides: Record<string, unknown> = {}): Promise<Json> {
  const res = await t.request('POST', '/api/accounts', { token, body: buildAccount(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Creates a contact through the API and returns its body (asserting 201). */
export async function createContact(t: TestApp, token: string, accountId: string, overrides: Record<string, unknown> = {}): Promise<Json> {
  const res = await t.request('POST', `/api/accounts/${accountId}/contacts`, { token, body: buildContact(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export interface Session {
  /** `rapport_session=…`, ready for a Cookie header. */
  cookie: string;
  csrfToken: string;
  /** The raw Set-Cookie header of the login answer. */
  setCookie: string;
}

/** Signs in with the test password and returns the session cookie and CSRF token. */
export async function login(t: TestApp, email: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await t.request('POST', '/api/auth/login', { body: { email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const header = res.headers['set-cookie'];
  const setCookie = String(Array.isArray(header) ? header[0] : header);
  const cookie = setCookie.split(';')[0] ?? '';
  expect(cookie).toMatch(/^rapport_session=.+/);
  return { cookie, csrfToken: res.body.csrfToken, setCookie };
}

/** Asserts the uniform error body and returns it. */
export function expectError(res: { status: number; body: Json }, status: number, code: string): { code: string; message: string; details: Array<{ path: string; message: string }> } {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String), details: expect.any(Array) } });
  expect(res.body.error.message.length).toBeGreaterThan(0);
  return res.body.error;
}

/** Asserts a 400 invalid_input whose details name `path` (exactly). */
export function expectFieldError(res: { status: number; body: Json }, path: string): void {
  const error = expectError(res, 400, 'invalid_input');
  const paths = error.details.map((d) => d.path);
  expect(paths, JSON.stringify(error)).toContain(path);
}

/**
 * GET /api/me naming a workspace the caller may not use: either 404, or (so a client with a stale
 * choice can recover) 200 with no current workspace and nothing of the named one.
 */
export function expectNoWorkspaceAccess(res: { status: number; body: Json }, workspaceId: string): void {
  if (res.status === 404) {
    expectError(res, 404, 'not_found');
    return;
  }
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.workspace).toBeNull();
  expect(res.body.role).toBeNull();
  expect(JSON.stringify(res.body.workspaces)).not.toContain(workspaceId);
}

/** A small deterministic pseudo-random generator (mulberry32), so a fuzz failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
