/**
 * The API's shapes, written by hand to match the server's zod schemas
 * (src/accounts/schemas.ts, src/workspaces/schemas.ts, src/platform/auth/routes.ts).
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

export const ACCOUNT_SORTS = ['name', '-name', 'value', '-value', 'updatedAt', '-updatedAt', 'createdAt', '-createdAt'] as const;
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

export interface TimelineEntry {
  kind: 'touchpoint';
  at: string;
  touchpoint: Touchpoint;
}

export interface TimelinePage {
  items: TimelineEntry[];
  nextCursor: string | null;
}

export interface TimelineQuery {
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

export interface AttentionBoard {
  asOf: string;
  accountsConsidered: number;
  goingQuiet: AttentionRow[];
  stoppedInitiating: AttentionRow[];
  singleThreaded: AttentionRow[];
  attentionShare: {
    totalTouches90: number;
    totalValue: number;
    owners: OwnerShare[];
  };
}

/* ---------- Imports (src/imports/schemas.ts) ---------- */

export type ImportFormat = 'csv' | 'ics';
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';
export type ImportKind = 'accounts' | 'contacts' | 'touchpoints';
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
  outcome: 'new' | 'unchanged' | 'failed';
  errors: string[];
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
  rows: ImportPreviewRow[];
}

export interface ImportOptions {
  filename: string;
  mapping?: ColumnMapping | undefined;
  dateOrder?: DateOrder | undefined;
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
