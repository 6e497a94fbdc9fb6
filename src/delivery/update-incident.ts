import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { deliveryRepo, type IncidentRecord } from './repo.js';
import { assertDeliveryLinks } from './validate-links.js';
import { getIncident } from './get-incident.js';
import type { IncidentView, UpdateIncidentInput } from './schemas.js';

/**
 * Changes the given fields of an incident. Moving it to another account needs a deliverable of
 * that account, or none (`deliverableId: null`), in the same request.
 */
export async function updateIncident(deps: Deps, actor: Actor, id: string, input: UpdateIncidentInput): Promise<IncidentView> {
  return inTransaction(deps, async (tx) => {
    const repo = deliveryRepo(tx.db);
    if (!(await repo.lockRow('incidents', actor.workspaceId, id))) throw notFound('Incident');
    const before = await getIncident(tx, actor, id);
    const record: IncidentRecord = {
      accountId: input.accountId ?? before.accountId,
      deliverableId: input.deliverableId === undefined ? before.deliverableId : input.deliverableId,
      kind: input.kind ?? before.kind,
      severity: input.severity ?? before.severity,
      description: input.description ?? before.description,
      occurredAt: new Date(input.occurredAt ?? before.occurredAt),
    };
    await assertDeliveryLinks(tx.db, actor.workspaceId, { accountId: record.accountId, deliverableId: record.deliverableId });
    await repo.updateIncident(actor.workspaceId, id, record, tx.clock.now());
    const after = await getIncident(tx, actor, id);
    const { updatedAt: _b, ...beforeFields } = before;
    const { updatedAt: _a, ...afterFields } = after;
    await recordAudit(tx.db, tx.clock, actor, { action: 'incident.updated', entityType: 'incident', entityId: id, changes: diffFields(beforeFields, afterFields) });
    await accountFactsChanged(tx, actor.workspaceId, [before.accountId, after.accountId]);
    return after;
  });
}
