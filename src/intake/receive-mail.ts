import { inTransaction, type Deps } from '../platform/deps.js';
import { newId } from '../platform/ids.js';
import { touchpointsRepo } from '../touchpoints/repo.js';
import { matchParticipants, type ContactRef } from '../touchpoints/ics.js';
import { intakeRepo } from './repo.js';
import type { MailTouch } from './mail.js';
import { accountFactsChanged } from '../health/changed.js';

export type ReceiveOutcome =
  | { workspaceId: string; outcome: 'touchpoint'; touchpointId: string; accountId: string }
  | { workspaceId: string; outcome: 'unmatched'; unmatchedId: string }
  | { workspaceId: string; outcome: 'duplicate' };

/** The external id of a mail's touchpoint: the Message-ID makes a second delivery a duplicate. */
export const mailExternalId = (messageId: string): string => `email:${messageId}`;

/**
 * Logs one received mail in each workspace it was addressed to, in one transaction (the SMTP
 * intake acknowledges it only after the commit). In each: a touchpoint (channel and source email)
 * on the account with the most contacts among the participants — client-initiated when the author
 * is a contact, the team members among the addresses as its members — or, with no contact among
 * them, a place in the unmatched queue. A Message-ID already logged or queued changes nothing.
 */
export async function receiveMail(deps: Deps, input: { workspaceIds: readonly string[]; mail: MailTouch }): Promise<ReceiveOutcome[]> {
  const { mail } = input;
  return inTransaction(deps, async (tx) => {
    const touchpoints = touchpointsRepo(tx.db);
    const intake = intakeRepo(tx.db);
    const now = tx.clock.now();
    const outcomes: ReceiveOutcome[] = [];
    for (const workspaceId of new Set(input.workspaceIds)) {
      const externalId = mailExternalId(mail.messageId);
      if ((await touchpoints.findIdByExternalId(workspaceId, externalId)) || (await intake.hasUnmatched(workspaceId, mail.messageId))) {
        outcomes.push({ workspaceId, outcome: 'duplicate' });
        continue;
      }
      const contacts = new Map<string, ContactRef>();
      // Active contacts come first: they win an address two contacts share.
      for (const c of await touchpoints.contactsByEmail(workspaceId, mail.participants)) {
        if (!contacts.has(c.email)) contacts.set(c.email, { id: c.id, accountId: c.accountId });
      }
      const match = matchParticipants(mail.participants, contacts, mail.from);
      if (!match) {
        const unmatchedId = newId();
        const queued = await intake.insertUnmatched(workspaceId, {
          id: unmatchedId,
          messageId: mail.messageId,
          from: mail.from ?? '',
          to: mail.to,
          cc: mail.cc,
          subject: mail.subject,
          body: mail.body,
          sentAt: mail.occurredAt,
          receivedAt: now,
        });
        outcomes.push(queued ? { workspaceId, outcome: 'unmatched', unmatchedId } : { workspaceId, outcome: 'duplicate' });
        continue;
      }
      const members = await intake.memberIdsByEmail(workspaceId, mail.memberCandidates);
      const memberOf = (email: string | null) => (email ? members.find((m) => m.email === email)?.userId : undefined);
      const id = newId();
      const inserted = await touchpoints.insertTouchpoints(
        workspaceId,
        [
          {
            id,
            accountId: match.accountId,
            channel: 'email',
            direction: mail.from && contacts.has(mail.from) ? 'client_initiated' : 'agency_initiated',
            occurredAt: mail.occurredAt,
            durationMinutes: null,
            subject: mail.subject,
            summary: mail.summary,
            source: 'email',
            externalId,
            createdBy: memberOf(mail.forwardedBy) ?? memberOf(mail.from) ?? members[0]?.userId ?? null,
            contactIds: match.contactIds,
            memberIds: members.map((m) => m.userId),
          },
        ],
        now,
      );
      if (inserted.has(id)) await accountFactsChanged(tx, workspaceId, [match.accountId]);
      outcomes.push(inserted.has(id) ? { workspaceId, outcome: 'touchpoint', touchpointId: id, accountId: match.accountId } : { workspaceId, outcome: 'duplicate' });
    }
    return outcomes;
  });
}
