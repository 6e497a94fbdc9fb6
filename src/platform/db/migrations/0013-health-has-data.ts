/**
 * Whether an account's current score rests on any data (decision 0024): a new account with no
 * facts gets the model's neutral score, which the screens show as "not enough data yet" instead of
 * a band, and which is no part of its history — neither a point on its chart nor a peak for
 * score_drop to fall from. Current rows are taken to have data until their next recompute (any
 * change, and every account on the first read or nightly run of a new day) says otherwise; the
 * neutral snapshots written before (every component without a value) are removed.
 */
export const sql = /* sql */ `
alter table health_current add column has_data boolean not null default true;

delete from health_snapshots s
where not exists (select 1 from jsonb_array_elements(s.components) c where c->>'value' is not null);
`;
