import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { sha256 } from '../ids.js';
import type { Role } from './roles.js';
import { TOKEN_PREFIX } from '../../workspaces/api-tokens.js';
import { workspaceKeyIs } from '../../workspaces/repo.js';

/** Who a request is, resolved from its bearer token or session cookie. */
export interface RequestAuth {
  userId: string;
  email: string;
  name: string;
  via: 'session' | 'token';
  /** Set for sessions: writes must echo it in `X-CSRF-Token`. */
  csrfToken: string | null;
  /** Set for tokens: a token belongs to exactly one workspace. */
  tokenWorkspaceId: string | null;
  tokenName: string | null;
}

export interface WorkspaceAccess {
  workspaceId: string;
  role: Role;
}

/**
 * A short-lived in-process cache of resolved credentials, so the hot path does not pay a query per
 * request. Entries live for `ttlMs`; this process clears it on every membership or token change, and
 * other processes see such changes within `ttlMs` (docs/decisions/0005-auth-design.md).
 */
export class AuthCache {
  readonly #entries = new Map<string, { value: unknown; expires: number }>();
  constructor(private readonly ttlMs = 2000, private readonly maxEntries = 10_000) {}
  get<T>(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires < Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }
  set(key: string, value: unknown): void {
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }
  clear(): void {
    this.#entries.clear();
  }
}

export async function resolveBearer(deps: Deps, cache: AuthCache, token: string): Promise<RequestAuth> {
  if (!token.startsWith(TOKEN_PREFIX)) throw new AppError('unauthenticated', 'Unknown API token');
  const hash = sha256(token);
  const key = `t:${hash}`;
  const cached = cache.get<RequestAuth>(key);
  if (cached) return cached;
  const row = await deps.db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.workspace_id', 't.name as token_name', 't.last_used_at', 'u.id as user_id', 'u.email', 'u.name'])
    .where('t.token_hash', '=', hash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('unauthenticated', 'Unknown or revoked API token');
  const now = deps.clock.now();
  // Record use at most once a minute: a write per request would cost more than the request.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await deps.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  const auth: RequestAuth = {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    via: 'token',
    csrfToken: null,
    tokenWorkspaceId: row.workspace_id,
    tokenName: row.token_name,
  };
  cache.set(key, auth);
  return auth;
}

export async function resolveSession(deps: Deps, cache: AuthCache, sessionToken: string): Promise<RequestAuth> {
  const id = sha256(sessionToken);
  const key = `s:${id}`;
  const now = deps.clock.now().getTime();
  const cached = cache.get<{ auth: RequestAuth; expiresAt: number }>(key);
  if (cached && cached.expiresAt >= now) return cached.auth;
  const row = await deps.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id as user_id', 'u.email', 'u.name', 's.csrf_token', 's.expires_at'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() < now) {
    throw new AppError('unauthenticated', 'Your session has ended; sign in again');
  }
  const auth: RequestAuth = {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    via: 'session',
    csrfToken: row.csrf_token,
    tokenWorkspaceId: null,
    tokenName: null,
  };
  cache.set(key, { auth, expiresAt: row.expires_at.getTime() });
  return auth;
}

/**
 * Picks the workspace a request acts in: the token's own; else the `X-Rapport-Workspace` header
 * (id or slug); else the user's first workspace. A workspace the user is not a member of is
 * `not_found`, so its existence is not revealed.
 */
export async function resolveWorkspace(
  deps: Deps,
  cache: AuthCache,
  auth: RequestAuth,
  requested: string | undefined,
): Promise<WorkspaceAccess> {
  const key = `w:${auth.userId}:${auth.tokenWorkspaceId ?? ''}:${requested ?? ''}`;
  const cached = cache.get<WorkspaceAccess>(key);
  if (cached) return cached;
  let query = deps.db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.workspace_id', 'm.role', 'w.id', 'w.slug'])
    .where('m.user_id', '=', auth.userId);
  if (auth.tokenWorkspaceId) query = query.where('m.workspace_id', '=', auth.tokenWorkspaceId);
  if (requested) query = query.where(workspaceKeyIs(requested));
  const row = await query.orderBy('m.created_at').orderBy('w.name').limit(1).executeTakeFirst();
  if (!row) {
    if (requested) throw new AppError('not_found', `Workspace ${requested} not found`);
    throw new AppError('forbidden', 'You are not a member of any workspace');
  }
  const access: WorkspaceAccess = { workspaceId: row.workspace_id, role: row.role as Role };
  cache.set(key, access);
  return access;
}
