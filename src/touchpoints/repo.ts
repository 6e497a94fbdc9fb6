import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { AppError } from '../platform/errors.js';
import { scoreSentiment } from '../health/sentiment.js';
import { EARLIEST_TIME } from '../platform/validation.js';
import type { ListTouchpointsQuery, TouchpointView } from './schemas.js';

/** A touchpoint to store, as every intake (API, CSV, ICS, e-mail) hands it over. */
export interface NewTouchpoint {
  id: string;
  accountId: string;
  channel: string;
  direction: string;
  occurredAt: Date;
  durationMinutes: number | null;
  subject: string;
  summary: string;
  source: string;
  externalId: string | null;
  createdBy: string | null;
  contactIds: readonly string[];
  memberIds: readonly string[];
}

interface TouchpointRow {
  id: string;
  account_id: string;
  account_name: string;
  channel: string;
  direction: string;
  occurred_at: Date;
  duration_minutes: number | null;
  subject: string;
  summary: string;
  source: string;
  external_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  contacts: TouchpointView['contacts'];
  members: TouchpointView['members'];
}

function toView(r: TouchpointRow): TouchpointView {
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    channel: r.channel as TouchpointView['channel'],
    direction: r.direction as TouchpointView['direction'],
    occurredAt: r.occurred_at.toISOString(),
    durationMinutes: r.duration_minutes,
    subject: r.subject,
    summary: r.summary,
    source: r.source as TouchpointView['source'],
    externalId: r.external_id,
    contacts: r.contacts,
    members: r.members,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const VIEW_COLUMNS = sql`
  t.id, t.account_id, a.name as account_name, t.channel, t.direction, t.occurred_at, t.duration_minutes,
  t.subject, t.summary, t.source, t.external_id, t.created_by, t.created_at, t.updated_at,
  coalesce((select json_agg(json_build_object('id', c.id, 'name', c.name) order by c.sort_name, c.id)
            from touchpoint_contacts tc join contacts c on c.workspace_id = tc.workspace_id and c.id = tc.contact_id
            where tc.workspace_id = t.workspace_id and tc.touchpoint_id = t.id), '[]'::json) as contacts,
  coalesce((select json_agg(json_build_object('userId', u.id, 'name', u.name) order by u.name, u.id)
            from touchpoint_members tm join users u on u.id = tm.user_id
            where tm.workspace_id = t.workspace_id and tm.touchpoint_id = t.id), '[]'::json) as members`;

/** Rows per multi-row INSERT: 13 parameters a row stays far below PostgreSQL's 65,535. */
const BATCH = 1000;

const DAY_MS = 86_400_000;

/** SQL for touchpoints and the people in them. Every query is scoped to one workspace. */
export function touchpointsRepo(db: Db) {
  return {
    /**
     * Stores touchpoints in batches; one whose external id is already stored is skipped. Answers
     * the ids actually inserted, so callers can count duplicates.
     */
    async insertTouchpoints(workspaceId: string, items: readonly NewTouchpoint[], at: Date): Promise<Set<string>> {
      const inserted = new Set<string>();
      for (let i = 0; i < items.length; i += BATCH) {
        const batch = items.slice(i, i + BATCH);
        const rows = await db
          .insertInto('touchpoints')
          .values(
            batch.map((t) => ({
              workspace_id: workspaceId,
              id: t.id,
              account_id: t.accountId,
              channel: t.channel,
              direction: t.direction,
              occurred_at: t.occurredAt,
              duration_minutes: t.durationMinutes,
              subject: t.subject,
              summary: t.summary,
              source: t.source,
              external_id: t.externalId,
              created_by: t.createdBy,
              created_at: at,
              updated_at: at,
              sentiment: scoreSentiment(t.subject, t.summary),
            })),
          )
          .onConflict((oc) => oc.columns(['workspace_id', 'external_id']).where('external_id', 'is not', null).doNothing())
          .returning('id')
          .execute();
        for (const r of rows) inserted.add(r.id);
        const people = batch.filter((t) => inserted.has(t.id));
        const contactRows = people.flatMap((t) =>
          [...new Set(t.contactIds)].map((contact_id) => ({ workspace_id: workspaceId, touchpoint_id: t.id, contact_id, occurred_at: t.occurredAt, direction: t.direction })),
        );
        const memberRows = people.flatMap((t) => [...new Set(t.memberIds)].map((user_id) => ({ workspace_id: workspaceId, touchpoint_id: t.id, user_id })));
        for (let j = 0; j < contactRows.length; j += BATCH * 5) await db.insertInto('touchpoint_contacts').values(contactRows.slice(j, j + BATCH * 5)).execute();
        for (let j = 0; j < memberRows.length; j += BATCH * 5) await db.insertInto('touchpoint_members').values(memberRows.slice(j, j + BATCH * 5)).execute();
      }
      return inserted;
    },

    async findIdByExternalId(workspaceId: string, externalId: string): Promise<string | undefined> {
      const row = await db.selectFrom('touchpoints').select('id').where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).executeTakeFirst();
      return row?.id;
    },

    async findTouchpoint(workspaceId: string, id: string): Promise<TouchpointView | undefined> {
      const { rows } = await sql<TouchpointRow>`
        select ${VIEW_COLUMNS} from touchpoints t join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id
        where t.workspace_id = ${workspaceId} and t.id = ${id}`.execute(db);
      return rows[0] ? toView(rows[0]) : undefined;
    },

    /** Newest first, keyset-paged on (occurred_at, id). */
    async listTouchpoints(workspaceId: string, query: ListTouchpointsQuery): Promise<{ items: TouchpointView[]; nextCursor: string | null }> {
      const where: Expression<SqlBool>[] = [sql<boolean>`t.workspace_id = ${workspaceId}`];
      if (query.accountId) where.push(sql<boolean>`t.account_id = ${query.accountId}`);
      if (query.contactId) {
        where.push(sql<boolean>`exists (select 1 from touchpoint_contacts tc where tc.workspace_id = t.workspace_id and tc.touchpoint_id = t.id and tc.contact_id = ${query.contactId})`);
      }
      if (query.channel) where.push(sql<boolean>`t.channel = ${query.channel}`);
      if (query.direction) where.push(sql<boolean>`t.direction = ${query.direction}`);
      if (query.from) where.push(sql<boolean>`t.occurred_at >= ${new Date(query.from)}`);
      if (query.to) where.push(sql<boolean>`t.occurred_at < ${new Date(query.to)}`);
      if (query.cursor) {
        const [at, id] = decodeCursor(query.cursor, 'time');
        // No touchpoint is older (schemas.ts); an earlier key is forged and year 0 would be a 500.
        if (Date.parse(at) < EARLIEST_TIME) throw new AppError('invalid_input', 'The cursor is not one this API gave out', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
        where.push(sql<boolean>`(t.occurred_at, t.id) < (${new Date(at)}, ${id}::uuid)`);
      }
      const { rows } = await sql<TouchpointRow>`
        select ${VIEW_COLUMNS} from touchpoints t join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id
        where ${sql.join(where, sql` and `)}
        order by t.occurred_at desc, t.id desc
        limit ${query.limit + 1}`.execute(db);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(toView),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.occurred_at.toISOString(), last.id]) : null,
      };
    },

    async updateTouchpoint(
      workspaceId: string,
      id: string,
      t: Omit<NewTouchpoint, 'id' | 'source' | 'externalId' | 'createdBy'>,
      at: Date,
    ): Promise<void> {
      await db
        .updateTable('touchpoints')
        .set({
          account_id: t.accountId,
          channel: t.channel,
          direction: t.direction,
          occurred_at: t.occurredAt,
          duration_minutes: t.durationMinutes,
          subject: t.subject,
          summary: t.summary,
          sentiment: scoreSentiment(t.subject, t.summary),
          updated_at: at,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
      await db.deleteFrom('touchpoint_contacts').where('workspace_id', '=', workspaceId).where('touchpoint_id', '=', id).execute();
      await db.deleteFrom('touchpoint_members').where('workspace_id', '=', workspaceId).where('touchpoint_id', '=', id).execute();
      const contacts = [...new Set(t.contactIds)].map((contact_id) => ({ workspace_id: workspaceId, touchpoint_id: id, contact_id, occurred_at: t.occurredAt, direction: t.direction }));
      const members = [...new Set(t.memberIds)].map((user_id) => ({ workspace_id: workspaceId, touchpoint_id: id, user_id }));
      if (contacts.length) await db.insertInto('touchpoint_contacts').values(contacts).execute();
      if (members.length) await db.insertInto('touchpoint_members').values(members).execute();
    },

    async deleteTouchpoint(workspaceId: string, id: string): Promise<void> {
      await db.deleteFrom('touchpoints').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    /** The contact ids, among `ids`, that exist in the workspace, with their account. */
    async contactAccounts(workspaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('contacts').select(['id', 'account_id']).where('workspace_id', '=', workspaceId).where('id', 'in', [...new Set(ids)]).execute();
      return new Map(rows.map((r) => [r.id, r.account_id]));
    },

    /** Every account owner of the workspace, with their name. */
    async owners(workspaceId: string): Promise<Array<{ account_id: string; user_id: string; name: string; role: string }>> {
      return db
        .selectFrom('account_owners as o')
        .innerJoin('users as u', 'u.id', 'o.user_id')
        .select(['o.account_id', 'o.user_id', 'u.name', 'o.role'])
        .where('o.workspace_id', '=', workspaceId)
        .execute();
    },

    /** Per contact of an account: last touch, and last touch the client started with them in it. */
    async contactStats(workspaceId: string, accountId: string, today: Date) {
      const { rows } = await sql<{ id: string; name: string; status: string; role: string; last_touch_at: Date | null; last_initiated_at: Date | null; touches90: number }>`
        select c.id, c.name, c.status, c.role,
               max(t.occurred_at) as last_touch_at,
               max(t.occurred_at) filter (where t.direction = 'client_initiated') as last_initiated_at,
               count(t.id) filter (where t.occurred_at >= ${new Date(today.getTime() - 90 * DAY_MS)}) as touches90
        from contacts c
        left join touchpoint_contacts tc on tc.workspace_id = c.workspace_id and tc.contact_id = c.id
        left join touchpoints t on t.workspace_id = tc.workspace_id and t.id = tc.touchpoint_id and t.occurred_at <= ${today}
        where c.workspace_id = ${workspaceId} and c.account_id = ${accountId}
        group by c.id, c.name, c.status, c.role, c.sort_name
        order by c.sort_name, c.id`.execute(db);
      return rows;
    },

    /**
     * Active contacts whose e-mail is among `emails` (lower case), with their account: how mail,
     * calendar invitations and imports find who a touch was with.
     */
    async contactsByEmail(workspaceId: string, emails: readonly string[]): Promise<Array<{ id: string; accountId: string; email: string; status: string }>> {
      const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
      if (wanted.length === 0) return [];
      const { rows } = await sql<{ id: string; account_id: string; email: string; status: string }>`
        select c.id, c.account_id, e.email, c.status
        from contacts c cross join lateral unnest(c.emails) as e(email)
        join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id and a.archived_at is null
        where c.workspace_id = ${workspaceId} and c.emails && ${wanted}::text[] and e.email = any(${wanted}::text[])
        order by (c.status = 'active') desc, c.id`.execute(db);
      return rows.map((r) => ({ id: r.id, accountId: r.account_id, email: r.email, status: r.status }));
    },
  };
}

export type TouchpointsRepo = ReturnType<typeof touchpointsRepo>;
