import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { expectError, expectFieldError, login } from '../support/factories.js';

const clock = fixedClock('2026-03-02T09:00:00Z');
const FORM = { name: 'Maya Chen', email: 'Maya@Brightside.test', password: 'brightside-2026', workspace: 'Brightside Agency' };

/**
 * The first-run setup (decision 0024): a Rapport started without the demo has nobody to sign in
 * as; the first visitor creates the first workspace and its owner, and nobody can after that.
 */
describe('first-run setup on an empty Rapport', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('GET /api/setup says it is open and nobody can sign in yet, without credentials', async () => {
    const res = await t.request('GET', '/api/setup');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ isOpen: true, hasUsers: false, demoEmail: null });
  });

  it('refuses a bad form field by field, and creates nothing', async () => {
    const res = await t.request('POST', '/api/setup', { body: { ...FORM, email: 'not an e-mail', password: 'short', workspace: ' ' } });
    expectFieldError(res, 'email');
    expectFieldError(res, 'password');
    expectFieldError(res, 'workspace');
    expect((await t.request('GET', '/api/setup')).body).toEqual({ isOpen: true, hasUsers: false, demoEmail: null });
  });

  it('POST /api/setup creates the owner and the workspace and signs them in', async () => {
    const res = await t.request('POST', '/api/setup', { body: FORM });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      csrfToken: expect.any(String),
      expiresAt: '2026-04-01T09:00:00.000Z',
      workspace: { id: expect.any(String), name: 'Brightside Agency', slug: 'brightside-agency', isDemo: false, role: 'owner' },
    });
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toMatch(/^rapport_session=.+/);
    const me = await t.request('GET', '/api/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { email: 'maya@brightside.test', name: 'Maya Chen' }, workspace: { name: 'Brightside Agency' }, role: 'owner' });
    // The password chosen is the one to sign in with from now on.
    await login(t, 'maya@brightside.test', FORM.password);
  });

  it('is closed once a workspace exists: 409 conflict, and no second owner sneaks in', async () => {
    expect((await t.request('GET', '/api/setup')).body).toEqual({ isOpen: false, hasUsers: true, demoEmail: null });
    const again = await t.request('POST', '/api/setup', { body: { ...FORM, email: 'mallory@example.test', workspace: 'Takeover' } });
    const error = expectError(again, 409, 'conflict');
    expect(error.message).toContain('already set up');
    expect(again.headers['set-cookie']).toBeUndefined();
    expectError(await t.request('POST', '/api/auth/login', { body: { email: 'mallory@example.test', password: FORM.password } }), 401, 'invalid_credentials');
  });
});

describe('first-run setup beside the demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('stays open while the demo is the only workspace, so a team that started with the demo can make its own', async () => {
    await seedDemo(t.rapport.deps, { password: 'demo-password-1' });
    // The sign-in page names the demo's user while nobody has set Rapport up.
    expect((await t.request('GET', '/api/setup')).body).toEqual({ isOpen: true, hasUsers: true, demoEmail: 'demo@rapport.test' });
    // The demo user's e-mail is taken: said under the field.
    expectError(await t.request('POST', '/api/setup', { body: { ...FORM, email: 'demo@rapport.test' } }), 409, 'conflict');
    const res = await t.request('POST', '/api/setup', { body: FORM });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Once a team has its workspace, its sign-in page no longer advertises the demo's.
    expect((await t.request('GET', '/api/setup')).body).toEqual({ isOpen: false, hasUsers: true, demoEmail: null });
  });

  it('lets one of two racing visitors in, not both', async () => {
    const other = await createTestApp({ clock });
    try {
      const results = await Promise.all(
        ['a', 'b', 'c'].map((who) => other.request('POST', '/api/setup', { body: { ...FORM, email: `${who}@example.test`, workspace: `Agency ${who}` } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    } finally {
      await other.close();
    }
  });
});
