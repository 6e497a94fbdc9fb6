import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { deliveryRepo } from './repo.js';
import type { DeliverableView } from './schemas.js';

/** One deliverable, its lateness as of now; `not_found` for unknown ids and other workspaces' alike. */
export async function getDeliverable(deps: Deps, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<DeliverableView> {
  const [deliverable] = await deliveryRepo(deps.db).deliverablesByIds(actor.workspaceId, [id], deps.clock.now());
  if (!deliverable) throw notFound('Deliverable');
  return deliverable;
}
