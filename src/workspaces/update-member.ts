import { conflict, forbidden, notFound } from '../platform/errors.js';
import { inTransaction, type Deps } from '../platform/deps.js';
import { hasRole, type Actor, type Role } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { workspacesRepo } from './repo.js';

/**
 * Changes a member's role, or removes the member when `role` is null. Admins manage members below
 * owner; only owners touch owners; the last owner can neither leave nor be demoted.
 */
export async function updateMember(deps: Deps, actor: Actor, userId: string, role: Role | null): Promise<void> {
  if (!hasRole(actor.role, 'admin')) throw forbidden('Only admins and owners manage members');
  await inTransaction(deps, async (tx) => {
    const repo = workspacesRepo(tx.db);
    const membership = await repo.findMembership(actor.workspaceId, userId);
    if (!membership) throw notFound('Member');
    const touchesOwner = membership.role === 'owner' || role === 'owner';
    if (touchesOwner && actor.role !== 'owner') throw forbidden('Only an owner can change an owner or make one');
    if (membership.role === 'owner' && role !== 'owner' && (await repo.countOwners(actor.workspaceId)) <= 1) {
      throw conflict('A workspace needs at least one owner: make someone else owner first');
    }
    if (role === null) await repo.deleteMembership(actor.workspaceId, userId);
    else await repo.updateMembershipRole(actor.workspaceId, userId, role);
    await recordAudit(tx.db, tx.clock, actor, {
      action: role === null ? 'member.removed' : 'member.role_changed',
      entityType: 'member',
      entityId: userId,
      changes: { role: [membership.role, role] },
    });
  });
}
