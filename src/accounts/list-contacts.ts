import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { accountsRepo } from './repo.js';
import { getAccount } from './get-account.js';

/** An account's contacts by name, a page at a time; `not_found` when the account is not the actor's. */
export async function listContacts(
  deps: Deps,
  actor: Pick<Actor, 'workspaceId'>,
  accountId: string,
  query: { limit: number; cursor?: string | undefined; status?: string | undefined },
) {
  await getAccount(deps, actor, accountId);
  return accountsRepo(deps.db).listContacts(actor.workspaceId, accountId, query);
}
