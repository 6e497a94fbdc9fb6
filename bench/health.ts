/**
 * The health score at scale (issue 4) and the attention board that reads it (issue 3): 10,000
 * accounts, ~50,000 contacts, 5,000,000 touchpoints over three years with their contact links and
 * sentiment, 500,000 deliverables in ~30,000 projects, quarterly targets and incidents, on
 * PostgreSQL and on PGlite. Timed, each after one warm-up, median and min of BENCH_RUNS:
 *
 * 1. the full recompute as the nightly job runs it (`recomputeHealth` {all}, cause 'daily'), each
 *    run a day later so every open account gets its daily snapshot (the worst case), over a month
 *    of daily history seeded after the warm-up (what the score-drop peaks read in a running
 *    workspace), and again on the same day (nothing changed: no snapshot). Between two nights,
 *    untimed, the upkeep a running workspace has had (autovacuum's thresholds, `vacuumWhereNeeded`);
 * 2. the signals SQL alone (`loadSignals` {all});
 * 3. the baseline: one hand-written aggregate over the same facts (see `aggregateSql`), run in the
 *    same rounds as 1 and 2 (interleaved, so the drift of a shared machine hits all three alike);
 *    for 1–3 the CPU used too: this process's (all of it on PGlite) plus, when the PostgreSQL
 *    server runs on this machine, every process of the server's, read from /proc (decision 0030);
 * 4. the incremental recompute of one account after one new fact (`createTouchpoint`, and
 *    `createDeliverable`), over different accounts, alone and with the write;
 * 5. the attention board: fresh, after one account changed, and cold after a day change (it then
 *    answers from yesterday's stored numbers, says so, and queues the day's recompute: decision
 *    0027), and how long until the day's numbers are there (that read, then the queued
 *    `health.daily` job's work, recomputeDay; a worker's poll, up to 1 s, is not counted).
 * The full recompute is split into its statements by a timing plugin on the bench's own Kysely
 * instance (src is unchanged), the rest being JavaScript (score, alerts, fingerprints) and commits;
 * the pure score is also timed alone. EXPLAIN (ANALYZE, BUFFERS) of the signals SQL (nodes whose
 * time × loops is ≥ 20 ms) is printed for the scope whose goal was missed (every account when the
 * full recompute misses its time or ratio, one account when the incremental one does, every open
 * account by ids when the cold board does), or for all three with BENCH_EXPLAIN=1. Consistency is
 * checked too (agree yes/NO): the accounts covered, the baseline's numbers against health_current
 * and the signals for every account, no snapshot from a same-day recompute.
 *
 * The data is made inside the database by `insert … select … from generate_series` (no rows cross
 * the wire), with foreign-key triggers off while loading when the role may do that (consistent by
 * construction) and secondary indexes built after, then vacuum analyze. Accounts and contacts come
 * from bench/generate.ts (15% champions, 15% decision makers, 10% left). Touches grow denser towards
 * "today", ~1% are booked ahead, 1 in 7 accounts went quiet weeks ago, 1 in 12 accounts' clients
 * stopped initiating lately; each touch links 1–3 of its account's contacts (the link carries the
 * touch's time and direction); ~60% of client-initiated touches have a sentiment (skewed positive,
 * negative on 1 in 9 accounts). Deliverables are due over three years (up to 60 days ahead), ~80%
 * delivered, ~15% of those late (45% on 1 in 10 accounts), ~3% cancelled, the rest open (overdue
 * when due). Targets: 2 metrics × 12 quarters per account, the current quarter without an actual.
 * Incidents: 0–10 per account over three years.
 *
 * Run alone: `npx tsx bench/health.ts`. Environment: BENCH_TOUCHPOINTS (PostgreSQL, default
 * 5,000,000), BENCH_PGLITE_TOUCHPOINTS (default 1,000,000), BENCH_DELIVERABLES (default 500,000),
 * BENCH_RUNS (default 5), BENCH_INCREMENTAL (accounts for the incremental timing, default 30),
 * BENCH_ONLY=postgres|pglite, BENCH_DATABASE_URL (else a throwaway cluster), BENCH_EXPLAIN=1,
 * BENCH_KEEP=1 (keep the PostgreSQL database) and BENCH_REUSE_URL=<its URL> (time it again without
 * generating; the health tables are emptied first).
 */
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { openDatabase, type Database, type DatabaseKind, type Db } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { fixedClock, type Clock } from '../src/platform/clock.js';
import type { Actor } from '../src/platform/auth/roles.js';
import { getAttentionBoard } from '../src/touchpoints/get-attention-board.js';
import { createTouchpoint } from '../src/touchpoints/create-touchpoint.js';
import { createDeliverable } from '../src/delivery/create-deliverable.js';
import { HEALTH_DAY_QUEUE, recomputeHealth, scoreAccount, type RecomputeResult } from '../src/health/recompute.js';
import { recomputeDay } from '../src/health/jobs.js';
import { dayStart, loadSignals, signalsQuery } from '../src/health/signals-sql.js';
import { currentHealthModel } from '../src/health/model-repo.js';
import { vacuumWhereNeeded } from '../src/platform/jobs/maintenance.js';
import type { AccountSignals } from '../src/health/facts.js';
import type { HealthModel } from '../src/health/model.js';
import type { AttentionBoard } from '../src/touchpoints/attention-schemas.js';
import { describePortfolio, generatePortfolio } from './generate.js';
import { createScratchDatabase, fmt, isMain, machineLine, nodeCpu, postgresCpu, startPostgres, table, tempFolder, verdict, type CpuMeter } from './support.js';

export const GOALS = { fullPostgresMs: 3000, fullPgliteMs: 8000, ratio: 1.5, incrementalMs: 10, boardMs: 1000 } as const;
/** "Today" of the generated data; the timed runs move the clock forward from here a day at a time. */
export const BENCH_TODAY = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const YEARS_DAYS = 1095;
const CHUNK = 250_000;
/** EXPLAIN nodes below this (time × loops) are left out. */
const EXPLAIN_MIN_MS = 20;

export interface HealthBenchOptions {
  kind: DatabaseKind;
  /** A PostgreSQL server URL (a scratch database is created on it); needed for kind 'postgres' unless reuseUrl. */
  serverUrl?: string;
  touchpoints: number;
  deliverables?: number;
  accounts?: number;
  contacts?: number;
  runs?: number;
  /** Accounts (each timed once) for the incremental recompute. */
  incremental?: number;
  explain?: boolean;
  keep?: boolean;
  reuseUrl?: string;
  log?: (line: string) => void;
}

export interface Timing {
  samples: number[];
  median: number;
  min: number;
  max: number;
}

export interface HealthBenchResult {
  kind: DatabaseKind;
  portfolio: string;
  rows: Record<string, number>;
  load: { seconds: number; triggersOff: boolean };
  full: Timing & { accounts: number; snapshots: number[]; alertsOpened: number; alertsResolved: number };
  sameDay: Timing & { snapshots: number };
  signals: Timing;
  aggregate: Timing;
  aggregateNarrow: Timing;
  /**
   * CPU ms (medians over the same rounds) of the full recompute, the signals SQL and the aggregate:
   * this process's and, on a PostgreSQL server on this machine, the server's (every process of it);
   * `server` says whether the server's is in. The wall-clock ratio also depends on how well each
   * fills the cores (the aggregate scans in parallel; the recompute overlaps two chunks).
   */
  cpu: { full: Timing; signals: Timing; aggregate: Timing; server: boolean };
  /** Median ms per statement label over the timed full recomputes, and the rest (JavaScript and commits). */
  phases: Array<{ label: string; ms: number; count: number }>;
  pureCompute: Timing;
  incremental: { recompute: Timing; write: Timing; whole: Timing; deliverableRecompute: Timing; deliverableWhole: Timing; phases: Array<{ label: string; ms: number; count: number }> };
  board: { fresh: Timing; oneChanged: Timing; cold: Timing; dayReady: Timing; dayRecompute: Timing; considered: number; summary: string };
  checks: Array<[string, boolean, string]>;
  explain: string[];
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples, median: sorted[Math.floor(sorted.length / 2)] ?? NaN, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** CPU ms as 'this process + server' when the server's part was read, else the one number. */
const cpuSplit = (t: { cpuMs: number; nodeCpuMs: number }, server: boolean) => (server ? `${fmt.ms(t.nodeCpuMs)} + ${fmt.ms(t.cpuMs - t.nodeCpuMs)}` : fmt.ms(t.cpuMs));

/** The time `fn` took and the CPU it used: this process's, plus the server's when it can be read (`postgresCpu`). */
async function timedCpu<T>(server: CpuMeter | undefined, fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; nodeCpuMs: number; value: T }> {
  const server0 = server?.() ?? 0;
  const node0 = nodeCpu();
  const { ms, value } = await timed(fn);
  const node1 = nodeCpu();
  const server1 = server?.() ?? 0;
  return { ms, cpuMs: (node1 - node0 + server1 - server0) * 1000, nodeCpuMs: (node1 - node0) * 1000, value };
}

const isoDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * Times every statement that goes through the Kysely instance it is attached to (plugins see a
 * query before it is sent and its result after), grouped by what the statement does. The
 * recompute's own code is untouched: the bench hands it `db.withPlugin(timer)`.
 */
class StatementTimer implements KyselyPlugin {
  #started = new WeakMap<object, { at: number; label: string }>();
  #totals: Map<string, { ms: number; count: number }> | undefined;

