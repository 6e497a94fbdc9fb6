import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { lockRow } from '../platform/db/lock-row.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { AppError } from '../platform/errors.js';
import { dayStartIso, deliverableLateness, startOfNextDayUtc, targetMet, type DeliverableState, type DeliverableStatus } from './delivery.js';
import type {
  DeliverableView,
  IncidentView,
  ListDeliverablesQuery,
  ListIncidentsQuery,
  ListProjectsQuery,
  ListTargetsQuery,
  ProjectView,
  TargetView,
} from './schemas.js';

/** What a project write stores (the use-cases have validated and merged it). */
export interface ProjectRecord {
  accountId: string;
  name: string;
  brief: string;
  budget: { amount: number; currency: string } | null;
  startsOn: string | null;
  endsOn: string | null;
  status: string;
}

export interface DeliverableRecord {
  projectId: string;
  /** The project's account. */
  accountId: string;
  title: string;
  ownerId: string | null;
  dueAt: Date;
  deliveredAt: Date | null;
  approvedAt: Date | null;
  status: string;
  notes: string;
}

export interface TargetRecord {
  accountId: string;
  projectId: string | null;
  metric: string;
  periodStart: string;
  periodEnd: string;
  goal: number;
  actual: number | null;
  higherIsBetter: boolean;
}

export interface IncidentRecord {
  accountId: string;
  deliverableId: string | null;
  kind: string;
  severity: number;
  description: string;
  occurredAt: Date;
}

/** Who wrote a new row and when. */
export interface Written {
  id: string;
  by: string | null;
  at: Date;
}

export const TIMELINE_SOURCES = ['touchpoint', 'project', 'deliverable', 'target', 'incident'] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

/** One entry of an account's timeline before its payload is read. */
export interface TimelineKey {
  at: Date;
  kind: TimelineSource;
  id: string;
}

interface Stamped {
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

interface ProjectRow extends Stamped {
  id: string;
  account_id: string;
  account_name: string;
  name: string;
  brief: string;
  budget_amount: number | null;
  budget_currency: string | null;
  starts_on: string | null;
  ends_on: string | null;
  status: string;
  deliverable_count: number;
}

interface DeliverableRow extends Stamped {
  id: string;
  project_id: string;
  project_name: string;
  account_id: string;
  account_name: string;
  title: string;
  owner_id: string | null;
  owner_name: string | null;
  due_at: Date;
  delivered_at: Date | null;
  approved_at: Date | null;
  status: string;
  notes: string;
}

interface TargetRow extends Stamped {
  id: string;
  account_id: string;
  account_name: string;
  project_id: string | null;
  project_name: string | null;
  metric: string;
  period_start: string;
  period_end: string;
  goal: number;
  actual: number | null;
  higher_is_better: boolean;
}

interface IncidentRow extends Stamped {
  id: string;
  account_id: string;
  account_name: string;
  deliverable_id: string | null;
  deliverable_title: string | null;
  kind: string;
  severity: number;
  description: string;
  occurred_at: Date;
}

const stamps = (r: Stamped) => ({ createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() });

function toProjectView(r: ProjectRow): ProjectView {
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    name: r.name,
    brief: r.brief,
    budget: r.budget_amount === null || r.budget_currency === null ? null : { amount: r.budget_amount, currency: r.budget_currency },
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status as ProjectView['status'],
    deliverableCount: Number(r.deliverable_count),
    ...stamps(r),
  };
}

function toDeliverableView(r: DeliverableRow, now: Date): DeliverableView {
  const status = r.status as DeliverableStatus;
  return {
    id: r.id,
    projectId: r.project_id,
    projectName: r.project_name,
    accountId: r.account_id,
    accountName: r.account_name,
    title: r.title,
    owner: r.owner_id ? { userId: r.owner_id, name: r.owner_name ?? '' } : null,
    dueAt: r.due_at.toISOString(),
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    approvedAt: r.approved_at?.toISOString() ?? null,
    status,
    ...deliverableLateness({ status, dueAt: r.due_at, deliveredAt: r.delivered_at }, now),
    notes: r.notes,
    ...stamps(r),
  };
}

