import { sql } from 'kysely';
import type { Deps } from '../platform/deps.js';
import { inTransaction } from '../platform/deps.js';
import { newId } from '../platform/ids.js';
import { loadAccountFacts } from './facts-repo.js';
import { currentHealthModel } from './model-repo.js';
import { addDays, prepareFacts, recordedFrom, summarizePrepared } from './summarize.js';
import { computeHealth } from './score.js';
import { evaluateAlerts, peakWithin, type AlertFinding } from './alert-rules.js';
import { recomputeHealth, storedComponents, storedFacts } from './recompute.js';
import { prepareFinding } from './alerts-repo.js';

/** Accounts whose facts are loaded at once: bounded memory whatever the portfolio. */
const CHUNK = 100;

export interface BackfillResult {
  accounts: number;
  snapshots: number;
  alertsOpened: number;
  alertsResolved: number;
}

interface SnapshotInsert {
  accountId: string;
  asOf: string;
  score: number;
  band: string;
  components: string;
  /** The facts, only when they differ from the day before's (see recompute.ts). */
  facts: string | null;
}

interface AlertInsert {
  accountId: string;
  kind: string;
  severity: string;
  message: string;
  /** The reasons as JSON, and the content hash over what the alert shows (prepareFinding). */
  reasons: string;
  hash: string;
  raisedOn: string;
  resolvedOn: string | null;
}

/**
 * Writes the health history an account would have had: for each of the last `days` days (from
 * the first day Rapport has a record of it, `recordedFrom`, and up to its loss for a lost
 * account), the score from only the facts known that day — the same replay as the backtest — as a
 * daily snapshot, and the alerts the rules would have raised and resolved, with their dates. Then
 * scores today as usual.
 *
 * For data that arrived after the fact: the demo, a first import of a CRM's history. It replaces
 * the snapshots in the range and the alerts raised in it that nobody acted on (acknowledged,
 * snoozed or resolved by hand); alerts people acted on are kept. A daily snapshot carries its
 * facts only when they differ from the day before's, as the recompute's do.
 */
export async function backfillHealth(deps: Deps, workspaceId: string, options: { days: number }): Promise<BackfillResult> {
  const today = deps.clock.now().toISOString().slice(0, 10);
  const first = addDays(today, 1 - options.days);
  const { version, model } = await currentHealthModel(deps.db, workspaceId);
  const { rows: accounts } = await sql<{ id: string; lost_on: string | null; created_on: string }>`
    select a.id, l.lost_on::text as lost_on, (a.created_at at time zone 'UTC')::date::text as created_on from accounts a
    left join account_losses l on l.workspace_id = a.workspace_id and l.account_id = a.id
    where a.workspace_id = ${workspaceId} and a.archived_at is null and (a.status <> 'lost' or l.lost_on is not null)
    order by a.id`.execute(deps.db);
  const result: BackfillResult = { accounts: accounts.length, snapshots: 0, alertsOpened: 0, alertsResolved: 0 };

  await inTransaction(deps, async (tx) => {
    const ids = accounts.map((a) => a.id);
    // Today's too, and the current scores: the recompute below scores today afresh, its snapshot
    // with its facts (a snapshot without facts would borrow the ones before it, now replaced).
    await sql`delete from health_snapshots where workspace_id = ${workspaceId} and account_id = any(${ids}::uuid[]) and as_of >= ${first}::date`.execute(tx.db);
    await sql`delete from health_current where workspace_id = ${workspaceId} and account_id = any(${ids}::uuid[])`.execute(tx.db);
    await sql`delete from alerts where workspace_id = ${workspaceId} and account_id = any(${ids}::uuid[]) and raised_on >= ${first}::date
      and acknowledged_at is null and resolved_by is null`.execute(tx.db);
    const { rows: kept } = await sql<{ account_id: string; kind: string }>`
      select account_id, kind from alerts where workspace_id = ${workspaceId} and account_id = any(${ids}::uuid[]) and state <> 'resolved'`.execute(tx.db);
    const keptOpen = new Set(kept.map((k) => `${k.account_id}|${k.kind}`));

    for (let i = 0; i < accounts.length; i += CHUNK) {
      const chunk = accounts.slice(i, i + CHUNK);
      const facts = await loadAccountFacts(tx.db, workspaceId, chunk.map((a) => a.id));
      const snapshots: SnapshotInsert[] = [];
      const alerts: AlertInsert[] = [];
      for (const account of chunk) {
        const accountFacts = facts.get(account.id);
        if (!accountFacts) continue;
        const prepared = prepareFacts(accountFacts);
        // Not before Rapport had a record of the account: no score for days nothing was recorded.
        const recorded = recordedFrom(accountFacts, account.created_on);
        const start = recorded > first ? recorded : first;
        // Up to yesterday: today is scored by the recompute below, as every day.
        const yesterday = addDays(today, -1);
        const end = account.lost_on && account.lost_on < today ? account.lost_on : yesterday;
        const history: Array<{ asOf: string; score: number }> = [];
        const open = new Map<string, AlertInsert>();
        let lastFacts = '';
        for (let day = start; day <= end; day = addDays(day, 1)) {
          const signals = summarizePrepared(prepared, day, model);
          const health = computeHealth(signals, model);
          // Only the score-drop window's days are kept: the peak is read over at most that many.
          const since = addDays(day, -model.alerts.scoreDrop.days);
          while (history.length > 0 && history[0]!.asOf <= since) history.shift();
          const peak = peakWithin(history, day, model.alerts.scoreDrop.days);
          const findings = evaluateAlerts({ signals, health, history: peak ? [peak] : [], model });
          // As the recompute: a day without any data has no score of its own to chart or drop from.
          if (health.hasData) {
            history.push({ asOf: day, score: health.score });
            const facts = JSON.stringify(storedFacts(health));
            snapshots.push({ accountId: account.id, asOf: day, score: health.score, band: health.band, components: JSON.stringify(storedComponents(health)), facts: facts === lastFacts ? null : facts });
            lastFacts = facts;
          }
          const holding = new Set(findings.map((f) => f.kind));
          for (const [kind, alert] of open) {
            if (!holding.has(kind as AlertFinding['kind'])) {
              alert.resolvedOn = day;
              open.delete(kind);
            }
          }
          for (const finding of findings) {
            // In its hold band a rule keeps an open alert open but opens none.
            if (finding.holdOnly || open.has(finding.kind) || keptOpen.has(`${account.id}|${finding.kind}`)) continue;
            const prepared = prepareFinding(finding);
            const alert: AlertInsert = {
              accountId: account.id,
              kind: finding.kind,
              severity: finding.severity,
              message: finding.message,
              reasons: prepared.reasonsJson,
              hash: prepared.hash,
              raisedOn: day,
              resolvedOn: null,
            };
            open.set(finding.kind, alert);
            alerts.push(alert);
          }
        }
        // A lost account's alerts end with it.
        if (account.lost_on && account.lost_on < today) for (const alert of open.values()) alert.resolvedOn = end;
      }
      await insertHistory(tx, workspaceId, version, snapshots, alerts, deps.clock.now());
      result.snapshots += snapshots.length;
      result.alertsOpened += alerts.length;
      result.alertsResolved += alerts.filter((a) => a.resolvedOn !== null).length;
    }
    // Today as every day: health_current, today's snapshot where it differs, alerts in sync.
    await recomputeHealth(tx, workspaceId, { all: true }, { cause: 'recompute' });
  });
  return result;
}

