import { inTransaction, type Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { hashPassword } from '../platform/auth/password.js';
import { workspacesRepo } from './repo.js';

/**
 * Sets a user's password from the command line (`rapport user password`): the way back in for
 * someone who forgot theirs, since Rapport sends no reset mail (decision 0024). Every session of
 * the user ends; API tokens are left alone.
 */
export async function resetPassword(deps: Deps, input: { email: string; password: string }): Promise<{ email: string; sessionsEnded: number }> {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(deps, async (tx) => {
    const repo = workspacesRepo(tx.db);
    const user = await repo.findUserByEmail(input.email.trim());
    if (!user) throw new AppError('not_found', `No user with e-mail ${input.email.trim()}`);
    await repo.setPassword(user.id, passwordHash);
    const ended = await tx.db.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
    return { email: user.email, sessionsEnded: Number(ended.numDeletedRows) };
  });
}
