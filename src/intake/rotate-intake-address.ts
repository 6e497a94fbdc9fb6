import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { intakeRepo } from './repo.js';
import { intakeAddress } from './mail.js';
import { newIntakeToken } from './get-intake-address.js';

/**
 * Gives the workspace a new intake address; the old one is refused from now on (550 at RCPT).
 * For when the address leaked, or someone who knew it left.
 */
export async function rotateIntakeAddress(deps: Deps, actor: Actor, options: { domain: string }): Promise<{ token: string; address: string }> {
  return inTransaction(deps, async (tx) => {
    const token = newIntakeToken();
    await intakeRepo(tx.db).replaceToken(actor.workspaceId, token, tx.clock.now());
    // The token itself stays out of the log: the log is readable by admins, the address is a secret.
    await recordAudit(tx.db, tx.clock, actor, { action: 'mail_intake.rotated', entityType: 'mail_intake', entityId: null });
    return { token, address: intakeAddress(token, options.domain) };
  });
}
