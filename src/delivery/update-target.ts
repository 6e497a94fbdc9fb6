import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { checkDateOrder, PERIOD_FIELDS } from './delivery.js';
import { deliveryRepo, type TargetRecord } from './repo.js';
import { assertDeliveryLinks } from './validate-links.js';
import { getTarget } from './get-target.js';
import type { TargetView, UpdateTargetInput } from './schemas.js';

/**
 * Changes the given fields of a target (typically its actual, once measured). Moving it to another
 * account needs a project of that account, or none (`projectId: null`), in the same request.
 */
export async function updateTarget(deps: Deps, actor: Actor, id: string, input: UpdateTargetInput): Promise<TargetView> {
  return inTransaction(deps, async (tx) => {
    const repo = deliveryRepo(tx.db);
    if (!(await repo.lockRow('targets', actor.workspaceId, id))) throw notFound('Target');
    const before = await getTarget(tx, actor, id);
    const record: TargetRecord = {
      accountId: input.accountId ?? before.accountId,
      projectId: input.projectId === undefined ? before.projectId : input.projectId,
      metric: input.metric ?? before.metric,
      periodStart: input.periodStart ?? before.periodStart,
      periodEnd: input.periodEnd ?? before.periodEnd,
      goal: input.goal ?? before.goal,
      actual: input.actual === undefined ? before.actual : input.actual,
      higherIsBetter: input.higherIsBetter ?? before.higherIsBetter,
    };
    const order = checkDateOrder(record.periodStart, record.periodEnd, PERIOD_FIELDS, input.periodEnd === undefined ? 'start' : 'end');
    await assertDeliveryLinks(tx.db, actor.workspaceId, { accountId: record.accountId, projectId: record.projectId }, order);
    await repo.updateTarget(actor.workspaceId, id, record, tx.clock.now());
    const after = await getTarget(tx, actor, id);
    const { updatedAt: _b, ...beforeFields } = before;
    const { updatedAt: _a, ...afterFields } = after;
    await recordAudit(tx.db, tx.clock, actor, { action: 'target.updated', entityType: 'target', entityId: id, changes: diffFields(beforeFields, afterFields) });
    await accountFactsChanged(tx, actor.workspaceId, [before.accountId, after.accountId]);
    return after;
  });
}
