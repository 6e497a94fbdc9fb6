import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestMember } from '../support/app.js';
import { expectError, expectFieldError, login, type Session } from '../support/factories.js';

let t: TestApp;
let owner: TestMember;
let colleague: TestMember;
beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Password Agency');
  colleague = await t.newMember(owner.workspaceId, 'member');
});
afterAll(async () => t.close());

const change = (session: Session, body: unknown) =>
  t.request('POST', '/api/me/password', { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body });

/**
 * A colleague an admin added with a first password makes it their own (decision 0024): the
 * first-hour path of every invited member.
 */
describe('POST /api/me/password', () => {
  it('changes the password: the old one stops working, the new one signs in, and other sessions end', async () => {
    const laptop = await login(t, colleague.email);
    const phone = await login(t, colleague.email);
    const res = await change(laptop, { currentPassword: TEST_PASSWORD, newPassword: 'my own secret 42' });
    expect(res.status, JSON.stringify(res.body)).toBe(204);

    expect((await t.request('GET', '/api/me', { headers: { cookie: laptop.cookie } })).status).toBe(200);
    expectError(await t.request('GET', '/api/me', { headers: { cookie: phone.cookie } }), 401, 'unauthenticated');
    expectError(await t.request('POST', '/api/auth/login', { body: { email: colleague.email, password: TEST_PASSWORD } }), 401, 'invalid_credentials');
    await login(t, colleague.email, 'my own secret 42');
    // API tokens are not sessions: they keep working.
    expect((await t.request('GET', '/api/me', { token: colleague.token })).status).toBe(200);
  });

  it('refuses a wrong current password under its field, and a short new one under its own', async () => {
    const session = await login(t, owner.email);
    expectFieldError(await change(session, { currentPassword: 'not it at all', newPassword: 'another secret 1' }), 'currentPassword');
    expectFieldError(await change(session, { currentPassword: TEST_PASSWORD, newPassword: 'short' }), 'newPassword');
    await login(t, owner.email);
  });

  it('counts wrong current passwords like failed sign-ins: 429 after ten', async () => {
    const session = await login(t, owner.email);
    for (let i = 0; i < 10; i++) expectFieldError(await change(session, { currentPassword: `guess ${i}`, newPassword: 'another secret 1' }), 'currentPassword');
    expectError(await change(session, { currentPassword: TEST_PASSWORD, newPassword: 'another secret 1' }), 429, 'rate_limited');
  });

  it('is for sessions: an API token cannot change the password (403), and a cookie write needs the CSRF token', async () => {
    expectError(await t.request('POST', '/api/me/password', { token: owner.token, body: { currentPassword: TEST_PASSWORD, newPassword: 'another secret 1' } }), 403, 'forbidden');
    const other = await t.newWorkspace();
    const session = await login(t, other.email);
    expectError(
      await t.request('POST', '/api/me/password', { headers: { cookie: session.cookie }, body: { currentPassword: TEST_PASSWORD, newPassword: 'another secret 1' } }),
      403,
      'csrf_failed',
    );
  });
});
