import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { deliveryRepo } from './repo.js';
import { getIncident } from './get-incident.js';

/** Deletes an incident recorded by mistake; the audit log keeps what it was. */
export async function deleteIncident(deps: Deps, actor: Actor, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const repo = deliveryRepo(tx.db);
    if (!(await repo.lockRow('incidents', actor.workspaceId, id))) throw notFound('Incident');
    const incident = await getIncident(tx, actor, id);
    await repo.deleteIncident(actor.workspaceId, id);
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'incident.deleted',
      entityType: 'incident',
      entityId: id,
      changes: { accountId: incident.accountId, kind: incident.kind, severity: incident.severity, occurredAt: incident.occurredAt },
    });
    await accountFactsChanged(tx, actor.workspaceId, [incident.accountId]);
  });
}
