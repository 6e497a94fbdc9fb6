/**
 * The attention board at scale: 10,000 accounts, ~50,000 contacts and 5,000,000 touchpoints over
 * three years, on PostgreSQL and on PGlite. The board is the real use-case (`getAttentionBoard`
 * with deps {db, clock}), timed a few times; next to it, in the same run on the same database,
 * hand-written single aggregate queries over the same facts (last touch and client touch per
 * account, counts in the two 90-day windows; then the same plus engaged contacts). A plan of the
 * board's SQL (EXPLAIN ANALYZE) is printed when the goal is missed, or with BENCH_EXPLAIN=1.
 *
 * The portfolio's accounts and contacts come from bench/generate.ts; the touchpoints and their
 * contacts are made inside the database by `insert … select … from generate_series` (no rows cross
 * the wire), with foreign-key triggers off while loading when the role may do that (the data is
 * consistent by construction). Touches grow denser towards "today" (activity growing linearly),
 * ~1% are booked ahead of today, ~1 in 7 accounts went quiet some weeks ago, ~1 in 12 accounts'
 * clients stopped initiating lately, and each touch has 1–3 of its account's contacts (those who
 * left included). Touchpoint members are not generated: the board does not read them.
 *
 * Goal (issue 3): the board in under 1 s on PostgreSQL with 5,000,000 touchpoints.
 *
 * Run alone: `npx tsx bench/attention.ts`. Environment: BENCH_TOUCHPOINTS (default 5,000,000),
 * BENCH_PGLITE_TOUCHPOINTS (default 1,000,000: see the note printed), BENCH_RUNS (default 5),
 * BENCH_ONLY=postgres|pglite, BENCH_DATABASE_URL (else a throwaway cluster), BENCH_EXPLAIN=1, BENCH_KEEP=1 (keep the PostgreSQL database) and
 * BENCH_REUSE_URL=<its URL> (time it again without generating).
 */
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import { openDatabase, type Database, type DatabaseKind } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { fixedClock } from '../src/platform/clock.js';
import { getAttentionBoard } from '../src/touchpoints/get-attention-board.js';
import { accountStatsQuery, touchpointsRepo, type AccountStatsRow } from '../src/touchpoints/repo.js';
import type { AttentionBoard } from '../src/touchpoints/attention-schemas.js';
import { describePortfolio, generatePortfolio, type Portfolio } from './generate.js';
import { createScratchDatabase, fmt, isMain, machineLine, startPostgres, table, tempFolder, verdict } from './support.js';

export const GOAL_BOARD_MS = 1000;
/** "Today" of the generated data and of the board: fixed, so every run sees the same windows. */
export const BENCH_TODAY = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const YEARS_DAYS = 1095;
const CHUNK = 250_000;

export interface AttentionBenchOptions {
  kind: DatabaseKind;
  /** A PostgreSQL server URL (a scratch database is created on it); needed for kind 'postgres'. */
  serverUrl?: string;
  touchpoints: number;
  accounts?: number;
  contacts?: number;
  runs?: number;
  explain?: boolean;
  /** PostgreSQL: keep the scratch database afterwards (BENCH_KEEP=1), to look at plans by hand. */
  keep?: boolean;
  /** PostgreSQL: time on a database an earlier run kept instead of generating one (BENCH_REUSE_URL). */
  reuseUrl?: string;
  log?: (line: string) => void;
}

interface Timing {
  samples: number[];
  median: number;
  min: number;
}

export interface AttentionBenchResult {
  kind: DatabaseKind;
  portfolio: string;
  rows: { accounts: number; contacts: number; touchpoints: number; touchpointContacts: number; inLast90: number; inLast180: number };
  load: { seconds: number; rowsPerSecond: number; triggersOff: boolean };
  board: Timing;
  statsSql: Timing;
  aggregate: Timing;
  aggregateEngaged: Timing;
  summary: { considered: number; goingQuiet: number; stoppedInitiating: number; singleThreaded: number; owners: number };
  factsAgree: boolean;
  explain: string[];
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples, median: sorted[Math.floor(sorted.length / 2)] ?? NaN, min: sorted[0] ?? NaN };
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn(); // warm-up: plan cache, buffers
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return timing(samples);
}

