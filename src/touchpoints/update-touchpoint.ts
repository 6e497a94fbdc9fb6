import { inTransaction, type Deps } from '../platform/deps.js';
import { lockRow } from '../platform/db/lock-row.js';
import { notFound } from '../platform/errors.js';
import type { Actor } from '../platform/auth/roles.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { touchpointsRepo } from './repo.js';
import { assertTouchpointLinks } from './validate-links.js';
import { getTouchpoint } from './get-touchpoint.js';
import type { TouchpointView, UpdateTouchpointInput } from './schemas.js';
import { accountFactsChanged } from '../health/changed.js';

/** Changes the given fields of a touchpoint; contacts and members, when sent, replace the old lists. */
export async function updateTouchpoint(deps: Deps, actor: Actor, id: string, input: UpdateTouchpointInput): Promise<TouchpointView> {
  return inTransaction(deps, async (tx) => {
    // Locked first: two changes at once each write every field from what they read.
    if (!(await lockRow(tx.db, 'touchpoints', actor.workspaceId, id))) throw notFound('Touchpoint');
    const before = await getTouchpoint(tx, actor, id);
    const accountId = input.accountId ?? before.accountId;
    // Moving a touchpoint to another account drops contacts of the old one unless new ones are sent.
    const contactIds = input.contactIds ?? (accountId === before.accountId ? before.contacts.map((c) => c.id) : []);
    const memberIds = input.memberIds ?? before.members.map((m) => m.userId);
    await assertTouchpointLinks(tx.db, actor.workspaceId, { accountId, contactIds, memberIds });
    await touchpointsRepo(tx.db).updateTouchpoint(
      actor.workspaceId,
      id,
      {
        accountId,
        channel: input.channel ?? before.channel,
        direction: input.direction ?? before.direction,
        occurredAt: new Date(input.occurredAt ?? before.occurredAt),
        durationMinutes: input.durationMinutes === undefined ? before.durationMinutes : input.durationMinutes,
        subject: input.subject ?? before.subject,
        summary: input.summary ?? before.summary,
        contactIds,
        memberIds,
      },
      tx.clock.now(),
    );
    await accountFactsChanged(tx, actor.workspaceId, [before.accountId, accountId]);
    const after = await getTouchpoint(tx, actor, id);
    const { updatedAt: _b, ...beforeFields } = before;
    const { updatedAt: _a, ...afterFields } = after;
    await recordAudit(tx.db, tx.clock, actor, { action: 'touchpoint.updated', entityType: 'touchpoint', entityId: id, changes: diffFields(beforeFields, afterFields) });
    return after;
  });
}
