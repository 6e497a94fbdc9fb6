import { scoreSentiment } from '../health/sentiment.js';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { ImportsTable } from '../platform/db/schema.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';

/** An error as stored: its line (0 for the failure that stopped the whole import), column and reason. */
export interface StoredError {
  line: number;
  column?: string;
  message: string;
  /** Set on the one entry that says why the whole import stopped. */
  failure?: true;
}

export type ImportRow = Selectable<ImportsTable>;

export interface NewImport {
  id: string;
  filename: string;
  format: 'csv' | 'ics';
  layout: string | null;
  dryRun: boolean;
  bytesTotal: number | null;
  mapping: Record<string, string> | null;
  createdBy: string | null;
  at: Date;
}

export interface ProgressUpdate {
  bytesRead: number;
  rowsRead: number;
  imported: number;
  unchanged: number;
  failed: number;
  markedLost: number;
  /** Errors to append to the stored list (the caller keeps it under its cap). */
  newErrors: readonly StoredError[];
}

/** A new account as an import writes it. */
export interface AccountInsert {
  id: string;
  externalId: string | null;
  name: string;
  sortName: string;
  aliases: string[];
  searchText: string;
  category: string | null;
  website: string | null;
  valueAmount: number | null;
  valueCurrency: string | null;
  status: string;
}

export interface ContactInsert {
  id: string;
  accountId: string;
  externalId: string | null;
  name: string;
  sortName: string;
  emails: string[];
  phone: string | null;
  title: string | null;
}

export interface TouchpointInsert {
  id: string;
  accountId: string;
  channel: string;
  direction: string;
  occurredAt: Date;
  durationMinutes: number | null;
  subject: string;
  summary: string;
  externalId: string;
  contactIds: readonly string[];
  memberIds: readonly string[];
}

export interface AccountMatch {
  id: string;
  external_id: string | null;
  sort_name: string;
  archived_at: Date | null;
  status: string;
  /** 'YYYY-MM-DD' or null: a loss may not be recorded before it. */
  started_on: string | null;
  /** The day of its loss record, or null when it has none. */
  lost_on: string | null;
}

export interface ContactMatch {
  id: string;
  account_id: string;
  external_id: string | null;
  emails: string[];
  sort_name: string;
}

/** A project of one of the accounts a ledger batch names. */
export interface ProjectMatch {
  id: string;
  account_id: string;
  name: string;
}

/** A stored deliverable a ledger row may repeat, or name (an incident's deliverable). */
export interface DeliverableMatch {
  id: string;
  account_id: string;
  project_id: string;
  title: string;
  due_at: Date;
}

export interface TargetMatch {
  id: string;
  account_id: string;
  metric: string;
  period_start: string;
  period_end: string;
  actual: number | null;
}

export interface IncidentMatch {
  account_id: string;
  kind: string;
  occurred_at: Date;
  description: string;
}

export interface DeliverableInsert {
  id: string;
  accountId: string;
  projectId: string;
  title: string;
  ownerId: string | null;
  dueAt: Date;
  deliveredAt: Date | null;
  approvedAt: Date | null;
  status: string;
  notes: string;
  externalId: string | null;
}

export interface TargetInsert {
  id: string;
  accountId: string;
  projectId: string | null;
  metric: string;
  periodStart: string;
  periodEnd: string;
  goal: number;
  actual: number | null;
  higherIsBetter: boolean;
}

export interface IncidentInsert {
  id: string;
  accountId: string;
  deliverableId: string | null;
  kind: string;
  severity: number;
  description: string;
  occurredAt: Date;
}

/** Who wrote the ledger rows of a batch, and when. */
interface LedgerMeta {
  createdBy: string | null;
  at: Date;
}

