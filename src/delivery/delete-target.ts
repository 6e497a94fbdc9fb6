import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { deliveryRepo } from './repo.js';
import { getTarget } from './get-target.js';

/** Deletes a target recorded by mistake; the audit log keeps what it was. */
export async function deleteTarget(deps: Deps, actor: Actor, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const repo = deliveryRepo(tx.db);
    if (!(await repo.lockRow('targets', actor.workspaceId, id))) throw notFound('Target');
    const target = await getTarget(tx, actor, id);
    await repo.deleteTarget(actor.workspaceId, id);
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'target.deleted',
      entityType: 'target',
      entityId: id,
      changes: { accountId: target.accountId, metric: target.metric, periodEnd: target.periodEnd, goal: target.goal, actual: target.actual },
    });
    await accountFactsChanged(tx, actor.workspaceId, [target.accountId]);
  });
}
