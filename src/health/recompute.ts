import { sql } from 'kysely';
import type { z } from 'zod';
import type { Deps } from '../platform/deps.js';
import { inTransaction } from '../platform/deps.js';
import { idIn, preparedWhen, type Db } from '../platform/db/database.js';
import { insertJob } from '../platform/jobs/queue.js';
import type { FreshnessSchema } from './freshness-schema.js';
import { newId, sha1 } from '../platform/ids.js';
import { toIsoDate } from '../platform/clock.js';
import { notFound } from '../platform/errors.js';
import { accountsRepo } from '../accounts/repo.js';
import type { AccountSignals } from './facts.js';
import type { ComponentKey, HealthModel } from './model.js';
import { loadSignals, type AccountScope } from './signals-sql.js';
import { currentHealthModel } from './model-repo.js';
import { computeHealth, type Band, type HealthResult } from './score.js';
import { evaluateAlerts } from './alert-rules.js';
import { planAlerts, prepareFinding, type AlertPlan, type AlertWrite, type Dismissal, type OpenAlert, type PreparedFinding } from './alerts-repo.js';

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

/**
 * Accounts per chunk (the default of `batchSize`): each is read (one signals statement), scored and
 * written (one transaction) on its own; the write's JSON parameter stays bounded, and progress is
 * reported per chunk.
 */
const CHUNK = 1000;
/**
 * Chunks in flight at once: while one worker writes its chunk under the workspace lock, the other
 * reads and scores the next, so the database and the JavaScript overlap on two cores. PGlite runs
 * one statement at a time anyway (its connection is handed over in turn).
 */
const WORKERS = 2;

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

/**
 * One account's score and alert findings as a chunk writes them, computed outside the lock: compact
 * (the HealthResult and the signals are not kept), with what is written already serialized.
 */
export interface Scored {
  accountId: string;
  score: number;
  band: Band;
  /** Whether any weighted component has data: a neutral score without any is no part of the history (decision 0024). */
  hasData: boolean;
  /** Model version, score, band, components and facts: a snapshot is written when it changes (or the day is new). */
  fingerprint: string;
  componentsJson: string;
  factsJson: string;
  factsHash: string;
  /** The account's health_current row (score and touch statistics) as a JSON object. */
  currentJson: string;
  findings: PreparedFinding[];
}

/**
 * The score of one account's signals, its alert findings (given its score-drop peak), the stored
 * forms and fingerprints: pure.
 */
export function scoreAccount(signals: AccountSignals, model: HealthModel, version: number, peak?: { asOf: string; score: number }): Scored {
  const health = computeHealth(signals, model);
  const componentsJson = JSON.stringify(storedComponents(health));
  const factsJson = JSON.stringify(storedFacts(health));
  const factsHash = sha1(factsJson);
  const findings = evaluateAlerts({ signals, health, history: peak ? [peak] : [], model }).map(prepareFinding);
  const t = signals.touches;
  const fingerprint = sha1(`${version}|${health.score}|${health.band}|${componentsJson}|${factsHash}`);
  const currentJson = JSON.stringify({
    a: signals.accountId,
    s: health.score,
    b: health.band,
    hd: health.hasData,
    fp: fingerprint,
    fh: factsHash,
    cd: signals.cadenceDays,
    si: signals.since,
    lt: t.lastTouchAt,
    lc: t.lastClientTouchAt,
    t: t.touches,
    ct: t.clientTouches,
    tp: t.touchesPrev,
    cp: t.clientTouchesPrev,
    e: t.engagedContacts,
    ac: t.activeContacts,
  });
  return { accountId: signals.accountId, score: health.score, band: health.band, hasData: health.hasData, fingerprint, componentsJson, factsJson, factsHash, currentJson, findings };
}

/**
 * Recomputes the health of the accounts in scope as of today, a chunk of accounts at a time (two
 * in flight): the signals of a chunk by one SQL statement (signals-sql.ts; the same answer as
 * summarize.ts over the facts, held by a test) beside its score peaks, then the score and the alert
 * rules (scoreAccount, pure) outside any lock, then one transaction per chunk. It takes the
 * workspace's advisory lock (a job and a read may race: the second waits, then finds the first
 * one's snapshot and alerts and adds none), reads the accounts' previous state, open alerts and
 * standing manual resolves in one statement, plans the alerts (pure: which to open, rewrite,
 * resolve; which manual resolves end), and writes everything in one statement: the current score
 * and touch statistics (upsert), a snapshot where anything changed or the day is new (with its
 * facts when those changed), alerts opened, updated and resolved, and the change marks cleared
 * (only marks older than the start, so a change that lands meanwhile is recomputed again).
 */
