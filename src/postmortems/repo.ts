import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { DeliverableStatus } from '../delivery/delivery.js';
import type { PostmortemFacts, PostmortemWindow, UserRef } from './postmortem.js';
import type { LossReason, LostAccount } from './reasons.js';
import type { LossView } from './schemas.js';

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();
const userRef = (id: string | null, name: string | null): UserRef | null => (id ? { userId: id, name: name ?? '' } : null);

interface LossRow {
  account_id: string;
  account_name: string;
  status: string;
  lost_on: string;
  reasons: string[];
  notes: string;
  recorded_by: string | null;
  recorded_by_name: string | null;
  recorded_at: Date;
}

function toLossView(r: LossRow): LossView {
  return {
    accountId: r.account_id,
    accountName: r.account_name,
    status: r.status as LossView['status'],
    lostOn: r.lost_on,
    reasons: r.reasons as LossReason[],
    notes: r.notes,
    recordedBy: userRef(r.recorded_by, r.recorded_by_name),
    recordedAt: iso(r.recorded_at),
  };
}

/** An account as a post-mortem and the loss record need it. */
export interface LossAccountRow {
  id: string;
  name: string;
  status: string;
  cadence_days: number | null;
  /** The account's start date, else the day it was created (as facts-repo.ts reads it). */
  since: string;
  /** The start date someone gave, if any. */
  started_on: string | null;
}

