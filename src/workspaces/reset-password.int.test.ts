import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestMember } from '../../test/support/app.js';
import { expectError, login } from '../../test/support/factories.js';
import { resetPassword } from './reset-password.js';

let t: TestApp;
let member: TestMember;
beforeAll(async () => {
  t = await createTestApp();
  const owner = await t.newWorkspace('Reset Agency');
  member = await t.newMember(owner.workspaceId, 'member');
});
afterAll(async () => t.close());

/** `rapport user password`: someone who forgot their password gets back in through an admin of the server. */
describe('resetPassword', () => {
  it('sets the new password, ends every session, and keeps API tokens', async () => {
    const session = await login(t, member.email);
    const result = await resetPassword(t.rapport.deps, { email: ` ${member.email.toUpperCase()} `, password: 'a brand new one 9' });
    expect(result).toEqual({ email: member.email, sessionsEnded: 1 });
    expectError(await t.request('GET', '/api/me', { headers: { cookie: session.cookie } }), 401, 'unauthenticated');
    expectError(await t.request('POST', '/api/auth/login', { body: { email: member.email, password: TEST_PASSWORD } }), 401, 'invalid_credentials');
    await login(t, member.email, 'a brand new one 9');
    expect((await t.request('GET', '/api/me', { token: member.token })).status).toBe(200);
  });

  it('names an unknown e-mail: not_found', async () => {
    await expect(resetPassword(t.rapport.deps, { email: 'nobody@example.test', password: 'whatever long' })).rejects.toMatchObject(
      new AppError('not_found', 'No user with e-mail nobody@example.test'),
    );
  });
});
