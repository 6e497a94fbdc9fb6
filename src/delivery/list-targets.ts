import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { deliveryRepo } from './repo.js';
import type { ListTargetsQuery } from './schemas.js';

/** Targets by period end, latest first, filtered by account, project, verdict and period end. */
export async function listTargets(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: ListTargetsQuery) {
  return deliveryRepo(deps.db).listTargets(actor.workspaceId, query);
}
