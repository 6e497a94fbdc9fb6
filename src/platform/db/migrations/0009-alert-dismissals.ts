/**
 * An alert resolved by hand while its rule still holds stays resolved: the recompute opens no new
 * alert of its kind for the account until the rule stops holding (or finds it worse). `cleared_on`
 * is the day that dismissal ended; null while it stands (decision 0012). One standing dismissal per
 * account and kind. Manual resolutions made before this change whose kind has been raised again
 * since are ended here, on the day they were resolved.
 */
export const sql = /* sql */ `
alter table alerts add column cleared_on date;

update alerts a set cleared_on = (a.resolved_at at time zone 'UTC')::date
where a.resolution = 'manual' and exists (
  select 1 from alerts b
  where b.workspace_id = a.workspace_id and b.account_id = a.account_id and b.kind = a.kind and b.id <> a.id
    and (b.raised_at >= a.resolved_at or (b.resolution = 'manual' and b.resolved_at > a.resolved_at)));

create unique index alerts_dismissed_idx on alerts (workspace_id, account_id, kind) where resolution = 'manual' and cleared_on is null;
`;
