import { inTransaction, type Deps } from '../platform/deps.js';
import { lockRow } from '../platform/db/lock-row.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Actor } from '../platform/auth/roles.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { cleanAliases, normalizeWebsite, searchTextOf } from './account.js';
import { accountsRepo } from './repo.js';
import { assertLinksExist } from './validate-links.js';
import { getAccount } from './get-account.js';
import type { AccountView, UpdateAccountInput } from './schemas.js';
import { accountFactsChanged } from '../health/changed.js';

/**
 * Changes the given fields of an account; fields not sent stay as they are, `null` clears one.
 * `archived: false` restores an archived account. Owners and conflicts, when sent, replace the
 * old lists (conflicts on both sides).
 */
export async function updateAccount(deps: Deps, actor: Actor, id: string, input: UpdateAccountInput): Promise<AccountView> {
  return inTransaction(deps, async (tx) => {
    const repo = accountsRepo(tx.db);
    // Locked first: two changes at once each write every field from what they read.
    if (!(await lockRow(tx.db, 'accounts', actor.workspaceId, id))) throw notFound('Account');
    const before = await getAccount(tx, actor, id);
    if (input.status !== undefined && input.status !== before.status && (input.status === 'lost' || before.status === 'lost')) throw lostByRecordOnly(before.status);
    await assertLinksExist(repo, actor.workspaceId, id, input);
    const name = input.name ?? before.name;
    const aliases = cleanAliases(name, input.aliases ?? before.aliases);
    const value = input.value === undefined ? before.value : input.value;
    const website = input.website === undefined ? before.website : input.website && normalizeWebsite(input.website);
    const at = tx.clock.now();
    const archivedAt = input.archived === undefined ? (before.archivedAt ? new Date(before.archivedAt) : null) : input.archived ? (before.archivedAt ? new Date(before.archivedAt) : at) : null;
    await repo.updateAccount(
      actor.workspaceId,
      id,
      {
        id,
        name,
        aliases,
        searchText: searchTextOf(name, aliases),
        category: input.category === undefined ? before.category : input.category,
        website,
        valueAmount: value?.amount ?? null,
        valueCurrency: value?.currency ?? null,
        status: input.status ?? before.status,
        startedOn: input.startedOn === undefined ? before.startedOn : input.startedOn,
        cadenceDays: input.cadenceDays === undefined ? before.cadenceDays : input.cadenceDays,
        isConfidential: input.isConfidential ?? before.isConfidential,
        notes: input.notes ?? before.notes,
        archivedAt,
      },
      at,
    );
    if (input.owners) await repo.replaceOwners(actor.workspaceId, id, input.owners);
    if (input.conflictIds) await repo.replaceConflicts(actor.workspaceId, id, [...new Set(input.conflictIds)]);
    const after = await getAccount(tx, actor, id);
    const { updatedAt: _b, contactCount: _bc, ...beforeFields } = before;
    const { updatedAt: _a, contactCount: _ac, ...afterFields } = after;
    const action = input.archived === false && before.archived ? 'account.restored' : input.archived && !before.archived ? 'account.archived' : 'account.updated';
    await accountFactsChanged(tx, actor.workspaceId, [id]);
    await recordAudit(tx.db, tx.clock, actor, { action, entityType: 'account', entityId: id, changes: diffFields(beforeFields, afterFields) });
    return after;
  });
}

/**
 * An account is lost with a loss record (its day and reasons, which the post-mortem and the loss
 * report read) and reopened by undoing it: never by its status alone.
 */
export function lostByRecordOnly(status: AccountView['status'] | null): AppError {
  const message =
    status === 'lost'
      ? 'This account is marked lost: undo the loss (DELETE /api/accounts/{id}/lost) to reopen it'
      : 'Mark the account lost with its day and reasons (POST /api/accounts/{id}/lost) rather than by its status';
  return new AppError('invalid_input', message, [{ path: 'status', message: status === 'lost' ? 'Undo the loss to reopen the account' : 'Use Mark lost, which records the day and the reasons' }]);
}
