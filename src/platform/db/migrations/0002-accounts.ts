/**
 * M1 accounts and contacts. `sort_name` is the name folded to lower case without diacritics and
 * compared byte-wise (collate "C"), so sort order and cursors are identical on PGlite (PostgreSQL
 * 18) and Debian's PostgreSQL 15 whatever their default collation. `search_text` holds the name
 * and aliases folded the same way for substring search.
 */
export const sql = /* sql */ `
create table accounts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null,
  name text not null,
  sort_name text collate "C" not null,
  aliases text[] not null default '{}',
  search_text text not null,
  category text,
  website text,
  value_amount numeric(14, 2),
  value_currency char(3),
  status text not null check (status in ('prospect', 'active', 'at_risk', 'lost')),
  started_on date,
  cadence_days integer check (cadence_days is null or cadence_days between 1 and 3650),
  is_confidential boolean not null default false,
  notes text not null default '',
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index accounts_sort_name_idx on accounts (workspace_id, sort_name, id);
create index accounts_updated_idx on accounts (workspace_id, updated_at, id);
create index accounts_value_idx on accounts (workspace_id, value_amount, id);
create index accounts_status_idx on accounts (workspace_id, status);

create table account_owners (
  workspace_id uuid not null,
  account_id uuid not null,
  user_id uuid not null,
  role text not null check (role in ('lead', 'client_service', 'member')),
  primary key (workspace_id, account_id, user_id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
  foreign key (workspace_id, user_id) references memberships (workspace_id, user_id) on delete cascade
);
create index account_owners_user_idx on account_owners (workspace_id, user_id);

create table account_conflicts (
  workspace_id uuid not null,
  account_id uuid not null,
  other_account_id uuid not null,
  primary key (workspace_id, account_id, other_account_id),
  check (account_id <> other_account_id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
  foreign key (workspace_id, other_account_id) references accounts (workspace_id, id) on delete cascade
);

create table contacts (
  workspace_id uuid not null,
  id uuid not null,
  account_id uuid not null,
  name text not null,
  sort_name text collate "C" not null,
  emails text[] not null default '{}',
  phone text,
  title text,
  role text not null default 'other' check (role in ('decision_maker', 'champion', 'user', 'finance', 'other')),
  influence smallint not null default 3 check (influence between 1 and 5),
  is_primary boolean not null default false,
  status text not null default 'active' check (status in ('active', 'left')),
  left_on date,
  social_handles jsonb not null default '[]',
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);
create index contacts_account_idx on contacts (workspace_id, account_id, sort_name, id);
create unique index contacts_one_primary_key on contacts (workspace_id, account_id) where is_primary;
`;
