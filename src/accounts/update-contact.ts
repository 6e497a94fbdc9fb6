import { inTransaction, type Deps } from '../platform/deps.js';
import { lockRow } from '../platform/db/lock-row.js';
import { notFound } from '../platform/errors.js';
import type { Actor } from '../platform/auth/roles.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { toIsoDate } from '../platform/clock.js';
import { cleanEmails, resolveLeftOn } from './account.js';
import { accountsRepo } from './repo.js';
import { getContact } from './get-contact.js';
import type { ContactView, UpdateContactInput } from './schemas.js';
import { accountFactsChanged } from '../health/changed.js';

/**
 * Changes the given fields of a contact. Marking someone as left records the date (today unless
 * given); marking them active again clears it. Making a contact primary unmarks the previous one.
 */
export async function updateContact(deps: Deps, actor: Actor, id: string, input: UpdateContactInput): Promise<ContactView> {
  return inTransaction(deps, async (tx) => {
    const repo = accountsRepo(tx.db);
    // The account, then the contact, locked before the read: two changes at once each write every
    // field from what they read, and a change of primary or the account's touch reaches both rows.
    const { accountId } = await getContact(tx, actor, id);
    await lockRow(tx.db, 'accounts', actor.workspaceId, accountId);
    if (!(await lockRow(tx.db, 'contacts', actor.workspaceId, id))) throw notFound('Contact');
    const before = await getContact(tx, actor, id);
    const at = tx.clock.now();
    const status = input.status ?? before.status;
    const leftOn = resolveLeftOn(status, input.leftOn === undefined ? before.leftOn : input.leftOn, toIsoDate(at));
    const isPrimary = input.isPrimary ?? before.isPrimary;
    if (isPrimary && !before.isPrimary) await repo.clearPrimary(actor.workspaceId, before.accountId, at);
    await repo.updateContact(
      actor.workspaceId,
      id,
      {
        name: input.name ?? before.name,
        emails: input.emails ? cleanEmails(input.emails) : before.emails,
        phone: input.phone === undefined ? before.phone : input.phone,
        title: input.title === undefined ? before.title : input.title,
        role: input.role ?? before.role,
        influence: input.influence ?? before.influence,
        isPrimary,
        status,
        leftOn,
        socialHandles: input.socialHandles ?? before.socialHandles,
        notes: input.notes ?? before.notes,
      },
      at,
    );
    await repo.touchAccount(actor.workspaceId, before.accountId, at);
    await accountFactsChanged(tx, actor.workspaceId, [before.accountId]);
    const after = await getContact(tx, actor, id);
    const { updatedAt: _b, ...beforeFields } = before;
    const { updatedAt: _a, ...afterFields } = after;
    const action = before.status !== 'left' && after.status === 'left' ? 'contact.left' : 'contact.updated';
    await recordAudit(tx.db, tx.clock, actor, { action, entityType: 'contact', entityId: id, changes: diffFields(beforeFields, afterFields) });
    return after;
  });
}
