import { randomBytes } from 'node:crypto';
import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { intakeRepo } from './repo.js';
import { intakeAddress } from './mail.js';

/** A new intake token: 128 random bits as lower-case hex (see mail.ts TOKEN_PATTERN). */
export const newIntakeToken = (): string => randomBytes(16).toString('hex');

/**
 * The workspace's secret intake address, made on first use: mail BCC'd or forwarded to it is
 * logged in this workspace. `domain` is RAPPORT_MAIL_DOMAIN.
 */
export async function getIntakeAddress(deps: Deps, actor: Pick<Actor, 'workspaceId'>, options: { domain: string }): Promise<{ token: string; address: string }> {
  const repo = intakeRepo(deps.db);
  const token = (await repo.findToken(actor.workspaceId)) ?? (await inTransaction(deps, (tx) => intakeRepo(tx.db).ensureToken(actor.workspaceId, newIntakeToken(), tx.clock.now())));
  return { token, address: intakeAddress(token, options.domain) };
}
