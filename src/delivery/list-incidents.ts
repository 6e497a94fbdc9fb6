import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { deliveryRepo } from './repo.js';
import type { ListIncidentsQuery } from './schemas.js';

/** Incidents newest first, filtered by account, project, deliverable, kind, severity and time. */
export async function listIncidents(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: ListIncidentsQuery) {
  return deliveryRepo(deps.db).listIncidents(actor.workspaceId, query);
}