/** SQL of M6, always scoped by workspace. */
export function postmortemsRepo(db: Db) {
  return {
    /** The account; with `forUpdate`, locked until the transaction ends, so two markings of one account apply in turn. */
    async findAccount(workspaceId: string, accountId: string, options: { forUpdate?: boolean } = {}): Promise<LossAccountRow | undefined> {
      const { rows } = await sql<LossAccountRow>`
        select a.id, a.name, a.status, a.cadence_days, coalesce(a.started_on, (a.created_at at time zone 'UTC')::date)::text as since,
               a.started_on::text as started_on
        from accounts a where a.workspace_id = ${workspaceId} and a.id = ${accountId}
        ${options.forUpdate ? sql`for update` : sql``}`.execute(db);
      return rows[0];
    },

    async findLoss(workspaceId: string, accountId: string): Promise<LossView | undefined> {
      const { rows } = await sql<LossRow>`
        select l.account_id, a.name as account_name, a.status, l.lost_on::text as lost_on, l.reasons, l.notes,
               l.recorded_by, u.name as recorded_by_name, l.recorded_at
        from account_losses l
        join accounts a on a.workspace_id = l.workspace_id and a.id = l.account_id
        left join users u on u.id = l.recorded_by
        where l.workspace_id = ${workspaceId} and l.account_id = ${accountId}`.execute(db);
      return rows[0] ? toLossView(rows[0]) : undefined;
    },

    async upsertLoss(workspaceId: string, accountId: string, loss: { lostOn: string; reasons: readonly LossReason[]; notes: string; userId: string; at: Date }): Promise<void> {
      await sql`
        insert into account_losses (workspace_id, account_id, lost_on, reasons, notes, recorded_by, recorded_at)
        values (${workspaceId}, ${accountId}, ${loss.lostOn}::date, ${[...loss.reasons]}::text[], ${loss.notes}, ${loss.userId}, ${loss.at})
        on conflict (workspace_id, account_id) do update
          set lost_on = excluded.lost_on, reasons = excluded.reasons, notes = excluded.notes,
              recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`.execute(db);
    },

    async deleteLoss(workspaceId: string, accountId: string): Promise<void> {
      await db.deleteFrom('account_losses').where('workspace_id', '=', workspaceId).where('account_id', '=', accountId).execute();
    },

    async setStatus(workspaceId: string, accountId: string, status: 'lost' | 'active', at: Date): Promise<void> {
      await db.updateTable('accounts').set({ status, updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', accountId).execute();
    },

    /** Everything a post-mortem reads about the account in the window, one query per kind. */
    async postmortemFacts(workspaceId: string, accountId: string, window: PostmortemWindow): Promise<Omit<PostmortemFacts, 'account' | 'loss'>> {
      const start = new Date(window.startAt);
      const end = new Date(window.endAt);

      const touches = await sql<{ id: string; occurred_at: Date; direction: string }>`
        select t.id, t.occurred_at, t.direction from touchpoints t
        where t.workspace_id = ${workspaceId} and t.account_id = ${accountId} and t.occurred_at >= ${start} and t.occurred_at < ${end}
        order by t.occurred_at, t.id`.execute(db);
      const before = await sql<{ id: string; occurred_at: Date }>`
        select t.id, t.occurred_at from touchpoints t
        where t.workspace_id = ${workspaceId} and t.account_id = ${accountId} and t.occurred_at < ${start}
        order by t.occurred_at desc, t.id desc limit 1`.execute(db);

      const deliverables = await sql<{ id: string; project_id: string; project_name: string; title: string; due_at: Date; delivered_at: Date | null; status: string }>`
        select d.id, d.project_id, p.name as project_name, d.title, d.due_at, d.delivered_at, d.status
        from deliverables d join projects p on p.workspace_id = d.workspace_id and p.id = d.project_id
        where d.workspace_id = ${workspaceId} and d.account_id = ${accountId} and d.due_at >= ${start} and d.due_at < ${end}
        order by d.due_at, d.id`.execute(db);

      const targets = await sql<{
        id: string;
        project_id: string | null;
        project_name: string | null;
        metric: string;
        period_start: string;
        period_end: string;
        goal: number;
        actual: number | null;
        higher_is_better: boolean;
      }>`
        select g.id, g.project_id, p.name as project_name, g.metric, g.period_start::text as period_start, g.period_end::text as period_end,
               g.goal, g.actual, g.higher_is_better
        from targets g left join projects p on p.workspace_id = g.workspace_id and p.id = g.project_id
        where g.workspace_id = ${workspaceId} and g.account_id = ${accountId} and g.period_end between ${window.from}::date and ${window.to}::date
        order by g.period_end, g.id`.execute(db);

      const incidents = await sql<{ id: string; deliverable_id: string | null; deliverable_title: string | null; kind: string; severity: number; description: string; occurred_at: Date }>`
        select i.id, i.deliverable_id, d.title as deliverable_title, i.kind, i.severity, i.description, i.occurred_at
        from incidents i left join deliverables d on d.workspace_id = i.workspace_id and d.id = i.deliverable_id
        where i.workspace_id = ${workspaceId} and i.account_id = ${accountId} and i.occurred_at >= ${start} and i.occurred_at < ${end}
        order by i.occurred_at, i.id`.execute(db);

      // The day's last snapshot (by the order they were taken): a day may have several (one per change, one from the nightly run).
      const health = await sql<{ as_of: string; score: number; band: string; model_version: number }>`
        select distinct on (s.as_of) s.as_of::text as as_of, s.score, s.band, s.model_version
        from health_snapshots s
        where s.workspace_id = ${workspaceId} and s.account_id = ${accountId} and s.as_of between ${window.from}::date and ${window.to}::date
        order by s.as_of, s.seq desc`.execute(db);

      const alerts = await sql<{
        id: string;
        kind: string;
        severity: string;
        message: string;
        state: string;
        raised_on: string;
        raised_at: Date;
        acknowledged_at: Date | null;
        acknowledged_by: string | null;
        acknowledged_by_name: string | null;
        snoozed_until: Date | null;
        resolved_at: Date | null;
        resolved_by: string | null;
        resolved_by_name: string | null;
        resolution: string | null;
        note: string;
      }>`
        select al.id, al.kind, al.severity, al.message, al.state, al.raised_on::text as raised_on, al.raised_at,
               al.acknowledged_at, al.acknowledged_by, ack.name as acknowledged_by_name, al.snoozed_until,
               al.resolved_at, al.resolved_by, res.name as resolved_by_name, al.resolution, al.note
        from alerts al
        left join users ack on ack.id = al.acknowledged_by
        left join users res on res.id = al.resolved_by
        where al.workspace_id = ${workspaceId} and al.account_id = ${accountId} and al.raised_on between ${window.from}::date and ${window.to}::date
        order by al.raised_at, al.id`.execute(db);

      const previous = before.rows[0];
      return {
        touchpoints: touches.rows.map((t) => ({ id: t.id, occurredAt: iso(t.occurred_at), direction: t.direction as 'agency_initiated' | 'client_initiated' })),
        touchBefore: previous ? { id: previous.id, occurredAt: iso(previous.occurred_at) } : null,
        deliverables: deliverables.rows.map((d) => ({
          id: d.id,
          projectId: d.project_id,
          projectName: d.project_name,
          title: d.title,
          dueAt: iso(d.due_at),
          deliveredAt: d.delivered_at ? iso(d.delivered_at) : null,
          status: d.status as DeliverableStatus,
        })),
        targets: targets.rows.map((g) => ({
          id: g.id,
          projectId: g.project_id,
          projectName: g.project_name,
          metric: g.metric,
          periodStart: g.period_start,
          periodEnd: g.period_end,
          goal: Number(g.goal),
          actual: g.actual === null ? null : Number(g.actual),
          higherIsBetter: g.higher_is_better,
        })),
        incidents: incidents.rows.map((i) => ({
          id: i.id,
          deliverableId: i.deliverable_id,
          deliverableTitle: i.deliverable_title,
          kind: i.kind,
          severity: Number(i.severity),
          description: i.description,
          occurredAt: iso(i.occurred_at),
        })),
        health: health.rows.map((h) => ({ asOf: h.as_of, score: Number(h.score), band: h.band as 'healthy' | 'watch' | 'at_risk', modelVersion: h.model_version })),
        alerts: alerts.rows.map((a) => ({
          id: a.id,
          kind: a.kind,
          severity: a.severity as 'info' | 'warning' | 'critical',
          message: a.message,
          state: a.state as 'open' | 'acknowledged' | 'snoozed' | 'resolved',
          raisedOn: a.raised_on,
          raisedAt: iso(a.raised_at),
          acknowledgedAt: a.acknowledged_at ? iso(a.acknowledged_at) : null,
          acknowledgedBy: userRef(a.acknowledged_by, a.acknowledged_by_name),
          snoozedUntil: a.snoozed_until ? iso(a.snoozed_until) : null,
          resolvedAt: a.resolved_at ? iso(a.resolved_at) : null,
          resolvedBy: userRef(a.resolved_by, a.resolved_by_name),
          resolution: a.resolution as 'auto' | 'manual' | null,
          note: a.note,
        })),
      };
    },

    /** Every loss of the workspace (archived accounts too: a lost account is often archived), optionally within days. */
    async listLosses(workspaceId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<LostAccount[]> {
      const { rows } = await sql<{ account_id: string; name: string; lost_on: string; reasons: string[]; notes: string; value_amount: number | null; value_currency: string | null }>`
        select l.account_id, a.name, l.lost_on::text as lost_on, l.reasons, l.notes, a.value_amount, a.value_currency
        from account_losses l join accounts a on a.workspace_id = l.workspace_id and a.id = l.account_id
        where l.workspace_id = ${workspaceId}
          ${range.from ? sql`and l.lost_on >= ${range.from}::date` : sql``}
          ${range.to ? sql`and l.lost_on <= ${range.to}::date` : sql``}
        order by l.lost_on desc, a.sort_name, a.id`.execute(db);
      return rows.map((r) => ({
        accountId: r.account_id,
        name: r.name,
        lostOn: r.lost_on,
        reasons: r.reasons as LossReason[],
        notes: r.notes,
        value: r.value_amount !== null && r.value_currency !== null ? { amount: Number(r.value_amount), currency: r.value_currency } : null,
      }));
    },

    /**
     * The accounts a backtest replays: every account with a loss record (lost), and every active or
     * at-risk account that is not archived (retained). Prospects were never clients, and an account
     * set to 'lost' without a loss record has no day of loss to measure against.
     */
    async backtestAccounts(workspaceId: string): Promise<Array<{ id: string; name: string; lostOn: string | null; createdOn: string }>> {
      const { rows } = await sql<{ id: string; name: string; lost_on: string | null; created_on: string }>`
        select a.id, a.name, l.lost_on::text as lost_on, (a.created_at at time zone 'UTC')::date::text as created_on
        from accounts a left join account_losses l on l.workspace_id = a.workspace_id and l.account_id = a.id
        where a.workspace_id = ${workspaceId}
          and (l.account_id is not null or (a.status in ('active', 'at_risk') and a.archived_at is null))
        order by a.id`.execute(db);
      return rows.map((r) => ({ id: r.id, name: r.name, lostOn: r.lost_on, createdOn: r.created_on }));
    },
  };
}