/** The single hand-written aggregate: per open account, last touches and the window counts. */
function aggregateSql(workspaceId: string, today: Date) {
  const d90 = new Date(today.getTime() - 90 * DAY);
  const d180 = new Date(today.getTime() - 180 * DAY);
  return sql<{ account_id: string; last_touch_at: Date | null; last_client_touch_at: Date | null; touches90: number; client90: number; prev90: number; client_prev90: number }>`
    select t.account_id,
           max(t.occurred_at) as last_touch_at,
           max(t.occurred_at) filter (where t.direction = 'client_initiated') as last_client_touch_at,
           count(*) filter (where t.occurred_at >= ${d90}) as touches90,
           count(*) filter (where t.occurred_at >= ${d90} and t.direction = 'client_initiated') as client90,
           count(*) filter (where t.occurred_at >= ${d180} and t.occurred_at < ${d90}) as prev90,
           count(*) filter (where t.occurred_at >= ${d180} and t.occurred_at < ${d90} and t.direction = 'client_initiated') as client_prev90
    from touchpoints t
    join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id and a.archived_at is null and a.status <> 'lost'
    where t.workspace_id = ${workspaceId} and t.occurred_at <= ${today}
    group by t.account_id`;
}

/** The same, plus the distinct active contacts in a touch of the last 90 days, still one statement. */
function aggregateEngagedSql(workspaceId: string, today: Date) {
  const d90 = new Date(today.getTime() - 90 * DAY);
  return sql`
    select f.*, coalesce(e.engaged90, 0) as engaged90
    from (${aggregateSql(workspaceId, today)}) f
    left join (
      select t.account_id, count(distinct tc.contact_id) as engaged90
      from touchpoints t
      join touchpoint_contacts tc on tc.workspace_id = t.workspace_id and tc.touchpoint_id = t.id
      join contacts c on c.workspace_id = tc.workspace_id and c.id = tc.contact_id and c.status = 'active'
      where t.workspace_id = ${workspaceId} and t.occurred_at >= ${d90} and t.occurred_at <= ${today}
      group by t.account_id) e on e.account_id = f.account_id`;
}

/**
 * Touchpoints and their contacts for the portfolio's accounts, made by the database: one statement
 * per chunk inserts the touchpoints and, from what it returned, 1–3 contacts each.
 */
