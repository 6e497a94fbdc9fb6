import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { touchpointsRepo } from './repo.js';
import type { TouchpointView } from './schemas.js';

/** One touchpoint of the actor's workspace; `not_found` for unknown ids and other workspaces' alike. */
export async function getTouchpoint(deps: Deps, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<TouchpointView> {
  const touchpoint = await touchpointsRepo(deps.db).findTouchpoint(actor.workspaceId, id);
  if (!touchpoint) throw notFound('Touchpoint');
  return touchpoint;
}
