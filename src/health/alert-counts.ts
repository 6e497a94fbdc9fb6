import { sql, type RawBuilder } from 'kysely';
import type { AlertSeverity } from './alert-rules.js';

/**
 * Which alerts count, in one place: the portfolio's alert column (get-portfolio-health.ts), the
 * accounts list's "alerts" sort (accounts/repo.ts), the alerts list and its counts (alerts-view.ts)
 * and so every badge of the web app read these definitions, so they cannot disagree (decision 0025).
 *
 * - An alert counts while someone should work on it: open or acknowledged.
 * - A snoozed alert does not count until its snooze ends. From that moment it is open again, at
 *   once: the recompute reopens it in the table only when it next runs for the account (a change
 *   of a fact, or the nightly run), which may be hours after the snooze ended.
 */

/**
 * The state an alert is in at `now`, as every read shows it: a snooze that has ended reads as
 * open (as the recompute will write it). `al` is the alias of the alerts table in the query.
 */
export function alertStateAt(al: string, now: Date): RawBuilder<string> {
  const a = sql.raw(al);
  return sql<string>`(case when ${a}.state = 'snoozed' and ${a}.snoozed_until <= ${now}::timestamptz then 'open' else ${a}.state end)`;
}

/** The alert's snooze as reads show it: none once it has ended. */
export function snoozedUntilAt(al: string, now: Date): RawBuilder<Date | null> {
  const a = sql.raw(al);
  return sql<Date | null>`(case when ${a}.snoozed_until > ${now}::timestamptz then ${a}.snoozed_until end)`;
}

/** The alerts that count (open or acknowledged at `now`), as a condition on alias `al`. */
export function isCountedAlert(al: string, now: Date): RawBuilder<boolean> {
  return sql<boolean>`(${alertStateAt(al, now)} in ('open', 'acknowledged'))`;
}

/** The severities from the least to the most severe; a badge takes the colour of the highest it counts. */
export const SEVERITY_ORDER = ['info', 'warning', 'critical'] as const satisfies readonly AlertSeverity[];
export type { AlertSeverity };

/**
 * The counted alerts of one account (`a`: the accounts alias, with workspace_id and id), as a
 * subquery of one row: `counted` (how many), `critical` (how many of them are critical) and `top`
 * (the highest severity among them, null without any). It reads the account's unresolved alerts
 * from their partial unique index (one per kind, so a handful at most).
 */
export function countedAlertsOf(a: string, now: Date): RawBuilder<{ counted: number; critical: number; top: AlertSeverity | null }> {
  const acc = sql.raw(a);
  return sql`(
    select count(*)::int as counted,
           count(*) filter (where x.severity = 'critical')::int as critical,
           (case max(case x.severity when 'critical' then 3 when 'warning' then 2 when 'info' then 1 end)
              when 3 then 'critical' when 2 then 'warning' when 1 then 'info' end) as top
    from alerts x
    where x.workspace_id = ${acc}.workspace_id and x.account_id = ${acc}.id and x.state <> 'resolved' and ${isCountedAlert('x', now)})`;
}

/** The number of counted alerts of one account (`a`: the accounts alias): the accounts list's "alerts" sort key, read from the same subquery. */
export function countedAlertCount(a: string, now: Date): RawBuilder<number> {
  return sql<number>`(select c.counted from ${countedAlertsOf(a, now)} c)`;
}
