import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { deliveryRepo } from './repo.js';
import type { ProjectView } from './schemas.js';

/** One project of the actor's workspace; `not_found` for unknown ids and other workspaces' alike. */
export async function getProject(deps: Deps, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<ProjectView> {
  const [project] = await deliveryRepo(deps.db).projectsByIds(actor.workspaceId, [id]);
  if (!project) throw notFound('Project');
  return project;
}
