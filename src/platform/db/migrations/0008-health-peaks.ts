/**
 * The score-drop rule reads each account's highest score of the last 30 days before every
 * recompute (recompute.ts, loadPeaks). With the score carried in the day index that read comes from
 * the index alone instead of one heap fetch per snapshot (decision 0012).
 */
export const sql = /* sql */ `
drop index health_snapshots_day_idx;
create index health_snapshots_day_idx on health_snapshots (workspace_id, account_id, as_of) include (score);
`;
