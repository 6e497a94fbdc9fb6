import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { accountsRepo } from './repo.js';
import type { ContactView } from './schemas.js';

/** One contact of the actor's workspace; `not_found` for unknown ids and other workspaces' alike. */
export async function getContact(deps: Deps, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<ContactView> {
  const contact = await accountsRepo(deps.db).findContact(actor.workspaceId, id);
  if (!contact) throw notFound('Contact');
  return contact;
}
