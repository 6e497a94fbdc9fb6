import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { AccountSignals } from './facts.js';
import type { HealthModel } from './model.js';

const DAY_MS = 86_400_000;

/** Midnight UTC at the start of a 'YYYY-MM-DD' day, plus `days`. */
export function dayStart(day: string, days = 0): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/** Which accounts a recompute covers: every open one (not archived, not lost) or the given ids. */
export type AccountScope = { all: true } | { ids: readonly string[] };

interface SignalsRow {
  id: string;
  cadence_days: number | null;
  since: string;
  last_touch_at: Date | null;
  last_touch_id: string | null;
  last_client_touch_at: Date | null;
  last_client_touch_id: string | null;
  touches: number;
  client_touches: number;
  touches_prev: number;
  client_touches_prev: number;
  touches30: number;
  engaged: number;
  active_contacts: number;
  recent_ids: string[] | null;
  sentiment_scored: number;
  sentiment_milli: number | null;
  sentiment_ids: string[] | null;
  due: number;
  on_time: number;
  late_ids: string[] | null;
  on_time_ids: string[] | null;
  targets_evaluated: number;
  targets_met: number;
  missed_ids: string[] | null;
  met_ids: string[] | null;
  incidents: number;
  severity_total: number;
  incident_ids: string[] | null;
  key_left_ids: string[] | null;
  key_active: number;
}

/**
 * The signals of many accounts as of one day, in one statement: what `summarizeFacts` computes
 * from one account's raw facts, computed by the database for the whole portfolio (the full
 * recompute). Windows are whole UTC days ending with `asOf`; see facts.ts for every definition —
 * signals-sql.int.test.ts holds the two to the same answer.
 *
 * How it stays fast at 10,000 accounts and 5,000,000 touchpoints: the touch counts are one pass
 * over the last two touch windows (`touchpoints_time_idx`); the last touches and the newest ids are
 * short backward index scans per account; engaged contacts are one index range per active contact
 * on `touchpoint_contacts (workspace_id, contact_id, occurred_at)`, never a join of every recent
 * touchpoint to its links; deliverables, targets and incidents are read by their per-account
 * time indexes.
 */
