import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { accountFactsChanged } from '../health/changed.js';
import { settleProgress, timeOf } from './delivery.js';
import { deliveryRepo } from './repo.js';
import { assertDeliveryLinks } from './validate-links.js';
import { getDeliverable } from './get-deliverable.js';
import type { CreateDeliverableInput, DeliverableView } from './schemas.js';

/** Records a deliverable of a project; it is on the project's account. */
export async function createDeliverable(deps: Deps, actor: Actor, input: CreateDeliverableInput): Promise<DeliverableView> {
  return inTransaction(deps, async (tx) => {
    const now = tx.clock.now();
    const { progress, problems } = settleProgress(undefined, { status: input.status, deliveredAt: timeOf(input.deliveredAt), approvedAt: timeOf(input.approvedAt) }, now);
    const ownerId = input.ownerId ?? null;
    const { projectAccountId } = await assertDeliveryLinks(tx.db, actor.workspaceId, { projectId: input.projectId, ownerId }, problems);
    // Defined: assertDeliveryLinks throws when the project does not exist.
    const accountId = projectAccountId!;
    const id = newId();
    await deliveryRepo(tx.db).insertDeliverable(
      actor.workspaceId,
      { projectId: input.projectId, accountId, title: input.title, ownerId, dueAt: new Date(input.dueAt), ...progress, notes: input.notes },
      { id, by: actor.userId, at: now },
    );
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'deliverable.created',
      entityType: 'deliverable',
      entityId: id,
      changes: { projectId: input.projectId, title: input.title, dueAt: input.dueAt, status: progress.status },
    });
    await accountFactsChanged(tx, actor.workspaceId, [accountId]);
    return getDeliverable(tx, actor, id);
  });
}
