import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { touchpointsRepo } from './repo.js';
import type { ListTouchpointsQuery } from './schemas.js';

/** Touchpoints newest first, filtered by account, contact, channel, direction and time. */
export async function listTouchpoints(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: ListTouchpointsQuery) {
  return touchpointsRepo(deps.db).listTouchpoints(actor.workspaceId, query);
}
