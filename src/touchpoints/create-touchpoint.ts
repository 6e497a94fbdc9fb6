import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { touchpointsRepo } from './repo.js';
import { assertTouchpointLinks } from './validate-links.js';
import { getTouchpoint } from './get-touchpoint.js';
import type { CreateTouchpointInput, TouchpointView } from './schemas.js';
import { accountFactsChanged } from '../health/changed.js';

/**
 * Logs one touchpoint. With an external id already stored it changes nothing and answers the
 * stored touchpoint (`created: false`), so a client may safely retry.
 */
export async function createTouchpoint(deps: Deps, actor: Actor, input: CreateTouchpointInput): Promise<{ touchpoint: TouchpointView; created: boolean }> {
  return inTransaction(deps, async (tx) => {
    const repo = touchpointsRepo(tx.db);
    if (input.externalId) {
      const existing = await repo.findIdByExternalId(actor.workspaceId, input.externalId);
      if (existing) return { touchpoint: await getTouchpoint(tx, actor, existing), created: false };
    }
    await assertTouchpointLinks(tx.db, actor.workspaceId, input);
    const id = newId();
    const memberIds = input.memberIds.length > 0 ? input.memberIds : [actor.userId];
    const inserted = await repo.insertTouchpoints(
      actor.workspaceId,
      [
        {
          id,
          accountId: input.accountId,
          channel: input.channel,
          direction: input.direction,
          occurredAt: new Date(input.occurredAt),
          durationMinutes: input.durationMinutes ?? null,
          subject: input.subject,
          summary: input.summary,
          source: input.source,
          externalId: input.externalId ?? null,
          createdBy: actor.userId,
          contactIds: input.contactIds,
          memberIds,
        },
      ],
      tx.clock.now(),
    );
    if (!inserted.has(id) && input.externalId) {
      // A concurrent request stored the same external id first (the insert waited for it, then
      // skipped): answer that one, as a retry would get it.
      const stored = await repo.findIdByExternalId(actor.workspaceId, input.externalId);
      if (stored) return { touchpoint: await getTouchpoint(tx, actor, stored), created: false };
    }
    await accountFactsChanged(tx, actor.workspaceId, [input.accountId]);
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'touchpoint.created',
      entityType: 'touchpoint',
      entityId: id,
      changes: { accountId: input.accountId, channel: input.channel, direction: input.direction },
    });
    return { touchpoint: await getTouchpoint(tx, actor, id), created: true };
  });
}