function toTargetView(r: TargetRow): TargetView {
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    projectId: r.project_id,
    projectName: r.project_name,
    metric: r.metric,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    goal: r.goal,
    actual: r.actual,
    higherIsBetter: r.higher_is_better,
    met: targetMet({ goal: r.goal, actual: r.actual, higherIsBetter: r.higher_is_better }),
    ...stamps(r),
  };
}

function toIncidentView(r: IncidentRow): IncidentView {
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    deliverableId: r.deliverable_id,
    deliverableTitle: r.deliverable_title,
    kind: r.kind as IncidentView['kind'],
    severity: r.severity,
    description: r.description,
    occurredAt: r.occurred_at.toISOString(),
    ...stamps(r),
  };
}

const PROJECTS_FROM = sql`
  select p.id, p.account_id, a.name as account_name, p.name, p.brief, p.budget_amount, p.budget_currency, p.starts_on, p.ends_on,
         p.status, p.created_by, p.created_at, p.updated_at,
         (select count(*) from deliverables d where d.workspace_id = p.workspace_id and d.project_id = p.id) as deliverable_count
  from projects p join accounts a on a.workspace_id = p.workspace_id and a.id = p.account_id`;

const DELIVERABLES_FROM = sql`
  select d.id, d.project_id, p.name as project_name, d.account_id, a.name as account_name, d.title, d.owner_id, u.name as owner_name,
         d.due_at, d.delivered_at, d.approved_at, d.status, d.notes, d.created_by, d.created_at, d.updated_at
  from deliverables d
  join projects p on p.workspace_id = d.workspace_id and p.id = d.project_id
  join accounts a on a.workspace_id = d.workspace_id and a.id = d.account_id
  left join users u on u.id = d.owner_id`;

const TARGETS_FROM = sql`
  select t.id, t.account_id, a.name as account_name, t.project_id, p.name as project_name, t.metric, t.period_start, t.period_end,
         t.goal, t.actual, t.higher_is_better, t.created_by, t.created_at, t.updated_at
  from targets t
  join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id
  left join projects p on p.workspace_id = t.workspace_id and p.id = t.project_id`;

const INCIDENTS_FROM = sql`
  select i.id, i.account_id, a.name as account_name, i.deliverable_id, d.title as deliverable_title, i.kind, i.severity, i.description,
         i.occurred_at, i.created_by, i.created_at, i.updated_at
  from incidents i
  join accounts a on a.workspace_id = i.workspace_id and a.id = i.account_id
  left join deliverables d on d.workspace_id = i.workspace_id and d.id = i.deliverable_id`;

const badCursor = () => new AppError('invalid_input', 'The cursor is not one this API gave out', [{ path: 'query.cursor', message: 'Invalid cursor' }]);

/** Year 10000 in UTC: no stored time reaches it (schemas.ts), and the drivers cannot send it. */
/** A time cursor's key and id (decodeCursor refuses anything but a time from 1900 to 9999 in UTC). */
function timeCursor(cursor: string): [Date, string] {
  const [at, id] = decodeCursor(cursor, 'time');
  return [new Date(at), id];
}

/**
 * A day cursor (midnight UTC of the day, as `dayStartIso` writes it): the day and the id. The time
 * must read back exactly: Date.parse takes 2026-02-30 as 2 March, and the database would refuse it.
 */
function dayCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 'time');
  const day = at.slice(0, 10);
  if (at !== dayStartIso(day) || new Date(at).toISOString() !== at) throw badCursor();
  return [day, id];
}

/**
 * The SQL twin of `deliverableLateness` (delivery.ts): the deliverables in `state` as of `now`.
 * delivery.test.ts holds the boundaries; test/api/delivery.test.ts holds the two to one answer.
 */
function stateCondition(state: DeliverableState, now: Date): RawBuilder<boolean> {
  const open = sql`d.status <> 'cancelled' and d.delivered_at is null`;
  switch (state) {
    case 'cancelled':
      return sql<boolean>`d.status = 'cancelled'`;
    case 'delivered_on_time':
      return sql<boolean>`d.delivered_at is not null and d.delivered_at <= d.due_at`;
    case 'delivered_late':
      return sql<boolean>`d.delivered_at is not null and d.delivered_at > d.due_at`;
    case 'overdue':
      return sql<boolean>`${open} and d.due_at < ${now}`;
    case 'due_today':
      return sql<boolean>`${open} and d.due_at >= ${now} and d.due_at < ${startOfNextDayUtc(now)}`;
    case 'upcoming':
      return sql<boolean>`${open} and d.due_at >= ${startOfNextDayUtc(now)}`;
  }
}

