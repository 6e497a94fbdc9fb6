import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { touchpointsRepo } from './repo.js';
import { getTouchpoint } from './get-touchpoint.js';
import { accountFactsChanged } from '../health/changed.js';

/** Deletes a touchpoint logged by mistake; the audit log keeps what it was. */
export async function deleteTouchpoint(deps: Deps, actor: Actor, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const touchpoint = await getTouchpoint(tx, actor, id);
    await touchpointsRepo(tx.db).deleteTouchpoint(actor.workspaceId, id);
    await accountFactsChanged(tx, actor.workspaceId, [touchpoint.accountId]);
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'touchpoint.deleted',
      entityType: 'touchpoint',
      entityId: id,
      changes: { accountId: touchpoint.accountId, occurredAt: touchpoint.occurredAt, subject: touchpoint.subject },
    });
  });
}
