/**
 * What the nightly recompute needs to stay fast at 10,000 accounts (decision 0010):
 * - `alerts.content_hash`: a hash of an open alert's severity, message and reasons, so a recompute
 *   rewrites only the alerts whose content changed (null on older rows: rewritten once).
 * - The targets' "last two periods of each metric" read from the index alone (the goal, the actual
 *   and the direction carried in it).
 */
export const sql = /* sql */ `
alter table alerts add column content_hash text;

drop index targets_account_period_idx;
create index targets_account_period_idx on targets (workspace_id, account_id, metric, period_end desc, id desc)
  include (higher_is_better, goal, actual);
`;