export function signalsQuery(workspaceId: string, asOf: string, model: HealthModel, scope: AccountScope) {
  const end = dayStart(asOf, 1);
  const touchStart = dayStart(asOf, 1 - model.windows.touchDays);
  const prevStart = dayStart(asOf, 1 - 2 * model.windows.touchDays);
  const cosyStart = dayStart(asOf, 1 - model.windows.cosyDays);
  const deliveryStart = dayStart(asOf, 1 - model.windows.deliveryDays);
  const incidentStart = dayStart(asOf, 1 - model.windows.incidentDays);
  const touchStartDay = touchStart.toISOString().slice(0, 10);
  const accounts = 'all' in scope ? sql`and a.archived_at is null and a.status <> 'lost'` : sql`and a.id = any(${[...scope.ids]}::uuid[])`;
  const touchAccounts = 'all' in scope ? sql`` : sql`and t.account_id = any(${[...scope.ids]}::uuid[])`;
  const rowAccounts = (alias: string) => ('all' in scope ? sql`` : sql`and ${sql.ref(`${alias}.account_id`)} = any(${[...scope.ids]}::uuid[])`);
  return sql<SignalsRow>`
    with acc as (
      select a.id, a.cadence_days,
             coalesce(a.started_on, (a.created_at at time zone 'UTC')::date)::text as since
      from accounts a where a.workspace_id = ${workspaceId} ${accounts}
    ), counts as (
      select t.account_id,
             count(*) filter (where t.occurred_at >= ${touchStart}) as touches,
             count(*) filter (where t.occurred_at >= ${touchStart} and t.direction = 'client_initiated') as client_touches,
             count(*) filter (where t.occurred_at < ${touchStart}) as touches_prev,
             count(*) filter (where t.occurred_at < ${touchStart} and t.direction = 'client_initiated') as client_touches_prev,
             count(*) filter (where t.occurred_at >= ${cosyStart}) as touches30,
             count(*) filter (where t.occurred_at >= ${touchStart} and t.direction = 'client_initiated' and t.sentiment is not null) as sentiment_scored,
             -- In thousandths (sentiments are stored to 3 decimals), summed as integers: a parallel
             -- aggregate's float sum differs in the last bits from run to run, which would look like a change.
             sum(round(t.sentiment * 1000)::int) filter (where t.occurred_at >= ${touchStart} and t.direction = 'client_initiated') as sentiment_milli
      from touchpoints t
      where t.workspace_id = ${workspaceId} and t.occurred_at >= ${prevStart} and t.occurred_at < ${end} ${touchAccounts}
      group by t.account_id
    ), people as (
      -- Contacts known on the day and not yet gone; engaged when in a touch of the window.
      select c.account_id,
             count(*) filter (where c.gone is false) as active_contacts,
             count(*) filter (where c.gone is false and exists (
               select 1 from touchpoint_contacts tc
               where tc.workspace_id = c.workspace_id and tc.contact_id = c.id and tc.occurred_at >= ${touchStart} and tc.occurred_at < ${end})) as engaged,
             count(*) filter (where c.gone is false and c.role in ('champion', 'decision_maker')) as key_active,
             array_agg(c.id order by c.left_on desc, c.id desc) filter (
               where c.role in ('champion', 'decision_maker') and c.left_on is not null and c.left_on >= ${touchStartDay}::date and c.left_on <= ${asOf}::date) as key_left_ids
      from (select c.*, ((c.status = 'left' and c.left_on is null) or coalesce(c.left_on <= ${asOf}::date, false)) as gone
            from contacts c where c.workspace_id = ${workspaceId} and c.created_at < ${end} ${rowAccounts('c')}) c
      group by c.account_id
    ), delivery as (
      select d.account_id,
             count(*) as due,
             count(*) filter (where d.delivered_at is not null and d.delivered_at <= d.due_at and d.delivered_at < ${end}) as on_time,
             (array_agg(d.id order by d.due_at desc, d.id desc) filter (where not (d.delivered_at is not null and d.delivered_at <= d.due_at and d.delivered_at < ${end})))[1:10] as late_ids,
             (array_agg(d.id order by d.due_at desc, d.id desc) filter (where d.delivered_at is not null and d.delivered_at <= d.due_at and d.delivered_at < ${end}))[1:10] as on_time_ids
      from deliverables d
      where d.workspace_id = ${workspaceId} and d.due_at >= ${deliveryStart} and d.due_at < ${end} and d.status <> 'cancelled' ${rowAccounts('d')}
      group by d.account_id
    ), last_targets as (
      select g.account_id, g.id, g.period_end,
             case when g.higher_is_better then g.actual >= g.goal else g.actual <= g.goal end as met,
             row_number() over (partition by g.account_id, g.metric order by g.period_end desc, g.id desc) as nth
      from targets g
      where g.workspace_id = ${workspaceId} and g.period_end <= ${asOf}::date and g.actual is not null ${rowAccounts('g')}
    ), target_stats as (
      select account_id, count(*) as evaluated, count(*) filter (where met) as met,
             (array_agg(id order by period_end desc, id desc) filter (where not met))[1:10] as missed_ids,
             (array_agg(id order by period_end desc, id desc) filter (where met))[1:10] as met_ids
      from last_targets where nth <= 2 group by account_id
    ), incident_stats as (
      select i.account_id, count(*) as incidents, sum(i.severity) as severity_total,
             (array_agg(i.id order by i.occurred_at desc, i.id desc))[1:10] as incident_ids
      from incidents i
      where i.workspace_id = ${workspaceId} and i.occurred_at >= ${incidentStart} and i.occurred_at < ${end} ${rowAccounts('i')}
      group by i.account_id
    )
    select acc.id, acc.cadence_days, acc.since,
           lt.occurred_at as last_touch_at, lt.id as last_touch_id,
           lc.occurred_at as last_client_touch_at, lc.id as last_client_touch_id,
           coalesce(n.touches, 0) as touches, coalesce(n.client_touches, 0) as client_touches,
           coalesce(n.touches_prev, 0) as touches_prev, coalesce(n.client_touches_prev, 0) as client_touches_prev,
           coalesce(n.touches30, 0) as touches30,
           coalesce(p.engaged, 0) as engaged, coalesce(p.active_contacts, 0) as active_contacts,
           case when coalesce(n.touches, 0) = 0 then null else
             array(select t.id from touchpoints t
                   where t.workspace_id = ${workspaceId} and t.account_id = acc.id and t.occurred_at >= ${touchStart} and t.occurred_at < ${end}
                   order by t.occurred_at desc, t.id desc limit 10) end as recent_ids,
           coalesce(n.sentiment_scored, 0) as sentiment_scored, n.sentiment_milli,
           case when coalesce(n.sentiment_scored, 0) = 0 then null else
             array(select t.id from touchpoints t
                   where t.workspace_id = ${workspaceId} and t.account_id = acc.id and t.direction = 'client_initiated'
                     and t.occurred_at >= ${touchStart} and t.occurred_at < ${end} and t.sentiment is not null
                   order by t.occurred_at desc, t.id desc limit 10) end as sentiment_ids,
           coalesce(d.due, 0) as due, coalesce(d.on_time, 0) as on_time, d.late_ids, d.on_time_ids,
           coalesce(ts.evaluated, 0) as targets_evaluated, coalesce(ts.met, 0) as targets_met, ts.missed_ids, ts.met_ids,
           coalesce(i.incidents, 0) as incidents, coalesce(i.severity_total, 0) as severity_total, i.incident_ids,
           p.key_left_ids, coalesce(p.key_active, 0) as key_active
    from acc
    left join lateral (select t.id, t.occurred_at from touchpoints t
                       where t.workspace_id = ${workspaceId} and t.account_id = acc.id and t.occurred_at < ${end}
                       order by t.occurred_at desc, t.id desc limit 1) lt on true
    left join lateral (select t.id, t.occurred_at from touchpoints t
                       where t.workspace_id = ${workspaceId} and t.account_id = acc.id and t.direction = 'client_initiated' and t.occurred_at < ${end}
                       order by t.occurred_at desc, t.id desc limit 1) lc on true
    left join counts n on n.account_id = acc.id
    left join people p on p.account_id = acc.id
    left join delivery d on d.account_id = acc.id
    left join target_stats ts on ts.account_id = acc.id
    left join incident_stats i on i.account_id = acc.id
    order by acc.id`;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);