  start(): void {
    this.#totals = new Map();
  }

  stop(): Map<string, { ms: number; count: number }> {
    const totals = this.#totals ?? new Map();
    this.#totals = undefined;
    return totals;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.#totals) this.#started.set(args.queryId, { at: performance.now(), label: labelOf(args.node) });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const started = this.#started.get(args.queryId);
    if (started && this.#totals) {
      const entry = this.#totals.get(started.label) ?? { ms: 0, count: 0 };
      entry.ms += performance.now() - started.at;
      entry.count += 1;
      this.#totals.set(started.label, entry);
    }
    return args.result;
  }
}

const LABELS: Array<[RegExp, string]> = [
  [/^select to_json\(q\)::text as row from \(/, 'signals SQL (loadSignals)'],
  [/^with current_rows as/, 'write: current, snapshots, alerts, marks (one statement)'],
  [/^select id from accounts where workspace_id = \? and archived_at is null/, 'open accounts'],
  [/pg_advisory_xact_lock/, 'advisory lock'],
  [/^select a\.id as account_id, p\.as_of::text as as_of, p\.score/, 'score peaks (health_snapshots, outside the lock)'],
  [/^select a\.id, h\.as_of::text as as_of, h\.run_seq/, 'previous score, closed?, open alerts (one statement)'],
  [/^select nextval\('health_run_seq'\)/, "the run's number (health_run_seq)"],
  [/^select id from accounts where workspace_id = \? and id = any/, 'lost or archived among them'],
  [/^insert into health_dirty/, 'mark health_dirty'],
  [/^insert into jobs/, 'queue job'],
  [/^select a\.id from accounts a\s+left join health_current/, 'stale accounts (the day job)'],
  [/^select array_agg\(a\.id::text\) filter/, 'changed and behind accounts (ensureFresh)'],
  [/^select 1 from jobs where queue/, 'day job running? (ensureFresh)'],
];

function labelOf(node: RootOperationNode): string {
  if (node.kind === 'RawNode') {
    // Without the mark of a prepared statement (`prepared`, platform/db/database.ts: a raw node first, so a leading '?').
    const text = node.sqlFragments.join('?').replace(/^\?/, '').trim().replace(/\s+/g, ' ');
    for (const [pattern, label] of LABELS) if (pattern.test(text)) return label;
    return `sql: ${text.slice(0, 40)}`;
  }
  const table = /"kind":"IdentifierNode","name":"([a-z_]+)"/.exec(JSON.stringify(node))?.[1] ?? '?';
  const verb = node.kind.replace('QueryNode', '').toLowerCase();
  return `${verb} ${table}`;
}

// ---------------------------------------------------------------------------------------------
// Data

interface Generated {
  workspaceId: string;
  ownerUserId: string;
  memberIds: string[];
  portfolioLine: string;
  load: { seconds: number; triggersOff: boolean };
}

/** Drops the secondary (non-constraint) indexes of these tables; answers their definitions to build again. */
async function dropIndexes(db: Db, tables: readonly string[]): Promise<Array<{ name: string; def: string }>> {
  const { rows } = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${[...tables]}::text[])
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
  for (const index of rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
  return rows;
}

/**
 * Inserts `total` rows in chunks, each chunk one statement in its own transaction (foreign-key
 * triggers off when allowed), seeded per chunk so a run is repeatable; answers the rows the
 * statement reports (its `n` column) summed.
 */
async function inChunks(
  db: Db,
  what: string,
  total: number,
  triggersOff: boolean,
  seedBase: number,
  statement: (from: number, to: number) => ReturnType<typeof sql<{ n: number }>>,
  log: (line: string) => void,
): Promise<number> {
  let extra = 0;
  for (let from = 1, chunk = 0; from <= total; from += CHUNK, chunk++) {
    const to = Math.min(total, from + CHUNK - 1);
    const started = performance.now();
    const n = await db.transaction().execute(async (trx) => {
      if (triggersOff) await sql`set local session_replication_role = replica`.execute(trx);
      await sql`select setseed(${(seedBase + chunk * 0.001) % 1})`.execute(trx);
      const { rows } = await statement(from, to).execute(trx);
      return Number(rows[0]?.n ?? 0);
    });
    extra += n;
    const seconds = (performance.now() - started) / 1000;
    log(`    ${what} ${fmt.rate(to)} / ${fmt.rate(total)}${n ? ` (+${fmt.rate(n)} links)` : ''} — ${fmt.rate((to - from + 1) / seconds)}/s`);
  }
  return extra;
}

async function generateFacts(database: Database, options: HealthBenchOptions, log: (line: string) => void): Promise<Generated> {
  const db = database.db;
  log(`  generating ${fmt.rate(options.accounts ?? 10_000)} accounts, ${fmt.rate(options.contacts ?? 50_000)} contacts …`);
  const portfolio = await generatePortfolio(database, { accounts: options.accounts ?? 10_000, contacts: options.contacts ?? 50_000 });
  const portfolioLine = describePortfolio(portfolio);
  log(`    ${portfolioLine}`);
  const ws = portfolio.workspaceId;
  const today = BENCH_TODAY;
  const todayDay = isoDay(today);
  const started = performance.now();

  await sql`drop table if exists bench_acc, bench_cba, bench_proj`.execute(db);
  await sql`create unlogged table bench_acc as
    select (row_number() over (order by id))::int - 1 as idx, id from accounts where workspace_id = ${ws}`.execute(db);
  await sql`create unique index on bench_acc (idx)`.execute(db);
  await sql`create unlogged table bench_cba as
    select account_id, array_agg(id order by id) as ids, count(*)::int as n from contacts where workspace_id = ${ws} group by account_id`.execute(db);
  await sql`create unique index on bench_cba (account_id)`.execute(db);
  await sql`analyze bench_acc, bench_cba`.execute(db);
  const n = Number((await sql<{ n: number }>`select count(*)::int as n from bench_acc`.execute(db)).rows[0]?.n);
  const { rows: su } = await sql<{ rolsuper: boolean }>`select rolsuper from pg_roles where rolname = current_user`.execute(db);
  const triggersOff = Boolean(su[0]?.rolsuper);
  const indexes = await dropIndexes(db, ['touchpoints', 'touchpoint_contacts', 'projects', 'deliverables', 'targets', 'incidents']);

  log(`  generating ${fmt.rate(options.touchpoints)} touchpoints over 3 years before ${todayDay} with their contact links, in SQL …`);
  const links = await inChunks(db, 'touchpoints', options.touchpoints, triggersOff, 0.42, (from, to) => sql<{ n: number }>`
    with s as (
      -- one row per touchpoint: which account (skewed: some accounts get far more), and dice
      select g, floor(power(random(), 1.4) * ${n}::int)::int as idx,
             random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7
      from generate_series(${from}::int, ${to}::int) g
    ), x as (
      select s.*, a.id as account_id,
             case
               when s.r3 < 0.01 then ${today}::timestamptz + s.r1 * interval '30 days'
               -- linear growth of activity: age = 3 years × (1 − √u); 1 in 7 accounts went quiet weeks ago
               else ${today}::timestamptz - (${YEARS_DAYS}::int * (1 - sqrt(s.r1)) + case when s.idx % 7 = 3 then 20 + s.idx % 90 else 0 end) * interval '1 day'
             end as occurred_at
      from s join bench_acc a on a.idx = s.idx
    ), y as (
      -- each client has its own habit (20–60% client-initiated); 1 in 12 stopped initiating in the last 90 days
      select x.*,
             case when x.r2 < (0.2 + 0.4 * ((x.idx * 7919) % 100) / 100.0)
                              * (case when x.idx % 12 = 0 and x.occurred_at > ${today}::timestamptz - interval '90 days' then 0.25 else 1 end)
                  then 'client_initiated' else 'agency_initiated' end as direction
      from x
    ), ins as (
      insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, duration_minutes, subject, summary, source,
                               external_id, created_by, created_at, updated_at, sentiment)
      select ${ws}::uuid, gen_random_uuid(), y.account_id,
             case when y.r4 < 0.45 then 'email' when y.r4 < 0.65 then 'call' when y.r4 < 0.80 then 'meeting' when y.r4 < 0.88 then 'video'
                  when y.r4 < 0.93 then 'chat' when y.r4 < 0.96 then 'social' when y.r4 < 0.99 then 'report' else 'other' end,
             y.direction, y.occurred_at,
             case when y.r4 >= 0.45 and y.r4 < 0.88 then 15 + floor(y.r5 * 60)::int end,
             'Touch ' || (y.g % 1000), '', 'csv', null, null, y.occurred_at, y.occurred_at,
             -- ~60% of client-initiated touches carry a sentiment: 2u^0.6 − 1 (mean +0.25), mirrored on 1 in 9 accounts
             case when y.direction = 'client_initiated' and y.r6 < 0.6 then
               round((case when y.idx % 9 = 4 then 1 - 2 * power(y.r7, 0.6) else 2 * power(y.r7, 0.6) - 1 end)::numeric, 3)::double precision end
      from y
      returning id, account_id, occurred_at, direction
    ), picked as (
      select ins.*, floor(random() * 1000)::int as st, 1 + floor(random() * random() * 3)::int as k from ins
    ), linked as (
      insert into touchpoint_contacts (workspace_id, touchpoint_id, contact_id, occurred_at, direction)
      select ${ws}::uuid, p.id, c.ids[1 + ((p.st + j) % c.n)], p.occurred_at, p.direction
      from picked p join bench_cba c on c.account_id = p.account_id
      cross join lateral generate_series(0, least(c.n, p.k) - 1) j
      returning 1
    )
    select count(*)::int as n from linked`, log);

  // Projects: 1–5 per account (3 on average).
  await db.transaction().execute(async (trx) => {
    if (triggersOff) await sql`set local session_replication_role = replica`.execute(trx);
    await sql`
      insert into projects (workspace_id, id, account_id, name, brief, status, starts_on, created_at, updated_at)
      select ${ws}::uuid, gen_random_uuid(), a.id, 'Project ' || k, '', case when k % 4 = 0 then 'done' else 'active' end,
             ${todayDay}::date - k * 200, ${today}::timestamptz - interval '1100 days', ${today}::timestamptz - interval '1100 days'
      from bench_acc a cross join lateral generate_series(1, 1 + (a.idx * 7 + 3) % 5) k`.execute(trx);
  });
  await sql`create unlogged table bench_proj as
    select account_id, array_agg(id order by id) as ids, count(*)::int as n from projects where workspace_id = ${ws} group by account_id`.execute(db);
  await sql`create unique index on bench_proj (account_id)`.execute(db);
  await sql`analyze bench_proj`.execute(db);


  const deliverables = options.deliverables ?? 500_000;
  const members = portfolio.memberIds;
  log(`  generating ${fmt.rate(deliverables)} deliverables in ~3 projects per account, targets and incidents …`);
  await inChunks(db, 'deliverables', deliverables, triggersOff, 0.17, (from, to) => sql<{ n: number }>`
    with s as (
      -- ~50 per account, spread evenly over the accounts
      select g, (g % ${n}::int) as idx, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6
      from generate_series(${from}::int, ${to}::int) g
    ), x as (
      -- due over three years, up to 60 days ahead of today, in one of the account's projects
      select s.*, a.id as account_id, p.ids[1 + floor(s.r2 * p.n)::int] as project_id,
             ${today}::timestamptz - (${YEARS_DAYS - 60}::int - s.r1 * ${YEARS_DAYS}::int) * interval '1 day' as due_at
      from s join bench_acc a on a.idx = s.idx join bench_proj p on p.account_id = a.id
    ), y as (
      -- 3% cancelled; 80% done (late by 1–21 days: 45% on 1 in 10 accounts, else 11.7%, ~15% overall; else up to 5 days early); the rest open
      select x.*,
             case when x.r3 < 0.03 then null
                  when x.r3 < 0.83 then x.due_at + case when x.r4 < (case when x.idx % 10 = 7 then 0.45 else 0.117 end)
                                                        then (1 + x.r5 * 20) * interval '1 day' else -(x.r5 * 5) * interval '1 day' end
             end as done_at
      from x
    ), z as (
      -- work done after today is not delivered yet
      select y.*, case when y.done_at <= ${today}::timestamptz then y.done_at end as delivered_at from y
    ), w as (
      select z.*, case when z.delivered_at is not null and z.r6 < 0.5 and z.delivered_at + interval '2 days' <= ${today}::timestamptz
                       then z.delivered_at + interval '2 days' end as approved_at
      from z
    ), ins as (
      insert into deliverables (workspace_id, id, project_id, account_id, title, owner_id, due_at, delivered_at, approved_at, status, notes,
                                created_by, created_at, updated_at)
      select ${ws}::uuid, gen_random_uuid(), w.project_id, w.account_id, 'Deliverable ' || (w.g % 1000),
             case when w.r6 < 0.7 then (${members}::uuid[])[1 + (w.g % ${members.length}::int)] end,
             w.due_at, w.delivered_at, w.approved_at,
             case when w.r3 < 0.03 then 'cancelled' when w.approved_at is not null then 'approved' when w.delivered_at is not null then 'delivered'
                  when w.due_at < ${today}::timestamptz + interval '14 days' then 'in_progress' else 'planned' end,
             '', null, w.due_at - interval '30 days', coalesce(w.approved_at, w.delivered_at, w.due_at - interval '30 days')
      from w
    )
    select 0 as n`, log);

  // Quarterly periods: the quarter holding today and the 11 before it.
  const firstQuarter = isoDay(new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3 - 33, 1)));
  await db.transaction().execute(async (trx) => {
    if (triggersOff) await sql`set local session_replication_role = replica`.execute(trx);
    await sql`select setseed(0.23)`.execute(trx);
    // Targets: 2 of 4 metrics per account × 12 quarters; no actual yet for a period not over, 5% never reported;
    // ~72% met (1 in 8 accounts misses most).
    await sql`
      insert into targets (workspace_id, id, account_id, project_id, metric, period_start, period_end, goal, actual, higher_is_better, created_at, updated_at)
      select ${ws}::uuid, gen_random_uuid(), s.account_id, null, s.metric, s.ps, s.pe, s.goal,
             case when s.pe > ${todayDay}::date or s.r1 < 0.05 then null
                  when s.hib then s.goal * (0.93 + 0.25 * s.r2 - s.bias) else s.goal * (1.07 - 0.25 * s.r2 + s.bias) end,
             s.hib, s.ps::timestamptz, s.pe::timestamptz
      from (
        select a.id as account_id, m.metric, m.hib, (m.goal * (0.5 + ((a.idx * 31) % 100) / 100.0))::double precision as goal,
               case when a.idx % 8 = 5 then 0.15 else 0 end as bias, q.ps, q.pe, random() as r1, random() as r2
        from bench_acc a
        cross join generate_series(0, 1) j
        join (values (0, 'reach', 100000.0, true), (1, 'engagement_rate', 0.04, true), (2, 'leads', 200.0, true), (3, 'cost_per_lead', 35.0, false))
             as m(n, metric, goal, hib) on m.n = (a.idx + j) % 4
        cross join lateral (select (${firstQuarter}::date + make_interval(months => 3 * qn))::date as ps,
                                   (${firstQuarter}::date + make_interval(months => 3 * qn + 3))::date - 1 as pe
                            from generate_series(0, 11) qn) q
      ) s`.execute(trx);
    // Incidents: 0–10 per account over three years; severity 1 (60%), 2 (30%), 3 (10%).
    await sql`
      insert into incidents (workspace_id, id, account_id, deliverable_id, kind, severity, description, occurred_at, created_at, updated_at)
      select ${ws}::uuid, gen_random_uuid(), s.account_id, null,
             (array['report_error', 'missed_deadline', 'rework', 'missed_meeting', 'complaint', 'other'])[1 + floor(s.r1 * 6)::int],
             case when s.r2 < 0.6 then 1 when s.r2 < 0.9 then 2 else 3 end, '', s.at, s.at, s.at
      from (select a.id as account_id, random() as r1, random() as r2,
                   ${today}::timestamptz - random() * ${YEARS_DAYS}::int * interval '1 day' as at
            from bench_acc a cross join lateral generate_series(1, (a.idx * 37 + 5) % 11) k) s`.execute(trx);
  });
  await sql`drop table if exists bench_acc, bench_cba, bench_proj`.execute(db);
  log(`    creating ${indexes.length} indexes: ${indexes.map((i) => i.name).join(', ')} …`);
  for (const index of indexes) await sql.raw(index.def).execute(db);
  log('    vacuum analyze …');
  for (const name of ['touchpoints', 'touchpoint_contacts', 'projects', 'deliverables', 'targets', 'incidents', 'contacts', 'accounts']) {
    await sql`vacuum analyze ${sql.table(name)}`.execute(db);
  }
  log(`    ${fmt.rate(links)} contact links; facts made in ${((performance.now() - started) / 1000).toFixed(0)} s (foreign-key triggers ${triggersOff ? 'off' : 'on'} while loading, indexes built after, vacuum analyze included)`);
  return {
    workspaceId: ws,
    ownerUserId: portfolio.ownerUserId,
    memberIds: members,
    portfolioLine,
    load: { seconds: (performance.now() - started) / 1000, triggersOff },
  };
}

