import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.js';
import { inTransaction } from '../platform/deps.js';
import { newId } from '../platform/ids.js';
import { notFound } from '../platform/errors.js';
import { accountsRepo } from '../accounts/repo.js';
import type { AccountSignals } from './facts.js';
import type { ComponentKey, HealthModel } from './model.js';
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

/** A component as a snapshot keeps it: key, value and points. */
export interface StoredComponent {
  key: ComponentKey;
  value: number | null;
  contribution: number;
}

/** The facts behind each component as a snapshot keeps them: 'kind:id', at most SNAPSHOT_FACTS each. */
export type StoredFacts = Partial<Record<ComponentKey, string[]>>;

/** Accounts per write batch: bounded parameter arrays, and progress to report. */
const BATCH = 2000;

const today = (now: Date): string => now.toISOString().slice(0, 10);

/** Facts a snapshot keeps per component: enough for "why it changed". */
const SNAPSHOT_FACTS = 5;

/**
 * The components as a snapshot stores them. Values are rounded to 4 decimals: a mean summed in
 * another order by a parallel aggregate must not look like a change.
 */
export function storedComponents(health: HealthResult): StoredComponent[] {
  return health.components.map((c) => ({ key: c.key, value: c.value === null ? null : Math.round(c.value * 10_000) / 10_000, contribution: c.contribution }));
}

export function storedFacts(health: HealthResult): StoredFacts {
  const facts: StoredFacts = {};
  for (const c of health.components) if (c.facts.length > 0) facts[c.key] = c.facts.slice(0, SNAPSHOT_FACTS).map((f) => `${f.kind}:${f.id}`);
  return facts;
}

const hash = (text: string): string => createHash('sha1').update(text).digest('base64url');

interface Computed {
  signals: AccountSignals;
  health: HealthResult;
  /** Score, band, components and facts: a snapshot is written when it changes (or the day is new). */
  fingerprint: string;
  factsJson: string;
  factsHash: string;
  findings: AlertFinding[];
}

function compute(signals: AccountSignals, model: HealthModel, version: number, findingsOf: (health: HealthResult) => AlertFinding[]): Computed {
  const health = computeHealth(signals, model);
  const factsJson = JSON.stringify(storedFacts(health));
  const fingerprint = hash(JSON.stringify([version, health.score, health.band, storedComponents(health)]) + factsJson);
  return { signals, health, fingerprint, factsJson, factsHash: hash(factsJson), findings: findingsOf(health) };
}

/**
 * Recomputes the health of the accounts in scope as of today: signals by one SQL statement
 * (signals-sql.ts; the same answer as summarize.ts over the facts, held by a test), score and
 * alert findings by the pure rules, then in one transaction per batch: the current score and touch
 * statistics (upsert), a snapshot where anything changed or the day is new (with its facts when
 * those changed), alerts opened and resolved, and the change marks cleared (only marks older than
 * the start, so a change that lands meanwhile is recomputed again).
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
      const previous = await previousState(tx, workspaceId, ids, asOf, model.alerts.scoreDrop.days);
      const computed: Computed[] = batch.map((s) => {
        const before = previous.get(s.accountId);
        // A lost or archived account keeps a score but raises no alerts: its open ones resolve.
        return compute(s, model, version, (health) =>
          before?.closed ? [] : evaluateAlerts({ signals: s, health, history: before?.peak ? [before.peak] : [], model }),
        );
      });
      const fresh = computed.filter((c) => {
        const before = previous.get(c.signals.accountId);
        return !before?.asOf || before.asOf !== asOf || before.fingerprint !== c.fingerprint;
      });
      await upsertCurrent(tx, workspaceId, computed, version, asOf, startedAt);
      await insertSnapshots(
        tx,
        workspaceId,
        fresh.map((c) => {
          const before = previous.get(c.signals.accountId);
          return { computed: c, cause: before?.asOf === asOf ? options.cause : 'daily', withFacts: before?.factsHash !== c.factsHash };
        }),
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

interface PreviousState {
  asOf: string | null;
  fingerprint: string | null;
  factsHash: string | null;
  closed: boolean;
  /** The highest score of the score-drop window before today (for score_drop). */
  peak: { asOf: string; score: number } | null;
}

/** In one statement: each account's last score, whether it is closed (lost, archived), and its recent peak. */
async function previousState(deps: Deps, workspaceId: string, ids: readonly string[], asOf: string, days: number): Promise<Map<string, PreviousState>> {
  const { rows } = await sql<{
    id: string;
    as_of: string | null;
    fingerprint: string | null;
    facts_hash: string | null;
    closed: boolean;
    peak_as_of: string | null;
    peak_score: number | null;
  }>`
    select a.id, h.as_of::text as as_of, h.fingerprint, h.facts_hash, (a.archived_at is not null or a.status = 'lost') as closed,
           p.as_of::text as peak_as_of, p.score as peak_score
    from accounts a
    left join health_current h on h.workspace_id = a.workspace_id and h.account_id = a.id
    left join lateral (
      select s.as_of, s.score from health_snapshots s
      where s.workspace_id = a.workspace_id and s.account_id = a.id and s.as_of >= (${asOf}::date - ${days}::int) and s.as_of < ${asOf}::date
      order by s.score desc, s.as_of desc limit 1) p on true
    where a.workspace_id = ${workspaceId} and a.id = any(${[...ids]}::uuid[])`.execute(deps.db);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        asOf: r.as_of,
        fingerprint: r.fingerprint,
        factsHash: r.facts_hash,
        closed: r.closed,
        peak: r.peak_as_of === null ? null : { asOf: r.peak_as_of, score: Number(r.peak_score) },
      },
    ]),
  );
}

