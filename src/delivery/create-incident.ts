import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { accountFactsChanged } from '../health/changed.js';
import { deliveryRepo, type IncidentRecord } from './repo.js';
import { assertDeliveryLinks } from './validate-links.js';
import { getIncident } from './get-incident.js';
import type { CreateIncidentInput, IncidentView } from './schemas.js';

/** Records a quality incident of an account, optionally about one of its deliverables. */
export async function createIncident(deps: Deps, actor: Actor, input: CreateIncidentInput): Promise<IncidentView> {
  return inTransaction(deps, async (tx) => {
    const record: IncidentRecord = {
      accountId: input.accountId,
      deliverableId: input.deliverableId ?? null,
      kind: input.kind,
      severity: input.severity,
      description: input.description,
      occurredAt: new Date(input.occurredAt),
    };
    await assertDeliveryLinks(tx.db, actor.workspaceId, { accountId: record.accountId, deliverableId: record.deliverableId });
    const id = newId();
    await deliveryRepo(tx.db).insertIncident(actor.workspaceId, record, { id, by: actor.userId, at: tx.clock.now() });
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'incident.created',
      entityType: 'incident',
      entityId: id,
      changes: { accountId: record.accountId, kind: record.kind, severity: record.severity, occurredAt: input.occurredAt },
    });
    await accountFactsChanged(tx, actor.workspaceId, [record.accountId]);
    return getIncident(tx, actor, id);
  });
}
