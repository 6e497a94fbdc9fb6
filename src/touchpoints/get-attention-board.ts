import type { z } from 'zod';
import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { touchpointsRepo, type AccountStatsRow } from './repo.js';
import { attentionReasons, computeCadence, type AccountTouchStats } from './cadence.js';
import { computeAttentionShare } from './attention-share.js';
import type { AttentionBoard, AttentionQuerySchema, AttentionRow } from './attention-schemas.js';

export function toTouchStats(row: AccountStatsRow): AccountTouchStats {
  return {
    cadenceDays: row.cadence_days,
    since: new Date(row.since),
    lastTouchAt: row.last_touch_at ? new Date(row.last_touch_at) : null,
    lastClientTouchAt: row.last_client_touch_at ? new Date(row.last_client_touch_at) : null,
    touches90: Number(row.touches90),
    clientTouches90: Number(row.client90),
    touchesPrev90: Number(row.prev90),
    clientTouchesPrev90: Number(row.client_prev90),
    engagedContacts90: Number(row.engaged90),
    activeContacts: Number(row.active_contacts),
  };
}

/**
 * The attention board of the open accounts (not archived, not lost): who is going quiet, whose
 * client stopped initiating, who is single-threaded — each row with its reasons — and how the
 * team's touches are shared against the portfolio's value, per owner.
 */
export async function getAttentionBoard(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: z.infer<typeof AttentionQuerySchema>): Promise<AttentionBoard> {
  const today = deps.clock.now();
  const repo = touchpointsRepo(deps.db);
  const [stats, ownerRows] = [await repo.accountStats(actor.workspaceId, today), await repo.owners(actor.workspaceId)];
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
      touches90: Number(s.touches90),
      value: s.value_amount === null ? null : Number(s.value_amount),
      owners: (ownersByAccount.get(s.id) ?? []).map((o) => ({ userId: o.userId, name: o.name })),
    })),
  );
  return { asOf: today.toISOString(), accountsConsidered: considered.length, goingQuiet, stoppedInitiating, singleThreaded, attentionShare };
}
