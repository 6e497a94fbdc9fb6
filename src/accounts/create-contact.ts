import { inTransaction, type Deps } from '../platform/deps.js';
import { lockRow } from '../platform/db/lock-row.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { notFound } from '../platform/errors.js';
import { toIsoDate } from '../platform/clock.js';
import { cleanEmails, resolveLeftOn } from './account.js';
import { accountsRepo } from './repo.js';
import type { ContactView, CreateContactInput } from './schemas.js';
import { accountFactsChanged } from '../health/changed.js';

/** Adds a contact to an account. Marking it primary unmarks the account's previous primary. */
export async function createContact(deps: Deps, actor: Actor, accountId: string, input: CreateContactInput): Promise<ContactView> {
  return inTransaction(deps, async (tx) => {
    const repo = accountsRepo(tx.db);
    // Locked: two new primary contacts at once would each clear the other's mark before it exists.
    if (!(await lockRow(tx.db, 'accounts', actor.workspaceId, accountId))) throw notFound('Account');
    const at = tx.clock.now();
    const id = newId();
    if (input.isPrimary) await repo.clearPrimary(actor.workspaceId, accountId, at);
    await repo.insertContact(
      actor.workspaceId,
      accountId,
      id,
      {
        name: input.name,
        emails: cleanEmails(input.emails),
        phone: input.phone ?? null,
        title: input.title ?? null,
        role: input.role,
        influence: input.influence,
        isPrimary: input.isPrimary,
        status: input.status,
        leftOn: resolveLeftOn(input.status, input.leftOn, toIsoDate(at)),
        socialHandles: input.socialHandles,
        notes: input.notes,
      },
      at,
    );
    await repo.touchAccount(actor.workspaceId, accountId, at);
    await accountFactsChanged(tx, actor.workspaceId, [accountId]);
    await recordAudit(tx.db, tx.clock, actor, { action: 'contact.created', entityType: 'contact', entityId: id, changes: { accountId, name: input.name } });
    const created = await repo.findContact(actor.workspaceId, id);
    if (!created) throw notFound('Contact');
    return created;
  });
}
