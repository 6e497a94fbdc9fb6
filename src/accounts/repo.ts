import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { AccountsTable, ContactsTable } from '../platform/db/schema.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { countedAlertCount } from '../health/alert-counts.js';
import { foldText } from './account.js';
import type { AccountSort, AccountView, ContactView, ListAccountsQuery } from './schemas.js';
import type { Selectable } from 'kysely';

type AccountRow = Selectable<AccountsTable> & {
  owners: AccountView['owners'];
  conflicts: AccountView['conflicts'];
  contact_count: number;
};

/** An open account's current score; a lost or archived one shows none. */
const scoreOf = (none: number) =>
  `coalesce((select h.score::numeric from health_current h where h.workspace_id = a.workspace_id and h.account_id = a.id
             and a.archived_at is null and a.status <> 'lost'), ${none})`;

/**
 * Each sort's key; `descExpr` when descending needs another (accounts without a score last both ways);
 * a function when the key depends on the time of the read.
 */
const SORT_KEYS: Record<string, { expr: string | ((now: Date) => RawBuilder<unknown>); descExpr?: string; kind: 'text' | 'number' | 'time' }> = {
  name: { expr: 'a.sort_name', kind: 'text' },
  value: { expr: 'coalesce(a.value_amount, 0)', kind: 'number' },
  updatedAt: { expr: 'a.updated_at', kind: 'time' },
  createdAt: { expr: 'a.created_at', kind: 'time' },
  // As the portfolio's health column shows them (get-portfolio-health.ts).
  health: { expr: scoreOf(1000), descExpr: scoreOf(-1), kind: 'number' },
  // The alerts that count, as the portfolio's alert column counts them (health/alert-counts.ts).
  alerts: { expr: (now) => countedAlertCount('a', now), kind: 'number' },
};

