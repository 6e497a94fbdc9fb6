import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/support/app.js';

/** A whole Rapport with `env`, and what a sign-in and the intake address say under it. */
async function signInUnder(env: Record<string, string>): Promise<{ cookie: string; address: string }> {
  const t: TestApp = await createTestApp({ env });
  opened.push(t);
  const owner = await t.newWorkspace('Public URL Agency');
  const login = await t.request('POST', '/api/auth/login', { body: { email: owner.email, password: TEST_PASSWORD } });
  expect(login.status).toBe(200);
  const intake = await t.request('GET', '/api/intake/address', { token: owner.token });
  expect(intake.status).toBe(200);
  return { cookie: String(login.headers['set-cookie']), address: intake.body.address as string };
}

const opened: TestApp[] = [];
afterAll(async () => {
  for (const t of opened) await t.close();
});

describe('RAPPORT_PUBLIC_URL, as the server reads it (decision 0028)', () => {
  it('https: the session cookie is Secure and the intake addresses take its host', async () => {
    const { cookie, address } = await signInUnder({ RAPPORT_PUBLIC_URL: 'https://rapport.example.com' });
    expect(cookie).toMatch(/^rapport_session=[\w-]{40,};/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(address).toMatch(/^log\+[0-9a-f]{32}@rapport\.example\.com$/);
  });

  it('unset: a plain cookie for http://localhost, and intake addresses at localhost', async () => {
    const { cookie, address } = await signInUnder({});
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(address).toMatch(/@localhost$/);
  });

  it('what is set by itself wins: RAPPORT_SECURE_COOKIES=false and RAPPORT_MAIL_DOMAIN', async () => {
    const { cookie, address } = await signInUnder({ RAPPORT_PUBLIC_URL: 'https://rapport.example.com', RAPPORT_SECURE_COOKIES: 'false', RAPPORT_MAIL_DOMAIN: 'in.example.com' });
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(address).toMatch(/@in\.example\.com$/);
  });
});
