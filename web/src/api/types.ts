/**
 * The API's shapes, written by hand so that the bundle carries no server code, and held to the
 * server's zod schemas (src/<module>/schemas.ts) by test/contract/web-api-types.ts at typecheck.
 */

export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const ACCOUNT_STATUSES = ['prospect', 'active', 'at_risk', 'lost'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export const OWNER_ROLES = ['lead', 'client_service', 'member'] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];
export const CONTACT_ROLES = ['decision_maker', 'champion', 'user', 'finance', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const CONTACT_STATUSES = ['active', 'left'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export const SOCIAL_NETWORKS = ['x', 'linkedin', 'instagram', 'facebook', 'tiktok', 'youtube', 'threads', 'bluesky', 'other'] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

export const ACCOUNT_SORTS = ['name', '-name', 'value', '-value', 'updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'health', '-health', 'alerts', '-alerts'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[]; requestId?: string };
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  isDemo: boolean;
  role: Role;
}

export interface Me {
  user: { id: string; email: string; name: string };
  workspace: Workspace | null;
  role: Role | null;
  workspaces: Workspace[];
  csrfToken: string | null;
  via: 'session' | 'token';
}

/** GET /api/setup: whether the first-run setup may still create the first workspace (decision 0024). */
export interface SetupState {
  isOpen: boolean;
  hasUsers: boolean;
  /** While nobody has set Rapport up: the demo's sign-in, whose password `rapport serve` printed. */
  demoEmail?: string | null;
}

export interface FirstOwnerInput {
  name: string;
  email: string;
  password: string;
  workspace: string;
}

export interface SetupResult {
  csrfToken: string;
  expiresAt: string;
  workspace: Workspace;
}

export interface LoginResult {
  csrfToken: string;
  expiresAt: string;
}

export interface Money {
  amount: number;
  currency: string;
}

export interface AccountOwner {
  userId: string;
  name: string;
  role: OwnerRole;
}

export interface Account {
  id: string;
  name: string;
  aliases: string[];
  category: string | null;
  website: string | null;
  value: Money | null;
  status: AccountStatus;
  startedOn: string | null;
  cadenceDays: number | null;
  isConfidential: boolean;
  owners: AccountOwner[];
  conflicts: Array<{ id: string; name: string }>;
  contactCount: number;
  notes: string;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What POST /api/accounts takes; PATCH takes any subset plus `archived`. */
export interface AccountInput {
  name: string;
  aliases: string[];
  category: string | null;
  website: string | null;
  value: Money | null;
  status: AccountStatus;
  startedOn: string | null;
  cadenceDays: number | null;
  isConfidential: boolean;
  owners: Array<{ userId: string; role: OwnerRole }>;
  conflictIds: string[];
  notes: string;
}
export type AccountPatch = Partial<AccountInput> & { archived?: boolean };

export interface AccountPage {
  items: Account[];
  nextCursor: string | null;
  total?: number;
  /** On the first page sorted by health: how current the scores of the order are (the portfolio shows its health's instead). */
  freshness?: Freshness;
}

export interface AccountListQuery {
  q?: string | undefined;
  status?: AccountStatus[] | undefined;
  category?: string | undefined;
  ownerId?: string | undefined;
  archived?: 'false' | 'true' | 'all' | undefined;
  sort?: AccountSort | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  withTotal?: boolean | undefined;
}

export interface AccountFacets {
  categories: Array<{ category: string; count: number }>;
  statuses: Array<{ status: AccountStatus; count: number }>;
}

export interface SocialHandle {
  network: SocialNetwork;
  handle: string;
}

export interface Contact {
  id: string;
  accountId: string;
  name: string;
  emails: string[];
  phone: string | null;
  title: string | null;
  role: ContactRole;
  influence: number;
  isPrimary: boolean;
  status: ContactStatus;
  leftOn: string | null;
  socialHandles: Array<{ network: string; handle: string }>;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

export interface ContactInput {
  name: string;
  emails: string[];
  phone: string | null;
  title: string | null;
  role: ContactRole;
  influence: number;
  isPrimary: boolean;
  status: ContactStatus;
  leftOn: string | null;
  socialHandles: SocialHandle[];
  notes: string;
}

export interface ContactPage {
  items: Contact[];
  nextCursor: string | null;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: string;
}

export interface AddMemberInput {
  email: string;
  name?: string;
  role: Role;
  password?: string;
}

export interface Token {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  userEmail: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedToken extends Token {
  /** The secret: shown once, never again. */
  token: string;
}

/* ---------- Touchpoints, cadence and attention (src/touchpoints/schemas.ts, attention-schemas.ts) ---------- */

export const CHANNELS = ['email', 'call', 'meeting', 'video', 'chat', 'social', 'report', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const DIRECTIONS = ['agency_initiated', 'client_initiated'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const SOURCES = ['manual', 'api', 'csv', 'ics', 'email'] as const;
export type TouchpointSource = (typeof SOURCES)[number];

export interface Touchpoint {
  id: string;
  accountId: string;
  accountName: string;
  channel: Channel;
  direction: Direction;
  occurredAt: string;
  durationMinutes: number | null;
  subject: string;
  summary: string;
  source: TouchpointSource;
  externalId: string | null;
  contacts: Array<{ id: string; name: string }>;
  members: Array<{ userId: string; name: string }>;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What POST /api/touchpoints takes (the web app always sends source `manual`). */
export interface TouchpointInput {
  accountId: string;
  channel: Channel;
  direction: Direction;
  occurredAt: string;
  durationMinutes: number | null;
  contactIds: string[];
  memberIds: string[];
  subject: string;
  summary: string;
}
export type TouchpointPatch = Partial<TouchpointInput>;

/**
 * One entry of an account's timeline. Older servers send only touchpoints; newer ones add the
 * delivery ledger's projects, deliverables, targets and incidents (src/touchpoints/schemas.ts).
 */
export type TimelineEntry =
  | { kind: 'touchpoint'; at: string; touchpoint: Touchpoint }
  | { kind: 'project'; at: string; project: Project }
  | { kind: 'deliverable'; at: string; deliverable: Deliverable }
  | { kind: 'target'; at: string; target: Target }
  | { kind: 'incident'; at: string; incident: Incident };
export const TIMELINE_KINDS = ['touchpoint', 'deliverable', 'target', 'incident', 'project'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelinePage {
  items: TimelineEntry[];
  nextCursor: string | null;
}

export interface TimelineQuery {
  kind?: TimelineKind | undefined;
  channel?: Channel | undefined;
  direction?: Direction | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface AccountCadence {
  lastTouchAt: string | null;
  lastClientTouchAt: string | null;
  daysSinceLastTouch: number | null;
  /** Days past the cadence target (0 when on time); null without a target. */
  daysOverdue: number | null;
  clientShare90: number | null;
  clientSharePrev90: number | null;
  engagedContacts90: number;
  activeContacts: number;
  touchesPerMonth: number;
}

export type AttentionKind = 'going_quiet' | 'client_stopped_initiating' | 'single_threaded';

export interface AttentionReason {
  kind: AttentionKind;
  message: string;
}

export interface ContactCadence {
  id: string;
  name: string;
  role: string;
  status: string;
  lastTouchAt: string | null;
  lastInitiatedAt: string | null;
  touches90: number;
}

export interface AccountCadenceView {
  accountId: string;
  asOf: string;
  cadenceDays: number | null;
  cadence: AccountCadence;
  reasons: AttentionReason[];
  contacts: ContactCadence[];
}

export interface AttentionRow {
  account: {
    id: string;
    name: string;
    status: string;
    value: Money | null;
    cadenceDays: number | null;
    owners: Array<{ userId: string; name: string; role: string }>;
  };
  reasons: AttentionReason[];
  cadence: AccountCadence;
}

export interface ShareRow {
  accountId: string;
  name: string;
  touches90: number;
  value: number;
  touchShare: number;
  valueShare: number;
  /** touchShare − valueShare: negative when the account pays more than the attention it gets. */
  gap: number;
}

export interface OwnerShare {
  userId: string | null;
  name: string;
  touches90: number;
  value: number;
  touchShare: number;
  valueShare: number;
  accounts: ShareRow[];
}

/** How current the stored numbers of a portfolio-wide read are (decision 0027). */
export interface Freshness {
  /** The day of the oldest stored numbers: today, or an earlier day until the day's recompute has reached them all; null without an open account. */
  asOf: string | null;
  /** When the oldest of them was computed; null without an open account. */
  computedAt: string | null;
  /** Some are from an earlier day and the day's recompute is queued or running: read again for today's. */
  updating: boolean;
}

export interface AttentionBoard {
  /** Now: days since the last touch and days overdue are counted to this time. */
  asOf: string;
  /** How current the stored touch statistics (window counts, engaged contacts) are. */
  freshness: Freshness;
  accountsConsidered: number;
  /** Of those, the accounts with no contact cadence target: going quiet is not checked for them. */
  accountsWithoutCadence: number;
  goingQuiet: AttentionRow[];
  stoppedInitiating: AttentionRow[];
  singleThreaded: AttentionRow[];
  attentionShare: {
    /** The currency whose accounts are compared (with those without a value); null when no account has a value. */
    currency: string | null;
    /** Every currency the accounts are valued in, most accounts first. */
    currencies: Array<{ currency: string; accounts: number }>;
    totalTouches90: number;
    totalValue: number;
    owners: OwnerShare[];
  };
}

/* ---------- Imports (src/imports/schemas.ts) ---------- */

export type ImportFormat = 'csv' | 'ics';
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';
export type ImportKind = 'accounts' | 'contacts' | 'touchpoints' | 'deliverables' | 'targets' | 'incidents';
export const DATE_ORDERS = ['dmy', 'mdy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/** Column name → Rapport field; null leaves the column out. */
export type ColumnMapping = Record<string, string | null>;

export interface ImportRowError {
  /** 1-based line of the file where the row starts (0: not tied to a row). */
  line: number;
  column: string | null;
  message: string;
}

export interface ImportPreviewRow {
  line: number;
  /** The row on Rapport's fields. */
  values: Record<string, unknown>;
  /** null: not decided while the file has problems (the mapping is not usable yet). */
  outcome: 'new' | 'unchanged' | 'failed' | null;
  errors: string[];
  /** More on what importing the row would do where the outcome alone would mislead (a lost account's loss record). */
  notes: string[];
}

/** Amounts whose row names no currency (docs/decisions/0019-import-defaults.md). */
export interface ImportCurrency {
  /** The currency sent: such amounts are in it (marked in the rows); null: such rows fail. */
  applied: string | null;
  /** The workspace's most used currency, else EUR: what the screen offers first. */
  suggested: string;
  suggestedFrom: 'accounts' | 'fallback';
}

export interface ImportPreview {
  format: ImportFormat;
  layout: string | null;
  layoutLabel: string | null;
  kind: ImportKind | null;
  header: string[];
  mapping: ColumnMapping;
  /** The fields a column can map to. */
  fields: string[];
  fieldsByKind: Record<string, string[]>;
  /** Why the file cannot be imported as mapped (empty when it can). */
  problems: ErrorDetail[];
  /** null for a calendar. */
  currency: ImportCurrency | null;
  rows: ImportPreviewRow[];
}

export interface ImportOptions {
  filename: string;
  mapping?: ColumnMapping | undefined;
  /** What the rows become, when the person chose it. */
  kind?: ImportKind | undefined;
  dateOrder?: DateOrder | undefined;
  currency?: string | undefined;
}

export interface ImportJob {
  id: string;
  filename: string;
  format: ImportFormat;
  layout: string | null;
  layoutLabel: string | null;
  kind: ImportKind | null;
  status: ImportStatus;
  dryRun: boolean;
  bytesTotal: number | null;
  bytesRead: number;
  /** Share of the file read (0–100), when its size is known. */
  percent: number | null;
  rowsRead: number;
  rowsImported: number;
  rowsUnchanged: number;
  rowsFailed: number;
  /** Of the rows imported, accounts recorded lost with their loss record (would be, in a dry run). */
  accountsMarkedLost: number;
  errors: ImportRowError[];
  /** Bad rows not in `errors`. */
  errorsOmitted: number;
  /** Why the import stopped before the end of the file, if it did. */
  failure: string | null;
  mapping: Record<string, string> | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportPage {
  items: ImportJob[];
  nextCursor: string | null;
}

/* ---------- Mail intake (src/intake/routes.ts) ---------- */

export interface IntakeAddress {
  address: string;
  domain: string;
  /** Whether this server runs the SMTP intake, and where. */
  smtp: { enabled: boolean; host: string; port: number };
}

export interface UnmatchedMail {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  /** The start of the text, for a list. */
  snippet: string;
  /** The text as kept (up to 5,000 characters). */
  bodyText: string;
  sentAt: string;
  receivedAt: string;
  status: 'pending' | 'assigned' | 'discarded';
  touchpointId: string | null;
}

export interface UnmatchedPage {
  items: UnmatchedMail[];
  nextCursor: string | null;
}

export interface AssignMailInput {
  accountId: string;
  contactIds?: string[];
  direction?: Direction;
}

/* ---------- Delivery ledger (src/delivery/schemas.ts, delivery.ts) ---------- */

export const PROJECT_STATUSES = ['planned', 'active', 'on_hold', 'done', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const DELIVERABLE_STATUSES = ['planned', 'in_progress', 'delivered', 'approved', 'cancelled'] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];
export const DELIVERABLE_STATES = ['upcoming', 'due_today', 'overdue', 'delivered_on_time', 'delivered_late', 'cancelled'] as const;
export type DeliverableState = (typeof DELIVERABLE_STATES)[number];
export const INCIDENT_KINDS = ['report_error', 'missed_deadline', 'rework', 'missed_meeting', 'complaint', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export interface Project {
  id: string;
  accountId: string;
  accountName: string;
  name: string;
  brief: string;
  budget: Money | null;
  startsOn: string | null;
  endsOn: string | null;
  status: ProjectStatus;
  deliverableCount: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface ProjectInput {
  accountId: string;
  name: string;
  brief: string;
  budget: Money | null;
  startsOn: string | null;
  endsOn: string | null;
  status: ProjectStatus;
}

export interface Deliverable {
  id: string;
  projectId: string;
  projectName: string;
  accountId: string;
  accountName: string;
  title: string;
  owner: { userId: string; name: string } | null;
  dueAt: string;
  deliveredAt: string | null;
  approvedAt: string | null;
  status: DeliverableStatus;
  /** Lateness as of now. */
  state: DeliverableState;
  /** Whole days late (0 when on time); null while not yet due and when cancelled. */
  daysLate: number | null;
  notes: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}
/** What POST /api/deliverables takes: a delivered or approved status without its time is stamped now. */
export interface DeliverableInput {
  projectId: string;
  title: string;
  ownerId?: string | null;
  dueAt: string;
  deliveredAt?: string | null;
  approvedAt?: string | null;
  status?: DeliverableStatus | undefined;
  notes?: string;
}

export interface Target {
  id: string;
  accountId: string;
  accountName: string;
  projectId: string | null;
  projectName: string | null;
  metric: string;
  periodStart: string;
  periodEnd: string;
  goal: number;
  actual: number | null;
  higherIsBetter: boolean;
  /** null while the actual is missing. */
  met: boolean | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface TargetInput {
  accountId: string;
  projectId: string | null;
  metric: string;
  periodStart: string;
  periodEnd: string;
  goal: number;
  actual: number | null;
  higherIsBetter: boolean;
}

export interface Incident {
  id: string;
  accountId: string;
  accountName: string;
  deliverableId: string | null;
  deliverableTitle: string | null;
  kind: IncidentKind;
  /** 1 minor, 2 notable, 3 serious. */
  severity: number;
  description: string;
  occurredAt: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface IncidentInput {
  accountId: string;
  deliverableId: string | null;
  kind: IncidentKind;
  severity: number;
  description: string;
  occurredAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every record of the ledger for one account. */
export interface AccountDelivery {
  projects: Project[];
  deliverables: Deliverable[];
  targets: Target[];
  incidents: Incident[];
}

/* ---------- Health and alerts (src/health/schemas.ts, model.ts) ---------- */

export const BANDS = ['healthy', 'watch', 'at_risk'] as const;
export type Band = (typeof BANDS)[number];
export const COMPONENT_KEYS = ['delivery', 'targets', 'quality', 'recency', 'breadth', 'initiation', 'sentiment', 'survey'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];
export const FACT_KINDS = ['touchpoint', 'deliverable', 'target', 'incident', 'contact', 'survey_answer'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** A fact behind a number: what it is, its label, and when it happened. */
export interface Fact {
  kind: FactKind;
  id: string;
  label: string;
  at: string | null;
}

export interface HealthComponent {
  key: ComponentKey;
  label: string;
  /** 0 … 1; null when the account has no data for it. */
  value: number | null;
  weight: number;
  effectiveWeight: number;
  /** Points of the score; the contributions add up to the score. */
  contribution: number;
  present: boolean;
  detail: string;
  facts: Fact[];
}

export interface AccountHealth {
  accountId: string;
  asOf: string;
  score: number;
  band: Band;
  modelVersion: number;
  computedAt: string;
  components: HealthComponent[];
  missing: ComponentKey[];
  /** False: no weighted component has data yet, and `score` is the model's neutral one (decision 0024). */
  hasData: boolean;
  note: string;
}

export interface HealthSnapshot {
  id: string;
  asOf: string;
  score: number;
  band: Band;
  modelVersion: number;
  cause: 'change' | 'daily' | 'recompute';
  computedAt: string;
}

export interface HealthHistory {
  accountId: string;
  items: HealthSnapshot[];
}

export interface HealthChangeComponent {
  key: ComponentKey;
  label: string;
  before: number;
  after: number;
  delta: number;
  valueBefore: number | null;
  valueAfter: number | null;
  added: Fact[];
  removed: Fact[];
}

export interface HealthChange {
  accountId: string;
  from: HealthSnapshot | null;
  to: HealthSnapshot | null;
  scoreDelta: number;
  components: HealthChangeComponent[];
}

export interface PortfolioHealthItem {
  accountId: string;
  score: number;
  band: Band;
  /** False: the neutral score of an account with no facts yet, shown as "no data yet". */
  hasData: boolean;
  delta30: number | null;
  /** One score a day over the last 30 days, oldest first. */
  trend: number[];
  /** Alerts to work on: open or acknowledged (a snoozed one counts again once its snooze ended). */
  openAlerts: number;
  /** How many of them are critical. */
  criticalAlerts: number;
  /** The highest severity among them (null without any): the colour of the count. */
  alertSeverity: Severity | null;
}

export interface PortfolioHealth {
  asOf: string;
  /** How current the scores, trends and alert counts are. */
  freshness: Freshness;
  items: PortfolioHealthItem[];
}

export type HealthWeights = Record<ComponentKey, number>;

export interface HealthModel {
  windows: { touchDays: number; deliveryDays: number; incidentDays: number; cosyDays: number };
  weights: HealthWeights;
  bands: { healthy: number; watch: number };
  components: Record<string, number>;
  alerts: Record<string, Record<string, number>>;
}

export interface VersionedModel {
  /** 0 is the built-in default. */
  version: number;
  model: HealthModel;
  note: string;
  createdAt: string | null;
  createdBy: string | null;
}

export interface ModelVersions {
  current: number;
  items: VersionedModel[];
}

export const ALERT_KINDS = [
  'going_quiet',
  'client_stopped_initiating',
  'delivery_slipping',
  'targets_missed',
  'quality_incidents',
  'single_threaded',
  'champion_left',
  'score_drop',
  'too_cosy',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface UserRef {
  userId: string;
  name: string;
}

export interface Alert {
  id: string;
  accountId: string;
  accountName: string;
  kind: AlertKind;
  state: AlertState;
  severity: Severity;
  message: string;
  reasons: Array<{ message: string; facts: Fact[] }>;
  raisedOn: string;
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: UserRef | null;
  snoozedUntil: string | null;
  resolvedAt: string | null;
  resolvedBy: UserRef | null;
  resolution: 'auto' | 'manual' | null;
  /** Resolved by hand: the day its rule stopped holding; while null, the resolution holds back new alerts of its kind unless it gets worse. */
  clearedOn: string | null;
  note: string;
}

export interface AlertPage {
  items: Alert[];
  nextCursor: string | null;
  /** Alerts per state under the same account and kind filters (whatever the state filter). */
  counts: Partial<Record<AlertState, number>>;
  /** The same counts per state, split by severity. */
  severities: Partial<Record<AlertState, Partial<Record<Severity, number>>>>;
  /** How current the stored alerts are; absent when filtered by account (that account's are brought to today). */
  freshness?: Freshness;
}

export interface AlertListQuery {
  accountId?: string | undefined;
  kind?: AlertKind[] | undefined;
  state?: AlertState[] | undefined;
  /** newest (the default) or severity: critical first, newest first within each, across every page. */
  sort?: 'newest' | 'severity' | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export type AlertAction = { action: 'acknowledge'; note?: string } | { action: 'snooze'; until: string; note?: string } | { action: 'resolve'; note?: string };

/* ---------- Post-mortems and backtest (src/postmortems/schemas.ts) ---------- */

export const LOSS_REASONS = [
  'price',
  'quality',
  'missed_results',
  'relationship',
  'staff_change_client',
  'staff_change_agency',
  'strategy_change',
  'in_housing',
  'consolidation',
  'unknown',
] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

export interface MarkLostInput {
  lostOn: string;
  reasons: LossReason[];
  notes: string;
}

export interface Loss {
  accountId: string;
  accountName: string;
  status: AccountStatus;
  lostOn: string;
  reasons: LossReason[];
  notes: string;
  recordedBy: UserRef | null;
  recordedAt: string;
}

export type PostmortemEventKind = 'late_deliverable' | 'missed_target' | 'incident' | 'contact_gap' | 'band_change' | 'alert' | 'lost';

export interface Postmortem {
  account: { id: string; name: string; cadenceDays: number | null };
  loss: { lostOn: string; reasons: LossReason[]; notes: string; recordedBy: UserRef | null; recordedAt: string };
  window: { from: string; to: string; days: number };
  summary: {
    deliverablesDue: number;
    lateDeliverables: number;
    targetsEvaluated: number;
    missedTargets: number;
    incidents: number;
    incidentSeverityTotal: number;
    touches: number;
    contactGaps: number;
    longestGapDays: number | null;
    clientShareBefore: number | null;
    clientShareAfter: number | null;
    initiationDropped: boolean;
    firstAtRiskOn: string | null;
    atRiskDaysBeforeLoss: number | null;
    alertsRaised: number;
    alertsActedOn: number;
  };
  lateDeliverables: Array<{
    id: string;
    projectId: string;
    projectName: string;
    title: string;
    dueAt: string;
    deliveredAt: string | null;
    daysLate: number;
    state: 'delivered_late' | 'overdue';
  }>;
  missedTargets: Array<{
    id: string;
    projectId: string | null;
    projectName: string | null;
    metric: string;
    periodStart: string;
    periodEnd: string;
    goal: number;
    actual: number;
    higherIsBetter: boolean;
  }>;
  incidents: Array<{
    id: string;
    deliverableId: string | null;
    deliverableTitle: string | null;
    kind: string;
    severity: number;
    description: string;
    occurredAt: string;
  }>;
  contactGaps: Array<{ from: string; to: string; days: number; fromTouchId: string | null; toTouchId: string | null; allowedDays: number }>;
  initiation: Array<{ from: string; to: string; touches: number; clientTouches: number; clientShare: number | null }>;
  health: Array<{ asOf: string; score: number; band: Band; modelVersion: number }>;
  alerts: Array<{
    id: string;
    kind: string;
    severity: Severity;
    message: string;
    state: AlertState;
    raisedOn: string;
    raisedAt: string;
    acknowledgedAt: string | null;
    acknowledgedBy: UserRef | null;
    snoozedUntil: string | null;
    resolvedAt: string | null;
    resolvedBy: UserRef | null;
    resolution: 'auto' | 'manual' | null;
    note: string;
    response: 'resolved_manually' | 'acknowledged' | 'snoozed' | 'none';
    actedOn: boolean;
    actedBeforeLoss: boolean;
  }>;
  timeline: Array<{ at: string; kind: PostmortemEventKind; refId: string | null; message: string }>;
}

export interface MoneyTotal {
  currency: string;
  amount: number;
}

export interface LossReport {
  from: string | null;
  to: string | null;
  totals: { accounts: number; value: MoneyTotal[] };
  reasons: Array<{ reason: LossReason; accounts: number; value: MoneyTotal[]; share: number }>;
  accounts: Array<{ accountId: string; name: string; lostOn: string; reasons: LossReason[]; notes: string; value: Money | null }>;
}

export interface BacktestModel {
  version: number;
  note: string;
  precision: number | null;
  accountPrecision: number | null;
  recall: number | null;
  medianLeadDays: number | null;
  medianWatchLeadDays: number | null;
  counts: {
    /** Account-days replayed without data: no prediction, in no other count. */
    noDataDays: number;
    countedDays: number;
    atRiskDays: number;
    truePositiveDays: number;
    flaggedAccounts: number;
    flaggedAccountsLost: number;
    lostAccounts: number;
    lostAccountsFlagged: number;
    /** Lost accounts without a day of data in the horizon before the loss: out of recall. */
    lostAccountsWithoutData: number;
  };
  lost: Array<{
    accountId: string;
    name: string;
    lostOn: string;
    firstAtRiskOn: string | null;
    leadDays: number | null;
    firstWatchOn: string | null;
    watchLeadDays: number | null;
    isFlaggedWithinHorizon: boolean;
    hasDataWithinHorizon: boolean;
  }>;
}

export interface Backtest {
  asOf: string;
  horizonDays: number;
  lookbackDays: number;
  maxReplayDays: number;
  accounts: { lost: number; retained: number; replayedDays: number };
  /** The model tested, then the one compared with it. */
  models: BacktestModel[];
}
