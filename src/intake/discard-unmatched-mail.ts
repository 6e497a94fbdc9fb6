import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { conflict, notFound } from '../platform/errors.js';
import { intakeRepo } from './repo.js';
import type { UnmatchedMailView } from './schemas.js';
import { toUnmatchedMailView } from './unmatched-mail.js';

/**
 * Takes a queued mail off the queue without logging it (a newsletter, a mail about no client).
 * It stays stored as discarded, so a second delivery of it is not queued again.
 */
export async function discardUnmatchedMail(deps: Deps, actor: Actor, id: string): Promise<UnmatchedMailView> {
  return inTransaction(deps, async (tx) => {
    const intake = intakeRepo(tx.db);
    const mail = await intake.findUnmatched(actor.workspaceId, id, true);
    if (!mail) throw notFound('Unmatched mail');
    if (mail.status !== 'pending') throw conflict(`This mail was already ${mail.status}`, [{ path: 'status', message: `Already ${mail.status}` }]);
    await intake.setStatus(actor.workspaceId, id, 'discarded', null);
    await recordAudit(tx.db, tx.clock, actor, { action: 'unmatched_mail.discarded', entityType: 'unmatched_mail', entityId: id, changes: { from: mail.from_address, subject: mail.subject } });
    return toUnmatchedMailView({ ...mail, status: 'discarded' });
  });
}