export async function recomputeHealth(
  deps: Deps,
  workspaceId: string,
  scope: AccountScope,
  options: {
    cause: RecomputeCause;
    onProgress?: (done: number, total: number) => void;
    batchSize?: number;
    /** Each chunk's signals as this run read them, with its model: a reader that shows them reads them once (get-account-health.ts). */
    onSignals?: (signals: readonly AccountSignals[], model: { version: number; model: HealthModel; asOf: string }) => void;
  },
): Promise<RecomputeResult> {
  const batchSize = options.batchSize ?? CHUNK;
  const startedAt = deps.clock.now();
  const asOf = toIsoDate(startedAt);
  // The run's number is taken before any signals are read: a run with a higher one read after this one.
  const [{ version, model }, run] = await Promise.all([currentHealthModel(deps.db, workspaceId), nextRun(deps)]);
  const ctx: ChunkContext = { model, version, asOf, startedAt, run, cause: options.cause };
  const result: RecomputeResult = { accounts: 0, snapshots: 0, alertsOpened: 0, alertsResolved: 0, modelVersion: version, asOf };
  const ids = 'ids' in scope ? [...new Set(scope.ids)] : await openAccountIds(deps, workspaceId);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += batchSize) chunks.push(ids.slice(i, i + batchSize));

  // WORKERS chunks in flight: one worker's read and scoring overlap another's transaction (which
  // the workspace lock serializes). A failure stops the others from taking a new chunk.
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < chunks.length) {
      const chunk = chunks[next++]!;
      try {
        // Past days' scores do not change today: the peaks are read outside the lock, beside the signals.
        const [signals, peaks] = await Promise.all([
          loadSignals(deps.db, workspaceId, asOf, model, { ids: chunk }),
          loadPeaks(deps, workspaceId, chunk, asOf, model.alerts.scoreDrop.days),
        ]);
        options.onSignals?.(signals, { version, model, asOf });
        const scored = signals.map((s) => scoreAccount(s, model, version, peaks.get(s.accountId)));
        const written = await inTransaction(deps, (tx) => writeChunk(tx, workspaceId, scored, ctx));
        result.accounts += scored.length;
        result.snapshots += written.snapshots;
        result.alertsOpened += written.alerts.open.length;
        result.alertsResolved += written.alerts.resolve.length;
        options.onProgress?.(result.accounts, ids.length);
      } catch (error) {
        failure = { error };
      }
    }
  };
  // Inside a caller's transaction there is one connection: one worker.
  await Promise.all(Array.from({ length: deps.db.isTransaction ? 1 : Math.min(WORKERS, chunks.length) }, worker));
  if (failure) throw failure.error;
  return result;
}