async function generateTouchpoints(database: Database, workspaceId: string, total: number, log: (line: string) => void): Promise<{ seconds: number; triggersOff: boolean; links: number }> {
  const db = database.db;
  const started = performance.now();
  await sql`drop table if exists bench_acc, bench_cba`.execute(db);
  await sql`create unlogged table bench_acc as
    select (row_number() over (order by id))::int - 1 as idx, id from accounts where workspace_id = ${workspaceId}`.execute(db);
  await sql`create unique index on bench_acc (idx)`.execute(db);
  await sql`create unlogged table bench_cba as
    select account_id, array_agg(id order by id) as ids, count(*)::int as n from contacts where workspace_id = ${workspaceId} group by account_id`.execute(db);
  await sql`create unique index on bench_cba (account_id)`.execute(db);
  await sql`analyze bench_acc, bench_cba`.execute(db);
  const n = Number((await sql<{ n: number }>`select count(*)::int as n from bench_acc`.execute(db)).rows[0]?.n);
  const { rows: su } = await sql<{ rolsuper: boolean }>`select rolsuper from pg_roles where rolname = current_user`.execute(db);
  const triggersOff = Boolean(su[0]?.rolsuper);
  // Secondary indexes are built once at the end (a sort) rather than updated row by row (5M random inserts).
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in ('touchpoints', 'touchpoint_contacts')
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  await sql`select setseed(0.42)`.execute(db);
  let links = 0;
  const today = BENCH_TODAY;
  for (let from = 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1);
    const chunkStarted = performance.now();
    const inserted = await db.transaction().execute(async (trx) => {
      if (triggersOff) await sql`set local session_replication_role = replica`.execute(trx);
      const { rows } = await sql<{ links: number }>`
        with s as (
          -- one row per touchpoint: which account (skewed: some accounts get far more), and dice
          select g, floor(power(random(), 1.4) * ${n}::int)::int as idx, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5
          from generate_series(${from}::int, ${to}::int) g
        ), x as (
          select s.*, a.id as account_id,
                 case
                   when s.r3 < 0.01 then ${today}::timestamptz + s.r1 * interval '30 days'
                   -- linear growth of activity: age = 3 years × (1 − √u); 1 in 7 accounts went quiet weeks ago
                   else ${today}::timestamptz - (${YEARS_DAYS}::int * (1 - sqrt(s.r1)) + case when s.idx % 7 = 3 then 20 + s.idx % 90 else 0 end) * interval '1 day'
                 end as occurred_at
          from s join bench_acc a on a.idx = s.idx
        ), ins as (
          insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, duration_minutes, subject, summary, source, external_id, created_by, created_at, updated_at)
          select ${workspaceId}::uuid, gen_random_uuid(), x.account_id,
                 case when x.r4 < 0.45 then 'email' when x.r4 < 0.65 then 'call' when x.r4 < 0.80 then 'meeting' when x.r4 < 0.88 then 'video'
                      when x.r4 < 0.93 then 'chat' when x.r4 < 0.96 then 'social' when x.r4 < 0.99 then 'report' else 'other' end,
                 -- each client has its own habit (20–60% client-initiated); 1 in 12 stopped initiating in the last 90 days
                 case when x.r2 < (0.2 + 0.4 * ((x.idx * 7919) % 100) / 100.0)
                                  * (case when x.idx % 12 = 0 and x.occurred_at > ${today}::timestamptz - interval '90 days' then 0.25 else 1 end)
                      then 'client_initiated' else 'agency_initiated' end,
                 x.occurred_at,
                 case when x.r4 >= 0.45 and x.r4 < 0.88 then 15 + floor(x.r5 * 60)::int end,
                 'Touch ' || (x.g % 1000), '', 'csv', null, null, x.occurred_at, x.occurred_at
          from x
          returning id, account_id
        ), picked as (
          select ins.id, ins.account_id, floor(random() * 1000)::int as st, 1 + floor(random() * random() * 3)::int as k from ins
        ), linked as (
          insert into touchpoint_contacts (workspace_id, touchpoint_id, contact_id)
          select ${workspaceId}::uuid, p.id, c.ids[1 + ((p.st + j) % c.n)]
          from picked p join bench_cba c on c.account_id = p.account_id
          cross join lateral generate_series(0, least(c.n, p.k) - 1) j
          returning 1
        )
        select count(*)::int as links from linked`.execute(trx);
      return Number(rows[0]?.links ?? 0);
    });
    links += inserted;
    const seconds = (performance.now() - chunkStarted) / 1000;
    log(`    touchpoints ${fmt.rate(to)} / ${fmt.rate(total)} (+${fmt.rate(inserted)} contact links) — ${fmt.rate((to - from + 1) / seconds)} touchpoints/s`);
  }
  await sql`drop table if exists bench_acc, bench_cba`.execute(db);
  log(`    creating ${indexes.length} indexes: ${indexes.map((i) => i.name).join(', ')} …`);
  for (const index of indexes) await sql.raw(index.def).execute(db);
  log('    vacuum analyze …');
  await sql`vacuum analyze touchpoints`.execute(db);
  await sql`vacuum analyze touchpoint_contacts`.execute(db);
  await sql`vacuum analyze contacts`.execute(db);
  await sql`vacuum analyze accounts`.execute(db);
  return { seconds: (performance.now() - started) / 1000, triggersOff, links };
}