/** SQL for imports and for the bulk reads and writes an import makes. Every query is scoped to one workspace. */
export function importsRepo(db: Db) {
  return {
    async insertImport(workspaceId: string, i: NewImport): Promise<void> {
      await db
        .insertInto('imports')
        .values({
          workspace_id: workspaceId,
          id: i.id,
          filename: i.filename,
          format: i.format,
          layout: i.layout,
          status: 'queued',
          dry_run: i.dryRun,
          bytes_total: i.bytesTotal,
          mapping: i.mapping ? JSON.stringify(i.mapping) : null,
          errors: '[]',
          created_by: i.createdBy,
          created_at: i.at,
        })
        .execute();
    },

    async markRunning(workspaceId: string, id: string, at: Date): Promise<void> {
      await db.updateTable('imports').set({ status: 'running', heartbeat_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    /** The running process's sign of life (see failUnfinished, and jobs.ts). */
    async beat(workspaceId: string, id: string, at: Date): Promise<void> {
      await db.updateTable('imports').set({ heartbeat_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).where('status', '=', 'running').execute();
    },

    async updateProgress(workspaceId: string, id: string, p: ProgressUpdate): Promise<void> {
      await db
        .updateTable('imports')
        .set({
          bytes_read: p.bytesRead,
          rows_read: p.rowsRead,
          rows_imported: p.imported,
          rows_unchanged: p.unchanged,
          rows_failed: p.failed,
          accounts_marked_lost: p.markedLost,
          ...(p.newErrors.length > 0 ? { errors: sql`errors || ${JSON.stringify(p.newErrors)}::jsonb` as unknown as string } : {}),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    async finish(workspaceId: string, id: string, status: 'done' | 'failed', at: Date, failure?: string): Promise<void> {
      const failureEntry: StoredError[] = failure ? [{ line: 0, message: failure, failure: true }] : [];
      await db
        .updateTable('imports')
        .set({
          status,
          finished_at: at,
          ...(failure ? { errors: sql`${JSON.stringify(failureEntry)}::jsonb || errors` as unknown as string } : {}),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    async findImport(workspaceId: string, id: string): Promise<ImportRow | undefined> {
      return db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    },

    /** Newest first, keyset-paged on (created_at, id), with the first ten stored errors. */
    async listImports(workspaceId: string, query: { limit: number; cursor?: string | undefined }): Promise<{ rows: ImportRow[]; nextCursor: string | null }> {
      let q = db
        .selectFrom('imports')
        .select([
          'workspace_id', 'id', 'filename', 'format', 'layout', 'status', 'dry_run', 'bytes_total', 'bytes_read', 'rows_read',
          'rows_imported', 'rows_unchanged', 'rows_failed', 'accounts_marked_lost', 'mapping', 'created_by', 'created_at', 'finished_at',
        ])
        // A list shows the first few errors (the failure first, if any); GET /api/imports/{id} has them all.
        .select(sql<StoredError[]>`jsonb_path_query_array(errors, '$[0 to 9]')`.as('errors'))
        .where('workspace_id', '=', workspaceId);
      if (query.cursor) {
        const [at, id] = decodeCursor(query.cursor, 'time');
        q = q.where(sql<boolean>`(created_at, id) < (${new Date(at)}, ${id}::uuid)`);
      }
      const rows = (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute()) as ImportRow[];
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null };
    },

    /**
     * Imports left queued or running by a process that stopped: on PGlite at start (there is only
     * ever one process), every one; with `silentSince`, those whose heartbeat (or creation) is older.
     */
    async failUnfinished(at: Date, failure: string, silentSince?: Date): Promise<number> {
      const entry = JSON.stringify([{ line: 0, message: failure, failure: true } satisfies StoredError]);
      let query = db
        .updateTable('imports')
        .set({ status: 'failed', finished_at: at, errors: sql`${entry}::jsonb || errors` as unknown as string })
        .where('status', 'in', ['queued', 'running']);
      if (silentSince) query = query.where(sql<boolean>`coalesce(heartbeat_at, created_at) < ${silentSince}`);
      const rows = await query.returning('id').execute();
      return rows.length;
    },

    /** The currency most of the workspace's accounts with a value are in (alphabetically first on a tie), or null. */
    async mostUsedCurrency(workspaceId: string): Promise<string | null> {
      const row = await db
        .selectFrom('accounts')
        .select('value_currency')
        .where('workspace_id', '=', workspaceId)
        .where('value_currency', 'is not', null)
        .groupBy('value_currency')
        .orderBy((eb) => eb.fn.countAll(), 'desc')
        .orderBy('value_currency')
        .limit(1)
        .executeTakeFirst();
      return row?.value_currency ?? null;
    },

    async existingAccountIds(workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', [...new Set(ids)]).execute();
      return new Set(rows.map((r) => r.id));
    },

    /** Accounts with one of these external ids or folded names, with the day of their loss record if they have one. */
    async matchAccounts(workspaceId: string, externalIds: readonly string[], sortNames: readonly string[]): Promise<AccountMatch[]> {
      if (externalIds.length === 0 && sortNames.length === 0) return [];
      const { rows } = await sql<AccountMatch>`
        select a.id, a.external_id, a.sort_name, a.archived_at, a.status, a.started_on::text as started_on, l.lost_on::text as lost_on
        from accounts a left join account_losses l on l.workspace_id = a.workspace_id and l.account_id = a.id
        where a.workspace_id = ${workspaceId}
          and (a.external_id = any(${[...new Set(externalIds)]}::text[]) or a.sort_name = any(${[...new Set(sortNames)]}::text[]))
        order by (a.archived_at is null) desc, a.created_at, a.id`.execute(db);
      return rows;
    },

    async insertAccounts(workspaceId: string, rows: readonly AccountInsert[], at: Date): Promise<Set<string>> {
      if (rows.length === 0) return new Set();
      const inserted = await db
        .insertInto('accounts')
        .values(
          rows.map((r) => ({
            workspace_id: workspaceId,
            id: r.id,
            external_id: r.externalId,
            name: r.name,
            sort_name: r.sortName,
            aliases: r.aliases,
            search_text: r.searchText,
            category: r.category,
            website: r.website,
            value_amount: r.valueAmount,
            value_currency: r.valueCurrency,
            status: r.status,
            started_on: null,
            cadence_days: null,
            is_confidential: false,
            notes: '',
            archived_at: null,
            created_at: at,
            updated_at: at,
          })),
        )
        // Another import of the same file at the same time: its account wins, this row is a duplicate.
        .onConflict((oc) => oc.columns(['workspace_id', 'external_id']).where('external_id', 'is not', null).doNothing())
        .returning('id')
        .execute();
      return new Set(inserted.map((r) => r.id));
    },

    /** Gives an account found by name the external id it has in the CRM, unless it already has one. */
    async linkAccount(workspaceId: string, id: string, externalId: string): Promise<void> {
      await sql`
        update accounts set external_id = ${externalId}
        where workspace_id = ${workspaceId} and id = ${id} and external_id is null
          and not exists (select 1 from accounts o where o.workspace_id = ${workspaceId} and o.external_id = ${externalId})`.execute(db);
    },

    async touchAccounts(workspaceId: string, ids: readonly string[], at: Date): Promise<void> {
      if (ids.length === 0) return;
      await db.updateTable('accounts').set({ updated_at: at }).where('workspace_id', '=', workspaceId).where('id', 'in', [...new Set(ids)]).execute();
    },

    /** Contacts with one of these external ids, or in one of these accounts sharing an e-mail or folded name. */
    async matchContacts(
      workspaceId: string,
      externalIds: readonly string[],
      accountIds: readonly string[],
      emails: readonly string[],
      sortNames: readonly string[],
    ): Promise<ContactMatch[]> {
      if (externalIds.length === 0 && accountIds.length === 0) return [];
      const { rows } = await sql<ContactMatch>`
        select id, account_id, external_id, emails, sort_name from contacts
        where workspace_id = ${workspaceId}
          and (external_id = any(${[...new Set(externalIds)]}::text[])
               or (account_id = any(${[...new Set(accountIds)]}::uuid[])
                   and (emails && ${[...new Set(emails)]}::text[] or sort_name = any(${[...new Set(sortNames)]}::text[]))))
        order by created_at, id`.execute(db);
      return rows;
    },

    async insertContacts(workspaceId: string, rows: readonly ContactInsert[], at: Date): Promise<Set<string>> {
      if (rows.length === 0) return new Set();
      const inserted = await db
        .insertInto('contacts')
        .values(
          rows.map((r) => ({
            workspace_id: workspaceId,
            id: r.id,
            account_id: r.accountId,
            external_id: r.externalId,
            name: r.name,
            sort_name: r.sortName,
            emails: r.emails,
            phone: r.phone,
            title: r.title,
            role: 'other',
            influence: 3,
            is_primary: false,
            status: 'active',
            left_on: null,
            social_handles: '[]',
            notes: '',
            created_at: at,
            updated_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(['workspace_id', 'external_id']).where('external_id', 'is not', null).doNothing())
        .returning('id')
        .execute();
      return new Set(inserted.map((r) => r.id));
    },

    async linkContact(workspaceId: string, id: string, externalId: string): Promise<void> {
      await sql`
        update contacts set external_id = ${externalId}
        where workspace_id = ${workspaceId} and id = ${id} and external_id is null
          and not exists (select 1 from contacts o where o.workspace_id = ${workspaceId} and o.external_id = ${externalId})`.execute(db);
    },

    /** Workspace members by e-mail (lower case): the team members in a touch. */
    async membersByEmail(workspaceId: string, emails: readonly string[]): Promise<Map<string, string>> {
      if (emails.length === 0) return new Map();
      const { rows } = await sql<{ email: string; user_id: string }>`
        select lower(u.email) as email, m.user_id from memberships m join users u on u.id = m.user_id
        where m.workspace_id = ${workspaceId} and lower(u.email) = any(${[...new Set(emails)]}::text[])`.execute(db);
      return new Map(rows.map((r) => [r.email, r.user_id]));
    },

    async existingTouchpointExternalIds(workspaceId: string, externalIds: readonly string[]): Promise<Set<string>> {
      if (externalIds.length === 0) return new Set();
      const { rows } = await sql<{ external_id: string }>`
        select external_id from touchpoints where workspace_id = ${workspaceId} and external_id = any(${[...new Set(externalIds)]}::text[])`.execute(db);
      return new Set(rows.map((r) => r.external_id));
    },

    /**
     * Stores touchpoints and the people in them, skipping any whose external id is already
     * stored; answers the ids inserted. One statement whatever the batch size: the rows travel as
     * arrays that `unnest` turns back into rows (parsed and planned once, where a thousand-row
     * VALUES list costs more to plan than to insert), and the contacts and members are inserted by
     * the same statement for just the touchpoints it stored.
     */
    async insertTouchpoints(workspaceId: string, rows: readonly TouchpointInsert[], meta: { source: string; createdBy: string | null; at: Date }): Promise<Set<string>> {
      if (rows.length === 0) return new Set();
      const contactPairs = rows.flatMap((r) => [...new Set(r.contactIds)].map((c) => [r.id, c] as const));
      const memberPairs = rows.flatMap((r) => [...new Set(r.memberIds)].map((m) => [r.id, m] as const));
      const { rows: inserted } = await sql<{ id: string }>`
        with stored as (
          insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, duration_minutes, subject, summary,
                                   source, external_id, created_by, created_at, updated_at, sentiment)
          select ${workspaceId}::uuid, t.id, t.account_id, t.channel, t.direction, t.occurred_at, t.duration_minutes, t.subject, t.summary,
                 ${meta.source}, t.external_id, ${meta.createdBy}::uuid, ${meta.at}::timestamptz, ${meta.at}::timestamptz, t.sentiment
          from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.accountId)}::uuid[], ${rows.map((r) => r.channel)}::text[],
                      ${rows.map((r) => r.direction)}::text[], ${rows.map((r) => r.occurredAt.toISOString())}::timestamptz[],
                      ${rows.map((r) => r.durationMinutes)}::int[], ${rows.map((r) => r.subject)}::text[], ${rows.map((r) => r.summary)}::text[],
                      ${rows.map((r) => r.externalId)}::text[], ${rows.map((r) => scoreSentiment(r.subject, r.summary))}::float8[])
               as t(id, account_id, channel, direction, occurred_at, duration_minutes, subject, summary, external_id, sentiment)
          on conflict (workspace_id, external_id) where external_id is not null do nothing
          returning id, occurred_at, direction
        ), contacts as (
          insert into touchpoint_contacts (workspace_id, touchpoint_id, contact_id, occurred_at, direction)
          select ${workspaceId}::uuid, p.t, p.c, stored.occurred_at, stored.direction
          from unnest(${contactPairs.map((p) => p[0])}::uuid[], ${contactPairs.map((p) => p[1])}::uuid[]) as p(t, c)
          join stored on stored.id = p.t
        ), members as (
          insert into touchpoint_members (workspace_id, touchpoint_id, user_id)
          select ${workspaceId}::uuid, p.t, p.u
          from unnest(${memberPairs.map((p) => p[0])}::uuid[], ${memberPairs.map((p) => p[1])}::uuid[]) as p(t, u)
          join stored on stored.id = p.t
        )
        select id from stored`.execute(db);
      return new Set(inserted.map((r) => r.id));
    },

    // ---------- The delivery ledger (deliverables, targets, incidents) ----------

    /**
     * Serialises the ledger batches of one workspace until the transaction ends: deliverables,
     * targets and incidents have no unique key to fall back on (as touchpoints' external ids), so
     * two imports of the same file at once must not both find a row missing and both add it.
     */
    async lockLedger(workspaceId: string): Promise<void> {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`rapport.ledger-import:${workspaceId}`}, 0))`.execute(db);
    },

    /** Every project of these accounts (names are compared folded by the caller). */
    async projectsOfAccounts(workspaceId: string, accountIds: readonly string[]): Promise<ProjectMatch[]> {
      if (accountIds.length === 0) return [];
      const { rows } = await sql<ProjectMatch>`
        select id, account_id, name from projects
        where workspace_id = ${workspaceId} and account_id = any(${[...new Set(accountIds)]}::uuid[])
        order by created_at, id`.execute(db);
      return rows;
    },

    /** Deliverables of these projects due on one of these days (UTC): the candidates a row may repeat. */
    async deliverablesDueOn(workspaceId: string, projectIds: readonly string[], days: readonly string[]): Promise<DeliverableMatch[]> {
      if (projectIds.length === 0 || days.length === 0) return [];
      const { rows } = await sql<DeliverableMatch>`
        select id, account_id, project_id, title, due_at from deliverables
        where workspace_id = ${workspaceId} and project_id = any(${[...new Set(projectIds)]}::uuid[])
          and (due_at at time zone 'UTC')::date = any(${[...new Set(days)]}::date[])
        order by created_at, id`.execute(db);
      return rows;
    },

    /** Every deliverable of these accounts, and those with these ids wherever they are: what an incident may name. */
    async deliverablesOfAccounts(workspaceId: string, accountIds: readonly string[], ids: readonly string[]): Promise<DeliverableMatch[]> {
      if (accountIds.length === 0 && ids.length === 0) return [];
      const { rows } = await sql<DeliverableMatch>`
        select id, account_id, project_id, title, due_at from deliverables
        where workspace_id = ${workspaceId}
          and (account_id = any(${[...new Set(accountIds)]}::uuid[]) or id = any(${[...new Set(ids)]}::uuid[]))
        order by due_at, id`.execute(db);
      return rows;
    },

    /** The external ids, among these, of deliverables the workspace has. */
    async deliverableExternalIds(workspaceId: string, externalIds: readonly string[]): Promise<Set<string>> {
      if (externalIds.length === 0) return new Set();
      const { rows } = await sql<{ external_id: string }>`
        select external_id from deliverables where workspace_id = ${workspaceId} and external_id = any(${[...new Set(externalIds)]}::text[])`.execute(db);
      return new Set(rows.map((r) => r.external_id));
    },

    async insertDeliverables(workspaceId: string, rows: readonly DeliverableInsert[], meta: LedgerMeta): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insertInto('deliverables')
        .values(
          rows.map((r) => ({
            workspace_id: workspaceId,
            id: r.id,
            project_id: r.projectId,
            account_id: r.accountId,
            title: r.title,
            owner_id: r.ownerId,
            due_at: r.dueAt,
            delivered_at: r.deliveredAt,
            approved_at: r.approvedAt,
            status: r.status,
            notes: r.notes,
            external_id: r.externalId,
            created_by: meta.createdBy,
            created_at: meta.at,
            updated_at: meta.at,
          })),
        )
        .onConflict((oc) => oc.columns(['workspace_id', 'external_id']).where('external_id', 'is not', null).doNothing())
        .execute();
    },

    /** Targets of these accounts whose period starts on one of these days: the candidates a row may repeat. */
    async targetsStartingOn(workspaceId: string, accountIds: readonly string[], days: readonly string[]): Promise<TargetMatch[]> {
      if (accountIds.length === 0 || days.length === 0) return [];
      const { rows } = await sql<TargetMatch>`
        select id, account_id, metric, period_start::text as period_start, period_end::text as period_end, actual from targets
        where workspace_id = ${workspaceId} and account_id = any(${[...new Set(accountIds)]}::uuid[])
          and period_start = any(${[...new Set(days)]}::date[])
        order by created_at, id`.execute(db);
      return rows;
    },

    async insertTargets(workspaceId: string, rows: readonly TargetInsert[], meta: LedgerMeta): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insertInto('targets')
        .values(
          rows.map((r) => ({
            workspace_id: workspaceId,
            id: r.id,
            account_id: r.accountId,
            project_id: r.projectId,
            metric: r.metric,
            period_start: r.periodStart,
            period_end: r.periodEnd,
            goal: r.goal,
            actual: r.actual,
            higher_is_better: r.higherIsBetter,
            created_by: meta.createdBy,
            created_at: meta.at,
            updated_at: meta.at,
          })),
        )
        .execute();
    },

    /** Sets the measured value of these targets (one statement). */
    async updateTargetActuals(workspaceId: string, updates: ReadonlyArray<{ id: string; actual: number }>, at: Date): Promise<void> {
      if (updates.length === 0) return;
      await sql`
        update targets t set actual = u.actual, updated_at = ${at}
        from unnest(${updates.map((u) => u.id)}::uuid[], ${updates.map((u) => u.actual)}::float8[]) as u(id, actual)
        where t.workspace_id = ${workspaceId} and t.id = u.id`.execute(db);
    },

    /** Incidents of these accounts at one of these times: the candidates a row may repeat. */
    async incidentsAt(workspaceId: string, accountIds: readonly string[], times: readonly Date[]): Promise<IncidentMatch[]> {
      if (accountIds.length === 0 || times.length === 0) return [];
      const { rows } = await sql<IncidentMatch>`
        select account_id, kind, occurred_at, description from incidents
        where workspace_id = ${workspaceId} and account_id = any(${[...new Set(accountIds)]}::uuid[])
          and occurred_at = any(${[...new Set(times.map((t) => t.toISOString()))]}::timestamptz[])`.execute(db);
      return rows;
    },

    async insertIncidents(workspaceId: string, rows: readonly IncidentInsert[], meta: LedgerMeta): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insertInto('incidents')
        .values(
          rows.map((r) => ({
            workspace_id: workspaceId,
            id: r.id,
            account_id: r.accountId,
            deliverable_id: r.deliverableId,
            kind: r.kind,
            severity: r.severity,
            description: r.description,
            occurred_at: r.occurredAt,
            created_by: meta.createdBy,
            created_at: meta.at,
            updated_at: meta.at,
          })),
        )
        .execute();
    },

    /** The workspace's first owner (the longest-standing): who a command-line import acts as. */
    async firstOwner(workspaceId: string): Promise<{ userId: string; email: string; name: string } | undefined> {
      const row = await db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.name'])
        .where('m.workspace_id', '=', workspaceId)
        .where('m.role', '=', 'owner')
        .orderBy('m.created_at')
        .orderBy('u.id')
        .limit(1)
        .executeTakeFirst();
      return row ? { userId: row.id, email: row.email, name: row.name } : undefined;
    },

    async listWorkspaces(): Promise<Array<{ id: string; name: string; slug: string }>> {
      return db.selectFrom('workspaces').select(['id', 'name', 'slug']).orderBy('created_at').orderBy('name').execute();
    },
  };
}

export type ImportsRepo = ReturnType<typeof importsRepo>;
