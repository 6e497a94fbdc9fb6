import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.js';
import { inTransaction } from '../platform/deps.js';
import { newId } from '../platform/ids.js';
import type { AccountSignals } from './facts.js';
import type { ComponentKey } from './model.js';
import { loadSignals, type AccountScope } from './signals-sql.js';
import { currentHealthModel } from './model-repo.js';
import { computeHealth, type HealthResult } from './score.js';
import { evaluateAlerts, type AlertFinding } from './alert-rules.js';
import { syncAlerts } from './alerts-repo.js';

/** Why a score was recomputed: a fact changed, the nightly run, or someone asked (CLI, API, model change). */
export type RecomputeCause = 'change' | 'daily' | 'recompute';

export interface RecomputeResult {
  accounts: number;
  snapshots: number;
  alertsOpened: number;
  alertsResolved: number;
  modelVersion: number;
  asOf: string;
}

/** A component as a snapshot keeps it: key, value, contribution and its facts as 'kind:id'. */
export interface StoredComponent {
  key: ComponentKey;
  value: number | null;
  contribution: number;
  facts: string[];
}

/** Accounts per write batch: bounded parameter arrays, and progress to report. */
const BATCH = 2000;

const today = (now: Date): string => now.toISOString().slice(0, 10);

/** Facts a snapshot keeps per component: enough for "why it changed", small enough to write 10,000 a night. */
const SNAPSHOT_FACTS = 5;

/**
 * The components as a snapshot stores them. Values are rounded to 4 decimals: a mean summed in
 * another order by a parallel aggregate must not look like a change.
 */
export function storedComponents(health: HealthResult): StoredComponent[] {
  return health.components.map((c) => ({
    key: c.key,
    value: c.value === null ? null : Math.round(c.value * 10_000) / 10_000,
    contribution: c.contribution,
    facts: c.facts.slice(0, SNAPSHOT_FACTS).map((f) => `${f.kind}:${f.id}`),
  }));
}

/** What decides whether a new snapshot is worth keeping: the score's parts and the facts behind them. */
function fingerprintOf(modelVersion: number, health: HealthResult): string {
  return createHash('sha1')
    .update(JSON.stringify([modelVersion, health.score, health.band, storedComponents(health)]))
    .digest('base64url');
}

interface Computed {
  signals: AccountSignals;
  health: HealthResult;
  fingerprint: string;
  findings: AlertFinding[];
}

/**
 * Recomputes the health of the accounts in scope as of today: signals by one SQL statement
 * (signals-sql.ts), score and alert findings by the pure rules, then in one transaction per batch:
 * the current score and touch statistics (upsert), a snapshot where the components changed or
 * the day is new, alerts opened and resolved, and the accounts' change marks cleared (only marks
 * older than the start, so a change that lands meanwhile is recomputed again).
 */
