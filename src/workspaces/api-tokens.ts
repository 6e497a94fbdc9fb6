import { forbidden, notFound } from '../platform/errors.js';
import { inTransaction, type Deps } from '../platform/deps.js';
import { hasRole, type Actor } from '../platform/auth/roles.js';
import { newId, randomSecret, sha256 } from '../platform/ids.js';
import { recordAudit } from '../platform/audit.js';
import { workspacesRepo } from './repo.js';
import type { TokenView } from './schemas.js';

/** The visible start of a token, so people can tell their tokens apart without the secret. */
export const TOKEN_PREFIX = 'rap_';

/**
 * Creates an API token acting as `userId` in the actor's workspace, with that member's role. Only
 * its hash is stored; the secret is returned once.
 */
export async function createApiToken(
  deps: Deps,
  actor: Pick<Actor, 'workspaceId' | 'userId' | 'label'>,
  input: { name: string },
): Promise<TokenView & { token: string }> {
  return inTransaction(deps, async (tx) => {
    const repo = workspacesRepo(tx.db);
    const user = await repo.findUserById(actor.userId);
    if (!user) throw notFound('User');
    const secret = randomSecret(24);
    const token = `${TOKEN_PREFIX}${secret}`;
    const id = newId();
    const at = tx.clock.now();
    const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
    await repo.insertToken({ id, workspaceId: actor.workspaceId, userId: actor.userId, name: input.name, tokenHash: sha256(token), prefix, at });
    await recordAudit(tx.db, tx.clock, actor, { action: 'token.created', entityType: 'api_token', entityId: id, changes: { name: input.name } });
    return { id, name: input.name, prefix, userId: actor.userId, userEmail: user.email, createdAt: at.toISOString(), lastUsedAt: null, token };
  });
}

/** Tokens in the workspace: one's own, or everyone's for admins and owners. */
export async function listApiTokens(deps: Deps, actor: Actor): Promise<TokenView[]> {
  return workspacesRepo(deps.db).listTokens(actor.workspaceId, hasRole(actor.role, 'admin') ? undefined : actor.userId);
}

/** Revokes a token at once. Members revoke their own; admins and owners any in the workspace. */
export async function revokeApiToken(deps: Deps, actor: Actor, tokenId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const repo = workspacesRepo(tx.db);
    const token = await repo.findToken(actor.workspaceId, tokenId);
    if (!token) throw notFound('API token');
    if (token.user_id !== actor.userId && !hasRole(actor.role, 'admin')) throw forbidden('You can revoke only your own tokens');
    await repo.revokeToken(actor.workspaceId, tokenId, tx.clock.now());
    await recordAudit(tx.db, tx.clock, actor, { action: 'token.revoked', entityType: 'api_token', entityId: tokenId });
  });
}