async function openAccountIds(deps: Deps, workspaceId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from accounts where workspace_id = ${workspaceId} and archived_at is null and status <> 'lost' order by id`.execute(deps.db);
  return rows.map((r) => r.id);
}

interface ChunkContext {
  model: HealthModel;
  version: number;
  asOf: string;
  startedAt: Date;
  /** The run's number (health_run_seq): runs that started later have higher ones, whatever the clocks say. */
  run: number;
  cause: RecomputeCause;
}

async function nextRun(deps: Deps): Promise<number> {
  const { rows } = await sql<{ n: string }>`select nextval('health_run_seq')::text as n`.execute(deps.db);
  return Number(rows[0]!.n);
}

/** One chunk's transaction: the workspace lock, one read of what was there, the alert plan, one write. */
async function writeChunk(tx: Deps, workspaceId: string, chunk: readonly Scored[], ctx: ChunkContext): Promise<{ snapshots: number; alerts: AlertPlan }> {
  await sql`select pg_advisory_xact_lock(hashtext(${`rapport.health:${workspaceId}`}))`.execute(tx.db);
  const previous = await previousState(tx, workspaceId, chunk.map((c) => c.accountId));
  // A run that started after this one (another worker, for a change made since this one read the
  // signals) wrote first: its score is the newer one, and it has cleared that change's mark. Writing
  // this one over it would leave the change unscored until the next change or the nightly run.
  const scored = chunk.filter((c) => (previous.get(c.accountId)?.run ?? 0) <= ctx.run);
  const ids = scored.map((c) => c.accountId);
  const snapshots: SnapshotRow[] = [];
  const alertInput = scored.map((c) => {
    const before = previous.get(c.accountId);
    // The neutral score of an account without data is not a score it had: the chart, the 30-day
    // change and score_drop's peak read real scores only (decision 0024).
    if (c.hasData && (!before?.asOf || before.asOf !== ctx.asOf || before.fingerprint !== c.fingerprint)) {
      snapshots.push({ scored: c, cause: before?.asOf === ctx.asOf ? ctx.cause : 'daily', withFacts: before?.factsHash !== c.factsHash });
    }
    // A lost or archived account keeps a score but raises no alerts: its open ones resolve.
    return { accountId: c.accountId, open: before?.alerts ?? [], dismissed: before?.dismissed ?? [], findings: before?.closed ? [] : c.findings };
  });
  const alerts = planAlerts(alertInput, tx.clock.now());
  await writeAll(tx, workspaceId, { scored, snapshots, alerts, ids }, ctx);
  return { snapshots: snapshots.length, alerts };
}

interface PreviousState {
  asOf: string | null;
  /** The number of the run that wrote the current score (0 without one). */
  run: number;
  fingerprint: string | null;
  factsHash: string | null;
  closed: boolean;
  alerts: OpenAlert[];
  dismissed: Dismissal[];
}

/**
 * In one statement: each account's last score, whether it is closed (lost, archived), its
 * unresolved alerts and its standing dismissals (alerts resolved by hand while their rule held).
 */
async function previousState(deps: Deps, workspaceId: string, ids: readonly string[]): Promise<Map<string, PreviousState>> {
  const { rows } = await sql<{
    id: string;
    as_of: string | null;
    run_seq: string | null;
    fingerprint: string | null;
    facts_hash: string | null;
    closed: boolean;
    alerts: OpenAlert[] | null;
    dismissed: Dismissal[] | null;
  }>`${preparedWhen(ids.length === 1)}
    select a.id, h.as_of::text as as_of, h.run_seq::text as run_seq, h.fingerprint, h.facts_hash, (a.archived_at is not null or a.status = 'lost') as closed,
           (select json_agg(json_build_object('id', x.id, 'kind', x.kind, 'state', x.state, 'hash', x.content_hash, 'snoozedUntil', x.snoozed_until))
            from alerts x where x.workspace_id = a.workspace_id and x.account_id = a.id and x.state <> 'resolved') as alerts,
           (select json_agg(json_build_object('id', x.id, 'kind', x.kind, 'severity', x.severity))
            from alerts x where x.workspace_id = a.workspace_id and x.account_id = a.id and x.resolution = 'manual' and x.cleared_on is null) as dismissed
    from accounts a
    -- A primary-key probe per account (the limit keeps the planner from hashing all of health_current).
    left join lateral (select h.as_of, h.run_seq, h.fingerprint, h.facts_hash from health_current h
                       where h.workspace_id = a.workspace_id and h.account_id = a.id limit 1) h on true
    where a.workspace_id = ${workspaceId} and ${idIn('a.id', ids)}`.execute(deps.db);
  return new Map(
    rows.map((r) => [r.id, { asOf: r.as_of, run: Number(r.run_seq ?? 0), fingerprint: r.fingerprint, factsHash: r.facts_hash, closed: r.closed, alerts: r.alerts ?? [], dismissed: r.dismissed ?? [] }]),
  );
}

/** Each account's highest score in the score-drop window before today (the window of alert-rules.ts's peakWithin): past days, which a recompute does not change. */
async function loadPeaks(deps: Deps, workspaceId: string, ids: readonly string[], asOf: string, days: number): Promise<Map<string, { asOf: string; score: number }>> {
  // The top one per account from its own index range (health_snapshots_day_idx, index only): no sort of every account's month.
  const accounts = ids.length === 1 ? sql`(values (${ids[0]}::uuid)) a(id)` : sql`unnest(${[...ids]}::uuid[]) a(id)`;
  const { rows } = await sql<{ account_id: string; as_of: string; score: number }>`${preparedWhen(ids.length === 1)}
    select a.id as account_id, p.as_of::text as as_of, p.score
    from ${accounts}
    cross join lateral (
      select s.as_of, s.score from health_snapshots s
      where s.workspace_id = ${workspaceId} and s.account_id = a.id
        and s.as_of > (${asOf}::date - ${days}::int) and s.as_of < ${asOf}::date
      order by s.score desc, s.as_of desc limit 1) p`.execute(deps.db);
  return new Map(rows.map((r) => [r.account_id, { asOf: r.as_of, score: Number(r.score) }]));
}

interface SnapshotRow {
  scored: Scored;
  cause: RecomputeCause;
  withFacts: boolean;
}

/**
 * A JSON array of objects assembled from parts that are already JSON (components, facts, reasons:
 * serialized once, while scoring) or safe as they are (uuids, enum words, finite numbers, base64url hashes):
 * the database parses each text once, as jsonb, and nothing is escaped twice.
 */
const jsonArray = (items: readonly string[]): string => `[${items.join(',')}]`;
const alertJson = (a: AlertWrite): string =>
  `{"id":"${a.id}","a":"${a.accountId}","k":"${a.finding.kind}","sv":"${a.finding.severity}","m":${JSON.stringify(a.finding.message)},"r":${a.finding.reasonsJson},"h":"${a.finding.hash}","ro":${a.reopen}}`;

/**
 * Everything a chunk writes, in one statement (data-modifying CTEs, each run once and to completion
 * whether read or not; each part gets its rows as one JSON parameter — node-postgres escapes a
 * text[] of JSON strings slowly, decision 0010): health_current upserted, snapshots inserted,
 * alerts opened, updated and resolved, manual resolves that stopped standing ended, marks cleared.
 * The flat current rows are read as `json` (one streaming pass), a third cheaper than building a
 * `jsonb` first; the parts that carry nested JSON for jsonb columns stay `jsonb` (decision 0012).
 */
async function writeAll(
  deps: Deps,
  workspaceId: string,
  rows: { scored: readonly Scored[]; snapshots: readonly SnapshotRow[]; alerts: AlertPlan; ids: readonly string[] },
  ctx: ChunkContext,
): Promise<void> {
  const now = deps.clock.now();
  const current = jsonArray(rows.scored.map((r) => r.currentJson));
  const snapshots = jsonArray(
    rows.snapshots.map(
      ({ scored: r, cause, withFacts }) =>
        `{"id":"${newId()}","a":"${r.accountId}","s":${r.score},"b":"${r.band}","c":${r.componentsJson},"f":${withFacts ? r.factsJson : 'null'},"k":"${cause}"}`,
    ),
  );
  await sql`${preparedWhen(rows.ids.length === 1)}
    with current_rows as (
      insert into health_current (workspace_id, account_id, as_of, score, band, has_data, model_version, fingerprint, facts_hash, computed_at, run_seq,
        cadence_days, since, last_touch_at, last_client_touch_at, touches, client_touches, touches_prev, client_touches_prev,
        engaged_contacts, active_contacts)
      select ${workspaceId}::uuid, r.a, ${ctx.asOf}::date, r.s, r.b, r.hd, ${ctx.version}::int, r.fp, r.fh, ${ctx.startedAt}::timestamptz, ${ctx.run}::bigint,
        r.cd, r.si, r.lt, r.lc, r.t, r.ct, r.tp, r.cp, r.e, r.ac
      from json_to_recordset(${current}::json)
        as r(a uuid, s real, b text, hd boolean, fp text, fh text, cd int, si date, lt timestamptz, lc timestamptz, t int, ct int, tp int, cp int, e int, ac int)
      on conflict (workspace_id, account_id) do update set
        as_of = excluded.as_of, score = excluded.score, band = excluded.band, has_data = excluded.has_data, model_version = excluded.model_version,
        fingerprint = excluded.fingerprint, facts_hash = excluded.facts_hash, computed_at = excluded.computed_at, run_seq = excluded.run_seq, cadence_days = excluded.cadence_days,
        since = excluded.since, last_touch_at = excluded.last_touch_at, last_client_touch_at = excluded.last_client_touch_at,
        touches = excluded.touches, client_touches = excluded.client_touches, touches_prev = excluded.touches_prev,
        client_touches_prev = excluded.client_touches_prev, engaged_contacts = excluded.engaged_contacts,
        active_contacts = excluded.active_contacts
    ), snapshot_rows as (
      insert into health_snapshots (workspace_id, id, account_id, as_of, score, band, model_version, components, facts, cause, computed_at)
      select ${workspaceId}::uuid, r.id, r.a, ${ctx.asOf}::date, r.s, r.b, ${ctx.version}::int, r.c, r.f, r.k, ${ctx.startedAt}::timestamptz
      from jsonb_to_recordset(${snapshots}::jsonb) as r(id uuid, a uuid, s real, b text, c jsonb, f jsonb, k text)
    ), opened as (
      insert into alerts (workspace_id, id, account_id, kind, state, severity, message, reasons, content_hash, raised_on, raised_at, updated_at)
      select ${workspaceId}::uuid, r.id, r.a, r.k, 'open', r.sv, r.m, r.r, r.h, ${ctx.asOf}::date, ${now}::timestamptz, ${now}::timestamptz
      from jsonb_to_recordset(${jsonArray(rows.alerts.open.map(alertJson))}::jsonb)
        as r(id uuid, a uuid, k text, sv text, m text, r jsonb, h text)
    ), updated as (
      update alerts a set severity = r.sv, message = r.m, reasons = r.r, content_hash = r.h, updated_at = ${now}::timestamptz,
        state = case when r.ro then 'open' else a.state end,
        snoozed_until = case when r.ro then null else a.snoozed_until end
      from jsonb_to_recordset(${jsonArray(rows.alerts.update.map(alertJson))}::jsonb) as r(id uuid, sv text, m text, r jsonb, h text, ro boolean)
      where a.workspace_id = ${workspaceId} and a.id = r.id
    ), resolved as (
      update alerts set state = 'resolved', resolution = 'auto', resolved_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
      where workspace_id = ${workspaceId} and id = any(${rows.alerts.resolve}::uuid[])
    ), dismissals_ended as (
      update alerts set cleared_on = ${ctx.asOf}::date
      where workspace_id = ${workspaceId} and id = any(${rows.alerts.clear}::uuid[])
    ), marks_cleared as (
      delete from health_dirty where workspace_id = ${workspaceId} and ${idIn('account_id', rows.ids)} and changed_at <= ${ctx.startedAt}
    )
    select 1`.execute(deps.db);
}

/**
 * The accounts whose score is out of date: their facts changed since (marked in health_dirty), or
 * it was computed on an earlier day, or never. Among `accountIds`, or among the open accounts.
 */
export async function staleAccounts(deps: Deps, workspaceId: string, accountIds?: readonly string[]): Promise<string[]> {
  const asOf = toIsoDate(deps.clock.now());
  const which = accountIds ? sql`and a.id = any(${[...accountIds]}::uuid[])` : sql`and a.archived_at is null and a.status <> 'lost'`;
  const { rows } = await sql<{ id: string }>`
    select a.id from accounts a
    left join health_current h on h.workspace_id = a.workspace_id and h.account_id = a.id
    where a.workspace_id = ${workspaceId} ${which}
      and (h.account_id is null or h.as_of < ${asOf}::date
           or exists (select 1 from health_dirty d where d.workspace_id = a.workspace_id and d.account_id = a.id))`.execute(deps.db);
  return rows.map((r) => r.id);
}

/**
 * The job queue's name for the day's recompute of one workspace: its accounts last scored on an
 * earlier day (and any marked or never scored). The nightly run queues one per workspace; a read
 * that finds yesterday's numbers queues it too, and the dedupe key makes the two one job.
 */
export const HEALTH_DAY_QUEUE = 'health.daily';

/**
 * Queues the day's recompute of a workspace, once: a queued one absorbs it (dedupe key), and a
 * running one is already doing the work (another would only repeat it beside it, on a second
 * worker or process). Returns whether one is now queued (false: one is running); a worker finds it
 * at its next poll, or at once when woken.
 */
export async function queueDayRecompute(db: Db, now: Date, workspaceId: string): Promise<boolean> {
  const { rows } = await runningDayJob(workspaceId).execute(db);
  if (rows.length > 0) return false;
  await insertJob(db, now, { queue: HEALTH_DAY_QUEUE, workspaceId, payload: { workspaceId }, dedupeKey: dayJobKey(workspaceId) });
  return true;
}

const dayJobKey = (workspaceId: string) => `ws:${workspaceId}`;

/**
 * The look for a running day job of the workspace: a probe of `jobs_running_idx` (the running jobs
 * only), not a pass over every job kept for the week. Exported for the test that holds its plan.
 */
export const runningDayJob = (workspaceId: string) =>
  sql<{ one: number }>`select 1 as one from jobs where queue = ${HEALTH_DAY_QUEUE} and dedupe_key = ${dayJobKey(workspaceId)} and status = 'running' limit 1`;

/** How current the stored numbers (scores, touch statistics, alerts) a portfolio-wide read answers from are (its schema says each field). */
export type Freshness = z.infer<typeof FreshnessSchema>;

/**
 * Brings the open accounts' stored numbers up to date before a portfolio-wide read (the board, the
 * portfolio, the alerts, the list sorted by health), without making the read wait for a new day.
 * Accounts whose facts changed, or that were never scored, are recomputed now: a write is always
 * in the next read. Accounts last scored on an earlier day and unchanged since are not: their
 * numbers are yesterday's, right for yesterday (no look-ahead), and the day's recompute is queued,
 * with this process's workers woken for it (decision 0027). The answer says how current the
 * numbers are, so the reader can say so. One statement finds all of it (a pass over the open
 * accounts' health_current rows, like the board's own read).
 */
export async function ensureFresh(deps: Deps, workspaceId: string): Promise<Freshness> {
  const now = deps.clock.now();
  const today = toIsoDate(now);
  const { rows } = await sql<{ changed: string[] | null; behind: number; as_of: string | null; computed_at: Date | string | null; accounts: number }>`
    select array_agg(a.id::text) filter (where h.account_id is null or d.account_id is not null) as changed,
           (count(*) filter (where h.as_of < ${today}::date and d.account_id is null))::int as behind,
           (min(h.as_of) filter (where d.account_id is null))::text as as_of,
           min(h.computed_at) filter (where d.account_id is null) as computed_at,
           count(*)::int as accounts
    from accounts a
    left join health_current h on h.workspace_id = a.workspace_id and h.account_id = a.id
    left join health_dirty d on d.workspace_id = a.workspace_id and d.account_id = a.id
    where a.workspace_id = ${workspaceId} and a.archived_at is null and a.status <> 'lost'`.execute(deps.db);
  const found = rows[0]!;
  const changed = found.changed ?? [];
  if (changed.length > 0) await recomputeHealth(deps, workspaceId, { ids: changed }, { cause: 'change' });
  // This process's sleeping workers start the day's recompute now, not at their next poll. Inside a
  // caller's transaction the job is not there for them until it commits: they find it at their poll.
  if (found.behind > 0 && (await queueDayRecompute(deps.db, now, workspaceId)) && !deps.db.isTransaction) deps.wakeJobs?.();
  if (found.accounts === 0) return { asOf: null, computedAt: null, updating: false };
  // Every open account was just recomputed: its numbers are today's, computed now.
  if (found.as_of === null) return { asOf: today, computedAt: now.toISOString(), updating: false };
  return { asOf: found.as_of, computedAt: new Date(found.computed_at!).toISOString(), updating: found.behind > 0 };
}

/**
 * Brings the named accounts' scores up to date before a read of them, whatever made them stale (a
 * change, or a new day): a few accounts cost a few milliseconds each. `onSignals` receives the signals
 * the recompute read, if it ran (a reader that shows them need not read them again).
 */
export async function ensureFreshAccounts(deps: Deps, workspaceId: string, accountIds: readonly string[], options: FreshOptions = {}): Promise<void> {
  const stale = await staleAccounts(deps, workspaceId, accountIds);
  if (stale.length > 0) await recomputeHealth(deps, workspaceId, { ids: stale }, { cause: 'change', ...options });
}

/** What a reader of some accounts may ask of ensureFreshAccounts: the signals the recompute read, when it ran. */
export type FreshOptions = Pick<Parameters<typeof recomputeHealth>[3], 'onSignals'>;

/** One account's score brought up to date before a read of it; `not_found` for another workspace's or an unknown id. */
export async function ensureFreshAccount(deps: Deps, workspaceId: string, accountId: string, options: FreshOptions = {}): Promise<void> {
  if (!(await accountsRepo(deps.db).accountExists(workspaceId, accountId))) throw notFound('Account');
  await ensureFreshAccounts(deps, workspaceId, [accountId], options);
}