/** A past day's time for the rows: its morning, or now for today. */
function timeOf(day: string, now: Date): Date {
  const morning = new Date(`${day}T08:00:00Z`);
  return morning < now ? morning : now;
}

async function insertHistory(deps: Deps, workspaceId: string, version: number, snapshots: SnapshotInsert[], alerts: AlertInsert[], now: Date): Promise<void> {
  // Rows as one JSON parameter, JSON texts inside as strings (node-postgres escapes a text[] of JSON slowly; decision 0010).
  for (let i = 0; i < snapshots.length; i += 5000) {
    const rows = snapshots.slice(i, i + 5000).map((r) => ({ ...r, id: newId(), computedAt: timeOf(r.asOf, now).toISOString() }));
    await sql`
      insert into health_snapshots (workspace_id, id, account_id, as_of, score, band, model_version, components, facts, cause, computed_at)
      select ${workspaceId}::uuid, r.id, r."accountId", r."asOf", r.score, r.band, ${version}::int, r.components::jsonb, r.facts::jsonb, 'daily', r."computedAt"
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(id uuid, "accountId" uuid, "asOf" date, score real, band text, components text, facts text, "computedAt" timestamptz)`.execute(deps.db);
  }
  if (alerts.length === 0) return;
  const rows = alerts.map((a) => ({
    ...a,
    id: newId(),
    raisedAt: timeOf(a.raisedOn, now).toISOString(),
    resolvedAt: a.resolvedOn ? timeOf(a.resolvedOn, now).toISOString() : null,
  }));
  await sql`
    insert into alerts (workspace_id, id, account_id, kind, state, severity, message, reasons, content_hash, raised_on, raised_at, updated_at, resolved_at, resolution)
    select ${workspaceId}::uuid, r.id, r."accountId", r.kind, case when r."resolvedAt" is null then 'open' else 'resolved' end, r.severity, r.message,
           r.reasons::jsonb, r.hash, r."raisedOn", r."raisedAt", coalesce(r."resolvedAt", r."raisedAt"), r."resolvedAt",
           case when r."resolvedAt" is null then null else 'auto' end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(id uuid, "accountId" uuid, kind text, severity text, message text, reasons text, hash text, "raisedOn" date, "raisedAt" timestamptz, "resolvedAt" timestamptz)`.execute(deps.db);
}
