import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { deliveryRepo } from './repo.js';
import type { TargetView } from './schemas.js';

/** One target of the actor's workspace; `not_found` for unknown ids and other workspaces' alike. */
export async function getTarget(deps: Deps, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<TargetView> {
  const [target] = await deliveryRepo(deps.db).targetsByIds(actor.workspaceId, [id]);
  if (!target) throw notFound('Target');
  return target;
}
