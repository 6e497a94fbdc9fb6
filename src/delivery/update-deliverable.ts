import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { settleProgress, timeOf } from './delivery.js';
import { deliveryRepo } from './repo.js';
import { assertDeliveryLinks } from './validate-links.js';
import { getDeliverable } from './get-deliverable.js';
import type { DeliverableView, UpdateDeliverableInput } from './schemas.js';

/**
 * Changes the given fields of a deliverable; status and times settle as `settleProgress` says.
 * Another project may be on another account: the deliverable and its incidents move there.
 */
export async function updateDeliverable(deps: Deps, actor: Actor, id: string, input: UpdateDeliverableInput): Promise<DeliverableView> {
  return inTransaction(deps, async (tx) => {
    const repo = deliveryRepo(tx.db);
    if (!(await repo.lockRow('deliverables', actor.workspaceId, id))) throw notFound('Deliverable');
    const before = await getDeliverable(tx, actor, id);
    const now = tx.clock.now();
    const stored = { status: before.status, deliveredAt: timeOf(before.deliveredAt) ?? null, approvedAt: timeOf(before.approvedAt) ?? null };
    const { progress, problems } = settleProgress(stored, { status: input.status, deliveredAt: timeOf(input.deliveredAt), approvedAt: timeOf(input.approvedAt) }, now);
    const projectId = input.projectId ?? before.projectId;
    // The stored owner is a member (the foreign key clears one who leaves): only a new one is checked.
    const { projectAccountId } = await assertDeliveryLinks(tx.db, actor.workspaceId, { projectId, ownerId: input.ownerId }, problems);
    await repo.updateDeliverable(
      actor.workspaceId,
      id,
      {
        projectId,
        accountId: projectAccountId!,
        title: input.title ?? before.title,
        ownerId: input.ownerId === undefined ? (before.owner?.userId ?? null) : input.ownerId,
        dueAt: new Date(input.dueAt ?? before.dueAt),
        ...progress,
        notes: input.notes ?? before.notes,
      },
      now,
    );
    const after = await getDeliverable(tx, actor, id);
    const { updatedAt: _b, ...beforeFields } = before;
    const { updatedAt: _a, ...afterFields } = after;
    await recordAudit(tx.db, tx.clock, actor, { action: 'deliverable.updated', entityType: 'deliverable', entityId: id, changes: diffFields(beforeFields, afterFields) });
    await accountFactsChanged(tx, actor.workspaceId, [before.accountId, after.accountId]);
    return after;
  });
}
