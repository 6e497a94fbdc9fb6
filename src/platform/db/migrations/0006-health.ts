/**
 * M4 health and M6 losses, and what the score reads fast:
 * - `touchpoints.sentiment`: lexicon sentiment of subject and summary, computed when written.
 * - `touchpoint_contacts.occurred_at`/`direction`: the touchpoint's time and direction copied onto
 *   each link, so "engaged contacts in 90 days" is an index range per contact rather than a join
 *   of every recent touchpoint to every link (decision 0009). Every writer sets them.
 * - `health_models`: the workspace's model (weights, windows, thresholds), versioned; no row means
 *   the built-in default (version 0).
 * - `health_current`: each account's latest score and the touch statistics the attention board
 *   reads; `health_snapshots`: the history (a row when the components change, and one a day),
 *   each with its components in short form (key, value, points) and, only when they changed since
 *   the account's previous snapshot, the facts behind them (most days they did not: a night's
 *   10,000 snapshots stay small).
 * - `health_dirty`: accounts whose facts changed since their last score; the recompute job (and a
 *   read that needs it now) clears them.
 * - `alerts`: raised and resolved by the rules; at most one open alert per account and kind.
 * - `account_losses`: the post-mortem record of a lost account.
 */
export const sql = /* sql */ `
alter table touchpoints add column sentiment double precision check (sentiment is null or sentiment between -1 and 1);

alter table touchpoint_contacts add column occurred_at timestamptz;
alter table touchpoint_contacts add column direction text;
update touchpoint_contacts tc set occurred_at = t.occurred_at, direction = t.direction
  from touchpoints t where t.workspace_id = tc.workspace_id and t.id = tc.touchpoint_id;
alter table touchpoint_contacts alter column occurred_at set not null;
alter table touchpoint_contacts alter column direction set not null;
drop index touchpoint_contacts_contact_idx;

-- What the signals read, from the index alone: the window's touches by time with their account,
-- direction and sentiment (one range instead of a scan of every touchpoint), and an account's
-- newest (client-initiated, scored) touches in order, the id breaking ties.
drop index touchpoints_time_idx;
create index touchpoints_time_idx on touchpoints (workspace_id, occurred_at desc, id desc) include (account_id, direction, sentiment);
drop index touchpoints_account_direction_idx;
create index touchpoints_account_direction_idx on touchpoints (workspace_id, account_id, direction, occurred_at desc, id desc) include (sentiment);
create index touchpoint_contacts_contact_time_idx on touchpoint_contacts (workspace_id, contact_id, occurred_at desc);

create table health_models (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  version integer not null check (version > 0),
  model jsonb not null,
  note text not null default '',
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null,
  primary key (workspace_id, version)
);

create table health_current (
  workspace_id uuid not null,
  account_id uuid not null,
  as_of date not null,
  score real not null,
  band text not null check (band in ('healthy', 'watch', 'at_risk')),
  model_version integer not null,
  -- A hash of the components (values, contributions, facts): a snapshot is written when it changes.
  fingerprint text not null,
  -- A hash of the facts alone: a snapshot carries its facts when they differ from the last ones.
  facts_hash text not null,
  computed_at timestamptz not null,
  -- The touch statistics of the day, which the attention board reads without recomputing them.
  cadence_days integer,
  since date not null,
  last_touch_at timestamptz,
  last_client_touch_at timestamptz,
  touches integer not null,
  client_touches integer not null,
  touches_prev integer not null,
  client_touches_prev integer not null,
  engaged_contacts integer not null,
  active_contacts integer not null,
  primary key (workspace_id, account_id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);

create table health_snapshots (
  workspace_id uuid not null,
  id uuid not null,
  -- The order snapshots were taken in (several may share a time: one change, one recompute).
  seq bigint generated always as identity,
  account_id uuid not null,
  as_of date not null,
  score real not null,
  band text not null,
  model_version integer not null,
  components jsonb not null,
  -- { component key: ['kind:id', …] }, or null when the same as in the account's previous snapshot.
  facts jsonb,
  cause text not null check (cause in ('change', 'daily', 'recompute')),
  computed_at timestamptz not null,
  primary key (workspace_id, id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);
create index health_snapshots_account_idx on health_snapshots (workspace_id, account_id, seq desc);
create index health_snapshots_day_idx on health_snapshots (workspace_id, account_id, as_of);

create table health_dirty (
  workspace_id uuid not null,
  account_id uuid not null,
  changed_at timestamptz not null,
  primary key (workspace_id, account_id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);

create table alerts (
  workspace_id uuid not null,
  id uuid not null,
  account_id uuid not null,
  kind text not null check (kind in ('going_quiet', 'client_stopped_initiating', 'delivery_slipping', 'targets_missed',
    'quality_incidents', 'single_threaded', 'champion_left', 'score_drop', 'too_cosy')),
  state text not null default 'open' check (state in ('open', 'acknowledged', 'snoozed', 'resolved')),
  severity text not null check (severity in ('info', 'warning', 'critical')),
  message text not null,
  reasons jsonb not null,
  raised_on date not null,
  raised_at timestamptz not null,
  updated_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by uuid references users (id) on delete set null,
  snoozed_until timestamptz,
  resolved_at timestamptz,
  resolved_by uuid references users (id) on delete set null,
  resolution text check (resolution is null or resolution in ('auto', 'manual')),
  note text not null default '',
  primary key (workspace_id, id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);
create unique index alerts_one_open_idx on alerts (workspace_id, account_id, kind) where state <> 'resolved';
create index alerts_state_idx on alerts (workspace_id, state, raised_at desc);
create index alerts_account_idx on alerts (workspace_id, account_id, raised_at desc);

create table account_losses (
  workspace_id uuid not null,
  account_id uuid not null,
  lost_on date not null,
  reasons text[] not null,
  notes text not null default '',
  recorded_by uuid references users (id) on delete set null,
  recorded_at timestamptz not null,
  primary key (workspace_id, account_id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);
`;
