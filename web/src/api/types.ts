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
