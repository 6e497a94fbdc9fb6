import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { deliveryRepo } from './repo.js';
import type { IncidentView } from './schemas.js';

/** One incident of the actor's workspace; `not_found` for unknown ids and other workspaces' alike. */
export async function getIncident(deps: Deps, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<IncidentView> {
  const [incident] = await deliveryRepo(deps.db).incidentsByIds(actor.workspaceId, [id]);
  if (!incident) throw notFound('Incident');
  return incident;
}
