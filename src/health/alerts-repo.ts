import { sql } from 'kysely';
import type { Deps } from '../platform/deps.js';
import { newId } from '../platform/ids.js';
import type { AlertFinding } from './alert-rules.js';

/**
 * Brings the alerts of these accounts in line with what the rules find now: a kind that starts
 * to hold opens an alert (at most one unresolved per account and kind); a kind that stops holding
 * resolves its alert (resolution 'auto'); one that still holds keeps its state (acknowledged stays
 * acknowledged) with its message and reasons brought up to date; a snooze that ran out opens again.
 */
export async function syncAlerts(
  deps: Deps,
  workspaceId: string,
  accountIds: readonly string[],
  findings: ReadonlyMap<string, readonly AlertFinding[]>,
  asOf: string,
): Promise<{ opened: number; resolved: number }> {
  const now = deps.clock.now();
  const { rows: open } = await sql<{ id: string; account_id: string; kind: string; state: string; message: string; snoozed_until: Date | null }>`
    select id, account_id, kind, state, message, snoozed_until from alerts
    where workspace_id = ${workspaceId} and account_id = any(${[...accountIds]}::uuid[]) and state <> 'resolved'`.execute(deps.db);
  const openByKey = new Map(open.map((a) => [`${a.account_id}|${a.kind}`, a]));

  const toOpen: Array<{ accountId: string; finding: AlertFinding }> = [];
  const toUpdate: Array<{ id: string; finding: AlertFinding; reopen: boolean }> = [];
  const holding = new Set<string>();
  for (const accountId of accountIds) {
    for (const finding of findings.get(accountId) ?? []) {
      const key = `${accountId}|${finding.kind}`;
      holding.add(key);
      const existing = openByKey.get(key);
      if (!existing) toOpen.push({ accountId, finding });
      else {
        const reopen = existing.state === 'snoozed' && existing.snoozed_until !== null && existing.snoozed_until <= now;
        if (reopen || existing.message !== finding.message) toUpdate.push({ id: existing.id, finding, reopen });
      }
    }
  }
  const toResolve = open.filter((a) => !holding.has(`${a.account_id}|${a.kind}`)).map((a) => a.id);

  if (toOpen.length > 0) {
    await sql`
      insert into alerts (workspace_id, id, account_id, kind, state, severity, message, reasons, raised_on, raised_at, updated_at)
      select ${workspaceId}::uuid, r.id, r.account_id, r.kind, 'open', r.severity, r.message, r.reasons::jsonb, ${asOf}::date, ${now}::timestamptz, ${now}::timestamptz
      from unnest(${toOpen.map(() => newId())}::uuid[], ${toOpen.map((o) => o.accountId)}::uuid[], ${toOpen.map((o) => o.finding.kind)}::text[],
                  ${toOpen.map((o) => o.finding.severity)}::text[], ${toOpen.map((o) => o.finding.message)}::text[],
                  ${toOpen.map((o) => JSON.stringify(o.finding.reasons))}::text[])
        as r(id, account_id, kind, severity, message, reasons)`.execute(deps.db);
  }
  if (toUpdate.length > 0) {
    await sql`
      update alerts a set severity = r.severity, message = r.message, reasons = r.reasons::jsonb, updated_at = ${now},
        state = case when r.reopen then 'open' else a.state end,
        snoozed_until = case when r.reopen then null else a.snoozed_until end
      from unnest(${toUpdate.map((u) => u.id)}::uuid[], ${toUpdate.map((u) => u.finding.severity)}::text[], ${toUpdate.map((u) => u.finding.message)}::text[],
                  ${toUpdate.map((u) => JSON.stringify(u.finding.reasons))}::text[], ${toUpdate.map((u) => u.reopen)}::boolean[])
        as r(id, severity, message, reasons, reopen)
      where a.workspace_id = ${workspaceId} and a.id = r.id`.execute(deps.db);
  }
  if (toResolve.length > 0) {
    await sql`
      update alerts set state = 'resolved', resolution = 'auto', resolved_at = ${now}, updated_at = ${now}
      where workspace_id = ${workspaceId} and id = any(${toResolve}::uuid[])`.execute(deps.db);
  }
  return { opened: toOpen.length, resolved: toResolve.length };
}