export async function recomputeHealth(
  deps: Deps,
  workspaceId: string,
  scope: AccountScope,
  options: { cause: RecomputeCause; onProgress?: (done: number, total: number) => void },
): Promise<RecomputeResult> {
  const startedAt = deps.clock.now();
  const asOf = today(startedAt);
  const { version, model } = await currentHealthModel(deps.db, workspaceId);
  const signals = await loadSignals(deps.db, workspaceId, asOf, model, scope);
  const result: RecomputeResult = { accounts: signals.length, snapshots: 0, alertsOpened: 0, alertsResolved: 0, modelVersion: version, asOf };

  for (let i = 0; i < signals.length; i += BATCH) {
    const batch = signals.slice(i, i + BATCH);
    const ids = batch.map((s) => s.accountId);
    await inTransaction(deps, async (tx) => {
      // One recompute of a workspace at a time (a job and a read that needs a fresh score may
      // race): the second waits, then finds the first one's snapshot and alerts and adds none.
      await sql`select pg_advisory_xact_lock(hashtext(${`rapport.health:${workspaceId}`}))`.execute(tx.db);
      const previous = await currentRows(tx, workspaceId, ids);
      // A lost or archived account keeps a score but raises no alerts: its open ones resolve.
      const { rows: closed } = await sql<{ id: string }>`
        select id from accounts where workspace_id = ${workspaceId} and id = any(${ids}::uuid[]) and (archived_at is not null or status = 'lost')`.execute(tx.db);
      const closedIds = new Set(closed.map((r) => r.id));
      const peaks = await recentPeaks(tx, workspaceId, ids, asOf, model.alerts.scoreDrop.days);
      const computed: Computed[] = batch.map((s) => {
        const health = computeHealth(s, model);
        const peak = peaks.get(s.accountId);
        const findings = closedIds.has(s.accountId) ? [] : evaluateAlerts({ signals: s, health, history: peak ? [peak] : [], model });
        return { signals: s, health, fingerprint: fingerprintOf(version, health), findings };
      });
      const fresh = computed.filter((c) => {
        const before = previous.get(c.signals.accountId);
        return !before || before.as_of !== asOf || before.fingerprint !== c.fingerprint;
      });
      await upsertCurrent(tx, workspaceId, computed, version, asOf, startedAt);
      await insertSnapshots(
        tx,
        workspaceId,
        fresh.map((c) => ({ computed: c, cause: previous.get(c.signals.accountId)?.as_of === asOf ? options.cause : 'daily' })),
        version,
        asOf,
        startedAt,
      );
      const alerts = await syncAlerts(tx, workspaceId, ids, new Map(computed.map((c) => [c.signals.accountId, c.findings])), asOf);
      result.alertsOpened += alerts.opened;
      result.alertsResolved += alerts.resolved;
      result.snapshots += fresh.length;
      await sql`delete from health_dirty where workspace_id = ${workspaceId} and account_id = any(${ids}::uuid[]) and changed_at <= ${startedAt}`.execute(tx.db);
    });
    options.onProgress?.(Math.min(i + BATCH, signals.length), signals.length);
  }
  return result;
}

async function currentRows(deps: Deps, workspaceId: string, ids: readonly string[]): Promise<Map<string, { as_of: string; fingerprint: string }>> {
  const rows = await deps.db
    .selectFrom('health_current')
    .select(['account_id', 'as_of', 'fingerprint'])
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`account_id = any(${[...ids]}::uuid[])`)
    .execute();
  return new Map(rows.map((r) => [r.account_id, { as_of: r.as_of, fingerprint: r.fingerprint }]));
}

/** Each account's highest score in the `days` before `asOf` (for score_drop). */
async function recentPeaks(deps: Deps, workspaceId: string, ids: readonly string[], asOf: string, days: number): Promise<Map<string, { asOf: string; score: number }>> {
  const { rows } = await sql<{ account_id: string; as_of: string; score: number }>`
    select distinct on (account_id) account_id, as_of::text as as_of, score
    from health_snapshots
    where workspace_id = ${workspaceId} and account_id = any(${[...ids]}::uuid[])
      and as_of >= (${asOf}::date - ${days}::int) and as_of < ${asOf}::date
    order by account_id, score desc, as_of desc`.execute(deps.db);
  return new Map(rows.map((r) => [r.account_id, { asOf: r.as_of, score: Number(r.score) }]));
}

