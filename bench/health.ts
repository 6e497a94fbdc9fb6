/**
 * The health score at scale (issue 4) and the attention board that reads it (issue 3): 10,000
 * accounts, ~50,000 contacts, 5,000,000 touchpoints over three years with their contact links and
 * sentiment, 500,000 deliverables in ~30,000 projects, quarterly targets and incidents, on
 * PostgreSQL and on PGlite. Timed, each after one warm-up, median and min of BENCH_RUNS:
 *
 * 1. the full recompute as the nightly job runs it (`recomputeHealth` {all}, cause 'daily'), each
 *    run a day later so every open account gets its daily snapshot (the worst case), and again on
 *    the same day (nothing changed: no snapshot);
 * 2. the signals SQL alone (`loadSignals` {all});
 * 3. the baseline: one hand-written aggregate over the same facts (see `aggregateSql`), run in the
 *    same rounds as 1 and 2 (interleaved, so the drift of a shared machine hits all three alike);
 * 4. the incremental recompute of one account after one new fact (`createTouchpoint`, and
 *    `createDeliverable`), over different accounts, alone and with the write;
 * 5. the attention board: fresh, after one account changed, and cold after a day change (it then
 *    recomputes every open account first).
 * The full recompute is split into its statements by a timing plugin on the bench's own Kysely
 * instance (src is unchanged), the rest being JavaScript (score, alerts, fingerprints) and commits;
 * the pure score is also timed alone. EXPLAIN (ANALYZE, BUFFERS) of the signals SQL is printed when
 * the full recompute misses its goal, or with BENCH_EXPLAIN=1.
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
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { openDatabase, type Database, type DatabaseKind, type Db } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { fixedClock } from '../src/platform/clock.js';
import type { Actor } from '../src/platform/auth/roles.js';
import { getAttentionBoard } from '../src/touchpoints/get-attention-board.js';
import { createTouchpoint } from '../src/touchpoints/create-touchpoint.js';
import { createDeliverable } from '../src/delivery/create-deliverable.js';
import { recomputeHealth, storedComponents, type RecomputeResult } from '../src/health/recompute.js';
import { dayStart, loadSignals, signalsQuery } from '../src/health/signals-sql.js';
import { currentHealthModel } from '../src/health/model-repo.js';
import { computeHealth } from '../src/health/score.js';
import { evaluateAlerts } from '../src/health/alert-rules.js';
import type { AccountSignals } from '../src/health/facts.js';
import type { HealthModel } from '../src/health/model.js';
import type { AttentionBoard } from '../src/touchpoints/attention-schemas.js';
import { describePortfolio, generatePortfolio } from './generate.js';
import { createScratchDatabase, fmt, isMain, machineLine, startPostgres, table, tempFolder, verdict } from './support.js';

export const GOALS = { fullPostgresMs: 3000, fullPgliteMs: 8000, ratio: 1.5, incrementalMs: 10, boardMs: 1000 } as const;
/** "Today" of the generated data; the timed runs move the clock forward from here a day at a time. */
export const BENCH_TODAY = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const YEARS_DAYS = 1095;
const CHUNK = 250_000;
/** Statements of a phase below this share of the recompute are folded into "other statements". */
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
  aggregateScan: Timing;
  /** Median ms per statement label over the timed full recomputes, and the rest (JavaScript and commits). */
  phases: Array<{ label: string; ms: number; count: number }>;
  pureCompute: Timing;
  incremental: { recompute: Timing; write: Timing; whole: Timing; deliverableRecompute: Timing; deliverableWhole: Timing; phases: Array<{ label: string; ms: number; count: number }> };
  board: { fresh: Timing; oneChanged: Timing; cold: Timing; considered: number; summary: string };
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
  [/^with acc as/, 'signals SQL (loadSignals)'],
  [/pg_advisory_xact_lock/, 'advisory lock'],
  [/^insert into health_current/, 'upsert health_current'],
  [/^select distinct on \(account_id\) account_id, as_of/, 'score peaks (health_snapshots)'],
  [/^insert into health_snapshots/, 'insert health_snapshots'],
  [/^select id, account_id, kind, state/, 'alerts: read open'],
  [/^insert into alerts/, 'alerts: open new'],
  [/^update alerts a set severity/, 'alerts: update'],
  [/^update alerts set state = 'resolved'/, 'alerts: resolve'],
  [/^delete from health_dirty/, 'clear health_dirty'],
  [/^insert into health_dirty/, 'mark health_dirty'],
  [/^insert into jobs/, 'queue job'],
  [/^select a\.id from accounts a\s+left join health_current/, 'stale accounts (ensureFresh)'],
];

