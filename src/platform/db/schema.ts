import type { ColumnType, Generated } from 'kysely';

/** Row types of every table, as the drivers return them (see database.ts for the type parsers). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: Timestamp;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  slug: string;
  is_demo: Generated<boolean>;
  created_at: Timestamp;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface JobsTable {
  id: string;
  queue: string;
  workspace_id: string | null;
  payload: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  status: Generated<string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: Timestamp;
  locked_by: string | null;
  locked_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface AuditEventsTable {
  workspace_id: string;
  id: string;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changes: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface AccountsTable {
  workspace_id: string;
  id: string;
  name: string;
  sort_name: string;
  aliases: string[];
  search_text: string;
  category: string | null;
  website: string | null;
  value_amount: number | null;
  value_currency: string | null;
  status: string;
  started_on: string | null;
  cadence_days: number | null;
  is_confidential: boolean;
  notes: string;
  archived_at: Timestamp | null;
  external_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountOwnersTable {
  workspace_id: string;
  account_id: string;
  user_id: string;
  role: string;
}

export interface AccountConflictsTable {
  workspace_id: string;
  account_id: string;
  other_account_id: string;
}

export interface ContactsTable {
  workspace_id: string;
  id: string;
  account_id: string;
  name: string;
  sort_name: string;
  emails: string[];
  phone: string | null;
  title: string | null;
  role: string;
  influence: number;
  is_primary: boolean;
  status: string;
  left_on: string | null;
  social_handles: Json<Array<{ network: string; handle: string }>>;
  notes: string;
  external_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TouchpointsTable {
  workspace_id: string;
  id: string;
  account_id: string;
  channel: string;
  direction: string;
  occurred_at: Timestamp;
  duration_minutes: number | null;
  subject: string;
  summary: string;
  source: string;
  external_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sentiment: number | null;
}

export interface TouchpointContactsTable {
  workspace_id: string;
  touchpoint_id: string;
  contact_id: string;
  /** The touchpoint's time and direction, copied so contact statistics need no join. */
  occurred_at: Timestamp;
  direction: string;
}

export interface TouchpointMembersTable {
  workspace_id: string;
  touchpoint_id: string;
  user_id: string;
}

export interface ImportsTable {
  workspace_id: string;
  id: string;
  filename: string;
  format: string;
  layout: string | null;
  status: Generated<string>;
  dry_run: Generated<boolean>;
  bytes_total: number | null;
  bytes_read: Generated<number>;
  rows_read: Generated<number>;
  rows_imported: Generated<number>;
  rows_unchanged: Generated<number>;
  rows_failed: Generated<number>;
  /** Accounts recorded lost with their loss record (migration 0014). */
  accounts_marked_lost: Generated<number>;
  errors: Json<Array<{ line: number; message: string; column?: string }>>;
  mapping: Json<Record<string, string>> | null;
  created_by: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
  /** Stamped by the process running the import, every half minute (migration 0011). */
  heartbeat_at: Timestamp | null;
}

export interface MailIntakeTable {
  workspace_id: string;
  token: string;
  created_at: Timestamp;
}

export interface UnmatchedMailsTable {
  workspace_id: string;
  id: string;
  message_id: string;
  from_address: string;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  body_text: string;
  sent_at: Timestamp;
  received_at: Timestamp;
  status: Generated<string>;
  touchpoint_id: string | null;
}

export interface ProjectsTable {
  workspace_id: string;
  id: string;
  account_id: string;
  name: string;
  brief: string;
  budget_amount: number | null;
  budget_currency: string | null;
  starts_on: string | null;
  ends_on: string | null;
  status: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeliverablesTable {
  workspace_id: string;
  id: string;
  project_id: string;
  /** Always the project's account (a foreign key holds them together). */
  account_id: string;
  title: string;
  owner_id: string | null;
  due_at: Timestamp;
  delivered_at: Timestamp | null;
  approved_at: Timestamp | null;
  status: string;
  notes: string;
  external_id: Generated<string | null>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TargetsTable {
  workspace_id: string;
  id: string;
  account_id: string;
  project_id: string | null;
  metric: string;
  period_start: string;
  period_end: string;
  goal: number;
  actual: number | null;
  higher_is_better: boolean;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IncidentsTable {
  workspace_id: string;
  id: string;
  account_id: string;
  deliverable_id: string | null;
  kind: string;
  severity: number;
  description: string;
  occurred_at: Timestamp;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HealthModelsTable {
  workspace_id: string;
  version: number;
  model: Json<unknown>;
  note: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface HealthCurrentTable {
  workspace_id: string;
  account_id: string;
  as_of: string;
  score: number;
  band: string;
  /** Whether any weighted component had data (false: the neutral score of an account with no facts yet). */
  has_data: Generated<boolean>;
  model_version: number;
  fingerprint: string;
  facts_hash: string;
  computed_at: Timestamp;
  /** The recompute run that wrote the row (health_run_seq, taken when the run started); 0 before migration 0012. */
  run_seq: Generated<string>;
  cadence_days: number | null;
  since: string;
  last_touch_at: Timestamp | null;
  last_client_touch_at: Timestamp | null;
  touches: number;
  client_touches: number;
  touches_prev: number;
  client_touches_prev: number;
  engaged_contacts: number;
  active_contacts: number;
}

export interface HealthSnapshotsTable {
  workspace_id: string;
  id: string;
  seq: Generated<number>;
  account_id: string;
  as_of: string;
  score: number;
  band: string;
  model_version: number;
  components: Json<unknown>;
  facts: Json<unknown> | null;
  cause: string;
  computed_at: Timestamp;
}

export interface HealthDirtyTable {
  workspace_id: string;
  account_id: string;
  changed_at: Timestamp;
}

export interface AlertsTable {
  workspace_id: string;
  id: string;
  account_id: string;
  kind: string;
  state: Generated<string>;
  severity: string;
  message: string;
  reasons: Json<unknown>;
  raised_on: string;
  raised_at: Timestamp;
  updated_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  snoozed_until: Timestamp | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolution: string | null;
  note: Generated<string>;
  content_hash: string | null;
  /** Resolved by hand: the day the dismissal ended (its rule stopped holding); null while it stands. */
  cleared_on: string | null;
}

export interface AccountLossesTable {
  workspace_id: string;
  account_id: string;
  lost_on: string;
  reasons: string[];
  notes: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface DB {
  users: UsersTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  rate_limits: RateLimitsTable;
  jobs: JobsTable;
  audit_events: AuditEventsTable;
  accounts: AccountsTable;
  account_owners: AccountOwnersTable;
  account_conflicts: AccountConflictsTable;
  contacts: ContactsTable;
  touchpoints: TouchpointsTable;
  touchpoint_contacts: TouchpointContactsTable;
  touchpoint_members: TouchpointMembersTable;
  imports: ImportsTable;
  mail_intake: MailIntakeTable;
  unmatched_mails: UnmatchedMailsTable;
  projects: ProjectsTable;
  deliverables: DeliverablesTable;
  targets: TargetsTable;
  incidents: IncidentsTable;
  health_models: HealthModelsTable;
  health_current: HealthCurrentTable;
  health_snapshots: HealthSnapshotsTable;
  health_dirty: HealthDirtyTable;
  alerts: AlertsTable;
  account_losses: AccountLossesTable;
}
