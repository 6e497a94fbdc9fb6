import { sql } from 'kysely';
import type { z } from 'zod';
import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { ensureFresh } from './recompute.js';
import { countedAlertsOf, type AlertSeverity } from './alert-counts.js';
import type { PortfolioHealthSchema } from './schemas.js';

const DAY_MS = 86_400_000;
const TREND_DAYS = 30;

/**
 * Score, band, 30-day change and a daily trend line of every open account, with its alerts counted
 * (open or acknowledged; a snoozed one once its snooze ended: alert-counts.ts), the critical ones
 * among them and the highest severity: what the portfolio screen shows next to each account.
 * Changed accounts are recomputed first; on a new day the scores are yesterday's until the day's
 * recompute ran, and `freshness` says so.
 */
export async function getPortfolioHealth(deps: Deps, actor: Pick<Actor, 'workspaceId'>): Promise<z.infer<typeof PortfolioHealthSchema>> {
  const freshness = await ensureFresh(deps, actor.workspaceId);
  const now = deps.clock.now();
  const asOf = now.toISOString().slice(0, 10);
  const start = new Date(Date.parse(`${asOf}T00:00:00Z`) - (TREND_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const { rows } = await sql<{ account_id: string; score: number; band: string; has_data: boolean; base: number | null; days: string[] | null; scores: number[] | null; open_alerts: number; critical_alerts: number; alert_severity: AlertSeverity | null }>`
    select h.account_id, h.score, h.band, h.has_data,
           (select s.score from health_snapshots s
             where s.workspace_id = h.workspace_id and s.account_id = h.account_id and s.as_of < ${start}::date
             order by s.as_of desc, s.seq desc limit 1) as base,
           d.days, d.scores,
           al.counted as open_alerts, al.critical as critical_alerts, al.top as alert_severity
    from health_current h
    join accounts a on a.workspace_id = h.workspace_id and a.id = h.account_id and a.archived_at is null and a.status <> 'lost'
    left join lateral (
      select array_agg(x.as_of::text order by x.as_of) as days, array_agg(x.score order by x.as_of) as scores
      from (select distinct on (s.as_of) s.as_of, s.score from health_snapshots s
            where s.workspace_id = h.workspace_id and s.account_id = h.account_id and s.as_of >= ${start}::date
            order by s.as_of, s.seq desc) x) d on true
    cross join lateral ${countedAlertsOf('a', now)} al
    where h.workspace_id = ${actor.workspaceId}
    order by h.account_id`.execute(deps.db);
  return {
    asOf,
    freshness,
    items: rows.map((r) => {
      const byDay = new Map((r.days ?? []).map((day, i) => [day, Number(r.scores?.[i])]));
      const trend: number[] = [];
      let last: number | null = r.base === null ? null : Number(r.base);
      const first = last;
      for (let i = 0; i < TREND_DAYS; i++) {
        const day = new Date(Date.parse(`${start}T00:00:00Z`) + i * DAY_MS).toISOString().slice(0, 10);
        last = byDay.get(day) ?? last;
        if (last !== null) trend.push(last);
      }
      const origin = first ?? trend[0] ?? null;
      return {
        accountId: r.account_id,
        score: Number(r.score),
        band: r.band as 'healthy' | 'watch' | 'at_risk',
        hasData: r.has_data,
        delta30: origin === null ? null : Math.round((Number(r.score) - origin) * 10) / 10,
        trend,
        openAlerts: r.open_alerts,
        criticalAlerts: r.critical_alerts,
        alertSeverity: r.alert_severity,
      };
    }),
  };
}
