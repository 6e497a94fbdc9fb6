import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { notFound } from '../platform/errors.js';
import { cleanAliases, normalizeWebsite, searchTextOf } from './account.js';
import { accountsRepo } from './repo.js';
import { assertLinksExist } from './validate-links.js';
import type { AccountView, CreateAccountInput } from './schemas.js';
import { accountFactsChanged } from '../health/changed.js';
import { lostByRecordOnly } from './update-account.js';

/** Creates an account with its owners and conflicts, in one transaction, and logs it. */
export async function createAccount(deps: Deps, actor: Actor, input: CreateAccountInput): Promise<AccountView> {
  return inTransaction(deps, async (tx) => {
    if (input.status === 'lost') throw lostByRecordOnly(null);
    const repo = accountsRepo(tx.db);
    const id = newId();
    await assertLinksExist(repo, actor.workspaceId, id, input);
    const aliases = cleanAliases(input.name, input.aliases);
    const at = tx.clock.now();
    await repo.insertAccount(
      actor.workspaceId,
      id,
      {
        id,
        name: input.name,
        aliases,
        searchText: searchTextOf(input.name, aliases),
        category: input.category ?? null,
        website: input.website ? normalizeWebsite(input.website) : null,
        valueAmount: input.value?.amount ?? null,
        valueCurrency: input.value?.currency ?? null,
        status: input.status,
        startedOn: input.startedOn ?? null,
        cadenceDays: input.cadenceDays ?? null,
        isConfidential: input.isConfidential,
        notes: input.notes,
        archivedAt: null,
      },
      at,
    );
    await repo.replaceOwners(actor.workspaceId, id, input.owners);
    await repo.replaceConflicts(actor.workspaceId, id, [...new Set(input.conflictIds)]);
    await accountFactsChanged(tx, actor.workspaceId, [id]);
    await recordAudit(tx.db, tx.clock, actor, { action: 'account.created', entityType: 'account', entityId: id, changes: { name: input.name } });
    const created = await repo.findAccount(actor.workspaceId, id);
    if (!created) throw notFound('Account');
    return created;
  });
}
