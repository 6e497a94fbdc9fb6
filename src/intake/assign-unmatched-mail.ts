import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { conflict, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { touchpointsRepo } from '../touchpoints/repo.js';
import { assertTouchpointLinks } from '../touchpoints/validate-links.js';
import { getTouchpoint } from '../touchpoints/get-touchpoint.js';
import type { TouchpointView } from '../touchpoints/schemas.js';
import { intakeRepo } from './repo.js';
import { SUMMARY_LIMIT } from './mail.js';
import { mailExternalId } from './receive-mail.js';
import type { AssignUnmatchedMailInput } from './schemas.js';
import { accountFactsChanged } from '../health/changed.js';

/**
 * Logs a queued mail on the account a person chose: a touchpoint like the intake would have made
 * (channel and source email, external id from the Message-ID), and the mail marked assigned.
 * Contacts default to the account's contacts among the mail's addresses; direction to
 * agency-initiated when a team member wrote it, else client-initiated. `not_found` for unknown ids
 * and other workspaces' mail; `conflict` when the mail was already assigned or discarded.
 */
export async function assignUnmatchedMail(deps: Deps, actor: Actor, id: string, input: AssignUnmatchedMailInput): Promise<TouchpointView> {
  return inTransaction(deps, async (tx) => {
    const intake = intakeRepo(tx.db);
    const touchpoints = touchpointsRepo(tx.db);
    const mail = await intake.findUnmatched(actor.workspaceId, id, true);
    if (!mail) throw notFound('Unmatched mail');
    if (mail.status !== 'pending') throw conflict(`This mail was already ${mail.status}`, [{ path: 'status', message: `Already ${mail.status}` }]);

    const addresses = [mail.from_address, ...mail.to_addresses, ...mail.cc_addresses].filter((a) => a !== '');
    const members = await intake.memberIdsByEmail(actor.workspaceId, addresses);
    const contactIds =
      input.contactIds ?? [...new Set((await touchpoints.contactsByEmail(actor.workspaceId, addresses)).filter((c) => c.accountId === input.accountId).map((c) => c.id))];
    const memberIds = members.map((m) => m.userId);
    await assertTouchpointLinks(tx.db, actor.workspaceId, { accountId: input.accountId, contactIds, memberIds });
    const direction = input.direction ?? (members.some((m) => m.email === mail.from_address.toLowerCase()) ? 'agency_initiated' : 'client_initiated');

    const externalId = mailExternalId(mail.message_id);
    let touchpointId = await touchpoints.findIdByExternalId(actor.workspaceId, externalId);
    if (!touchpointId) {
      touchpointId = newId();
      await touchpoints.insertTouchpoints(
        actor.workspaceId,
        [
          {
            id: touchpointId,
            accountId: input.accountId,
            channel: 'email',
            direction,
            occurredAt: mail.sent_at,
            durationMinutes: null,
            subject: mail.subject,
            summary: mail.body_text.slice(0, SUMMARY_LIMIT).trim(),
            source: 'email',
            externalId,
            createdBy: actor.userId,
            contactIds,
            memberIds,
          },
        ],
        tx.clock.now(),
      );
    }
    await accountFactsChanged(tx, actor.workspaceId, [input.accountId]);
    await intake.setStatus(actor.workspaceId, id, 'assigned', touchpointId);
    await recordAudit(tx.db, tx.clock, actor, {
      action: 'unmatched_mail.assigned',
      entityType: 'unmatched_mail',
      entityId: id,
      changes: { accountId: input.accountId, touchpointId, direction, contactIds },
    });
    return getTouchpoint(tx, actor, touchpointId);
  });
}