/** A database an earlier run kept (BENCH_KEEP=1): its workspace, emptied of what the timed part wrote. */
async function reuseDatabase(database: Database, url: string, log: (line: string) => void): Promise<Generated> {
  const db = database.db;
  const { rows: found } = await sql<{ workspace_id: string }>`
    select workspace_id from touchpoints group by workspace_id order by count(*) desc limit 1`.execute(db);
  const ws = found[0]?.workspace_id;
  if (!ws) throw new Error(`No touchpoints in ${url}`);
  const { rows: members } = await sql<{ user_id: string }>`
    select user_id from memberships where workspace_id = ${ws} order by role = 'owner' desc, user_id`.execute(db);
  const ownerUserId = members[0]?.user_id;
  if (!ownerUserId) throw new Error(`No members in workspace ${ws}`);
  for (const name of ['health_snapshots', 'alerts', 'health_current', 'health_dirty']) {
    await sql`delete from ${sql.table(name)} where workspace_id = ${ws}`.execute(db);
  }
  // The generated touchpoints are 'csv'; the timed part logs 'api' ones.
  await sql`delete from touchpoints where workspace_id = ${ws} and source <> 'csv'`.execute(db);
  await sql`delete from deliverables where workspace_id = ${ws} and title like 'Bench incremental%'`.execute(db);
  await sql`vacuum analyze health_snapshots, alerts, health_current, health_dirty`.execute(db);
  const portfolioLine = `reused ${url}`;
  log(`  ${portfolioLine} (health tables emptied)`);
  return { workspaceId: ws, ownerUserId, memberIds: members.map((m) => m.user_id), portfolioLine, load: { seconds: NaN, triggersOff: false } };
}

