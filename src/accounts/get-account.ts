import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { accountsRepo } from './repo.js';
import type { AccountView } from './schemas.js';

/** One account of the actor's workspace; `not_found` for unknown ids and other workspaces' alike. */
export async function getAccount(deps: Deps, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<AccountView> {
  const account = await accountsRepo(deps.db).findAccount(actor.workspaceId, id);
  if (!account) throw notFound('Account');
  return account;
}
