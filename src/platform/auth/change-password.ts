import { inTransaction, type Deps } from '../deps.js';
import { workspacesRepo } from '../../workspaces/repo.js';
import { AppError } from '../errors.js';
import { sha256 } from '../ids.js';
import { hashPassword, verifyPassword } from './password.js';
import { returnRateLimit, takeRateLimit } from './rate-limit.js';
import { LOGIN_LIMIT, LOGIN_WINDOW_MS } from './sessions.js';

/**
 * A signed-in person replaces their password: someone an admin added with a first password makes
 * it their own (decision 0024). The current password is asked for, and a wrong one counts against
 * the same limit as a failed sign-in, so a session left open is not a way to guess it. Every other
 * session of the user ends; the one making the change stays signed in.
 */
export async function changePassword(
  deps: Deps,
  input: { userId: string; email: string; currentPassword: string; newPassword: string; keepSessionToken: string },
): Promise<void> {
  const key = `login:email:${input.email.toLowerCase()}`;
  // Counted before the check, as a sign-in is (so a burst gets no more tries than a series); a right
  // password gives its count back.
  await takeRateLimit(deps, key, LOGIN_LIMIT, LOGIN_WINDOW_MS);
  const user = await deps.db.selectFrom('users').select('password_hash').where('id', '=', input.userId).executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('invalid_input', 'The current password is wrong', [{ path: 'currentPassword', message: 'This is not your current password' }]);
  }
  await returnRateLimit(deps, key);
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(deps, async (tx) => {
    await workspacesRepo(tx.db).setPassword(input.userId, passwordHash);
    await tx.db.deleteFrom('sessions').where('user_id', '=', input.userId).where('id', '<>', sha256(input.keepSessionToken)).execute();
  });
}
