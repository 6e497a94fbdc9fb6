import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { deliveryRepo } from './repo.js';
import type { ListProjectsQuery } from './schemas.js';

/** Projects newest first, filtered by account, status and the days they run. */
export async function listProjects(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: ListProjectsQuery) {
  return deliveryRepo(deps.db).listProjects(actor.workspaceId, query);
}
