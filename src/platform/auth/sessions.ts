import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { randomSecret, sha256 } from '../ids.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password.js';
import { clearRateLimit, returnRateLimit, takeRateLimit } from './rate-limit.js';

export const SESSION_COOKIE = 'rapport_session';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
export const LOGIN_LIMIT = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** The rate-limit counter of the failed logins for one e-mail (whatever its case). */
export const loginEmailKey = (email: string): string => `login:email:${email.trim().toLowerCase()}`;

export interface LoginResult {
  /** The cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  userId: string;
  expiresAt: Date;
}

/**
 * Checks a password and opens a session. Ten failed tries for one e-mail (fifty from one
 * address) in 15 minutes lock further tries for the rest of the window; the answer for an unknown e-mail and a
 * wrong password is the same, and takes the same time.
 */
export async function login(deps: Deps, input: { email: string; password: string; ip: string }): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const emailKey = loginEmailKey(email);
  const ipKey = `login:ip:${input.ip}`;
  // Each attempt is counted before the password is checked, so a burst of attempts at once (on one
  // process or several) gets no more tries than a series; only failures stay counted, so a busy
  // office behind one address is not locked out by its own logins.
  await takeRateLimit(deps, ipKey, LOGIN_LIMIT * 5, LOGIN_WINDOW_MS);
  try {
    await takeRateLimit(deps, emailKey, LOGIN_LIMIT, LOGIN_WINDOW_MS);
  } catch (error) {
    await returnRateLimit(deps, ipKey);
    throw error;
  }
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await DUMMY_HASH_PROMISE));
  if (!user || !user.password_hash || !ok) throw new AppError('invalid_credentials', 'E-mail or password is wrong');
  await clearRateLimit(deps, emailKey);
  await returnRateLimit(deps, ipKey);
  return openSession(deps, user.id);
}

/** Opens a session for a user whose identity is already known (a checked password, a first-run setup). */
export async function openSession(deps: Deps, userId: string): Promise<LoginResult> {
  const sessionToken = randomSecret(32);
  const csrfToken = randomSecret(24);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deps.db
    .insertInto('sessions')
    .values({ id: sha256(sessionToken), user_id: userId, csrf_token: csrfToken, created_at: now, expires_at: expiresAt })
    .execute();
  return { sessionToken, csrfToken, userId, expiresAt };
}

/** Ends a session; unknown tokens are ignored so logout is idempotent. */
export async function logout(deps: Deps, sessionToken: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('id', '=', sha256(sessionToken)).execute();
}
