import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { isUuid } from '../platform/ids.js';
import type { Db } from '../platform/db/database.js';
import type { Role } from '../platform/auth/roles.js';
import type { MemberView, TokenView, WorkspaceView } from './schemas.js';

/** Matches workspace `w` by id or slug, as people and the X-Rapport-Workspace header name it. */
export function workspaceKeyIs(key: string) {
  return (eb: ExpressionBuilder<DB & { w: DB['workspaces'] }, 'w'>) =>
    isUuid(key) ? eb.or([eb('w.id', '=', key), eb('w.slug', '=', key)]) : eb('w.slug', '=', key);
}

/** SQL for users, workspaces, memberships and API tokens. */
export function workspacesRepo(db: Db) {
  return {
    async findUserByEmail(email: string) {
      return db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .executeTakeFirst();
    },
    async findUserById(id: string) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insertUser(user: { id: string; email: string; name: string; passwordHash: string | null; at: Date }) {
      await db
        .insertInto('users')
        .values({ id: user.id, email: user.email, name: user.name, password_hash: user.passwordHash, created_at: user.at })
        .execute();
    },
    async setPassword(userId: string, passwordHash: string) {
      await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    },
    /**
     * Whether any user exists, and any workspace other than the demo (decision 0024: the first-run
     * setup is open until one does); and the e-mail of the demo workspace's user who can sign in
     * (null without one), for the sign-in page to name while nobody has set Rapport up.
     */
    async setupState(): Promise<{ hasUsers: boolean; hasRealWorkspace: boolean; demoEmail: string | null }> {
      const row = await db
        .selectNoFrom((eb) => [
          eb.exists(eb.selectFrom('users').select('id')).as('has_users'),
          eb.exists(eb.selectFrom('workspaces').select('id').where('is_demo', '=', false)).as('has_real_workspace'),
          eb
            .selectFrom('workspaces as w')
            .innerJoin('memberships as m', 'm.workspace_id', 'w.id')
            .innerJoin('users as u', 'u.id', 'm.user_id')
            .select('u.email')
            .where('w.is_demo', '=', true)
            .where('u.password_hash', 'is not', null)
            .orderBy(sql`m.role = 'owner'`, 'desc')
            .orderBy('u.email')
            .limit(1)
            .as('demo_email'),
        ])
        .executeTakeFirstOrThrow();
      return { hasUsers: Boolean(row.has_users), hasRealWorkspace: Boolean(row.has_real_workspace), demoEmail: row.demo_email ?? null };
    },
    async findWorkspaceBySlug(slug: string) {
      return db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    async findWorkspaceByIdOrSlug(key: string) {
      return db.selectFrom('workspaces as w').selectAll().where(workspaceKeyIs(key)).executeTakeFirst();
    },
    async slugsStartingWith(base: string) {
      const rows = await db.selectFrom('workspaces').select('slug').where('slug', 'like', `${base}%`).execute();
      return new Set(rows.map((r) => r.slug));
    },
    async insertWorkspace(ws: { id: string; name: string; slug: string; isDemo: boolean; at: Date }) {
      await db
        .insertInto('workspaces')
        .values({ id: ws.id, name: ws.name, slug: ws.slug, is_demo: ws.isDemo, created_at: ws.at })
        .execute();
    },
    async renameWorkspace(id: string, name: string) {
      await db.updateTable('workspaces').set({ name }).where('id', '=', id).execute();
    },
    async deleteWorkspace(id: string) {
      await db.deleteFrom('workspaces').where('id', '=', id).execute();
    },
    async listWorkspacesOfUser(userId: string): Promise<WorkspaceView[]> {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
        .select(['w.id', 'w.name', 'w.slug', 'w.is_demo', 'm.role'])
        .where('m.user_id', '=', userId)
        .orderBy('m.created_at')
        .orderBy('w.name')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, slug: r.slug, isDemo: r.is_demo, role: r.role as Role }));
    },
    async findMembership(workspaceId: string, userId: string) {
      return db
        .selectFrom('memberships')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },
    async insertMembership(m: { workspaceId: string; userId: string; role: Role; at: Date }) {
      await db
        .insertInto('memberships')
        .values({ workspace_id: m.workspaceId, user_id: m.userId, role: m.role, created_at: m.at })
        .execute();
    },
    async updateMembershipRole(workspaceId: string, userId: string, role: Role) {
      await db
        .updateTable('memberships')
        .set({ role })
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .execute();
    },
    async deleteMembership(workspaceId: string, userId: string) {
      await db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
      // Tokens act as the member: they stop with the membership.
      await db
        .deleteFrom('api_tokens')
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .execute();
    },
    async countOwners(workspaceId: string): Promise<number> {
      const row = await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async listMembers(workspaceId: string): Promise<MemberView[]> {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
        .where('m.workspace_id', '=', workspaceId)
        .orderBy('u.name')
        .orderBy('u.id')
        .execute();
      return rows.map((r) => ({
        userId: r.id,
        email: r.email,
        name: r.name,
        role: r.role as Role,
        joinedAt: r.created_at.toISOString(),
      }));
    },
    async insertToken(t: {
      id: string;
      workspaceId: string;
      userId: string;
      name: string;
      tokenHash: string;
      prefix: string;
      at: Date;
    }) {
      await db
        .insertInto('api_tokens')
        .values({
          id: t.id,
          workspace_id: t.workspaceId,
          user_id: t.userId,
          name: t.name,
          token_hash: t.tokenHash,
          prefix: t.prefix,
          created_at: t.at,
        })
        .execute();
    },
    async listTokens(workspaceId: string, userId?: string): Promise<TokenView[]> {
      let query = db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select(['t.id', 't.name', 't.prefix', 't.user_id', 'u.email', 't.created_at', 't.last_used_at'])
        .where('t.workspace_id', '=', workspaceId)
        .where('t.revoked_at', 'is', null);
      if (userId) query = query.where('t.user_id', '=', userId);
      const rows = await query.orderBy('t.created_at', 'desc').orderBy('t.id').execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        userId: r.user_id,
        userEmail: r.email,
        createdAt: r.created_at.toISOString(),
        lastUsedAt: r.last_used_at ? r.last_used_at.toISOString() : null,
      }));
    },
    async findToken(workspaceId: string, id: string) {
      return db
        .selectFrom('api_tokens')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },
    async revokeToken(workspaceId: string, id: string, at: Date) {
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },
  };
}
export type WorkspacesRepo = ReturnType<typeof workspacesRepo>;
