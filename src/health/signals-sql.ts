import { sql, type RawBuilder } from 'kysely';
import { idIn, preparedWhen, type Db } from '../platform/db/database.js';
import type { AccountSignals } from './facts.js';
import type { HealthModel } from './model.js';

const DAY_MS = 86_400_000;

/** Midnight UTC at the start of a 'YYYY-MM-DD' day, plus `days`. */
export function dayStart(day: string, days = 0): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/** Which accounts a recompute covers: every open one (not archived, not lost) or the given ids. */
export type AccountScope = { all: true } | { ids: readonly string[] };

/** A row of signalsQuery as loadSignals reads it: JSON (times as ISO texts in UTC). */
interface SignalsRow {
  id: string;
  cadence_days: number | null;
  since: string;
  last_touch_at: string | null;
  last_touch_id: string | null;
  last_client_touch_at: string | null;
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

/** A timestamptz as an ISO text in UTC to the millisecond (what Date.toISOString writes). */
const utcText = (value: RawBuilder<unknown>) => sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The signals of the accounts in scope as of one day, in one statement: what `summarizeFacts`
 * computes from one account's raw facts, computed by the database. Windows are whole UTC days
 * ending with `asOf`; see facts.ts for every definition — signals-sql.int.test.ts holds the two to
 * the same answer on both engines.
 *
 * Each part is a LATERAL subquery over the account's own index ranges: the touch windows by
 * account, direction and time (touchpoints_account_direction_idx, index only), the ten newest
 * touches (the last one, and those of the window behind the numbers), contacts with one index
 * probe each for "engaged" (touchpoint_contacts by contact and time), deliverables, targets
 * (index only) and incidents. So the cost follows the accounts asked for: one account in a few
 * milliseconds, and the full recompute reads the portfolio a chunk of accounts at a time
 * (recompute.ts), several chunks at once. Measured against a portfolio form that reads each fact
 * table once for all accounts (PostgreSQL scanning the touch windows in parallel): as fast alone,
 * and faster in the recompute, where it leaves the second core to the writes (decision 0010).
 */
export function signalsQuery(workspaceId: string, asOf: string, model: HealthModel, scope: AccountScope) {
  const end = dayStart(asOf, 1);
  const touchStart = dayStart(asOf, 1 - model.windows.touchDays);
  const prevStart = dayStart(asOf, 1 - 2 * model.windows.touchDays);
  const cosyStart = dayStart(asOf, 1 - model.windows.cosyDays);
  const deliveryStart = dayStart(asOf, 1 - model.windows.deliveryDays);
  const incidentStart = dayStart(asOf, 1 - model.windows.incidentDays);
  const touchStartDay = touchStart.toISOString().slice(0, 10);
  const accounts = 'all' in scope ? sql`and a.archived_at is null and a.status <> 'lost'` : sql`and ${idIn('a.id', scope.ids)}`;
  return sql<SignalsRow>`
    select a.id, a.cadence_days, coalesce(a.started_on, (a.created_at at time zone 'UTC')::date)::text as since,
           -- Times as UTC texts: JSON would write them in the session's time zone, whose offsets of
           -- old dates can have seconds ('+05:21:10'), which JavaScript's Date cannot read.
           ${utcText(sql`lt.last_touch_at`)} as last_touch_at, lt.last_touch_id,
           ${utcText(sql`lc.occurred_at`)} as last_client_touch_at, lc.id as last_client_touch_id,
           n.touches, n.client_touches, n.touches_prev, n.client_touches_prev, n.touches30,
           p.engaged, p.active_contacts, lt.recent_ids,
           n.sentiment_scored, n.sentiment_milli,
           case when n.sentiment_scored = 0 then null else
             array(select t.id from touchpoints t
                   where t.workspace_id = a.workspace_id and t.account_id = a.id and t.direction = 'client_initiated'
                     and t.occurred_at >= ${touchStart} and t.occurred_at < ${end} and t.sentiment is not null
                   order by t.occurred_at desc, t.id desc limit 10) end as sentiment_ids,
           d.due, d.on_time, d.late_ids, d.on_time_ids,
           g.evaluated as targets_evaluated, g.met as targets_met, g.missed_ids, g.met_ids,
           i.incidents, i.severity_total, i.incident_ids,
           p.key_left_ids, p.key_active
    from accounts a
    -- The touch windows, per account: one index range per direction (touchpoints_account_direction_idx, index only).
    cross join lateral (
      select count(*) filter (where t.occurred_at >= ${touchStart}) as touches,
             count(*) filter (where t.occurred_at >= ${touchStart} and t.direction = 'client_initiated') as client_touches,
             count(*) filter (where t.occurred_at < ${touchStart}) as touches_prev,
             count(*) filter (where t.occurred_at < ${touchStart} and t.direction = 'client_initiated') as client_touches_prev,
             count(*) filter (where t.occurred_at >= ${cosyStart}) as touches30,
             count(*) filter (where t.occurred_at >= ${touchStart} and t.direction = 'client_initiated' and t.sentiment is not null) as sentiment_scored,
             -- In thousandths (sentiments are stored to 3 decimals), summed as integers: an exact sum in any order.
             sum(round(t.sentiment * 1000)::int) filter (where t.occurred_at >= ${touchStart} and t.direction = 'client_initiated') as sentiment_milli
      from touchpoints t
      where t.workspace_id = a.workspace_id and t.account_id = a.id and t.direction in ('agency_initiated', 'client_initiated')
        and t.occurred_at >= ${prevStart} and t.occurred_at < ${end}) n
    -- The ten newest touches before the end of the day: the last touch, and those of the window behind the numbers.
    cross join lateral (
      select (array_agg(x.id order by x.occurred_at desc, x.id desc))[1] as last_touch_id, max(x.occurred_at) as last_touch_at,
             array_agg(x.id order by x.occurred_at desc, x.id desc) filter (where x.occurred_at >= ${touchStart}) as recent_ids
      from (select t.id, t.occurred_at from touchpoints t
            where t.workspace_id = a.workspace_id and t.account_id = a.id and t.occurred_at < ${end}
            order by t.occurred_at desc, t.id desc limit 10) x) lt
    left join lateral (select t.id, t.occurred_at from touchpoints t
                       where t.workspace_id = a.workspace_id and t.account_id = a.id and t.direction = 'client_initiated' and t.occurred_at < ${end}
                       order by t.occurred_at desc, t.id desc limit 1) lc on true
    -- Contacts known on the day and not yet gone; engaged when in a touch of the window (an index range per contact).
    cross join lateral (
      select count(*) filter (where c.gone is false) as active_contacts,
             count(*) filter (where c.gone is false and exists (
               select 1 from touchpoint_contacts tc
               where tc.workspace_id = c.workspace_id and tc.contact_id = c.id and tc.occurred_at >= ${touchStart} and tc.occurred_at < ${end})) as engaged,
             count(*) filter (where c.gone is false and c.role in ('champion', 'decision_maker')) as key_active,
             array_agg(c.id order by c.left_on desc, c.id desc) filter (
               where c.role in ('champion', 'decision_maker') and c.left_on is not null and c.left_on >= ${touchStartDay}::date and c.left_on <= ${asOf}::date) as key_left_ids
      from (select c.workspace_id, c.id, c.role, c.left_on,
                   ((c.status = 'left' and c.left_on is null) or coalesce(c.left_on <= ${asOf}::date, false)) as gone
            from contacts c where c.workspace_id = a.workspace_id and c.account_id = a.id and c.created_at < ${end}) c) p
    cross join lateral (
      select count(*) as due, count(*) filter (where x.on_time) as on_time,
             (array_agg(x.id order by x.due_at desc, x.id desc) filter (where not x.on_time))[1:10] as late_ids,
             (array_agg(x.id order by x.due_at desc, x.id desc) filter (where x.on_time))[1:10] as on_time_ids
      from (select d.id, d.due_at, coalesce(d.delivered_at <= d.due_at and d.delivered_at < ${end}, false) as on_time
            from deliverables d
            where d.workspace_id = a.workspace_id and d.account_id = a.id and d.due_at >= ${deliveryStart} and d.due_at < ${end}
              and d.status <> 'cancelled') x) d
    -- The last two periods of each metric ended by the day, with an actual (targets_account_period_idx, index only).
    cross join lateral (
      select count(*) as evaluated, count(*) filter (where x.met) as met,
             (array_agg(x.id order by x.period_end desc, x.id desc) filter (where not x.met))[1:10] as missed_ids,
             (array_agg(x.id order by x.period_end desc, x.id desc) filter (where x.met))[1:10] as met_ids
      from (select g.id, g.period_end, case when g.higher_is_better then g.actual >= g.goal else g.actual <= g.goal end as met,
                   row_number() over (partition by g.metric order by g.period_end desc, g.id desc) as nth
            from targets g
            where g.workspace_id = a.workspace_id and g.account_id = a.id and g.period_end <= ${asOf}::date and g.actual is not null) x
      where x.nth <= 2) g
    cross join lateral (
      select count(*) as incidents, coalesce(sum(x.severity), 0) as severity_total,
             (array_agg(x.id order by x.occurred_at desc, x.id desc))[1:10] as incident_ids
      from incidents x
      where x.workspace_id = a.workspace_id and x.account_id = a.id and x.occurred_at >= ${incidentStart} and x.occurred_at < ${end}) i
    where a.workspace_id = ${workspaceId} ${accounts}
    order by a.id`;
}

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
      lastTouchAt: row.last_touch_at,
      lastTouchId: row.last_touch_id,
      lastClientTouchAt: row.last_client_touch_at,
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

/**
 * Signals of the accounts in scope as of `asOf`. Each row travels as one JSON text, parsed here:
 * thirty columns and eight id arrays a row cost the drivers far more to decode (and the garbage
 * collector to keep while a chunk of rows arrives) than one JSON.parse (decision 0011).
 */
export async function loadSignals(db: Db, workspaceId: string, asOf: string, model: HealthModel, scope: AccountScope): Promise<AccountSignals[]> {
  if ('ids' in scope && scope.ids.length === 0) return [];
  const { rows } = await sql<{ row: string }>`${preparedWhen('ids' in scope && scope.ids.length === 1)}select to_json(q)::text as row from (${signalsQuery(workspaceId, asOf, model, scope)}) q order by q.id`.execute(db);
  return rows.map((r) => toSignals(JSON.parse(r.row) as SignalsRow, asOf));
}
