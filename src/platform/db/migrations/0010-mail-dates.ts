/**
 * Mail dates the intake stored before it checked them (src/intake/mail.ts, trustedDate): a year
 * from 10000 on, which PostgreSQL stores but the API cannot answer (every list holding the row
 * failed), or before 1900. Such a touchpoint takes the time it was stored, as a mail without a
 * date does, and so do its contacts' copies; an unmatched mail takes the time it was received.
 */
export const sql = /* sql */ `
with fixed as (
  update touchpoints set occurred_at = created_at
  where occurred_at >= '10000-01-01T00:00:00Z' or occurred_at < '1900-01-01T00:00:00Z'
  returning workspace_id, id, occurred_at
)
update touchpoint_contacts tc set occurred_at = f.occurred_at
from fixed f
where tc.workspace_id = f.workspace_id and tc.touchpoint_id = f.id;

update unmatched_mails set sent_at = received_at
where sent_at >= '10000-01-01T00:00:00Z' or sent_at < '1900-01-01T00:00:00Z';
`;
