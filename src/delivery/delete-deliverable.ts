import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { deliveryRepo } from './repo.js';
import { getDeliverable } from './get-deliverable.js';

/** Deletes a deliverable recorded by mistake; its incidents stay on the account, unlinked. */
export async function deleteDeliverable(deps: Deps, actor: Actor, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const repo = deliveryRepo(tx.db);
    if (!(await repo.lockRow('deliverables', actor.workspaceId, id))) throw notFound('Deliverable');
    const deliverable = await getDeliverable(tx, actor, id);
    await repo.deleteDeliverable(actor.workspaceId, id);
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'deliverable.deleted',
      entityType: 'deliverable',
      entityId: id,
      changes: { projectId: deliverable.projectId, title: deliverable.title, dueAt: deliverable.dueAt, status: deliverable.status },
    });
    await accountFactsChanged(tx, actor.workspaceId, [deliverable.accountId]);
  });
}