function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    name: row.name,
    aliases: row.aliases,
    category: row.category,
    website: row.website,
    value: row.value_amount !== null && row.value_currency ? { amount: row.value_amount, currency: row.value_currency } : null,
    status: row.status as AccountView['status'],
    startedOn: row.started_on,
    cadenceDays: row.cadence_days,
    isConfidential: row.is_confidential,
    owners: row.owners,
    conflicts: row.conflicts,
    contactCount: Number(row.contact_count),
    notes: row.notes,
    archived: row.archived_at !== null,
    archivedAt: row.archived_at ? row.archived_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toContactView(row: Selectable<ContactsTable>): ContactView {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    emails: row.emails,
    phone: row.phone,
    title: row.title,
    role: row.role as ContactView['role'],
    influence: row.influence,
    isPrimary: row.is_primary,
    status: row.status as ContactView['status'],
    leftOn: row.left_on,
    socialHandles: row.social_handles,
    notes: row.notes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The columns of an account as the API shows it: its row plus owners, conflicts and contact count. */
const ACCOUNT_EXTRAS = sql`
  coalesce((select json_agg(json_build_object('userId', o.user_id, 'name', u.name, 'role', o.role) order by u.name, o.user_id)
            from account_owners o join users u on u.id = o.user_id
            where o.workspace_id = a.workspace_id and o.account_id = a.id), '[]'::json) as owners,
  coalesce((select json_agg(json_build_object('id', c.id, 'name', c.name) order by c.sort_name, c.id)
            from account_conflicts x join accounts c on c.workspace_id = x.workspace_id and c.id = x.other_account_id
            where x.workspace_id = a.workspace_id and x.account_id = a.id), '[]'::json) as conflicts,
  (select count(*) from contacts ct where ct.workspace_id = a.workspace_id and ct.account_id = a.id) as contact_count`;

export interface AccountRecord {
  id: string;
  name: string;
  aliases: string[];
  searchText: string;
  category: string | null;
  website: string | null;
  valueAmount: number | null;
  valueCurrency: string | null;
  status: string;
  startedOn: string | null;
  cadenceDays: number | null;
  isConfidential: boolean;
  notes: string;
  archivedAt: Date | null;
}

function accountColumns(r: AccountRecord) {
  return {
    name: r.name,
    sort_name: foldText(r.name),
    aliases: r.aliases,
    search_text: r.searchText,
    category: r.category,
    website: r.website,
    value_amount: r.valueAmount,
    value_currency: r.valueCurrency,
    status: r.status,
    started_on: r.startedOn,
    cadence_days: r.cadenceDays,
    is_confidential: r.isConfidential,
    notes: r.notes,
    archived_at: r.archivedAt,
  };
}

export interface ContactRecord {
  name: string;
  emails: string[];
  phone: string | null;
  title: string | null;
  role: string;
  influence: number;
  isPrimary: boolean;
  status: string;
  leftOn: string | null;
  socialHandles: Array<{ network: string; handle: string }>;
  notes: string;
}

function contactColumns(r: ContactRecord) {
  return {
    name: r.name,
    sort_name: foldText(r.name),
    emails: r.emails,
    phone: r.phone,
    title: r.title,
    role: r.role,
    influence: r.influence,
    is_primary: r.isPrimary,
    status: r.status,
    left_on: r.leftOn,
    social_handles: JSON.stringify(r.socialHandles),
    notes: r.notes,
  };
}

/** SQL for accounts, their owners and conflicts, and contacts. Every query is scoped to one workspace. */
export function accountsRepo(db: Db) {
  function filters(workspaceId: string, query: Omit<ListAccountsQuery, 'sort' | 'limit' | 'cursor' | 'withTotal'>) {
    const conditions: Expression<SqlBool>[] = [sql<boolean>`a.workspace_id = ${workspaceId}`];
    if (query.archived === 'false') conditions.push(sql<boolean>`a.archived_at is null`);
    if (query.archived === 'true') conditions.push(sql<boolean>`a.archived_at is not null`);
    if (query.q) conditions.push(sql<boolean>`a.search_text like ${`%${escapeLike(foldText(query.q))}%`}`);
    if (query.status?.length) conditions.push(sql<boolean>`a.status in (${sql.join(query.status)})`);
    if (query.category) conditions.push(sql<boolean>`lower(a.category) = ${query.category.toLowerCase()}`);
    if (query.ownerId) {
      conditions.push(
        sql<boolean>`exists (select 1 from account_owners o where o.workspace_id = a.workspace_id and o.account_id = a.id and o.user_id = ${query.ownerId})`,
      );
    }
    return sql.join(conditions, sql` and `);
  }

  return {
    /** `now`: the time of the read, for the sort keys that depend on it (the alerts whose snooze has ended count). */
    async listAccounts(workspaceId: string, query: ListAccountsQuery, now: Date): Promise<{ items: AccountView[]; nextCursor: string | null; total?: number }> {
      const sort: AccountSort = query.sort;
      const descending = sort.startsWith('-');
      const key = SORT_KEYS[descending ? sort.slice(1) : sort];
      if (!key) throw new Error(`Unknown sort ${sort}`);
      const chosen = descending ? (key.descExpr ?? key.expr) : key.expr;
      const keyExpr = typeof chosen === 'string' ? sql.raw(chosen) : chosen(now);
      const where = [filters(workspaceId, query)];
      if (query.cursor) {
        const [value, id] = decodeCursor(query.cursor, key.kind);
        const typed = key.kind === 'number' ? sql`${Number(value)}::numeric` : key.kind === 'time' ? sql`${value}::timestamptz` : sql`${value}`;
        where.push(descending ? sql`(${keyExpr}, a.id) < (${typed}, ${id}::uuid)` : sql`(${keyExpr}, a.id) > (${typed}, ${id}::uuid)`);
      }
      const direction = sql.raw(descending ? 'desc' : 'asc');
      const { rows } = await sql<AccountRow & { sort_key: string | number | Date }>`
        select a.*, ${keyExpr} as sort_key, ${ACCOUNT_EXTRAS}
        from accounts a
        where ${sql.join(where, sql` and `)}
        order by ${keyExpr} ${direction}, a.id ${direction}
        limit ${query.limit + 1}`.execute(db);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      let nextCursor: string | null = null;
      if (rows.length > query.limit && last) {
        const k = last.sort_key;
        nextCursor = encodeCursor([k instanceof Date ? k.toISOString() : String(k), last.id]);
      }
      const result: { items: AccountView[]; nextCursor: string | null; total?: number } = { items: page.map(toAccountView), nextCursor };
      if (query.withTotal) {
        const { rows: count } = await sql<{ n: number }>`select count(*) as n from accounts a where ${filters(workspaceId, query)}`.execute(db);
        result.total = Number(count[0]?.n ?? 0);
      }
      return result;
    },

    async findAccount(workspaceId: string, id: string): Promise<AccountView | undefined> {
      const { rows } = await sql<AccountRow>`select a.*, ${ACCOUNT_EXTRAS} from accounts a where a.workspace_id = ${workspaceId} and a.id = ${id}`.execute(db);
      return rows[0] ? toAccountView(rows[0]) : undefined;
    },

    async facets(workspaceId: string) {
      const categories = await sql<{ category: string; count: number }>`
        select min(category) as category, count(*) as count from accounts
        where workspace_id = ${workspaceId} and archived_at is null and category is not null
        group by lower(category) order by count(*) desc, lower(category)`.execute(db);
      const statuses = await sql<{ status: string; count: number }>`
        select status, count(*) as count from accounts
        where workspace_id = ${workspaceId} and archived_at is null
        group by status order by status`.execute(db);
      return {
        categories: categories.rows.map((r) => ({ category: r.category, count: Number(r.count) })),
        statuses: statuses.rows.map((r) => ({ status: r.status as AccountView['status'], count: Number(r.count) })),
      };
    },

    async insertAccount(workspaceId: string, id: string, record: AccountRecord, at: Date): Promise<void> {
      await db
        .insertInto('accounts')
        .values({ workspace_id: workspaceId, id, ...accountColumns(record), created_at: at, updated_at: at })
        .execute();
    },

    async updateAccount(workspaceId: string, id: string, record: AccountRecord, at: Date): Promise<void> {
      await db
        .updateTable('accounts')
        .set({ ...accountColumns(record), updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    async touchAccount(workspaceId: string, id: string, at: Date): Promise<void> {
      await db.updateTable('accounts').set({ updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    async replaceOwners(workspaceId: string, accountId: string, owners: ReadonlyArray<{ userId: string; role: string }>): Promise<void> {
      await db.deleteFrom('account_owners').where('workspace_id', '=', workspaceId).where('account_id', '=', accountId).execute();
      if (owners.length === 0) return;
      await db
        .insertInto('account_owners')
        .values(owners.map((o) => ({ workspace_id: workspaceId, account_id: accountId, user_id: o.userId, role: o.role })))
        .execute();
    },

    /** Sets the accounts `accountId` competes with, keeping both directions in step. */
    async replaceConflicts(workspaceId: string, accountId: string, otherIds: readonly string[]): Promise<void> {
      await db
        .deleteFrom('account_conflicts')
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.or([eb('account_id', '=', accountId), eb('other_account_id', '=', accountId)]))
        .execute();
      if (otherIds.length === 0) return;
      await db
        .insertInto('account_conflicts')
        .values(
          otherIds.flatMap((other) => [
            { workspace_id: workspaceId, account_id: accountId, other_account_id: other },
            { workspace_id: workspaceId, account_id: other, other_account_id: accountId },
          ]),
        )
        // Both sides are written: a change of the other account at the same moment may have added one.
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    async accountExists(workspaceId: string, id: string): Promise<boolean> {
      const row = await db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    },

    async existingAccountIds(workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
      return new Set(rows.map((r) => r.id));
    },

    async memberIds(workspaceId: string, userIds: readonly string[]): Promise<Set<string>> {
      if (userIds.length === 0) return new Set();
      const rows = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', 'in', userIds).execute();
      return new Set(rows.map((r) => r.user_id));
    },

    async listContacts(workspaceId: string, accountId: string, query: { limit: number; cursor?: string | undefined; status?: string | undefined }) {
      let q = db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('account_id', '=', accountId);
      if (query.status) q = q.where('status', '=', query.status);
      if (query.cursor) {
        const [sortName, id] = decodeCursor(query.cursor, 'text');
        q = q.where((eb) => eb(eb.refTuple('sort_name', 'id'), '>', eb.tuple(sortName, id)));
      }
      const rows = await q.orderBy('sort_name').orderBy('id').limit(query.limit + 1).execute();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(toContactView),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_name, last.id]) : null,
      };
    },

    async findContact(workspaceId: string, id: string): Promise<ContactView | undefined> {
      const row = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return row ? toContactView(row) : undefined;
    },

    async insertContact(workspaceId: string, accountId: string, id: string, record: ContactRecord, at: Date): Promise<void> {
      await db
        .insertInto('contacts')
        .values({ workspace_id: workspaceId, id, account_id: accountId, ...contactColumns(record), created_at: at, updated_at: at })
        .execute();
    },

    async updateContact(workspaceId: string, id: string, record: ContactRecord, at: Date): Promise<void> {
      await db
        .updateTable('contacts')
        .set({ ...contactColumns(record), updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    /** Unmarks the account's primary contact, so that another can become primary. */
    async clearPrimary(workspaceId: string, accountId: string, at: Date): Promise<void> {
      await db
        .updateTable('contacts')
        .set({ is_primary: false, updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('account_id', '=', accountId)
        .where('is_primary', '=', true)
        .execute();
    },

    async deleteContact(workspaceId: string, id: string): Promise<void> {
      await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },
  };
}
export type AccountsRepo = ReturnType<typeof accountsRepo>;