/** The slowest nodes of the board's plan, and its totals. */
async function explainBoard(database: Database, workspaceId: string): Promise<string[]> {
  const compiled = accountStatsQuery(workspaceId, BENCH_TODAY).compile(database.db);
  const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]));
  const lines = rows.map((r) => r['QUERY PLAN']);
  const interesting = lines.filter((l) => /actual time=\d+\.\d+\.\.(\d+)\.\d+/.test(l) && Number(/actual time=[\d.]+\.\.([\d.]+)/.exec(l)?.[1]) >= 20);
  const totals = lines.filter((l) => /^(Planning|Execution) Time/.test(l.trim()));
  return [...interesting.slice(0, 25), ...totals];
}

export async function benchAttention(options: AttentionBenchOptions): Promise<AttentionBenchResult> {
  const log = options.log ?? console.log;
  const runs = options.runs ?? 5;
  let database: Database | undefined;
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  let folder: { path: string; remove(): void } | undefined;
  try {
    let ws: string;
    let portfolioLine: string;
    let generated: { accounts: number; contacts: number; links: number };
    let load = { seconds: NaN, triggersOff: false };
    if (options.reuseUrl) {
      // A database a previous run kept (BENCH_KEEP=1): time again without generating.
      database = await openDatabase({ url: options.reuseUrl, poolSize: 4 });
      const { rows: found } = await sql<{ workspace_id: string }>`
        select workspace_id from touchpoints group by workspace_id order by count(*) desc limit 1`.execute(database.db);
      ws = found[0]?.workspace_id ?? '';
      if (!ws) throw new Error(`No touchpoints in ${options.reuseUrl}`);
      const { rows: sizes } = await sql<{ accounts: number; contacts: number; links: number }>`
        select (select count(*)::int from accounts where workspace_id = ${ws}) as accounts,
               (select count(*)::int from contacts where workspace_id = ${ws}) as contacts,
               (select count(*)::int from touchpoint_contacts where workspace_id = ${ws}) as links`.execute(database.db);
      generated = sizes[0] ?? { accounts: 0, contacts: 0, links: 0 };
      portfolioLine = `reused ${options.reuseUrl}`;
      log(`  ${portfolioLine}`);
    } else {
      if (options.kind === 'postgres') {
        if (!options.serverUrl) throw new Error('benchAttention on postgres needs serverUrl');
        scratch = await createScratchDatabase(options.serverUrl);
        database = await openDatabase({ url: scratch.url, poolSize: 4 });
      } else {
        folder = tempFolder('rapport-bench-attention-');
        database = await openDatabase({ dataDir: folder.path });
      }
      await migrate(database);
      log(`  generating ${fmt.rate(options.accounts ?? 10_000)} accounts, ${fmt.rate(options.contacts ?? 50_000)} contacts …`);
      const portfolio: Portfolio = await generatePortfolio(database, { accounts: options.accounts ?? 10_000, contacts: options.contacts ?? 50_000 });
      portfolioLine = describePortfolio(portfolio);
      log(`    ${portfolioLine}`);
      log(`  generating ${fmt.rate(options.touchpoints)} touchpoints over 3 years before ${BENCH_TODAY.toISOString().slice(0, 10)} in SQL …`);
      const made = await generateTouchpoints(database, portfolio.workspaceId, options.touchpoints, log);
      load = made;
      ws = portfolio.workspaceId;
      generated = { accounts: portfolio.rows.accounts, contacts: portfolio.rows.contacts, links: made.links };
    }
    const db = database.db;
    const d90 = new Date(BENCH_TODAY.getTime() - 90 * DAY);
    const d180 = new Date(BENCH_TODAY.getTime() - 180 * DAY);
    const { rows: counts } = await sql<{ touchpoints: number; in90: number; in180: number }>`
      select count(*)::int as touchpoints,
             count(*) filter (where occurred_at >= ${d90} and occurred_at <= ${BENCH_TODAY})::int as in90,
             count(*) filter (where occurred_at >= ${d180} and occurred_at <= ${BENCH_TODAY})::int as in180
      from touchpoints where workspace_id = ${ws}`.execute(db);
    const rows = {
      accounts: generated.accounts,
      contacts: generated.contacts,
      touchpoints: counts[0]?.touchpoints ?? 0,
      touchpointContacts: generated.links,
      inLast90: counts[0]?.in90 ?? 0,
      inLast180: counts[0]?.in180 ?? 0,
    };
    log(
      `    ${fmt.rate(rows.touchpoints)} touchpoints (${fmt.rate(rows.inLast90)} in the last 90 days, ${fmt.rate(rows.inLast180)} in 180) and ` +
        `${fmt.rate(rows.touchpointContacts)} contact links` +
        (options.reuseUrl
          ? ''
          : ` in ${load.seconds.toFixed(0)} s (${fmt.rate((rows.touchpoints + rows.touchpointContacts) / load.seconds)} rows/s, ` +
            `foreign-key triggers ${load.triggersOff ? 'off' : 'on'} while loading, indexes built after, vacuum analyze included)`),
    );

    const deps = { db, clock: fixedClock(BENCH_TODAY) };
    const actor = { workspaceId: ws };
    let lastBoard: AttentionBoard | undefined;
    log(`  timing: ${runs} runs each after one warm-up …`);
    const board = await time(runs, async () => {
      lastBoard = await getAttentionBoard(deps, actor, {});
    });
    const repo = touchpointsRepo(db);
    let stats: AccountStatsRow[] = [];
    const statsSql = await time(runs, async () => {
      stats = await repo.accountStats(ws, BENCH_TODAY);
    });
    let aggregateRows: Awaited<ReturnType<ReturnType<typeof aggregateSql>['execute']>>['rows'] = [];
    const aggregate = await time(runs, async () => {
      aggregateRows = (await aggregateSql(ws, BENCH_TODAY).execute(db)).rows;
    });
    const aggregateEngaged = await time(runs, async () => aggregateEngagedSql(ws, BENCH_TODAY).execute(db));

    // The board and the aggregate must have read the same facts.
    const byAccount = new Map(aggregateRows.map((r) => [r.account_id, r]));
    const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);
    const factsAgree =
      stats.length > 0 &&
      stats.every((s) => {
        const a = byAccount.get(s.id);
        if (!a) return s.last_touch_at === null;
        return (
          iso(s.last_touch_at) === iso(a.last_touch_at) &&
          iso(s.last_client_touch_at) === iso(a.last_client_touch_at) &&
          Number(s.touches90) === Number(a.touches90) &&
          Number(s.client90) === Number(a.client90) &&
          Number(s.prev90) === Number(a.prev90) &&
          Number(s.client_prev90) === Number(a.client_prev90)
        );
      });

    const explain = options.explain || board.median > GOAL_BOARD_MS ? await explainBoard(database, ws) : [];
    const b = lastBoard!;
    return {
      kind: options.kind,
      portfolio: portfolioLine,
      rows,
      load: { seconds: load.seconds, rowsPerSecond: (rows.touchpoints + rows.touchpointContacts) / load.seconds, triggersOff: load.triggersOff },
      board,
      statsSql,
      aggregate,
      aggregateEngaged,
      summary: {
        considered: b.accountsConsidered,
        goingQuiet: b.goingQuiet.length,
        stoppedInitiating: b.stoppedInitiating.length,
        singleThreaded: b.singleThreaded.length,
        owners: b.attentionShare.owners.length,
      },
      factsAgree,
      explain,
    };
  } finally {
    await database?.close();
    if (options.keep && scratch) log(`  kept the database for a look: ${scratch.url}`);
    else await scratch?.drop();
    folder?.remove();
  }
}

