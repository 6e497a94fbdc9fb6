import { AppError, conflict, forbidden } from '../platform/errors.js';
import { inTransaction, type Deps } from '../platform/deps.js';
import { hasRole, type Actor } from '../platform/auth/roles.js';
import { hashPassword } from '../platform/auth/password.js';
import { newId } from '../platform/ids.js';
import { recordAudit } from '../platform/audit.js';
import { workspacesRepo } from './repo.js';
import type { AddMemberInput, MemberView } from './schemas.js';

/**
 * Adds a person to the workspace. An existing user (by e-mail) just gains a membership; a new one
 * is created and needs a first password. Only an owner may make another owner.
 */
export async function addMember(deps: Deps, actor: Actor, input: AddMemberInput): Promise<MemberView> {
  if (!hasRole(actor.role, 'admin')) throw forbidden('Only admins and owners manage members');
  if (input.role === 'owner' && actor.role !== 'owner') throw forbidden('Only an owner can make another owner');
  // The hash (scrypt, deliberately slow) is made before the transaction: inside, it would hold a
  // connection — on PGlite the only one — for its whole length. Unused when the e-mail is a user's.
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inTransaction(deps, async (tx) => {
    const repo = workspacesRepo(tx.db);
    const at = tx.clock.now();
    let user = await repo.findUserByEmail(input.email);
    if (!user) {
      if (!passwordHash) {
        throw new AppError('invalid_input', 'A new user needs a first password', [
          { path: 'password', message: 'Required when the e-mail belongs to no user yet' },
        ]);
      }
      const id = newId();
      const name = input.name ?? input.email.split('@')[0] ?? input.email;
      await repo.insertUser({ id, email: input.email, name, passwordHash, at });
      user = { id, email: input.email, name, password_hash: null, created_at: at };
    } else if (await repo.findMembership(actor.workspaceId, user.id)) {
      throw conflict(`${input.email} is already a member`, [{ path: 'email', message: 'Already a member' }]);
    }
    await repo.insertMembership({ workspaceId: actor.workspaceId, userId: user.id, role: input.role, at });
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'member.added',
      entityType: 'member',
      entityId: user.id,
      changes: { email: user.email, role: input.role },
    });
    return { userId: user.id, email: user.email, name: user.name, role: input.role, joinedAt: at.toISOString() };
  });
}