async function upsertCurrent(deps: Deps, workspaceId: string, computed: readonly Computed[], version: number, asOf: string, at: Date): Promise<void> {
  if (computed.length === 0) return;
  const col = <T>(f: (c: Computed) => T): T[] => computed.map(f);
  await sql`
    insert into health_current (workspace_id, account_id, as_of, score, band, model_version, fingerprint, computed_at,
      cadence_days, since, last_touch_at, last_client_touch_at, touches, client_touches, touches_prev, client_touches_prev,
      engaged_contacts, active_contacts)
    select ${workspaceId}::uuid, r.account_id, ${asOf}::date, r.score, r.band, ${version}::int, r.fingerprint, ${at}::timestamptz,
      r.cadence_days, r.since, r.last_touch_at, r.last_client_touch_at, r.touches, r.client_touches, r.touches_prev, r.client_touches_prev,
      r.engaged, r.active
    from unnest(${col((c) => c.signals.accountId)}::uuid[], ${col((c) => c.health.score)}::real[], ${col((c) => c.health.band)}::text[],
                ${col((c) => c.fingerprint)}::text[], ${col((c) => c.signals.cadenceDays)}::int[], ${col((c) => c.signals.since)}::date[],
                ${col((c) => c.signals.touches.lastTouchAt)}::timestamptz[], ${col((c) => c.signals.touches.lastClientTouchAt)}::timestamptz[],
                ${col((c) => c.signals.touches.touches)}::int[], ${col((c) => c.signals.touches.clientTouches)}::int[],
                ${col((c) => c.signals.touches.touchesPrev)}::int[], ${col((c) => c.signals.touches.clientTouchesPrev)}::int[],
                ${col((c) => c.signals.touches.engagedContacts)}::int[], ${col((c) => c.signals.touches.activeContacts)}::int[])
      as r(account_id, score, band, fingerprint, cadence_days, since, last_touch_at, last_client_touch_at, touches, client_touches,
           touches_prev, client_touches_prev, engaged, active)
    on conflict (workspace_id, account_id) do update set
      as_of = excluded.as_of, score = excluded.score, band = excluded.band, model_version = excluded.model_version,
      fingerprint = excluded.fingerprint, computed_at = excluded.computed_at, cadence_days = excluded.cadence_days,
      since = excluded.since, last_touch_at = excluded.last_touch_at, last_client_touch_at = excluded.last_client_touch_at,
      touches = excluded.touches, client_touches = excluded.client_touches, touches_prev = excluded.touches_prev,
      client_touches_prev = excluded.client_touches_prev, engaged_contacts = excluded.engaged_contacts,
      active_contacts = excluded.active_contacts`.execute(deps.db);
}

async function insertSnapshots(
  deps: Deps,
  workspaceId: string,
  rows: ReadonlyArray<{ computed: Computed; cause: RecomputeCause }>,
  version: number,
  asOf: string,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into health_snapshots (workspace_id, id, account_id, as_of, score, band, model_version, components, cause, computed_at)
    select ${workspaceId}::uuid, r.id, r.account_id, ${asOf}::date, r.score, r.band, ${version}::int, r.components::jsonb, r.cause, ${at}::timestamptz
    from unnest(${rows.map(() => newId())}::uuid[], ${rows.map((r) => r.computed.signals.accountId)}::uuid[],
                ${rows.map((r) => r.computed.health.score)}::real[], ${rows.map((r) => r.computed.health.band)}::text[],
                ${rows.map((r) => JSON.stringify(storedComponents(r.computed.health)))}::text[], ${rows.map((r) => r.cause)}::text[])
      as r(id, account_id, score, band, components, cause)`.execute(deps.db);
}

/**
 * The accounts whose score is out of date: their facts changed since (marked in health_dirty), or
 * it was computed on an earlier day, or never. Among `accountIds`, or among the open accounts.
 */
export async function staleAccounts(deps: Deps, workspaceId: string, accountIds?: readonly string[]): Promise<string[]> {
  const asOf = today(deps.clock.now());
  const which = accountIds ? sql`and a.id = any(${[...accountIds]}::uuid[])` : sql`and a.archived_at is null and a.status <> 'lost'`;
  const { rows } = await sql<{ id: string }>`
    select a.id from accounts a
    left join health_current h on h.workspace_id = a.workspace_id and h.account_id = a.id
    where a.workspace_id = ${workspaceId} ${which}
      and (h.account_id is null or h.as_of < ${asOf}::date
           or exists (select 1 from health_dirty d where d.workspace_id = a.workspace_id and d.account_id = a.id))`.execute(deps.db);
  return rows.map((r) => r.id);
}

/** Recomputes what is out of date (see staleAccounts) before a read that must be current. */
export async function ensureFresh(deps: Deps, workspaceId: string, accountIds?: readonly string[]): Promise<void> {
  const stale = await staleAccounts(deps, workspaceId, accountIds);
  if (stale.length > 0) await recomputeHealth(deps, workspaceId, { ids: stale }, { cause: 'change' });
}