export function attentionGoals(r: AttentionBenchResult): Array<[string, boolean, string]> {
  if (r.kind !== 'postgres') return [];
  return [[`attention board < ${GOAL_BOARD_MS} ms on PostgreSQL (${fmt.rate(r.rows.touchpoints)} touchpoints)`, r.board.median < GOAL_BOARD_MS, `${fmt.ms(r.board.median)} ms median`]];
}

export function printAttentionResult(r: AttentionBenchResult, log: (line: string) => void = console.log): void {
  const ms = (t: Timing) => [fmt.ms(t.median), fmt.ms(t.min)];
  log('');
  log(
    table([
      ['query', 'median ms', 'min ms', '× aggregate'],
      ['getAttentionBoard (use-case: SQL + rules + shares)', ...ms(r.board), fmt.ratio(r.board.median / r.aggregate.median)],
      ['  of which repo.accountStats (its SQL)', ...ms(r.statsSql), fmt.ratio(r.statsSql.median / r.aggregate.median)],
      ['one aggregate: last touches + window counts', ...ms(r.aggregate), '1.00'],
      ['one aggregate + engaged contacts (90 days)', ...ms(r.aggregateEngaged), fmt.ratio(r.aggregateEngaged.median / r.aggregate.median)],
    ]).replace(/^/gm, '  '),
  );
  log(
    `  board: ${fmt.rate(r.summary.considered)} open accounts considered; ${fmt.rate(r.summary.goingQuiet)} going quiet, ` +
      `${fmt.rate(r.summary.stoppedInitiating)} client stopped initiating, ${fmt.rate(r.summary.singleThreaded)} single-threaded; ${r.summary.owners} owners in the share`,
  );
  log(`  the board's statistics and the aggregate agree on every account: ${r.factsAgree ? 'yes' : 'NO'}`);
  if (r.explain.length > 0) {
    log('  EXPLAIN (ANALYZE, BUFFERS) of the board SQL, nodes ≥ 20 ms:');
    for (const line of r.explain) log(`    ${line}`);
  }
  for (const [label, met, measured] of attentionGoals(r)) log(`  ${verdict(met)}  ${label}: ${measured}`);
}

