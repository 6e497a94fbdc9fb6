import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { accountFactsChanged } from '../health/changed.js';
import { checkDateOrder, PERIOD_FIELDS } from './delivery.js';
import { deliveryRepo, type TargetRecord } from './repo.js';
import { assertDeliveryLinks } from './validate-links.js';
import { getTarget } from './get-target.js';
import type { CreateTargetInput, TargetView } from './schemas.js';

/** Records a KPI target of an account (optionally of one of its projects) for a period. */
export async function createTarget(deps: Deps, actor: Actor, input: CreateTargetInput): Promise<TargetView> {
  return inTransaction(deps, async (tx) => {
    const record: TargetRecord = {
      accountId: input.accountId,
      projectId: input.projectId ?? null,
      metric: input.metric,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      goal: input.goal,
      actual: input.actual ?? null,
      higherIsBetter: input.higherIsBetter,
    };
    const order = checkDateOrder(record.periodStart, record.periodEnd, PERIOD_FIELDS);
    await assertDeliveryLinks(tx.db, actor.workspaceId, { accountId: record.accountId, projectId: record.projectId }, order);
    const id = newId();
    await deliveryRepo(tx.db).insertTarget(actor.workspaceId, record, { id, by: actor.userId, at: tx.clock.now() });
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'target.created',
      entityType: 'target',
      entityId: id,
      changes: { accountId: record.accountId, metric: record.metric, periodEnd: record.periodEnd, goal: record.goal, actual: record.actual },
    });
    await accountFactsChanged(tx, actor.workspaceId, [record.accountId]);
    return getTarget(tx, actor, id);
  });
}
