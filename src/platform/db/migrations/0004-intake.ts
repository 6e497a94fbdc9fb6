/**
 * Intake of touchpoints without typing: imports (CSV, ICS) with their progress and bad-row report,
 * external ids on accounts and contacts so a re-import changes nothing, the workspace's secret
 * e-mail intake address, and mail that matched no contact, waiting to be assigned.
 */
export const sql = /* sql */ `
alter table accounts add column external_id text;
create unique index accounts_external_key on accounts (workspace_id, external_id) where external_id is not null;
alter table contacts add column external_id text;
create unique index contacts_external_key on contacts (workspace_id, external_id) where external_id is not null;

create table imports (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null,
  filename text not null,
  format text not null check (format in ('csv', 'ics')),
  layout text,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  dry_run boolean not null default false,
  bytes_total bigint,
  bytes_read bigint not null default 0,
  rows_read integer not null default 0,
  rows_imported integer not null default 0,
  rows_unchanged integer not null default 0,
  rows_failed integer not null default 0,
  errors jsonb not null default '[]',
  mapping jsonb,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (workspace_id, id)
);
create index imports_created_idx on imports (workspace_id, created_at desc);

create table mail_intake (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  token text not null,
  created_at timestamptz not null default now()
);
create unique index mail_intake_token_key on mail_intake (token);

create table unmatched_mails (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null,
  message_id text not null,
  from_address text not null,
  to_addresses text[] not null default '{}',
  cc_addresses text[] not null default '{}',
  subject text not null default '',
  body_text text not null default '',
  sent_at timestamptz not null,
  received_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending', 'assigned', 'discarded')),
  touchpoint_id uuid,
  primary key (workspace_id, id)
);
create unique index unmatched_mails_message_key on unmatched_mails (workspace_id, message_id);
create index unmatched_mails_pending_idx on unmatched_mails (workspace_id, received_at desc) where status = 'pending';
`;