/** Days of daily history seeded before the timed rounds: the score-drop window of the default model. */
const HISTORY_DAYS = 30;

/**
 * A nightly job in a running workspace reads a month of score history (the score-drop peak of
 * each account), not the empty one a fresh bench has. So after the warm-up, each open account
 * gets a daily snapshot for each of the `days` days before `day`: the warm-up's snapshot with the
 * score moved by up to ±5 points (under the 15-point drop, so no alert comes of it), written by SQL.
 */
async function seedHistory(db: Db, ws: string, day: string, days: number): Promise<number> {
  const { numAffectedRows } = await sql`
    insert into health_snapshots (workspace_id, id, account_id, as_of, score, band, model_version, components, facts, cause, computed_at)
    select s.workspace_id, gen_random_uuid(), s.account_id, ${day}::date - g.n, greatest(0, least(100, round(s.score + random() * 10 - 5))),
           s.band, s.model_version, s.components, null, 'daily', s.computed_at - make_interval(days => g.n)
    from health_snapshots s cross join generate_series(1, ${days}::int) g(n)
    where s.workspace_id = ${ws} and s.as_of = ${day}::date`.execute(db);
  // As autovacuum (PostgreSQL) or the hourly upkeep (PGlite) leaves a table after an insert of this size.
  await sql`vacuum analyze health_snapshots`.execute(db);
  return Number(numAffectedRows ?? 0);
}

/** The upkeep between two nights (vacuumWhereNeeded, autovacuum's thresholds), logged by table. */
async function upkeep(db: Db, clock: Clock, log: (line: string) => void): Promise<void> {
  const tables = await vacuumWhereNeeded({ db, clock });
  if (tables.length > 0) log(`    upkeep between nights (untimed): ${tables.map((t) => `${t.table}${t.vacuumed ? '' : ' (analyze)'}`).join(', ')}`);
}

async function countRows(db: Db, ws: string): Promise<Record<string, number>> {
  const today = BENCH_TODAY;
  const d90 = new Date(today.getTime() - 90 * DAY);
  const d180 = new Date(today.getTime() - 180 * DAY);
  const { rows } = await sql<Record<string, number>>`
    select (select count(*)::int from accounts where workspace_id = ${ws}) as accounts,
           (select count(*)::int from accounts where workspace_id = ${ws} and archived_at is null and status <> 'lost') as "openAccounts",
           (select count(*)::int from contacts where workspace_id = ${ws}) as contacts,
           (select count(*)::int from contacts where workspace_id = ${ws} and status = 'left') as "contactsLeft",
           (select count(*)::int from contacts where workspace_id = ${ws} and role in ('champion', 'decision_maker')) as "keyContacts",
           t.*,
           (select count(*)::int from touchpoint_contacts where workspace_id = ${ws}) as links,
           (select count(*)::int from projects where workspace_id = ${ws}) as projects,
           d.*,
           (select count(*)::int from targets where workspace_id = ${ws}) as targets,
           (select count(*)::int from incidents where workspace_id = ${ws}) as incidents
    from (select count(*)::int as touchpoints,
                 count(*) filter (where occurred_at >= ${d90} and occurred_at <= ${today})::int as "touches90",
                 count(*) filter (where occurred_at >= ${d180} and occurred_at <= ${today})::int as "touches180",
                 count(*) filter (where sentiment is not null)::int as "withSentiment",
                 count(*) filter (where direction = 'client_initiated')::int as "clientInitiated"
          from touchpoints where workspace_id = ${ws}) t,
         (select count(*)::int as deliverables,
                 count(*) filter (where delivered_at is not null)::int as delivered,
                 count(*) filter (where delivered_at > due_at)::int as "deliveredLate",
                 count(*) filter (where delivered_at is null and status <> 'cancelled' and due_at < ${today})::int as overdue,
                 count(*) filter (where status = 'cancelled')::int as cancelled,
                 count(*) filter (where due_at >= ${d90} and due_at <= ${today})::int as "due90"
          from deliverables where workspace_id = ${ws}) d`.execute(db);
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}

// ---------------------------------------------------------------------------------------------
// The baseline

interface AggregateRow {
  account_id: string;
  touches: number;
  client_touches: number;
  touches_prev: number;
  client_touches_prev: number;
  last_touch_at: Date | null;
  due: number;
  on_time: number;
  incidents: number;
  severity_total: number;
  targets_evaluated: number;
  targets_met: number;
  /** The rest of what the score reads (the full baseline only; the narrow one leaves them out). */
  last_client_touch_at?: Date | null;
  touches30?: number;
  sentiment_scored?: number;
  sentiment_milli?: number | null;
  active_contacts?: number;
  engaged?: number;
  key_active?: number;
  key_left?: number;
}

/**
 * The baseline the goal is measured against: what a DBA would write by hand to compute every
 * number the score and the rules read — one statement, one row per open account (not archived,
 * not lost), each fact table grouped by account once and left-joined to the accounts, with the
 * model's windows as whole UTC days ending with `asOf` (the same boundaries as the signals, so
 * the numbers can be compared):
 * - touches, client-initiated touches, touches in the cosy window, and the scored client touches
 *   with their sentiment sum (thousandths), in the touch window [asOf − 89 d, asOf + 1 d), and
 *   touches and client touches in the 90 days before it: one GROUP BY over those 180 days;
 * - the last touch and the last client-initiated touch before the end of asOf: `max(occurred_at)`
 *   per account, correlated subqueries (one backward index probe each);
 * - contacts known on the day: active (not gone), engaged (active and in a touch of the window: an
 *   EXISTS per contact on its links), champions and decision makers active, and those who left in
 *   the window: one GROUP BY over the contacts;
 * - deliverables due in the delivery window, not cancelled, and how many of them were delivered by
 *   their due time (and before the end of asOf);
 * - incidents in the incident window: their count and total severity;
 * - targets: of each metric's last two periods ended by asOf with an actual, how many, and how many met.
 * What it leaves out, and the recompute does besides: the ids of the facts behind every number
 * (the ten newest of each list), the score and rules, and the writes. Until this session the
 * baseline computed only the touch counts, last touch and ledger numbers (`narrowAggregateSql`,
 * still timed and printed): the engaged contacts, sentiment and last client touch — a third of
 * the signals' work — were charged to the recompute's overhead (decision 0010).
 */
export function aggregateSql(ws: string, asOf: string, model: HealthModel) {
  const w = windows(asOf, model);
  return sql<AggregateRow>`
    select a.id as account_id,
           coalesce(t.touches, 0) as touches, coalesce(t.client_touches, 0) as client_touches,
           coalesce(t.touches_prev, 0) as touches_prev, coalesce(t.client_touches_prev, 0) as client_touches_prev,
           coalesce(t.touches30, 0) as touches30, coalesce(t.sentiment_scored, 0) as sentiment_scored, t.sentiment_milli,
           ${lastTouchSql(w)} as last_touch_at,
           (select max(x.occurred_at) from touchpoints x
            where x.workspace_id = a.workspace_id and x.account_id = a.id and x.direction = 'client_initiated' and x.occurred_at < ${w.end}) as last_client_touch_at,
           coalesce(c.active_contacts, 0) as active_contacts, coalesce(c.engaged, 0) as engaged,
           coalesce(c.key_active, 0) as key_active, coalesce(c.key_left, 0) as key_left,
           ${ledgerColumnsSql}
    from accounts a
    left join (
      select account_id, ${touchCountsSql(w)},
             count(*) filter (where occurred_at >= ${w.cosyStart}) as touches30,
             count(*) filter (where occurred_at >= ${w.touchStart} and direction = 'client_initiated' and sentiment is not null) as sentiment_scored,
             sum(round(sentiment * 1000)::int) filter (where occurred_at >= ${w.touchStart} and direction = 'client_initiated') as sentiment_milli
      from touchpoints
      where workspace_id = ${ws} and occurred_at >= ${w.prevStart} and occurred_at < ${w.end}
      group by account_id) t on t.account_id = a.id
    left join (
      select account_id,
             count(*) filter (where not gone) as active_contacts,
             count(*) filter (where not gone and exists (
               select 1 from touchpoint_contacts tc
               where tc.workspace_id = ${ws} and tc.contact_id = k.id and tc.occurred_at >= ${w.touchStart} and tc.occurred_at < ${w.end})) as engaged,
             count(*) filter (where not gone and role in ('champion', 'decision_maker')) as key_active,
             count(*) filter (where role in ('champion', 'decision_maker') and left_on >= ${w.touchStartDay}::date and left_on <= ${asOf}::date) as key_left
      from (select id, account_id, role, left_on, ((status = 'left' and left_on is null) or coalesce(left_on <= ${asOf}::date, false)) as gone
            from contacts where workspace_id = ${ws} and created_at < ${w.end}) k
      group by account_id) c on c.account_id = a.id
    ${ledgerJoinsSql(ws, asOf, w)}
    where a.workspace_id = ${ws} and a.archived_at is null and a.status <> 'lost'`;
}

/**
 * The baseline as it was until decision 0010, printed for comparison: only the touch counts (both
 * windows, client-initiated), the last touch, and the ledger's numbers — not the last client
 * touch, the cosy-window count, sentiment, or any contact numbers.
 */
