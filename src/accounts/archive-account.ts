import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { updateAccount } from './update-account.js';

/**
 * Archives an account: it leaves lists and boards but keeps all its history, and PATCH
 * `{ archived: false }` brings it back. Archiving an archived account changes nothing.
 */
export async function archiveAccount(deps: Deps, actor: Actor, id: string): Promise<void> {
  await updateAccount(deps, actor, id, { archived: true });
}
