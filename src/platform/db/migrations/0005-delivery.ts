/**
 * M3 delivery ledger: projects (briefs), their deliverables, KPI targets and quality incidents.
 *
 * A deliverable's account is its project's, a target's project is one of its account's, and an
 * incident's deliverable is one of its account's: each row stores its account_id (so the health
 * aggregates read one table per account without a join) and a foreign key on (project or
 * deliverable, account_id) holds the two together. `on update cascade` carries a project moved to
 * another account through its deliverables, their incidents and its targets; deleting a project
 * deletes its deliverables and unlinks its targets and the deliverables' incidents (column-list
 * `set null`, PostgreSQL 15+), which stay on the account's record.
 *
 * Indexes: per account by time for the health score's windows (deliverables by due time,
 * incidents by occurrence, targets by period end), per workspace by time for the lists.
 */
export const sql = /* sql */ `
create table projects (
  workspace_id uuid not null,
  id uuid not null,
  account_id uuid not null,
  name text not null,
  brief text not null default '',
  budget_amount numeric(14, 2) check (budget_amount is null or budget_amount >= 0),
  budget_currency char(3),
  starts_on date,
  ends_on date,
  status text not null check (status in ('planned', 'active', 'on_hold', 'done', 'cancelled')),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (workspace_id, id),
  unique (workspace_id, id, account_id),
  check ((budget_amount is null) = (budget_currency is null)),
  check (starts_on is null or ends_on is null or ends_on >= starts_on),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);
create index projects_account_idx on projects (workspace_id, account_id, created_at, id);
create index projects_created_idx on projects (workspace_id, created_at, id);

create table deliverables (
  workspace_id uuid not null,
  id uuid not null,
  project_id uuid not null,
  account_id uuid not null,
  title text not null,
  owner_id uuid,
  due_at timestamptz not null,
  delivered_at timestamptz,
  approved_at timestamptz,
  status text not null check (status in ('planned', 'in_progress', 'delivered', 'approved', 'cancelled')),
  notes text not null default '',
  -- The id in the system a CSV came from: importing the same row twice stores it once.
  external_id text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (workspace_id, id),
  unique (workspace_id, id, account_id),
  check ((delivered_at is not null) = (status in ('delivered', 'approved'))),
  check ((approved_at is not null) = (status = 'approved')),
  check (approved_at is null or approved_at >= delivered_at),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
  foreign key (workspace_id, project_id, account_id) references projects (workspace_id, id, account_id) on update cascade on delete cascade,
  foreign key (workspace_id, owner_id) references memberships (workspace_id, user_id) on delete set null (owner_id)
);
create unique index deliverables_external_key on deliverables (workspace_id, external_id) where external_id is not null;
create index deliverables_account_due_idx on deliverables (workspace_id, account_id, due_at);
create index deliverables_project_idx on deliverables (workspace_id, project_id, due_at);
create index deliverables_due_idx on deliverables (workspace_id, due_at, id);
create index deliverables_owner_idx on deliverables (workspace_id, owner_id) where owner_id is not null;

create table targets (
  workspace_id uuid not null,
  id uuid not null,
  account_id uuid not null,
  project_id uuid,
  metric text not null,
  period_start date not null,
  period_end date not null,
  goal double precision not null,
  actual double precision,
  higher_is_better boolean not null default true,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (workspace_id, id),
  check (period_end >= period_start),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
  foreign key (workspace_id, project_id, account_id) references projects (workspace_id, id, account_id) on update cascade on delete set null (project_id)
);
-- Per account and metric, latest period first: the health score's "last two periods" read in order.
create index targets_account_period_idx on targets (workspace_id, account_id, metric, period_end desc, id desc);
create index targets_project_idx on targets (workspace_id, project_id) where project_id is not null;
create index targets_period_idx on targets (workspace_id, period_end, id);

create table incidents (
  workspace_id uuid not null,
  id uuid not null,
  account_id uuid not null,
  deliverable_id uuid,
  kind text not null check (kind in ('report_error', 'missed_deadline', 'rework', 'missed_meeting', 'complaint', 'other')),
  severity smallint not null check (severity between 1 and 3),
  description text not null default '',
  occurred_at timestamptz not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (workspace_id, id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
  foreign key (workspace_id, deliverable_id, account_id) references deliverables (workspace_id, id, account_id) on update cascade on delete set null (deliverable_id)
);
create index incidents_account_time_idx on incidents (workspace_id, account_id, occurred_at);
create index incidents_deliverable_idx on incidents (workspace_id, deliverable_id) where deliverable_id is not null;
create index incidents_time_idx on incidents (workspace_id, occurred_at, id);
`;