export function narrowAggregateSql(ws: string, asOf: string, model: HealthModel) {
  const w = windows(asOf, model);
  return sql<AggregateRow>`
    select a.id as account_id,
           coalesce(t.touches, 0) as touches, coalesce(t.client_touches, 0) as client_touches,
           coalesce(t.touches_prev, 0) as touches_prev, coalesce(t.client_touches_prev, 0) as client_touches_prev,
           ${lastTouchSql(w)} as last_touch_at,
           ${ledgerColumnsSql}
    from accounts a
    left join (
      select account_id, ${touchCountsSql(w)}
      from touchpoints
      where workspace_id = ${ws} and occurred_at >= ${w.prevStart} and occurred_at < ${w.end}
      group by account_id) t on t.account_id = a.id
    ${ledgerJoinsSql(ws, asOf, w)}
    where a.workspace_id = ${ws} and a.archived_at is null and a.status <> 'lost'`;
}

type Windows = ReturnType<typeof windows>;

/** The parts both baselines share: the four touch counts, the last touch, and the ledger's numbers. */
const touchCountsSql = (w: Windows) => sql`
  count(*) filter (where occurred_at >= ${w.touchStart}) as touches,
  count(*) filter (where occurred_at >= ${w.touchStart} and direction = 'client_initiated') as client_touches,
  count(*) filter (where occurred_at < ${w.touchStart}) as touches_prev,
  count(*) filter (where occurred_at < ${w.touchStart} and direction = 'client_initiated') as client_touches_prev`;
const lastTouchSql = (w: Windows) =>
  sql`(select max(x.occurred_at) from touchpoints x where x.workspace_id = a.workspace_id and x.account_id = a.id and x.occurred_at < ${w.end})`;
const ledgerColumnsSql = sql`
  coalesce(d.due, 0) as due, coalesce(d.on_time, 0) as on_time,
  coalesce(i.incidents, 0) as incidents, coalesce(i.severity_total, 0) as severity_total,
  coalesce(g.evaluated, 0) as targets_evaluated, coalesce(g.met, 0) as targets_met`;
const ledgerJoinsSql = (ws: string, asOf: string, w: Windows) => sql`
  left join (
    select account_id, count(*) as due, count(*) filter (where delivered_at <= due_at and delivered_at < ${w.end}) as on_time
    from deliverables
    where workspace_id = ${ws} and due_at >= ${w.deliveryStart} and due_at < ${w.end} and status <> 'cancelled'
    group by account_id) d on d.account_id = a.id
  left join (
    select account_id, count(*) as incidents, sum(severity) as severity_total
    from incidents
    where workspace_id = ${ws} and occurred_at >= ${w.incidentStart} and occurred_at < ${w.end}
    group by account_id) i on i.account_id = a.id
  left join (
    select account_id, count(*) as evaluated, count(*) filter (where met) as met
    from (select account_id, case when higher_is_better then actual >= goal else actual <= goal end as met,
                 row_number() over (partition by account_id, metric order by period_end desc) as nth
          from targets where workspace_id = ${ws} and period_end <= ${asOf}::date and actual is not null) r
    where nth <= 2
    group by account_id) g on g.account_id = a.id`;

/** The model's windows as whole UTC days ending with asOf, as signals-sql.ts draws them. */
function windows(asOf: string, model: HealthModel) {
  return {
    end: dayStart(asOf, 1),
    touchStart: dayStart(asOf, 1 - model.windows.touchDays),
    touchStartDay: dayStart(asOf, 1 - model.windows.touchDays).toISOString().slice(0, 10),
    cosyStart: dayStart(asOf, 1 - model.windows.cosyDays),
    prevStart: dayStart(asOf, 1 - 2 * model.windows.touchDays),
    deliveryStart: dayStart(asOf, 1 - model.windows.deliveryDays),
    incidentStart: dayStart(asOf, 1 - model.windows.incidentDays),
  };
}

/** The plan of the signals SQL: every node whose time × loops is ≥ 20 ms (with its buffers), and the totals. */
async function explainSignals(db: Db, ws: string, asOf: string, model: HealthModel, scope: { all: true } | { ids: readonly string[] }): Promise<string[]> {
  const compiled = signalsQuery(ws, asOf, model, scope).compile(db);
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]));
  const lines = rows.map((r) => r['QUERY PLAN']);
  const out: string[] = [];
  lines.forEach((line, i) => {
    // rows may be fractional (PGlite is PostgreSQL 17+: 'rows=995.00')
    const m = /actual time=([\d.]+)\.\.([\d.]+) rows=([\d.]+) loops=(\d+)/.exec(line);
    if (!m) return;
    const loops = Number(m[4]);
    const total = Number(m[2]) * loops;
    if (total < EXPLAIN_MIN_MS) return;
    out.push(loops > 1 ? `${line}   [≈${fmt.ms(total)} ms over ${fmt.rate(loops)} loops]` : line);
    const next = lines[i + 1]?.trim() ?? '';
    if (next.startsWith('Buffers:')) out.push(`${' '.repeat(line.length - line.trimStart().length)}  ${next}`);
  });
  return [...out, ...lines.filter((l) => /^(Planning|Execution) Time/.test(l.trim()))];
}

type Phases = Array<{ label: string; ms: number; count: number }>;

/** Median per statement label over runs (a label missing from a run counts 0 there), plus the rest of each run's time. */
function medianPhases(runs: Array<{ total: number; statements: Map<string, { ms: number; count: number }> }>, restLabel: string): Phases {
  const labels = [...new Set(runs.flatMap((r) => [...r.statements.keys()]))];
  const median = (values: number[]) => timing(values).median;
  const phases = labels.map((label) => ({
    label,
    ms: median(runs.map((r) => r.statements.get(label)?.ms ?? 0)),
    count: median(runs.map((r) => r.statements.get(label)?.count ?? 0)),
  }));
  phases.sort((a, b) => b.ms - a.ms);
  const rest = median(runs.map((r) => r.total - [...r.statements.values()].reduce((s, v) => s + v.ms, 0)));
  return [...phases, { label: restLabel, ms: rest, count: NaN }];
}

// ---------------------------------------------------------------------------------------------
// The bench

