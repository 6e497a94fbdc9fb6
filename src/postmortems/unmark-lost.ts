import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { AppError, notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { postmortemsRepo } from './repo.js';

/**
 * Undoes marking an account lost (a mistake, or a client who came back): removes the loss record
 * and, when the account is still lost, makes it active again. The audit log keeps what was removed.
 */
export async function unmarkAccountLost(deps: Deps, actor: Actor, accountId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const repo = postmortemsRepo(tx.db);
    const account = await repo.findAccount(actor.workspaceId, accountId, { forUpdate: true });
    if (!account) throw notFound('Account');
    const loss = await repo.findLoss(actor.workspaceId, accountId);
    if (!loss) throw new AppError('not_found', 'This account is not marked lost');
    const now = tx.clock.now();
    await repo.deleteLoss(actor.workspaceId, accountId);
    // Someone may have changed the status since it was marked lost: that choice stands.
    const status = account.status === 'lost' ? 'active' : account.status;
    if (status !== account.status) await repo.setStatus(actor.workspaceId, accountId, 'active', now);
    await accountFactsChanged(tx, actor.workspaceId, [accountId]);
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'account.loss_removed',
      entityType: 'account',
      entityId: accountId,
      changes: { lostOn: [loss.lostOn, null], reasons: [loss.reasons, null], notes: [loss.notes, null], ...(status !== account.status ? { status: [account.status, status] } : {}) },
    });
  });
}
