/**
 * Platform tables. Users, sessions, API tokens, rate limits and jobs are global (on a sharded
 * cluster: reference or coordinator tables); everything a workspace owns carries `workspace_id`
 * in its primary key and foreign keys, so it can be distributed by tenant. See
 * docs/decisions/0005-auth-design.md and 0004-job-queue.md.
 */
export const sql = /* sql */ `
create table users (
  id uuid primary key,
  email text not null,
  name text not null,
  password_hash text,
  created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table workspaces (
  id uuid primary key,
  name text not null,
  slug text not null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);
create unique index workspaces_slug_key on workspaces (slug);

create table memberships (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

create table sessions (
  id text primary key,
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  token_hash text not null,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create unique index api_tokens_hash_key on api_tokens (token_hash);
create index api_tokens_workspace_idx on api_tokens (workspace_id, user_id);

create table rate_limits (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);

create table jobs (
  id uuid primary key,
  queue text not null,
  workspace_id uuid references workspaces (id) on delete cascade,
  payload jsonb not null default '{}',
  dedupe_key text,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  run_at timestamptz not null default now(),
  locked_by text,
  locked_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_ready_idx on jobs (run_at) where status = 'queued';
create unique index jobs_dedupe_key on jobs (queue, dedupe_key) where status = 'queued' and dedupe_key is not null;

create table audit_events (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null,
  actor_user_id uuid references users (id) on delete set null,
  actor_label text not null,
  action text not null,
  entity_type text not null,
  entity_id text,
  changes jsonb not null default '{}',
  at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index audit_events_at_idx on audit_events (workspace_id, at desc, id);
`;
