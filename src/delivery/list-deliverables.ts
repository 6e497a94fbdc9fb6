import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { deliveryRepo } from './repo.js';
import type { ListDeliverablesQuery } from './schemas.js';

/** Deliverables by due time, filtered by account, project, owner, status, lateness now and due time. */
export async function listDeliverables(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: ListDeliverablesQuery) {
  return deliveryRepo(deps.db).listDeliverables(actor.workspaceId, query, deps.clock.now());
}
