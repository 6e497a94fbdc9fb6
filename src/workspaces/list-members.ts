import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { workspacesRepo } from './repo.js';
import type { MemberView } from './schemas.js';

/** Everyone in the workspace with their role; every member may see this (owner pickers need it). */
export async function listMembers(deps: Deps, actor: Actor): Promise<MemberView[]> {
  return workspacesRepo(deps.db).listMembers(actor.workspaceId);
}
