import type { UnmatchedMailRow } from './repo.js';
import type { UnmatchedMailView } from './schemas.js';

const SNIPPET_LIMIT = 280;

/** The start of a text on one line, cut at a word where one is near. */
export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_LIMIT) return flat;
  const cut = flat.slice(0, SNIPPET_LIMIT);
  const space = cut.lastIndexOf(' ');
  return `${(space > SNIPPET_LIMIT - 40 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A queued mail as the API shows it. */
export function toUnmatchedMailView(row: UnmatchedMailRow): UnmatchedMailView {
  return {
    id: row.id,
    messageId: row.message_id,
    from: row.from_address,
    to: row.to_addresses,
    cc: row.cc_addresses,
    subject: row.subject,
    snippet: snippetOf(row.body_text),
    bodyText: row.body_text,
    sentAt: row.sent_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    status: row.status as UnmatchedMailView['status'],
    touchpointId: row.touchpoint_id,
  };
}