function labelOf(node: RootOperationNode): string {
  if (node.kind === 'RawNode') {
    const text = node.sqlFragments.join('?').trim().replace(/\s+/g, ' ');
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
  log(`  generating ${fmt.rate(deliverables)} deliverables, targets and incidents …`);
  await inChunks(db, 'deliverables', deliverables, triggersOff, 0.17, (from, to) => sql<{ n: number }>`
    with s as (
      select g, (g % ${n}::int) as idx, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6
      from generate_series(${from}::int, ${to}::int) g
    ), x as (
      -- due over three years, up to 60 days ahead of today
      select s.*, a.id as account_id, p.ids[1 + floor(s.r2 * p.n)::int] as project_id,
             ${today}::timestamptz - (${YEARS_DAYS - 60}::int - s.r1 * ${YEARS_DAYS}::int) * interval '1 day' as due_at
      from s join bench_acc a on a.idx = s.idx join bench_proj p on p.account_id = a.id
    ), y as (
      -- 3% cancelled, 80% delivered (late: 45% on 1 in 10 accounts, else 11.7%: ~15% overall), the rest still open
      select x.*,
             case when x.r3 < 0.03 then null
                  when x.r3 < 0.83 then x.due_at + case when x.r4 < (case when x.idx % 10 = 7 then 0.45 else 0.117 end)
                                                        then (1 + x.r5 * 20) * interval '1 day' else -(x.r5 * 5) * interval '1 day' end
             end as done_at
      from x
    ), z as (
      select y.*, case when y.done_at <= ${today}::timestamptz then y.done_at end as delivered_at from y
    ), w as (
      select z.*, case when z.delivered_at is not null and z.r6 < 0.5 and z.delivered_at + interval '2 days' <= ${today}::timestamptz
                       then z.delivered_at + interval '2 days' end as approved_at
      from z
    )
    insert into deliverables (workspace_id, id, project_id, account_id, title, owner_id, due_at, delivered_at, approved_at, status, notes, created_by, created_at, updated_at)
    select ${ws}::uuid, gen_random_uuid(), w.project_id, w.account_id, 'Deliverable ' || (w.g % 1000),
           case when w.r6 < 0.7 then (${members}::uuid[])[1 + (w.g % ${members.length}::int)] end,
           w.due_at, w.delivered_at, w.approved_at,
           case when w.r3 < 0.03 then 'cancelled' when w.approved_at is not null then 'approved' when w.delivered_at is not null then 'delivered'
                when w.due_at < ${today}::timestamptz + interval '14 days' then 'in_progress' else 'planned' end,
           '', null, w.due_at - interval '30 days', coalesce(w.approved_at, w.delivered_at, w.due_at - interval '30 days')
    from w
    returning 0 as n`.execute !== undefined ? sql<{ n: number }>`
    with s as (
      select g, (g % ${n}::int) as idx, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6
      from generate_series(${from}::int, ${to}::int) g
    ), x as (
      select s.*, a.id as account_id, p.ids[1 + floor(s.r2 * p.n)::int] as project_id,
             ${today}::timestamptz - (${YEARS_DAYS - 60}::int - s.r1 * ${YEARS_DAYS}::int) * interval '1 day' as due_at
      from s join bench_acc a on a.idx = s.idx join bench_proj p on p.account_id = a.id
    ), y as (
      select x.*,
             case when x.r3 < 0.03 then null
                  when x.r3 < 0.83 then x.due_at + case when x.r4 < (case when x.idx % 10 = 7 then 0.45 else 0.117 end)
                                                        then (1 + x.r5 * 20) * interval '1 day' else -(x.r5 * 5) * interval '1 day' end
             end as done_at
      from x
    ), z as (
      select y.*, case when y.done_at <= ${today}::timestamptz then y.done_at end as delivered_at from y
    ), w as (
      select z.*, case when z.delivered_at is not null and z.r6 < 0.5 and z.delivered_at + interval '2 days' <= ${today}::timestamptz
                       then z.delivered_at + interval '2 days' end as approved_at
      from z
    ), ins as (
      insert into deliverables (workspace_id, id, project_id, account_id, title, owner_id, due_at, delivered_at, approved_at, status, notes, created_by, created_at, updated_at)
      select ${ws}::uuid, gen_random_uuid(), w.project_id, w.account_id, 'Deliverable ' || (w.g % 1000),
             case when w.r6 < 0.7 then (${members}::uuid[])[1 + (w.g % ${members.length}::int)] end,
             w.due_at, w.delivered_at, w.approved_at,
             case when w.r3 < 0.03 then 'cancelled' when w.approved_at is not null then 'approved' when w.delivered_at is not null then 'delivered'
                  when w.due_at < ${today}::timestamptz + interval '14 days' then 'in_progress' else 'planned' end,
             '', null, w.due_at - interval '30 days', coalesce(w.approved_at, w.delivered_at, w.due_at - interval '30 days')
      from w
      returning 1
    )
    select 0 as n from (select count(*) from ins) c` : sql<{ n: number }>`select 0 as n`, log);
  return { workspaceId: ws, ownerUserId: portfolio.ownerUserId, memberIds: members, portfolioLine, load: { seconds: (performance.now() - started) / 1000, triggersOff }, indexes } as never;
}