export async function benchHealth(options: HealthBenchOptions): Promise<HealthBenchResult> {
  const log = options.log ?? console.log;
  const runs = options.runs ?? 5;
  const incrementalCount = options.incremental ?? 30;
  let database: Database | undefined;
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  let folder: { path: string; remove(): void } | undefined;
  try {
    let g: Generated;
    if (options.reuseUrl) {
      database = await openDatabase({ url: options.reuseUrl, poolSize: 4 });
      // Migrations added since the database was kept (new indexes are built here, not timed).
      await migrate(database);
      g = await reuseDatabase(database, options.reuseUrl, log);
    } else {
      if (options.kind === 'postgres') {
        if (!options.serverUrl) throw new Error('benchHealth on postgres needs serverUrl');
        scratch = await createScratchDatabase(options.serverUrl);
        database = await openDatabase({ url: scratch.url, poolSize: 4 });
      } else {
        folder = tempFolder('rapport-bench-health-');
        database = await openDatabase({ dataDir: folder.path });
      }
      await migrate(database);
      g = await generateFacts(database, options, log);
    }
    const ws = g.workspaceId;
    const rows = await countRows(database.db, ws);
    const r = (k: string) => fmt.rate(rows[k] ?? NaN);
    log(
      `    facts: ${r('accounts')} accounts (${r('openAccounts')} open), ${r('contacts')} contacts (${r('keyContacts')} champions or decision makers, ${r('contactsLeft')} left); ` +
        `${r('touchpoints')} touchpoints (${r('touches90')} in the last 90 days, ${r('touches180')} in 180; ${r('clientInitiated')} client-initiated, ${r('withSentiment')} with a sentiment), ${r('links')} contact links; ` +
        `${r('projects')} projects, ${r('deliverables')} deliverables (${r('delivered')} delivered, ${r('deliveredLate')} of them late, ${r('overdue')} overdue, ${r('cancelled')} cancelled; ${r('due90')} due in the last 90 days); ` +
        `${r('targets')} targets, ${r('incidents')} incidents`,
    );

    const timer = new StatementTimer();
    const db = database.db.withPlugin(timer);
    const clock = fixedClock(BENCH_TODAY);
    const deps = { db, clock };
    const setDay = (day: number) => clock.set(new Date(BENCH_TODAY.getTime() + day * DAY));
    const asOf = () => isoDay(clock.now());
    const { version, model } = await currentHealthModel(db, ws);
    const serverCpu = options.kind === 'postgres' ? postgresCpu((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]?.pid ?? NaN) : undefined;

    // 1–3: full recompute (a new day each round), signals SQL and aggregates, interleaved in rounds.
    log(`  full recompute, signals SQL and aggregates: one warm-up round, then ${runs} rounds, each a day later …`);
    const full: number[] = [];
    const snapshots: number[] = [];
    const signalsMs: number[] = [];
    const aggregateMs: number[] = [];
    const narrowMs: number[] = [];
    const cpuMs = { full: [] as number[], signals: [] as number[], aggregate: [] as number[] };
    const fullPhases: Array<{ total: number; statements: Map<string, { ms: number; count: number }> }> = [];
    let lastFull: RecomputeResult | undefined;
    let lastSignals: AccountSignals[] = [];
    let lastAggregate: AggregateRow[] = [];
    let alertsOpened = 0;
    let alertsResolved = 0;
    for (let round = 0; round <= runs; round++) {
      setDay(round);
      // Between two nights a running workspace has had its upkeep: autovacuum on PostgreSQL, the
      // hourly job on PGlite (decision 0015), by the same thresholds. Untimed, and done here so that
      // neither engine vacuums in the middle of a timed run, nor carries the last night's dead rows.
      if (round > 0) await upkeep(database.db, clock, log);
      timer.start();
      const f = await timedCpu(serverCpu, () => recomputeHealth(deps, ws, { all: true }, { cause: 'daily' }));
      const statements = timer.stop();
      const s = await timedCpu(serverCpu, () => loadSignals(db, ws, asOf(), model, { all: true }));
      const a = await timedCpu(serverCpu, async () => (await aggregateSql(ws, asOf(), model).execute(db)).rows);
      const narrow = await timed(() => narrowAggregateSql(ws, asOf(), model).execute(db));
      log(
        `    ${round === 0 ? 'warm-up' : `round ${round}`} (${asOf()}): full recompute ${fmt.ms(f.ms)} ms (${fmt.rate(f.value.accounts)} accounts, ` +
          `${fmt.rate(f.value.snapshots)} snapshots, ${fmt.rate(f.value.alertsOpened)} alerts opened, ${fmt.rate(f.value.alertsResolved)} resolved); ` +
          `signals SQL ${fmt.ms(s.ms)} ms; aggregate ${fmt.ms(a.ms)} ms; narrow aggregate ${fmt.ms(narrow.ms)} ms; ` +
          `CPU ms (${serverCpu ? 'this process + server' : 'this process'}): full recompute ${cpuSplit(f, !!serverCpu)}, signals SQL ${cpuSplit(s, !!serverCpu)}, aggregate ${cpuSplit(a, !!serverCpu)}`,
      );
      lastFull = f.value;
      lastSignals = s.value;
      lastAggregate = a.value;
      if (round === 0) {
        const seeded = await seedHistory(database.db, ws, asOf(), HISTORY_DAYS);
        log(`    seeded ${fmt.rate(seeded)} daily snapshots for the ${HISTORY_DAYS} days before ${asOf()}, so the score-drop peaks read a full window`);
        continue;
      }
      full.push(f.ms);
      snapshots.push(f.value.snapshots);
      alertsOpened += f.value.alertsOpened;
      alertsResolved += f.value.alertsResolved;
      signalsMs.push(s.ms);
      aggregateMs.push(a.ms);
      narrowMs.push(narrow.ms);
      cpuMs.full.push(f.cpuMs);
      cpuMs.signals.push(s.cpuMs);
      cpuMs.aggregate.push(a.cpuMs);
      fullPhases.push({ total: f.ms, statements });
    }

    // Consistency: the recompute covered the open accounts; the baseline and the stored statistics agree.
    const checks: Array<[string, boolean, string]> = [];
    const open = rows.openAccounts ?? NaN;
    checks.push(['the full recompute covered every open account', lastFull?.accounts === open, `${fmt.rate(lastFull?.accounts ?? NaN)} of ${fmt.rate(open)}`]);
    const { rows: current } = await sql<{ account_id: string; as_of: string; touches: number; client_touches: number; touches_prev: number; client_touches_prev: number; last_touch_at: Date | null }>`
      select account_id, as_of::text as as_of, touches, client_touches, touches_prev, client_touches_prev, last_touch_at
      from health_current where workspace_id = ${ws}`.execute(database.db);
    const currentBy = new Map(current.map((c) => [c.account_id, c]));
    const signalsBy = new Map(lastSignals.map((s) => [s.accountId, s]));
    const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);
    const touchMismatch: string[] = [];
    const factMismatch: string[] = [];
    const restMismatch: string[] = [];
    for (const a of lastAggregate) {
      const c = currentBy.get(a.account_id);
      const touchesAgree =
        c !== undefined &&
        c.as_of === asOf() &&
        Number(c.touches) === Number(a.touches) &&
        Number(c.client_touches) === Number(a.client_touches) &&
        Number(c.touches_prev) === Number(a.touches_prev) &&
        Number(c.client_touches_prev) === Number(a.client_touches_prev) &&
        iso(c.last_touch_at) === iso(a.last_touch_at);
      if (!touchesAgree) touchMismatch.push(a.account_id);
      const s = signalsBy.get(a.account_id);
      const factsAgree =
        s !== undefined &&
        s.delivery.due === Number(a.due) &&
        s.delivery.onTime === Number(a.on_time) &&
        s.incidents.count === Number(a.incidents) &&
        s.incidents.severityTotal === Number(a.severity_total) &&
        s.targets.evaluated === Number(a.targets_evaluated) &&
        s.targets.met === Number(a.targets_met);
      if (!factsAgree) factMismatch.push(a.account_id);
      const restAgree =
        s !== undefined &&
        iso(s.touches.lastClientTouchAt) === iso(a.last_client_touch_at) &&
        s.touches.touches30 === Number(a.touches30) &&
        s.sentiment.scored === Number(a.sentiment_scored) &&
        (s.sentiment.mean === null ? a.sentiment_milli === null || Number(a.sentiment_scored) === 0 : Math.abs(s.sentiment.mean - Number(a.sentiment_milli) / 1000 / Number(a.sentiment_scored)) < 1e-9) &&
        s.touches.activeContacts === Number(a.active_contacts) &&
        s.touches.engagedContacts === Number(a.engaged) &&
        s.contacts.keyActive === Number(a.key_active) &&
        s.contacts.keyLeftIds.length === Math.min(10, Number(a.key_left));
      if (!restAgree) restMismatch.push(a.account_id);
    }
    const detail = (bad: string[]) => (bad.length === 0 ? `${fmt.rate(lastAggregate.length)} accounts` : `${fmt.rate(bad.length)} of ${fmt.rate(lastAggregate.length)} differ, e.g. ${bad[0]}`);
    checks.push(['aggregate rows = open accounts = health_current rows of the day', lastAggregate.length === open && current.filter((c) => c.as_of === asOf()).length === open, `${fmt.rate(lastAggregate.length)} / ${fmt.rate(open)} / ${fmt.rate(current.filter((c) => c.as_of === asOf()).length)}`]);
    checks.push(['aggregate touch counts (both windows, client-initiated) and last touch = health_current, every account', lastAggregate.length > 0 && touchMismatch.length === 0, detail(touchMismatch)]);
    checks.push(['aggregate deliverables due/on time, incidents/severity, targets evaluated/met = signals, every account', lastAggregate.length > 0 && factMismatch.length === 0, detail(factMismatch)]);
    checks.push([
      'aggregate last client touch, 30-day touches, sentiment, active/engaged/key contacts, key contacts who left = signals, every account',
      lastAggregate.length > 0 && restMismatch.length === 0,
      detail(restMismatch),
    ]);

    // 1b: again on the same day: nothing changed, no snapshot.
    await upkeep(database.db, clock, log);
    log(`  full recompute again on ${asOf()} (nothing changed), ${runs} runs …`);
    const sameDay: number[] = [];
    let sameDaySnapshots = 0;
    for (let i = 0; i < runs; i++) {
      const f = await timed(() => recomputeHealth(deps, ws, { all: true }, { cause: 'daily' }));
      sameDay.push(f.ms);
      sameDaySnapshots += f.value.snapshots;
    }
    checks.push(['the same-day recompute wrote no snapshot', sameDaySnapshots === 0, `${fmt.rate(sameDaySnapshots)} snapshots in ${runs} runs`]);

    // The pure part alone (scoreAccount): score, alert rules, fingerprints and the rows to write, for every account's signals.
    const pure: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      for (const s of lastSignals) scoreAccount(s, model, version);
      if (i > 0) pure.push(performance.now() - started);
    }

    // 5a: the board, fresh.
    log(`  attention board, fresh: one warm-up and ${runs} runs …`);
    let board: AttentionBoard | undefined;
    const fresh: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const b = await timed(() => getAttentionBoard(deps, { workspaceId: ws }, {}));
      board = b.value;
      if (i > 0) fresh.push(b.ms);
    }
    checks.push(['the board considered every open account', board?.accountsConsidered === open, `${fmt.rate(board?.accountsConsidered ?? NaN)} of ${fmt.rate(open)}`]);

    // 4: incremental, one new fact on one account.
    const { rows: candidates } = await sql<{ id: string; contact_id: string | null; project_id: string | null }>`
      select a.id,
             (select c.id from contacts c where c.workspace_id = a.workspace_id and c.account_id = a.id and c.status = 'active' order by c.id limit 1) as contact_id,
             (select p.id from projects p where p.workspace_id = a.workspace_id and p.account_id = a.id order by p.id limit 1) as project_id
      from accounts a where a.workspace_id = ${ws} and a.archived_at is null and a.status <> 'lost' order by a.id`.execute(database.db);
    const wanted = 2 * (incrementalCount + 1) + runs + 1;
    const step = Math.max(1, Math.floor(candidates.length / wanted));
    const picked = candidates.filter((_, i) => i % step === 0).slice(0, wanted);
    const actor: Actor = { workspaceId: ws, userId: g.ownerUserId, label: 'bench', role: 'owner' };
    const hourAgo = () => new Date(clock.now().getTime() - 3_600_000).toISOString();
    const logTouch = (accountId: string, contactId: string | null) =>
      createTouchpoint(deps, actor, {
        accountId,
        channel: 'email',
        direction: 'client_initiated',
        occurredAt: hourAgo(),
        contactIds: contactId ? [contactId] : [],
        memberIds: [],
        subject: 'Bench incremental: thanks for the great report',
        summary: 'Happy with the results, excellent work.',
        source: 'api',
      });
    log(`  incremental: a new touchpoint, then a new deliverable, on ${incrementalCount} accounts each (after one warm-up) …`);
    const write: number[] = [];
    const recompute: number[] = [];
    const whole: number[] = [];
    const incPhases: Array<{ total: number; statements: Map<string, { ms: number; count: number }> }> = [];
    const touchAccounts = picked.slice(0, incrementalCount + 1);
    let incrementalOk = true;
    for (const [i, account] of touchAccounts.entries()) {
      const w = await timed(() => logTouch(account.id, account.contact_id));
      timer.start();
      const rc = await timed(() => recomputeHealth(deps, ws, { ids: [account.id] }, { cause: 'change' }));
      const statements = timer.stop();
      if (rc.value.accounts !== 1) incrementalOk = false;
      if (i === 0) continue;
      write.push(w.ms);
      recompute.push(rc.ms);
      whole.push(w.ms + rc.ms);
      incPhases.push({ total: rc.ms, statements });
    }
    const deliverableRecompute: number[] = [];
    const deliverableWhole: number[] = [];
    const deliverableAccounts = picked.slice(incrementalCount + 1, 2 * (incrementalCount + 1)).filter((a) => a.project_id !== null);
    for (const [i, account] of deliverableAccounts.entries()) {
      const now = clock.now().getTime();
      const w = await timed(() =>
        createDeliverable(deps, actor, {
          projectId: account.project_id!,
          title: 'Bench incremental deliverable',
          dueAt: new Date(now - 2 * DAY).toISOString(),
          deliveredAt: new Date(now - 3_600_000).toISOString(),
          notes: '',
        }),
      );
      const rc = await timed(() => recomputeHealth(deps, ws, { ids: [account.id] }, { cause: 'change' }));
      if (rc.value.accounts !== 1) incrementalOk = false;
      if (i === 0) continue;
      deliverableRecompute.push(rc.ms);
      deliverableWhole.push(w.ms + rc.ms);
    }
    checks.push(['each incremental recompute covered its one account', incrementalOk, `${fmt.rate(recompute.length + deliverableRecompute.length)} recomputes`]);

    // 5b: the board after one account changed (ensureFresh recomputes that one).
    log(`  attention board after one new touchpoint: one warm-up and ${runs} runs …`);
    const oneChanged: number[] = [];
    const boardAccounts = picked.slice(2 * (incrementalCount + 1));
    for (let i = 0; i <= runs; i++) {
      const account = boardAccounts[i % Math.max(1, boardAccounts.length)] ?? picked[0]!;
      await logTouch(account.id, account.contact_id);
      const b = await timed(() => getAttentionBoard(deps, { workspaceId: ws }, {}));
      if (i > 0) oneChanged.push(b.ms);
    }

    // 5c: the board cold, the first read of a new day: it answers from yesterday's numbers and
    // queues the day's recompute; then that job's work, until the day's numbers are there.
    log(`  attention board cold (a new day each run), then the day's recompute: one warm-up and ${runs} runs …`);
    const cold: number[] = [];
    const dayRecompute: number[] = [];
    const dayReady: number[] = [];
    const coldPhases: Array<{ total: number; statements: Map<string, { ms: number; count: number }> }> = [];
    let coldOk = true;
    let coldDetail = '';
    for (let i = 0; i <= runs; i++) {
      const yesterday = asOf();
      setDay(runs + 1 + i);
      timer.start();
      const b = await timed(() => getAttentionBoard(deps, { workspaceId: ws }, {}));
      const statements = timer.stop();
      const { rows: queued } = await sql<{ id: string }>`select id from jobs where queue = ${HEALTH_DAY_QUEUE} and workspace_id = ${ws} and status = 'queued'`.execute(database.db);
      // The bench does the job's work itself (timed), so the queued row is taken away.
      await sql`delete from jobs where queue = ${HEALTH_DAY_QUEUE} and workspace_id = ${ws} and status = 'queued'`.execute(database.db);
      const day = await timed(() => recomputeDay(deps, ws));
      const after = await getAttentionBoard(deps, { workspaceId: ws }, {});
      const f = b.value.freshness;
      if (f.asOf !== yesterday || !f.updating || queued.length !== 1 || day.value?.accounts !== open || after.freshness.asOf !== asOf() || after.freshness.updating) {
        coldOk = false;
        coldDetail = `cold ${JSON.stringify(f)}, ${queued.length} day jobs queued, ${day.value?.accounts ?? 0} recomputed, then ${JSON.stringify(after.freshness)}`;
      }
      if (i === 0) continue;
      cold.push(b.ms);
      dayRecompute.push(day.ms);
      dayReady.push(b.ms + day.ms);
      coldPhases.push({ total: b.ms, statements });
    }
    checks.push([
      "the cold board answered from yesterday's numbers (updating), queued one day job, whose work recomputed every open account; then the board was today's",
      coldOk,
      coldOk ? `${runs + 1} new days` : coldDetail,
    ]);

    const fullTiming = timing(full);
    const fullGoal = options.kind === 'postgres' ? GOALS.fullPostgresMs : GOALS.fullPgliteMs;
    const aggregateTiming = timing(aggregateMs);
    const explain: string[] = [];
    if (options.explain || fullTiming.median >= fullGoal || fullTiming.median > GOALS.ratio * aggregateTiming.median) {
      explain.push(`signals SQL {all: true} as of ${asOf()}:`, ...(await explainSignals(database.db, ws, asOf(), model, { all: true })));
    }
    const recomputeTiming = timing(recompute);
    if (options.explain || recomputeTiming.median >= GOALS.incrementalMs) {
      const one = touchAccounts[1]?.id ?? picked[0]!.id;
      explain.push(`signals SQL {ids: [one account]} as of ${asOf()}:`, ...(await explainSignals(database.db, ws, asOf(), model, { ids: [one] })));
    }
    const coldTiming = timing(cold);
    if (options.explain) {
      const ids = candidates.map((c) => c.id);
      explain.push(`signals SQL {ids: every open account} (what the day's recompute runs) as of ${asOf()}:`, ...(await explainSignals(database.db, ws, asOf(), model, { ids })));
    }

    const b = board!;
    return {
      kind: options.kind,
      portfolio: g.portfolioLine,
      rows,
      load: g.load,
      full: { ...fullTiming, accounts: lastFull?.accounts ?? 0, snapshots, alertsOpened, alertsResolved },
      sameDay: { ...timing(sameDay), snapshots: sameDaySnapshots },
      signals: timing(signalsMs),
      aggregate: aggregateTiming,
      aggregateNarrow: timing(narrowMs),
      cpu: { full: timing(cpuMs.full), signals: timing(cpuMs.signals), aggregate: timing(cpuMs.aggregate), server: serverCpu !== undefined },
      phases: medianPhases(fullPhases, 'the rest by difference: JavaScript (score, rules, rows), commits; two chunks are in flight, so statements overlap'),
      pureCompute: timing(pure),
      incremental: {
        recompute: recomputeTiming,
        write: timing(write),
        whole: timing(whole),
        deliverableRecompute: timing(deliverableRecompute),
        deliverableWhole: timing(deliverableWhole),
        phases: [...medianPhases(incPhases, 'JavaScript, BEGIN/COMMIT (by difference)'), ...medianPhases(coldPhases, 'JavaScript, BEGIN/COMMIT (by difference)').map((p) => ({ ...p, label: `cold board: ${p.label}` }))],
      },
      board: {
        fresh: timing(fresh),
        oneChanged: timing(oneChanged),
        cold: coldTiming,
        dayReady: timing(dayReady),
        dayRecompute: timing(dayRecompute),
        considered: b.accountsConsidered,
        summary:
          `${fmt.rate(b.accountsConsidered)} open accounts considered; ${fmt.rate(b.goingQuiet.length)} going quiet, ` +
          `${fmt.rate(b.stoppedInitiating.length)} client stopped initiating, ${fmt.rate(b.singleThreaded.length)} single-threaded; ${b.attentionShare.owners.length} owners in the share`,
      },
      checks,
      explain,
    };
  } finally {
    await database?.close();
    if (options.keep && scratch) log(`  kept the database for a look: ${scratch.url}`);
    else await scratch?.drop();
    folder?.remove();
  }
}

