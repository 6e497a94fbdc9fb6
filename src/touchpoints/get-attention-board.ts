import type { z } from 'zod';
import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { sql } from 'kysely';
import { touchpointsRepo } from './repo.js';
import { ensureFresh } from '../health/recompute.js';
import type { AccountSignals } from '../health/facts.js';
import { attentionReasons, computeCadence, type AccountTouchStats } from './cadence.js';
import { computeAttentionShare } from './attention-share.js';
import type { AttentionBoard, AttentionQuerySchema, AttentionRow } from './attention-schemas.js';

/** The touch statistics of one account, as the health recompute stores them (health_current) or computes them (signals). */
export interface StoredTouchStats {
  cadence_days: number | null;
  since: string;
  last_touch_at: Date | null;
  last_client_touch_at: Date | null;
  touches: number;
  client_touches: number;
  touches_prev: number;
  client_touches_prev: number;
  engaged_contacts: number;
  active_contacts: number;
}

export function toTouchStats(row: StoredTouchStats): AccountTouchStats {
  return {
    cadenceDays: row.cadence_days,
    since: new Date(`${row.since}T00:00:00Z`),
    lastTouchAt: row.last_touch_at ? new Date(row.last_touch_at) : null,
    lastClientTouchAt: row.last_client_touch_at ? new Date(row.last_client_touch_at) : null,
    touches90: Number(row.touches),
    clientTouches90: Number(row.client_touches),
    touchesPrev90: Number(row.touches_prev),
    clientTouchesPrev90: Number(row.client_touches_prev),
    engagedContacts90: Number(row.engaged_contacts),
    activeContacts: Number(row.active_contacts),
  };
}

/** The same statistics from freshly computed signals. */
export function signalsTouchStats(s: AccountSignals): StoredTouchStats {
  const t = s.touches;
  return {
    cadence_days: s.cadenceDays,
    since: s.since,
    last_touch_at: t.lastTouchAt ? new Date(t.lastTouchAt) : null,
    last_client_touch_at: t.lastClientTouchAt ? new Date(t.lastClientTouchAt) : null,
    touches: t.touches,
    client_touches: t.clientTouches,
    touches_prev: t.touchesPrev,
    client_touches_prev: t.clientTouchesPrev,
    engaged_contacts: t.engagedContacts,
    active_contacts: t.activeContacts,
  };
}

interface BoardRow extends StoredTouchStats {
  id: string;
  name: string;
  status: string;
  value_amount: number | null;
  value_currency: string | null;
}

/**
 * The attention board of the open accounts (not archived, not lost): who is going quiet, whose
 * client stopped initiating, who is single-threaded — each row with its reasons — and how the
 * team's touches are shared against the portfolio's value, per owner.
 */
export async function getAttentionBoard(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: z.infer<typeof AttentionQuerySchema>): Promise<AttentionBoard> {
  const today = deps.clock.now();
  const repo = touchpointsRepo(deps.db);
  // The statistics are the health recompute's (health_current): the board and the score read the
  // same numbers, and only accounts whose facts changed are computed now. On a new day, before the
  // day's recompute has run, they are yesterday's (and say so); what moves with the date alone
  // (days since the last touch, days overdue) is counted to now below.
  const freshness = await ensureFresh(deps, actor.workspaceId);
  const { rows: stats } = await sql<BoardRow>`
    select a.id, a.name, a.status, a.value_amount, a.value_currency, h.cadence_days, h.since::text as since, h.last_touch_at,
           h.last_client_touch_at, h.touches, h.client_touches, h.touches_prev, h.client_touches_prev, h.engaged_contacts, h.active_contacts
    from accounts a join health_current h on h.workspace_id = a.workspace_id and h.account_id = a.id
    where a.workspace_id = ${actor.workspaceId} and a.archived_at is null and a.status <> 'lost'
    order by a.name, a.id`.execute(deps.db);
  const ownerRows = await repo.owners(actor.workspaceId);
  const ownersByAccount = new Map<string, Array<{ userId: string; name: string; role: string }>>();
  for (const o of ownerRows) {
    const list = ownersByAccount.get(o.account_id) ?? [];
    list.push({ userId: o.user_id, name: o.name, role: o.role });
    ownersByAccount.set(o.account_id, list);
  }
  const considered = query.ownerId ? stats.filter((s) => ownersByAccount.get(s.id)?.some((o) => o.userId === query.ownerId)) : stats;

  const goingQuiet: AttentionRow[] = [];
  const stoppedInitiating: AttentionRow[] = [];
  const singleThreaded: AttentionRow[] = [];
  for (const row of considered) {
    const touchStats = toTouchStats(row);
    const reasons = attentionReasons(touchStats, today);
    if (reasons.length === 0) continue;
    const entry: AttentionRow = {
      account: {
        id: row.id,
        name: row.name,
        status: row.status,
        value: row.value_amount !== null && row.value_currency ? { amount: Number(row.value_amount), currency: row.value_currency } : null,
        cadenceDays: row.cadence_days,
        owners: ownersByAccount.get(row.id) ?? [],
      },
      reasons,
      cadence: computeCadence(touchStats, today),
    };
    if (reasons.some((r) => r.kind === 'going_quiet')) goingQuiet.push(entry);
    if (reasons.some((r) => r.kind === 'client_stopped_initiating')) stoppedInitiating.push(entry);
    if (reasons.some((r) => r.kind === 'single_threaded')) singleThreaded.push(entry);
  }
  // Most overdue first; the rest by value, since a valuable account deserves the look first.
  goingQuiet.sort((a, b) => (b.cadence.daysOverdue ?? 0) - (a.cadence.daysOverdue ?? 0) || a.account.name.localeCompare(b.account.name));
  const byValue = (a: AttentionRow, b: AttentionRow) => (b.account.value?.amount ?? 0) - (a.account.value?.amount ?? 0) || a.account.name.localeCompare(b.account.name);
  stoppedInitiating.sort(byValue);
  singleThreaded.sort(byValue);

  const attentionShare = computeAttentionShare(
    considered.map((s) => ({
      accountId: s.id,
      name: s.name,
      touches90: Number(s.touches),
      value: s.value_amount === null ? null : Number(s.value_amount),
      currency: s.value_currency,
      owners: (ownersByAccount.get(s.id) ?? []).map((o) => ({ userId: o.userId, name: o.name })),
    })),
    query.currency,
  );
  return {
    asOf: today.toISOString(),
    freshness,
    accountsConsidered: considered.length,
    accountsWithoutCadence: considered.filter((s) => s.cadence_days === null).length,
    goingQuiet,
    stoppedInitiating,
    singleThreaded,
    attentionShare,
  };
}
