/**
 * M2 touchpoints. An external id (a CRM row id, an ICS UID, a Message-ID) is unique per workspace,
 * so importing the same item twice stores it once. Indexes serve the account timeline (newest
 * first), the last touch and last client-initiated touch of an account (a backward index scan
 * each), and the windowed counts of the attention board (recent touches by time).
 */
export const sql = /* sql */ `
create table touchpoints (
  workspace_id uuid not null,
  id uuid not null,
  account_id uuid not null,
  channel text not null check (channel in ('email', 'call', 'meeting', 'video', 'chat', 'social', 'report', 'other')),
  direction text not null check (direction in ('agency_initiated', 'client_initiated')),
  occurred_at timestamptz not null,
  duration_minutes integer check (duration_minutes is null or duration_minutes between 0 and 100000),
  subject text not null default '',
  summary text not null default '',
  source text not null check (source in ('manual', 'api', 'csv', 'ics', 'email')),
  external_id text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);
create unique index touchpoints_external_key on touchpoints (workspace_id, external_id) where external_id is not null;
create index touchpoints_account_time_idx on touchpoints (workspace_id, account_id, occurred_at desc, id desc);
create index touchpoints_account_direction_idx on touchpoints (workspace_id, account_id, direction, occurred_at desc);
create index touchpoints_time_idx on touchpoints (workspace_id, occurred_at desc, id desc);

create table touchpoint_contacts (
  workspace_id uuid not null,
  touchpoint_id uuid not null,
  contact_id uuid not null,
  primary key (workspace_id, touchpoint_id, contact_id),
  foreign key (workspace_id, touchpoint_id) references touchpoints (workspace_id, id) on delete cascade,
  foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
);
create index touchpoint_contacts_contact_idx on touchpoint_contacts (workspace_id, contact_id, touchpoint_id);

create table touchpoint_members (
  workspace_id uuid not null,
  touchpoint_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  primary key (workspace_id, touchpoint_id, user_id),
  foreign key (workspace_id, touchpoint_id) references touchpoints (workspace_id, id) on delete cascade
);
create index touchpoint_members_user_idx on touchpoint_members (workspace_id, user_id);

create index contacts_emails_idx on contacts using gin (emails);
`;
