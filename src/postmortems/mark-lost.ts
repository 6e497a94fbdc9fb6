import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { AppError, notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { latestToday, lossDayProblem } from './loss.js';
import { postmortemsRepo } from './repo.js';
import type { LossView, MarkLostInput } from './schemas.js';

/**
 * Marks an account lost: records the day and the reasons (marking it again edits the record),
 * sets its status to lost, and tells the health engine its facts changed. `created` says whether
 * the record is new. The day may not be after today (anywhere: the person may be east of UTC),
 * nor before the account began (loss.ts).
 */
export async function markAccountLost(deps: Deps, actor: Actor, accountId: string, input: MarkLostInput): Promise<{ loss: LossView; created: boolean }> {
  return inTransaction(deps, async (tx) => {
    const repo = postmortemsRepo(tx.db);
    const account = await repo.findAccount(actor.workspaceId, accountId, { forUpdate: true });
    if (!account) throw notFound('Account');
    const now = tx.clock.now();
    const problem = lossDayProblem(input.lostOn, { startedOn: account.started_on }, latestToday(now));
    if (problem) throw new AppError('invalid_input', problem.message, [{ path: 'lostOn', message: problem.detail }]);
    const before = await repo.findLoss(actor.workspaceId, accountId);
    await repo.upsertLoss(actor.workspaceId, accountId, { lostOn: input.lostOn, reasons: input.reasons, notes: input.notes, userId: actor.userId, at: now });
    if (account.status !== 'lost') await repo.setStatus(actor.workspaceId, accountId, 'lost', now);
    await accountFactsChanged(tx, actor.workspaceId, [accountId]);
    const after = { lostOn: input.lostOn, reasons: input.reasons, notes: input.notes, status: 'lost' };
    await recordAudit(tx.db, tx.clock, actor, {
      action: before ? 'account.loss_updated' : 'account.marked_lost',
      entityType: 'account',
      entityId: accountId,
      changes: diffFields(before ? { lostOn: before.lostOn, reasons: before.reasons, notes: before.notes, status: account.status } : { lostOn: null, reasons: null, notes: null, status: account.status }, after),
    });
    const loss = await repo.findLoss(actor.workspaceId, accountId);
    if (!loss) throw new Error('The loss record just written was not found');
    return { loss, created: !before };
  });
}