/** The SQL twin of `targetMet`. */
const MET = sql`(case when t.higher_is_better then t.actual >= t.goal else t.actual <= t.goal end)`;

/** A page of `limit` rows from `rows` (which holds one more when there is a next page) and its cursor. */
function pageOf<R, V>(rows: R[], limit: number, view: (r: R) => V, key: (r: R) => [string, string]): { items: V[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}

const where = (conditions: Expression<SqlBool>[]) => sql.join(conditions, sql` and `);

/** SQL for projects, deliverables, targets and incidents. Every query is scoped to one workspace. */
export function deliveryRepo(db: Db) {
  return {
    // ---------- Links and locks ----------

    /** Whether the account exists; locks it against deletion until the transaction ends. */
    async accountExists(workspaceId: string, id: string): Promise<boolean> {
      const { rows } = await sql`select 1 from accounts where workspace_id = ${workspaceId} and id = ${id} for key share`.execute(db);
      return rows.length > 0;
    },

    /** The project's account (undefined: no such project); locks the project against deletion. */
    async projectAccount(workspaceId: string, id: string): Promise<string | undefined> {
      const { rows } = await sql<{ account_id: string }>`
        select account_id from projects where workspace_id = ${workspaceId} and id = ${id} for key share`.execute(db);
      return rows[0]?.account_id;
    },

    /** The deliverable's account (undefined: no such deliverable); locks it against deletion. */
    async deliverableAccount(workspaceId: string, id: string): Promise<string | undefined> {
      const { rows } = await sql<{ account_id: string }>`
        select account_id from deliverables where workspace_id = ${workspaceId} and id = ${id} for key share`.execute(db);
      return rows[0]?.account_id;
    },

    /** Locks a delivery row before a change or deletion (see lockRow); false when there is no such row. */
    lockRow: (table: 'projects' | 'deliverables' | 'targets' | 'incidents', workspaceId: string, id: string) => lockRow(db, table, workspaceId, id),

    // ---------- Projects ----------

    async insertProject(workspaceId: string, p: ProjectRecord, w: Written): Promise<void> {
      await db
        .insertInto('projects')
        .values({ workspace_id: workspaceId, id: w.id, ...projectColumns(p), created_by: w.by, created_at: w.at, updated_at: w.at })
        .execute();
    },

    /** Changes a project; a new account carries its deliverables, their incidents and its targets along (foreign keys). */
    async updateProject(workspaceId: string, id: string, p: ProjectRecord, at: Date): Promise<void> {
      await db.updateTable('projects').set({ ...projectColumns(p), updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    /** Deletes a project and its deliverables; its targets and the deliverables' incidents stay, unlinked. */
    async deleteProject(workspaceId: string, id: string): Promise<void> {
      await db.deleteFrom('projects').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    async projectsByIds(workspaceId: string, ids: readonly string[]): Promise<ProjectView[]> {
      if (ids.length === 0) return [];
      const { rows } = await sql<ProjectRow>`${PROJECTS_FROM} where p.workspace_id = ${workspaceId} and p.id = any(${[...ids]}::uuid[])`.execute(db);
      return rows.map(toProjectView);
    },

    /** Newest first, keyset-paged on (created_at, id). */
    async listProjects(workspaceId: string, q: ListProjectsQuery) {
      const conditions: Expression<SqlBool>[] = [sql<boolean>`p.workspace_id = ${workspaceId}`];
      if (q.accountId) conditions.push(sql<boolean>`p.account_id = ${q.accountId}`);
      if (q.status) conditions.push(sql<boolean>`p.status = ${q.status}`);
      if (q.from) conditions.push(sql<boolean>`(p.ends_on is null or p.ends_on >= ${q.from}::date)`);
      if (q.to) conditions.push(sql<boolean>`(p.starts_on is null or p.starts_on < ${q.to}::date)`);
      if (q.cursor) {
        const [at, id] = timeCursor(q.cursor);
        conditions.push(sql<boolean>`(p.created_at, p.id) < (${at}, ${id}::uuid)`);
      }
      const { rows } = await sql<ProjectRow>`${PROJECTS_FROM} where ${where(conditions)}
        order by p.created_at desc, p.id desc limit ${q.limit + 1}`.execute(db);
      return pageOf(rows, q.limit, toProjectView, (r) => [r.created_at.toISOString(), r.id]);
    },

    // ---------- Deliverables ----------

    async insertDeliverable(workspaceId: string, d: DeliverableRecord, w: Written): Promise<void> {
      await db
        .insertInto('deliverables')
        .values({ workspace_id: workspaceId, id: w.id, ...deliverableColumns(d), created_by: w.by, created_at: w.at, updated_at: w.at })
        .execute();
    },

    /** Changes a deliverable; a new account (another project's) carries its incidents along. */
    async updateDeliverable(workspaceId: string, id: string, d: DeliverableRecord, at: Date): Promise<void> {
      await db.updateTable('deliverables').set({ ...deliverableColumns(d), updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    /** Deletes a deliverable; its incidents stay on the account, unlinked. */
    async deleteDeliverable(workspaceId: string, id: string): Promise<void> {
      await db.deleteFrom('deliverables').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    async deliverablesByIds(workspaceId: string, ids: readonly string[], now: Date): Promise<DeliverableView[]> {
      if (ids.length === 0) return [];
      const { rows } = await sql<DeliverableRow>`${DELIVERABLES_FROM} where d.workspace_id = ${workspaceId} and d.id = any(${[...ids]}::uuid[])`.execute(db);
      return rows.map((r) => toDeliverableView(r, now));
    },

    /** By due time (latest first, or soonest first with sort=dueAt), keyset-paged on (due_at, id); lateness as of `now`. */
    async listDeliverables(workspaceId: string, q: ListDeliverablesQuery, now: Date) {
      const conditions: Expression<SqlBool>[] = [sql<boolean>`d.workspace_id = ${workspaceId}`];
      if (q.accountId) conditions.push(sql<boolean>`d.account_id = ${q.accountId}`);
      if (q.projectId) conditions.push(sql<boolean>`d.project_id = ${q.projectId}`);
      if (q.ownerId) conditions.push(sql<boolean>`d.owner_id = ${q.ownerId}`);
      if (q.status) conditions.push(sql<boolean>`d.status = ${q.status}`);
      if (q.state) conditions.push(stateCondition(q.state, now));
      if (q.from) conditions.push(sql<boolean>`d.due_at >= ${new Date(q.from)}`);
      if (q.to) conditions.push(sql<boolean>`d.due_at < ${new Date(q.to)}`);
      const ascending = q.sort === 'dueAt';
      if (q.cursor) {
        const [at, id] = timeCursor(q.cursor);
        conditions.push(ascending ? sql<boolean>`(d.due_at, d.id) > (${at}, ${id}::uuid)` : sql<boolean>`(d.due_at, d.id) < (${at}, ${id}::uuid)`);
      }
      const order = ascending ? sql`d.due_at asc, d.id asc` : sql`d.due_at desc, d.id desc`;
      const { rows } = await sql<DeliverableRow>`${DELIVERABLES_FROM} where ${where(conditions)} order by ${order} limit ${q.limit + 1}`.execute(db);
      return pageOf(rows, q.limit, (r) => toDeliverableView(r, now), (r) => [r.due_at.toISOString(), r.id]);
    },

    // ---------- Targets ----------

    async insertTarget(workspaceId: string, t: TargetRecord, w: Written): Promise<void> {
      await db
        .insertInto('targets')
        .values({ workspace_id: workspaceId, id: w.id, ...targetColumns(t), created_by: w.by, created_at: w.at, updated_at: w.at })
        .execute();
    },

    async updateTarget(workspaceId: string, id: string, t: TargetRecord, at: Date): Promise<void> {
      await db.updateTable('targets').set({ ...targetColumns(t), updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    async deleteTarget(workspaceId: string, id: string): Promise<void> {
      await db.deleteFrom('targets').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    async targetsByIds(workspaceId: string, ids: readonly string[]): Promise<TargetView[]> {
      if (ids.length === 0) return [];
      const { rows } = await sql<TargetRow>`${TARGETS_FROM} where t.workspace_id = ${workspaceId} and t.id = any(${[...ids]}::uuid[])`.execute(db);
      return rows.map(toTargetView);
    },

    /** Latest period end first, keyset-paged on (period_end, id). */
    async listTargets(workspaceId: string, q: ListTargetsQuery) {
      const conditions: Expression<SqlBool>[] = [sql<boolean>`t.workspace_id = ${workspaceId}`];
      if (q.accountId) conditions.push(sql<boolean>`t.account_id = ${q.accountId}`);
      if (q.projectId) conditions.push(sql<boolean>`t.project_id = ${q.projectId}`);
      if (q.met === 'pending') conditions.push(sql<boolean>`t.actual is null`);
      if (q.met === 'true') conditions.push(sql<boolean>`t.actual is not null and ${MET}`);
      if (q.met === 'false') conditions.push(sql<boolean>`t.actual is not null and not ${MET}`);
      if (q.from) conditions.push(sql<boolean>`t.period_end >= ${q.from}::date`);
      if (q.to) conditions.push(sql<boolean>`t.period_end < ${q.to}::date`);
      if (q.cursor) {
        const [day, id] = dayCursor(q.cursor);
        conditions.push(sql<boolean>`(t.period_end, t.id) < (${day}::date, ${id}::uuid)`);
      }
      const { rows } = await sql<TargetRow>`${TARGETS_FROM} where ${where(conditions)}
        order by t.period_end desc, t.id desc limit ${q.limit + 1}`.execute(db);
      return pageOf(rows, q.limit, toTargetView, (r) => [dayStartIso(r.period_end), r.id]);
    },

    // ---------- Incidents ----------

    async insertIncident(workspaceId: string, i: IncidentRecord, w: Written): Promise<void> {
      await db
        .insertInto('incidents')
        .values({ workspace_id: workspaceId, id: w.id, ...incidentColumns(i), created_by: w.by, created_at: w.at, updated_at: w.at })
        .execute();
    },

    async updateIncident(workspaceId: string, id: string, i: IncidentRecord, at: Date): Promise<void> {
      await db.updateTable('incidents').set({ ...incidentColumns(i), updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    async deleteIncident(workspaceId: string, id: string): Promise<void> {
      await db.deleteFrom('incidents').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    async incidentsByIds(workspaceId: string, ids: readonly string[]): Promise<IncidentView[]> {
      if (ids.length === 0) return [];
      const { rows } = await sql<IncidentRow>`${INCIDENTS_FROM} where i.workspace_id = ${workspaceId} and i.id = any(${[...ids]}::uuid[])`.execute(db);
      return rows.map(toIncidentView);
    },

    /** Newest first, keyset-paged on (occurred_at, id). */
    async listIncidents(workspaceId: string, q: ListIncidentsQuery) {
      const conditions: Expression<SqlBool>[] = [sql<boolean>`i.workspace_id = ${workspaceId}`];
      if (q.accountId) conditions.push(sql<boolean>`i.account_id = ${q.accountId}`);
      if (q.deliverableId) conditions.push(sql<boolean>`i.deliverable_id = ${q.deliverableId}`);
      if (q.projectId) conditions.push(sql<boolean>`d.project_id = ${q.projectId}`);
      if (q.kind) conditions.push(sql<boolean>`i.kind = ${q.kind}`);
      if (q.minSeverity) conditions.push(sql<boolean>`i.severity >= ${q.minSeverity}`);
      if (q.from) conditions.push(sql<boolean>`i.occurred_at >= ${new Date(q.from)}`);
      if (q.to) conditions.push(sql<boolean>`i.occurred_at < ${new Date(q.to)}`);
      if (q.cursor) {
        const [at, id] = timeCursor(q.cursor);
        conditions.push(sql<boolean>`(i.occurred_at, i.id) < (${at}, ${id}::uuid)`);
      }
      const { rows } = await sql<IncidentRow>`${INCIDENTS_FROM} where ${where(conditions)}
        order by i.occurred_at desc, i.id desc limit ${q.limit + 1}`.execute(db);
      return pageOf(rows, q.limit, toIncidentView, (r) => [r.occurred_at.toISOString(), r.id]);
    },

    // ---------- The account timeline ----------

    /**
     * The next `limit + 1` entries of an account's timeline after `cursor`, newest first over every
     * source in `sources`: one index-ordered, limited branch per source, merged by (at, id). A
     * touchpoint sits at its time, a project at its start day, a deliverable at its delivery (else
     * its due time), a target at its period's end day and an incident at its time (delivery.ts).
     * `channel` and `direction` are touchpoints' own: the other sources have neither.
     */
    async timelineKeys(
      workspaceId: string,
      accountId: string,
      q: { sources: readonly TimelineSource[]; channel?: string | undefined; direction?: string | undefined; limit: number; cursor?: string | undefined },
    ): Promise<TimelineKey[]> {
      const after = q.cursor ? timeCursor(q.cursor) : undefined;
      const n = q.limit + 1;
      const branch = (kind: TimelineSource, at: RawBuilder<unknown>, alias: string, table: string, extra: RawBuilder<unknown>[] = []) => {
        const ref = sql.ref(alias);
        const conditions = [sql`${ref}.workspace_id = ${workspaceId}`, sql`${ref}.account_id = ${accountId}`, ...extra];
        if (after) conditions.push(sql`(${at}, ${ref}.id) < (${after[0]}, ${after[1]}::uuid)`);
        return sql`(select ${at} as at, ${kind}::text as kind, ${ref}.id from ${sql.table(table)} as ${ref}
          where ${sql.join(conditions, sql` and `)} order by 1 desc, ${ref}.id desc limit ${n})`;
      };
      const touchFilters = [
        ...(q.channel ? [sql`t.channel = ${q.channel}`] : []),
        ...(q.direction ? [sql`t.direction = ${q.direction}`] : []),
      ];
      const branches: Record<TimelineSource, () => RawBuilder<unknown>> = {
        touchpoint: () => branch('touchpoint', sql`t.occurred_at`, 't', 'touchpoints', touchFilters),
        project: () => branch('project', sql`(p.starts_on::timestamp at time zone 'UTC')`, 'p', 'projects', [sql`p.starts_on is not null`]),
        deliverable: () => branch('deliverable', sql`coalesce(d.delivered_at, d.due_at)`, 'd', 'deliverables'),
        target: () => branch('target', sql`(g.period_end::timestamp at time zone 'UTC')`, 'g', 'targets'),
        incident: () => branch('incident', sql`i.occurred_at`, 'i', 'incidents'),
      };
      const chosen = q.sources.filter((s) => !((q.channel || q.direction) && s !== 'touchpoint'));
      if (chosen.length === 0) return [];
      const { rows } = await sql<TimelineKey>`select k.at, k.kind, k.id from (${sql.join(chosen.map((s) => branches[s]()), sql` union all `)}) k
        order by k.at desc, k.id desc limit ${n}`.execute(db);
      return rows;
    },
  };
}


function projectColumns(p: ProjectRecord) {
  return {
    account_id: p.accountId,
    name: p.name,
    brief: p.brief,
    budget_amount: p.budget?.amount ?? null,
    budget_currency: p.budget?.currency ?? null,
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    status: p.status,
  };
}

function deliverableColumns(d: DeliverableRecord) {
  return {
    project_id: d.projectId,
    account_id: d.accountId,
    title: d.title,
    owner_id: d.ownerId,
    due_at: d.dueAt,
    delivered_at: d.deliveredAt,
    approved_at: d.approvedAt,
    status: d.status,
    notes: d.notes,
  };
}

function targetColumns(t: TargetRecord) {
  return {
    account_id: t.accountId,
    project_id: t.projectId,
    metric: t.metric,
    period_start: t.periodStart,
    period_end: t.periodEnd,
    goal: t.goal,
    actual: t.actual,
    higher_is_better: t.higherIsBetter,
  };
}

function incidentColumns(i: IncidentRecord) {
  return {
    account_id: i.accountId,
    deliverable_id: i.deliverableId,
    kind: i.kind,
    severity: i.severity,
    description: i.description,
    occurred_at: i.occurredAt,
  };
}