const ids = (value: string[] | null): string[] => value ?? [];

/** A row of signalsQuery as AccountSignals. */
export function toSignals(row: SignalsRow, asOf: string): AccountSignals {
  const due = Number(row.due);
  const onTime = Number(row.on_time);
  const scored = Number(row.sentiment_scored);
  return {
    accountId: row.id,
    asOf,
    cadenceDays: row.cadence_days,
    since: row.since,
    touches: {
      lastTouchAt: iso(row.last_touch_at),
      lastTouchId: row.last_touch_id,
      lastClientTouchAt: iso(row.last_client_touch_at),
      lastClientTouchId: row.last_client_touch_id,
      touches: Number(row.touches),
      clientTouches: Number(row.client_touches),
      touchesPrev: Number(row.touches_prev),
      clientTouchesPrev: Number(row.client_touches_prev),
      touches30: Number(row.touches30),
      engagedContacts: Number(row.engaged),
      activeContacts: Number(row.active_contacts),
      recentTouchIds: ids(row.recent_ids),
    },
    sentiment: {
      scored,
      mean: scored === 0 || row.sentiment_milli === null ? null : Number(row.sentiment_milli) / 1000 / scored,
      touchIds: ids(row.sentiment_ids),
    },
    delivery: { due, onTime, late: due - onTime, lateIds: ids(row.late_ids), onTimeIds: ids(row.on_time_ids) },
    targets: { evaluated: Number(row.targets_evaluated), met: Number(row.targets_met), missedIds: ids(row.missed_ids), metIds: ids(row.met_ids) },
    incidents: { count: Number(row.incidents), severityTotal: Number(row.severity_total), ids: ids(row.incident_ids) },
    contacts: { keyLeftIds: ids(row.key_left_ids).slice(0, 10), keyActive: Number(row.key_active) },
    survey: null,
  };
}

/** Signals of the accounts in scope as of `asOf`. */
export async function loadSignals(db: Db, workspaceId: string, asOf: string, model: HealthModel, scope: AccountScope): Promise<AccountSignals[]> {
  if ('ids' in scope && scope.ids.length === 0) return [];
  const { rows } = await signalsQuery(workspaceId, asOf, model, scope).execute(db);
  return rows.map((row) => toSignals(row, asOf));
}