export function healthGoals(r: HealthBenchResult): Array<[string, boolean, string]> {
  const pg = r.kind === 'postgres';
  const engine = pg ? 'PostgreSQL' : 'PGlite';
  const fullGoal = pg ? GOALS.fullPostgresMs : GOALS.fullPgliteMs;
  const ratio = r.full.median / r.aggregate.median;
  const goals: Array<[string, boolean, string]> = [
    [`health: full recompute < ${fullGoal / 1000} s on ${engine} (${fmt.rate(r.rows.touchpoints ?? NaN)} touchpoints, a new day)`, r.full.median < fullGoal, `${fmt.ms(r.full.median)} ms median`],
    [`health: full recompute ≤ ${GOALS.ratio}× the hand-written aggregate on ${engine}`, ratio <= GOALS.ratio, `${fmt.ratio(ratio)}× (${fmt.ms(r.full.median)} / ${fmt.ms(r.aggregate.median)} ms)`],
    [`health: incremental recompute after one new touchpoint < ${GOALS.incrementalMs} ms on ${engine}`, r.incremental.recompute.median < GOALS.incrementalMs, `${fmt.ms(r.incremental.recompute.median)} ms median`],
    [`health: write + incremental recompute < ${GOALS.incrementalMs} ms on ${engine}`, r.incremental.whole.median < GOALS.incrementalMs, `${fmt.ms(r.incremental.whole.median)} ms median`],
  ];
  if (pg) {
    goals.push([`attention board fresh < ${GOALS.boardMs} ms on PostgreSQL`, r.board.fresh.median < GOALS.boardMs, `${fmt.ms(r.board.fresh.median)} ms median`]);
    goals.push([`attention board cold (first read of a day) < ${GOALS.boardMs} ms on PostgreSQL`, r.board.cold.median < GOALS.boardMs, `${fmt.ms(r.board.cold.median)} ms median (${fmt.ratio(r.board.cold.median / r.board.fresh.median)}× fresh)`]);
    goals.push([
      `the day's numbers after the first read of a day < ${GOALS.fullPostgresMs / 1000} s on PostgreSQL (the read, then the day's recompute)`,
      r.board.dayReady.median < GOALS.fullPostgresMs,
      `${fmt.ms(r.board.dayReady.median)} ms median`,
    ]);
  }
  return goals;
}

