import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, expectError, expectNoWorkspaceAccess, login, type Session } from '../support/factories.js';

const clock = fixedClock('2025-06-02T09:00:00Z');
const MINUTE = 60_000;
let t: TestApp;
let owner: TestMember;

beforeAll(async () => {
  t = await createTestApp({ clock });
  owner = await t.newWorkspace('Auth Agency');
});
afterAll(async () => t.close());

describe('POST /api/auth/login', () => {
  it('sets an httpOnly, SameSite session cookie and returns a CSRF token', async () => {
    const res = await t.request('POST', '/api/auth/login', { body: { email: owner.email, password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ csrfToken: expect.any(String), expiresAt: '2025-07-02T09:00:00.000Z' });
    expect(res.body.csrfToken.length).toBeGreaterThanOrEqual(24);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^rapport_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(setCookie).toMatch(/;\s*Max-Age=2592000/i);
    // The cookie value is the secret, not something derived from the user.
    expect(setCookie).not.toContain(owner.userId);
  });

  it('accepts the e-mail in any case and with spaces around it', async () => {
    const res = await t.request('POST', '/api/auth/login', { body: { email: `  ${owner.email.toUpperCase()} `, password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown e-mail alike: 401 invalid_credentials, and sets no cookie', async () => {
    const wrongRes = await t.request('POST', '/api/auth/login', { body: { email: owner.email, password: 'not the password' } });
    const wrong = expectError(wrongRes, 401, 'invalid_credentials');
    expect(wrongRes.headers['set-cookie']).toBeUndefined();
    const unknown = expectError(await t.request('POST', '/api/auth/login', { body: { email: 'nobody-here@example.test', password: TEST_PASSWORD } }), 401, 'invalid_credentials');
    expect(unknown.message).toBe(wrong.message);
  });
});

describe('sessions', () => {
  let session: Session;
  beforeAll(async () => {
    session = await login(t, owner.email);
  });

  it('GET /api/me works with the cookie and tells the CSRF token and workspace', async () => {
    const res = await t.request('GET', '/api/me', { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { id: owner.userId, email: owner.email, name: expect.any(String) },
      workspace: { id: owner.workspaceId, name: 'Auth Agency', slug: expect.stringMatching(/^auth-agency/), isDemo: false, role: 'owner' },
      role: 'owner',
      workspaces: [expect.objectContaining({ id: owner.workspaceId, role: 'owner' })],
      csrfToken: session.csrfToken,
      via: 'session',
    });
  });

  it('reads without a CSRF token but refuses a cookie write without one: 403 csrf_failed', async () => {
    const read = await t.request('GET', '/api/accounts', { headers: { cookie: session.cookie } });
    expect(read.status).toBe(200);

    const account = await createAccount(t, owner.token, { name: 'CSRF Target' });
    const writes = [
      ['POST', '/api/accounts', { name: 'Forged' }],
      ['PATCH', `/api/accounts/${account.id}`, { notes: 'forged' }],
      ['DELETE', `/api/accounts/${account.id}`, undefined],
      ['POST', '/api/tokens', { name: 'forged' }],
    ] as const;
    for (const [method, url, body] of writes) {
      const missing = await t.request(method, url, { headers: { cookie: session.cookie }, ...(body ? { body } : {}) });
      expectError(missing, 403, 'csrf_failed');
      const wrong = await t.request(method, url, { headers: { cookie: session.cookie, 'x-csrf-token': `${session.csrfToken}x` }, ...(body ? { body } : {}) });
      expectError(wrong, 403, 'csrf_failed');
    }
    // Nothing of the forged writes happened.
    const after = await t.request('GET', `/api/accounts/${account.id}`, { token: owner.token });
    expect(after.body).toMatchObject({ notes: '', archived: false });
    const list = await t.request('GET', '/api/accounts?q=forged', { token: owner.token });
    expect(list.body.items).toEqual([]);
  });

  it('accepts a cookie write with the right X-CSRF-Token', async () => {
    const res = await t.request('POST', '/api/accounts', { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: { name: 'Made With Cookie' } });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Made With Cookie');
  });

  it("does not accept another session's CSRF token", async () => {
    const first = session;
    const second = await login(t, owner.email);
    expect(first.csrfToken).not.toBe(second.csrfToken);
    expect(first.cookie).not.toBe(second.cookie);
    const res = await t.request('POST', '/api/accounts', { headers: { cookie: first.cookie, 'x-csrf-token': second.csrfToken }, body: { name: 'Crossed' } });
    expectError(res, 403, 'csrf_failed');
  });

  it('logout ends the session: the cookie then answers 401', async () => {
    const session = await login(t, owner.email);
    expect((await t.request('GET', '/api/me', { headers: { cookie: session.cookie } })).status).toBe(200);
    expectError(await t.request('POST', '/api/auth/logout', { headers: { cookie: session.cookie } }), 403, 'csrf_failed');
    const out = await t.request('POST', '/api/auth/logout', { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^rapport_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    expectError(await t.request('GET', '/api/me', { headers: { cookie: session.cookie } }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/accounts', { headers: { cookie: session.cookie } }), 401, 'unauthenticated');
  });

  it('logout of one session leaves the others signed in', async () => {
    const a = await login(t, owner.email);
    const b = await login(t, owner.email);
    await t.request('POST', '/api/auth/logout', { headers: { cookie: a.cookie, 'x-csrf-token': a.csrfToken } });
    expect((await t.request('GET', '/api/me', { headers: { cookie: b.cookie } })).status).toBe(200);
  });

  it('a session ends after 30 days', async () => {
    const session = await login(t, owner.email);
    clock.advance(30 * 24 * 60 * MINUTE + 1000);
    try {
      expectError(await t.request('GET', '/api/me', { headers: { cookie: session.cookie } }), 401, 'unauthenticated');
    } finally {
      clock.advance(16 * MINUTE);
    }
  });
});

describe('login rate limit', () => {
  it('answers the 11th failed login within 15 minutes with 429 rate_limited and Retry-After', async () => {
    clock.advance(16 * MINUTE);
    const user = await t.newMember(owner.workspaceId, 'member');
    for (let i = 1; i <= 10; i++) {
      expectError(await t.request('POST', '/api/auth/login', { body: { email: user.email, password: `wrong ${i}` } }), 401, 'invalid_credentials');
    }
    const limited = await t.request('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong 11' } });
    expectError(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    // Even the right password waits out the window…
    expectError(await t.request('POST', '/api/auth/login', { body: { email: user.email, password: TEST_PASSWORD } }), 429, 'rate_limited');
    // …whatever case the e-mail is written in…
    expectError(await t.request('POST', '/api/auth/login', { body: { email: user.email.toUpperCase(), password: TEST_PASSWORD } }), 429, 'rate_limited');
    // …while other people can still sign in.
    expect((await t.request('POST', '/api/auth/login', { body: { email: owner.email, password: TEST_PASSWORD } })).status).toBe(200);

    clock.advance(15 * MINUTE + 1000);
    expect((await t.request('POST', '/api/auth/login', { body: { email: user.email, password: TEST_PASSWORD } })).status).toBe(200);
  });

  it('forgets the failures after a successful login', async () => {
    clock.advance(16 * MINUTE);
    const user = await t.newMember(owner.workspaceId, 'member');
    for (let i = 0; i < 9; i++) await t.request('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong' } });
    expect((await t.request('POST', '/api/auth/login', { body: { email: user.email, password: TEST_PASSWORD } })).status).toBe(200);
    // Without the reset this would be the 11th try.
    expectError(await t.request('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong' } }), 401, 'invalid_credentials');
  });

  it('counts attempts made at the same moment: of 30 at once, 10 are checked and 20 answer 429', async () => {
    clock.advance(16 * MINUTE);
    const user = await t.newMember(owner.workspaceId, 'member');
    // A password is checked for tens of milliseconds: a burst's attempts all overlap, as they
    // would when spread over several processes.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => t.request('POST', '/api/auth/login', { body: { email: user.email, password: `wrong ${i}` } })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    // The refused ones do not count against the address, nor does a success.
    const ipHits = async () => (await t.rapport.deps.db.selectFrom('rate_limits').select('hits').where('key', 'like', 'login:ip:%').executeTakeFirst())?.hits;
    expect(await ipHits()).toBe(10);
    expect((await t.request('POST', '/api/auth/login', { body: { email: owner.email, password: TEST_PASSWORD } })).status).toBe(200);
    expect(await ipHits()).toBe(10);
  });
});

describe('behind a load balancer', () => {
  it("RAPPORT_TRUST_PROXY with the load balancer's address takes the address it saw, not one the client wrote in X-Forwarded-For", async () => {
    // The in-process requests come from 127.0.0.1: here, the load balancer.
    const behind = await createTestApp({ clock, env: { RAPPORT_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' } });
    try {
      const email = `nobody-${Date.now()}@example.test`;
      // The client sent "X-Forwarded-For: 203.0.113.9"; the load balancer appended the address it saw.
      const res = await behind.request('POST', '/api/auth/login', { body: { email, password: 'wrong' }, headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' } });
      expectError(res, 401, 'invalid_credentials');
      const keys = await behind.rapport.deps.db.selectFrom('rate_limits').select('key').where('key', 'like', 'login:ip:%').execute();
      expect(keys.map((k) => k.key)).toEqual(['login:ip:198.51.100.7']);
    } finally {
      await behind.close();
    }
  });
});

describe('API tokens', () => {
  it('a bearer token works without a CSRF token and acts in its own workspace', async () => {
    const me = await t.request('GET', '/api/me', { token: owner.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ via: 'token', csrfToken: null, role: 'owner', workspace: { id: owner.workspaceId } });
    const created = await t.request('POST', '/api/accounts', { token: owner.token, body: { name: 'Made With Token' } });
    expect(created.status).toBe(201);
  });

  it('shows the secret once, stores only a prefix, and stops working once revoked (401)', async () => {
    const created = await t.request('POST', '/api/tokens', { token: owner.token, body: { name: 'script' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'script',
      prefix: created.body.token.slice(0, 10),
      userId: owner.userId,
      userEmail: owner.email,
      createdAt: expect.any(String),
      lastUsedAt: null,
      token: expect.stringMatching(/^rap_[\w-]{20,}$/),
    });
    const secret: string = created.body.token;
    expect((await t.request('GET', '/api/accounts', { token: secret })).status).toBe(200);

    const listed = await t.request('GET', '/api/tokens', { token: owner.token });
    const entry = listed.body.items.find((x: { id: string }) => x.id === created.body.id);
    expect(entry).toMatchObject({ name: 'script', prefix: created.body.prefix, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    expect((await t.request('DELETE', `/api/tokens/${created.body.id}`, { token: owner.token })).status).toBe(204);
    expectError(await t.request('GET', '/api/accounts', { token: secret }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/me', { token: secret }), 401, 'unauthenticated');
    const after = await t.request('GET', '/api/tokens', { token: owner.token });
    expect(after.body.items.map((x: { id: string }) => x.id)).not.toContain(created.body.id);
    // Revoking twice: the token is gone.
    expectError(await t.request('DELETE', `/api/tokens/${created.body.id}`, { token: owner.token }), 404, 'not_found');
  });

  it('an unknown token answers 401 unauthenticated', async () => {
    expectError(await t.request('GET', '/api/accounts', { token: `rap_${'x'.repeat(32)}` }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/accounts', { token: owner.token.slice(0, -1) }), 401, 'unauthenticated');
  });

  it('a token cannot create workspaces (403 forbidden); a session can', async () => {
    expectError(await t.request('POST', '/api/workspaces', { token: owner.token, body: { name: 'By Token' } }), 403, 'forbidden');
    const user = await t.newWorkspace();
    const session = await login(t, user.email);
    const res = await t.request('POST', '/api/workspaces', { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: { name: 'Second Shop' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Second Shop', slug: 'second-shop', role: 'owner', isDemo: false });
    const mine = await t.request('GET', '/api/workspaces', { headers: { cookie: session.cookie } });
    expect(mine.body.items.map((w: { id: string }) => w.id).sort()).toEqual([user.workspaceId, res.body.id].sort());
  });

  it('a bearer token wins over a session cookie sent alongside', async () => {
    const other = await t.newWorkspace();
    const session = await login(t, owner.email);
    const me = await t.request('GET', '/api/me', { token: other.token, headers: { cookie: session.cookie } });
    expect(me.body.user.id).toBe(other.userId);
    expect(me.body.via).toBe('token');
  });
});

describe('choosing a workspace', () => {
  it('a session acts in the first workspace, or the one named by X-Rapport-Workspace (id or slug)', async () => {
    const user = await t.newWorkspace('First Co');
    const session = await login(t, user.email);
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    const second = await t.request('POST', '/api/workspaces', { headers, body: { name: 'Second Co' } });
    expect(second.status).toBe(201);

    const inSecond = await t.request('POST', '/api/accounts', { headers: { ...headers, 'x-rapport-workspace': second.body.id }, body: { name: 'Lives In Second' } });
    expect(inSecond.status).toBe(201);
    const bySlug = await t.request('GET', '/api/accounts', { headers: { ...headers, 'x-rapport-workspace': second.body.slug } });
    expect(bySlug.body.items.map((a: { name: string }) => a.name)).toEqual(['Lives In Second']);
    const byDefault = await t.request('GET', '/api/accounts', { headers });
    expect(byDefault.body.items).toEqual([]);
    const me = await t.request('GET', '/api/me', { headers: { ...headers, 'x-rapport-workspace': second.body.slug } });
    expect(me.body.workspace.id).toBe(second.body.id);
    expect(me.body.workspaces).toHaveLength(2);
  });

  it('a token is bound to its workspace: naming another one, even of the same user, answers 404', async () => {
    const user = await t.newWorkspace('Token Home');
    const session = await login(t, user.email);
    const other = await t.request('POST', '/api/workspaces', { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: { name: 'Token Away' } });
    expect(other.status).toBe(201);
    expectError(await t.request('GET', '/api/accounts', { token: user.token, headers: { 'x-rapport-workspace': other.body.id } }), 404, 'not_found');
    expectNoWorkspaceAccess(await t.request('GET', '/api/me', { token: user.token, headers: { 'x-rapport-workspace': other.body.slug } }), other.body.id);
    const me = await t.request('GET', '/api/me', { token: user.token });
    expect(me.body.workspaces.map((w: { id: string }) => w.id)).toEqual([user.workspaceId]);
  });
});