if (isMain(import.meta)) {
  const int = (name: string, fallback: number) => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
  };
  const only = process.env.BENCH_ONLY;
  const runs = int('BENCH_RUNS', 5);
  const explain = process.env.BENCH_EXPLAIN === '1';
  const reuseUrl = process.env.BENCH_REUSE_URL;
  const server = only === 'pglite' || reuseUrl ? undefined : await startPostgres();
  process.once('SIGINT', () => {
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
  try {
    console.log(`machine: ${machineLine()}`);
    if (server) console.log(`PostgreSQL: ${server.origin}`);
    if (only !== 'pglite') {
      console.log('\n== attention board on PostgreSQL ==');
      printAttentionResult(await benchAttention({ kind: 'postgres', serverUrl: server?.url, touchpoints: int('BENCH_TOUCHPOINTS', 5_000_000), runs, explain, keep: process.env.BENCH_KEEP === '1', reuseUrl }));
    }
    if (only !== 'postgres') {
      const touchpoints = int('BENCH_PGLITE_TOUCHPOINTS', 1_000_000);
      console.log(`\n== attention board on PGlite (data folder; ${fmt.rate(touchpoints)} touchpoints — set BENCH_PGLITE_TOUCHPOINTS=5000000 for the full size) ==`);
      printAttentionResult(await benchAttention({ kind: 'pglite', touchpoints, runs, explain }));
    }
    console.log(`\nmachine then: ${machineLine()}`);
  } catch (error) {
    console.error('benchmark failed:', error);
    process.exitCode = 1;
  } finally {
    await server?.stop();
  }
}