export function printHealthResult(r: HealthBenchResult, log: (line: string) => void = console.log): void {
  const ms = (t: Timing) => [fmt.ms(t.median), fmt.ms(t.min)];
  const x = (t: Timing) => fmt.ratio(t.median / r.aggregate.median);
  const cpu = (t: Timing) => [fmt.ms(t.median), fmt.ratio(t.median / r.cpu.aggregate.median)];
  const n = r.full.samples.length;
  const indent = (text: string) => text.replace(/^/gm, '  ');
  log('');
  log(
    indent(
      table([
        ['full recompute and its baseline', 'median ms', 'min ms', '× aggregate', 'CPU ms', 'CPU × aggregate', ''],
        ['recomputeHealth {all}, a new day each run (nightly)', ...ms(r.full), x(r.full), ...cpu(r.cpu.full), `${fmt.rate(r.full.accounts)} accounts, ${r.full.snapshots.map(fmt.rate).join('/')} snapshots`],
        ['recomputeHealth {all}, again the same day', ...ms(r.sameDay), x(r.sameDay), '', '', `${fmt.rate(r.sameDay.snapshots)} snapshots`],
        ['signals SQL alone (loadSignals {all})', ...ms(r.signals), x(r.signals), ...cpu(r.cpu.signals), ''],
        ['hand-written aggregate (the baseline)', ...ms(r.aggregate), '1.00', ...cpu(r.cpu.aggregate), ''],
        [
          'narrow aggregate (the baseline until decision 0010)',
          ...ms(r.aggregateNarrow),
          x(r.aggregateNarrow),
          '',
          '',
          `full recompute = ${fmt.ratio(r.full.median / r.aggregateNarrow.median)}× this`,
        ],
      ]),
    ),
  );
  log(
    r.cpu.server
      ? '  CPU: this process and every process of the PostgreSQL server (from /proc), in the same rounds; the aggregate scans the touches in parallel, the recompute overlaps two chunks'
      : r.kind === 'postgres'
        ? "  CPU: this process only (the PostgreSQL server is not on this machine): the server's part is missing"
        : '  CPU: this process, in which PGlite runs: all of it, on one thread',
  );
  log(`  alerts over the ${n} nightly runs: ${fmt.rate(r.full.alertsOpened)} opened, ${fmt.rate(r.full.alertsResolved)} resolved`);
  log('');
  log(
    indent(
      table([
        [`full recompute (new day) by statement, median of ${n}`, 'ms', 'statements', 'share'],
        ...r.phases.map((p) => [p.label, fmt.ms(p.ms), Number.isFinite(p.count) ? String(p.count) : '', fmt.pct(p.ms / r.full.median)]),
        [`pure part alone (scoreAccount: score, alert rules, fingerprints, rows; ${fmt.rate(r.full.accounts)} accounts)`, fmt.ms(r.pureCompute.median), '', fmt.pct(r.pureCompute.median / r.full.median)],
      ]),
    ),
  );
  log('');
  const inc = r.incremental;
  const row = (label: string, t: Timing) => [label, fmt.ms(t.median), fmt.ms(t.min), fmt.ms(t.max)];
  log(
    indent(
      table([
        [`incremental, one new fact on one account (${inc.recompute.samples.length} accounts)`, 'median ms', 'min ms', 'max ms'],
        row('recomputeHealth {ids: [account]} after createTouchpoint', inc.recompute),
        row('createTouchpoint (write, marks health_dirty, queues the job)', inc.write),
        row('whole path: createTouchpoint + recompute', inc.whole),
        row('recomputeHealth {ids: [account]} after createDeliverable', inc.deliverableRecompute),
        row('whole path: createDeliverable + recompute', inc.deliverableWhole),
      ]),
    ),
  );
  const incPhases = inc.phases.filter((p) => !p.label.startsWith('cold board: '));
  log(`  incremental recompute by statement (median ms): ${incPhases.map((p) => `${p.label} ${fmt.ms(p.ms)}`).join('; ')}`);
  log('');
  log(
    indent(
      table([
        ['attention board (getAttentionBoard)', 'median ms', 'min ms', 'max ms'],
        row('fresh (nothing stale)', r.board.fresh),
        row('one account changed (ensureFresh recomputes it)', r.board.oneChanged),
        row("cold: first read of a new day (yesterday's numbers; queues the day's recompute)", r.board.cold),
        row("  then the day's recompute (health.daily: recomputeDay)", r.board.dayRecompute),
        row("  until the day's numbers are there (both; a worker's poll, ≤ 1 s, not counted)", r.board.dayReady),
      ]),
    ),
  );
  const coldPhases = inc.phases.filter((p) => p.label.startsWith('cold board: ')).filter((p) => p.ms >= 1);
  log(`  cold board by statement (median ms): ${coldPhases.map((p) => `${p.label.slice('cold board: '.length)} ${fmt.ms(p.ms)}`).join('; ')}`);
  log(`  board: ${r.board.summary}`);
  log('');
  for (const [label, ok, measured] of r.checks) log(`  agree ${ok ? 'yes' : 'NO '}  ${label}: ${measured}`);
  if (r.explain.length > 0) {
    log('');
    log(`  EXPLAIN (ANALYZE, BUFFERS), nodes with time × loops ≥ ${EXPLAIN_MIN_MS} ms:`);
    for (const line of r.explain) log(`    ${line}`);
  }
  log('');
  for (const [label, met, measured] of healthGoals(r)) log(`  ${verdict(met)}  ${label}: ${measured}`);
}

const intEnv = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
};

/** The options for one engine from the environment (BENCH_*), as `npm run bench` and this file use them. */
export function healthOptionsFromEnv(kind: DatabaseKind, serverUrl?: string): HealthBenchOptions | undefined {
  const only = process.env.BENCH_ONLY;
  if (only && only !== kind) return undefined;
  const reuseUrl = kind === 'postgres' ? process.env.BENCH_REUSE_URL : undefined;
  return {
    kind,
    serverUrl,
    touchpoints: kind === 'postgres' ? intEnv('BENCH_TOUCHPOINTS', 5_000_000) : intEnv('BENCH_PGLITE_TOUCHPOINTS', 1_000_000),
    deliverables: intEnv('BENCH_DELIVERABLES', 500_000),
    runs: intEnv('BENCH_RUNS', 5),
    incremental: intEnv('BENCH_INCREMENTAL', 30),
    explain: process.env.BENCH_EXPLAIN === '1',
    keep: process.env.BENCH_KEEP === '1',
    ...(reuseUrl ? { reuseUrl } : {}),
  };
}

export function healthTitle(o: HealthBenchOptions): string {
  const engine = o.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (data folder)';
  const note = o.kind === 'pglite' && o.touchpoints < 5_000_000 ? ' — set BENCH_PGLITE_TOUCHPOINTS=5000000 for the full size' : '';
  return `Health score and attention board on ${engine}: ${o.reuseUrl ? 'a kept database' : `${fmt.rate(o.touchpoints)} touchpoints, ${fmt.rate(o.deliverables ?? 500_000)} deliverables`}${note}`;
}

if (isMain(import.meta)) {
  const pgOptions = healthOptionsFromEnv('postgres');
  const server = pgOptions && !pgOptions.reuseUrl ? await startPostgres() : undefined;
  process.once('SIGINT', () => {
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
  try {
    console.log(`machine: ${machineLine()}`);
    if (server) console.log(`PostgreSQL: ${server.origin}`);
    for (const options of [pgOptions && { ...pgOptions, serverUrl: server?.url }, healthOptionsFromEnv('pglite')]) {
      if (!options) continue;
      console.log(`\n== ${healthTitle(options)} ==`);
      printHealthResult(await benchHealth(options));
    }
    console.log(`\nmachine then: ${machineLine()}`);
  } catch (error) {
    console.error('benchmark failed:', error);
    process.exitCode = 1;
  } finally {
    await server?.stop();
  }
}
