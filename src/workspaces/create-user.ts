import { conflict } from '../platform/errors.js';
import type { Deps } from '../platform/deps.js';
import { hashPassword } from '../platform/auth/password.js';
import { newId } from '../platform/ids.js';
import { workspacesRepo } from './repo.js';

export interface CreateUserInput {
  email: string;
  name?: string | undefined;
  password: string;
}

/** Creates a user who can sign in with a password. The e-mail is unique, ignoring case. */
export async function createUser(deps: Deps, input: CreateUserInput): Promise<{ id: string; email: string; name: string }> {
  const repo = workspacesRepo(deps.db);
  const email = input.email.trim().toLowerCase();
  if (await repo.findUserByEmail(email)) throw conflict(`A user with e-mail ${email} already exists`, [{ path: 'email', message: 'Already taken' }]);
  const user = { id: newId(), email, name: input.name?.trim() || email.split('@')[0] || email };
  await repo.insertUser({ ...user, passwordHash: await hashPassword(input.password), at: deps.clock.now() });
  return user;
}