async function upsertCurrent(deps: Deps, workspaceId: string, computed: readonly Computed[], version: number, asOf: string, at: Date): Promise<void> {
  if (computed.length === 0) return;
  const col = <T>(f: (c: Computed) => T): T[] => computed.map(f);
  await sql`
    insert into health_current (workspace_id, account_id, as_of, score, band, model_version, fingerprint, facts_hash, computed_at,
      cadence_days, since, last_touch_at, last_client_touch_at, touches, client_touches, touches_prev, client_touches_prev,
      engaged_contacts, active_contacts)
    select ${workspaceId}::uuid, r.account_id, ${asOf}::date, r.score, r.band, ${version}::int, r.fingerprint, r.facts_hash, ${at}::timestamptz,
      r.cadence_days, r.since, r.last_touch_at, r.last_client_touch_at, r.touches, r.client_touches, r.touches_prev, r.client_touches_prev,
      r.engaged, r.active
    from unnest(${col((c) => c.signals.accountId)}::uuid[], ${col((c) => c.health.score)}::real[], ${col((c) => c.health.band)}::text[],
                ${col((c) => c.fingerprint)}::text[], ${col((c) => c.factsHash)}::text[], ${col((c) => c.signals.cadenceDays)}::int[], ${col((c) => c.signals.since)}::date[],
                ${col((c) => c.signals.touches.lastTouchAt)}::timestamptz[], ${col((c) => c.signals.touches.lastClientTouchAt)}::timestamptz[],
                ${col((c) => c.signals.touches.touches)}::int[], ${col((c) => c.signals.touches.clientTouches)}::int[],
                ${col((c) => c.signals.touches.touchesPrev)}::int[], ${col((c) => c.signals.touches.clientTouchesPrev)}::int[],
                ${col((c) => c.signals.touches.engagedContacts)}::int[], ${col((c) => c.signals.touches.activeContacts)}::int[])
      as r(account_id, score, band, fingerprint, facts_hash, cadence_days, since, last_touch_at, last_client_touch_at, touches, client_touches,
           touches_prev, client_touches_prev, engaged, active)
    on conflict (workspace_id, account_id) do update set
      as_of = excluded.as_of, score = excluded.score, band = excluded.band, model_version = excluded.model_version,
      fingerprint = excluded.fingerprint, facts_hash = excluded.facts_hash, computed_at = excluded.computed_at, cadence_days = excluded.cadence_days,
      since = excluded.since, last_touch_at = excluded.last_touch_at, last_client_touch_at = excluded.last_client_touch_at,
      touches = excluded.touches, client_touches = excluded.client_touches, touches_prev = excluded.touches_prev,
      client_touches_prev = excluded.client_touches_prev, engaged_contacts = excluded.engaged_contacts,
      active_contacts = excluded.active_contacts`.execute(deps.db);
}

async function insertSnapshots(
  deps: Deps,
  workspaceId: string,
  rows: ReadonlyArray<{ computed: Computed; cause: RecomputeCause; withFacts: boolean }>,
  version: number,
  asOf: string,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into health_snapshots (workspace_id, id, account_id, as_of, score, band, model_version, components, facts, cause, computed_at)
    select ${workspaceId}::uuid, r.id, r.account_id, ${asOf}::date, r.score, r.band, ${version}::int, r.components::jsonb, r.facts::jsonb, r.cause, ${at}::timestamptz
    from unnest(${rows.map(() => newId())}::uuid[], ${rows.map((r) => r.computed.signals.accountId)}::uuid[],
                ${rows.map((r) => r.computed.health.score)}::real[], ${rows.map((r) => r.computed.health.band)}::text[],
                ${rows.map((r) => JSON.stringify(storedComponents(r.computed.health)))}::text[],
                ${rows.map((r) => (r.withFacts ? r.computed.factsJson : null))}::text[], ${rows.map((r) => r.cause)}::text[])
      as r(id, account_id, score, band, components, facts, cause)`.execute(deps.db);
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

/** One account's score brought up to date before a read of it; `not_found` for another workspace's or an unknown id. */
export async function ensureFreshAccount(deps: Deps, workspaceId: string, accountId: string): Promise<void> {
  if (!(await accountsRepo(deps.db).accountExists(workspaceId, accountId))) throw notFound('Account');
  await ensureFresh(deps, workspaceId, [accountId]);
}
