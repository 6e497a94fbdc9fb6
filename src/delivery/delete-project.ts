import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { deliveryRepo } from './repo.js';
import { getProject } from './get-project.js';

/**
 * Deletes a project and its deliverables. Its targets and the deliverables' incidents stay on the
 * account's record, no longer linked to them. The audit log keeps what it was.
 */
export async function deleteProject(deps: Deps, actor: Actor, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const repo = deliveryRepo(tx.db);
    if (!(await repo.lockRow('projects', actor.workspaceId, id))) throw notFound('Project');
    const project = await getProject(tx, actor, id);
    await repo.deleteProject(actor.workspaceId, id);
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'project.deleted',
      entityType: 'project',
      entityId: id,
      changes: { accountId: project.accountId, name: project.name, deliverablesDeleted: project.deliverableCount },
    });
    await accountFactsChanged(tx, actor.workspaceId, [project.accountId]);
  });
}
