import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { accountsRepo } from './repo.js';
import { getContact } from './get-contact.js';
import { accountFactsChanged } from '../health/changed.js';

/**
 * Deletes a contact for good (a mistake, a duplicate, a GDPR erasure request). Someone who moved on
 * should be marked `left` instead, which keeps the history that health and post-mortems read.
 */
export async function deleteContact(deps: Deps, actor: Actor, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const contact = await getContact(tx, actor, id);
    const repo = accountsRepo(tx.db);
    await repo.deleteContact(actor.workspaceId, id);
    await repo.touchAccount(actor.workspaceId, contact.accountId, tx.clock.now());
    await accountFactsChanged(tx, actor.workspaceId, [contact.accountId]);
    await recordAudit(tx.db, tx.clock, actor, { action: 'contact.deleted', entityType: 'contact', entityId: id, changes: { accountId: contact.accountId, name: contact.name } });
  });
}
