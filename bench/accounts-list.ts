/**
 * The account list endpoint against a bare endpoint reading the same rows, on PGlite and on
 * PostgreSQL. For each database: the real Rapport server (createRapport, bearer token, every hook)
 * and, in the same process on the same PGlite or pg pool, a minimal Fastify app whose route runs
 * one hand-written SQL for the same first page (same columns, owners, conflicts, contact count,
 * same ORDER BY and LIMIT) and returns JSON. autocannon drives both at 50 connections.
 *
 * Goal (../shared/PRODUCT.md): real ≥ 80% of the bare req/s; p99 < 50 ms at 50 connections on
 * PostgreSQL. Run alone: `npx tsx bench/accounts-list.ts` (BENCH_SECONDS shortens the runs).
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { CompiledQuery, sql } from 'kysely';
import { z } from 'zod';
import { createRapport } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase, type Database, type DatabaseKind } from '../src/platform/db/database.js';
import { accountsRepo } from '../src/accounts/repo.js';
import { AccountPageSchema, ListAccountsQuerySchema } from '../src/accounts/schemas.js';
import { describePortfolio, generatePortfolio, type Portfolio } from './generate.js';
import {
  createScratchDatabase,
  envSeconds,
  fmt,
  isMain,
  LoadGenerator,
  machineLine,
  startPostgres,
  table,
  tempFolder,
  timeRuns,
  verdict,
  type LoadResult,
  type Stats,
} from './support.js';

export const GOAL_RATIO = 0.8;
export const GOAL_P99_MS = 50;
const PAGE = 50;

/**
 * The bare endpoint's query, written by hand: only the columns the page shows, with owners,
 * conflicts and the contact count as correlated subqueries (which plan faster than LATERAL joins
 * here: the statement is planned on every call). `filter` adds the search condition on `$2`.
 */
const bareSql = (filter: string) => `
select a.id, a.name, a.sort_name, a.aliases, a.category, a.website, a.value_amount, a.value_currency, a.status,
       a.started_on, a.cadence_days, a.is_confidential, a.notes, a.archived_at, a.created_at, a.updated_at,
       coalesce((select json_agg(json_build_object('userId', o.user_id, 'name', u.name, 'role', o.role) order by u.name, o.user_id)
                 from account_owners o join users u on u.id = o.user_id
                 where o.workspace_id = a.workspace_id and o.account_id = a.id), '[]'::json) as owners,
       coalesce((select json_agg(json_build_object('id', c.id, 'name', c.name) order by c.sort_name, c.id)
                 from account_conflicts x join accounts c on c.workspace_id = x.workspace_id and c.id = x.other_account_id
                 where x.workspace_id = a.workspace_id and x.account_id = a.id), '[]'::json) as conflicts,
       (select count(*) from contacts ct where ct.workspace_id = a.workspace_id and ct.account_id = a.id) as contact_count
from accounts a
where a.workspace_id = $1 and a.archived_at is null${filter}
order by a.sort_name, a.id
limit ${PAGE + 1}`;
const BARE_LIST_SQL = bareSql('');
const BARE_SEARCH_SQL = bareSql(' and a.search_text like $2');

interface BareRow {
  id: string;
  sort_name: string;
  [column: string]: unknown;
}

async function bareQuery(database: Database, workspaceId: string, pattern: string | null): Promise<string> {
  const query = pattern === null ? CompiledQuery.raw(BARE_LIST_SQL, [workspaceId]) : CompiledQuery.raw(BARE_SEARCH_SQL, [workspaceId, pattern]);
  const { rows } = await database.db.executeQuery<BareRow>(query);
  const last = rows.length > PAGE ? rows[PAGE - 1] : undefined;
  return JSON.stringify({ items: rows.slice(0, PAGE), nextCursor: last ? `${last.sort_name}|${last.id}` : null });
}

/** The bare app: no plugins, hooks, validation or serializer; one SQL and JSON.stringify. */
async function startBare(database: Database, workspaceId: string): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get<{ Querystring: { q?: string } }>('/accounts', async (request, reply) => {
    const q = request.query.q;
    void reply.header('content-type', 'application/json; charset=utf-8');
    return bareQuery(database, workspaceId, q ? `%${q}%` : null);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ items: Array<{ id: string }> }> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { items: Array<{ id: string }> };
}

/** The same ids in the same order, or the comparison is meaningless. */
function assertSameRows(what: string, real: { items: Array<{ id: string }> }, bare: { items: Array<{ id: string }> }) {
  const a = real.items.map((i) => i.id).join(',');
  const b = bare.items.map((i) => i.id).join(',');
  if (real.items.length !== PAGE || a !== b) {
    throw new Error(`${what}: the real and bare endpoints disagree (${real.items.length} vs ${bare.items.length} rows, same order: ${a === b})`);
  }
}

export interface ListBenchResult {
  kind: DatabaseKind;
  serverVersion: string;
  portfolio: Portfolio;
  baseline: LoadResult;
  bareList: LoadResult;
  realList: LoadResult;
  bareSearch: LoadResult;
  realSearch: LoadResult;
  /** One request's parts, measured one after another in-process (no load). */
  parts: { bareSql: Stats; realRepo: Stats; zodEncode: Stats; jsonStringify: Stats; realInject: Stats; bareSearchSql: Stats; realSearchRepo: Stats };
  listRatio: number;
  searchRatio: number;
}

export interface ListBenchOptions {
  kind: DatabaseKind;
  /** PostgreSQL server URL (a scratch database is created on it); unused for PGlite. */
  serverUrl?: string;
  load: LoadGenerator;
  connections?: number;
  /** Measured seconds per endpoint. */
  seconds?: number;
  warmupSeconds?: number;
  /** Interleaved slices per endpoint (real and bare alternate); default 2 on PGlite, 4 on PostgreSQL. */
  slices?: number;
  log?: (line: string) => void;
}

/** Opens a fresh database of `kind`, fills it, serves it both ways and measures. */
export async function benchAccountsList(options: ListBenchOptions): Promise<ListBenchResult> {
  const log = options.log ?? console.log;
  const connections = options.connections ?? 50;
  const seconds = options.seconds ?? 10;
  const warmupSeconds = options.warmupSeconds ?? 2;
  // PGlite's tails last seconds: its slices stay long. PostgreSQL's are short, so more slices fit.
  const slices = options.slices ?? (options.kind === 'pglite' ? 2 : 4);
  const cleanup: Array<() => Promise<void> | void> = [];
  try {
    let database: Database;
    if (options.kind === 'pglite') {
      const folder = tempFolder('rapport-bench-pglite-');
      cleanup.push(() => folder.remove());
      // A data folder, like the embedded default (with its lock file), not an in-memory database.
      database = await openDatabase({ dataDir: join(folder.path, 'data') });
    } else {
      if (!options.serverUrl) throw new Error('PostgreSQL needs a server URL');
      const scratch = await createScratchDatabase(options.serverUrl);
      cleanup.push(() => scratch.drop());
      database = await openDatabase({ url: scratch.url });
    }
    // Until the app owns the database (its close() closes it), close it here if anything fails.
    const open = database;
    let close = () => open.close();
    cleanup.unshift(() => close());
    const rapport = await createRapport({ config: loadConfig({ LOG_LEVEL: 'silent' }), database, startJobs: false });
    close = () => rapport.close();
    const { rows: version } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(database.db);
    const serverVersion = `PostgreSQL ${version[0]?.v ?? '?'}`;
    log(`  database: ${options.kind === 'pglite' ? 'PGlite in a temp data folder' : 'PostgreSQL, a scratch database, pool of 10'} (${serverVersion})`);

    const portfolio = await generatePortfolio(database);
    log(`  generated ${describePortfolio(portfolio)}`);

    await rapport.app.listen({ host: '127.0.0.1', port: 0 });
    const realBase = `http://127.0.0.1:${(rapport.app.server.address() as AddressInfo).port}`;
    const bare = await startBare(database, portfolio.workspaceId);
    cleanup.unshift(() => bare.app.close());
    const auth = { authorization: `Bearer ${portfolio.token}` };
    const q = portfolio.searchTerm;

    assertSameRows('list', await getJson(`${realBase}/api/accounts`, auth), await getJson(`${bare.base}/accounts`));
    assertSameRows('search', await getJson(`${realBase}/api/accounts?q=${q}`, auth), await getJson(`${bare.base}/accounts?q=${q}`));

    // Where one request's time goes, measured without load.
    const repo = accountsRepo(database.db);
    const listQuery = ListAccountsQuerySchema.parse({});
    const searchQuery = ListAccountsQuerySchema.parse({ q });
    const page = await repo.listAccounts(portfolio.workspaceId, listQuery, new Date());
    const runs = options.kind === 'pglite' ? 60 : 200;
    const parts = {
      bareSql: await timeRuns(() => bareQuery(database, portfolio.workspaceId, null), runs),
      realRepo: await timeRuns(() => repo.listAccounts(portfolio.workspaceId, listQuery, new Date()), runs),
      bareSearchSql: await timeRuns(() => bareQuery(database, portfolio.workspaceId, `%${q}%`), runs),
      realSearchRepo: await timeRuns(() => repo.listAccounts(portfolio.workspaceId, searchQuery, new Date()), runs),
      zodEncode: await timeRuns(() => z.safeEncode(AccountPageSchema, page), 300),
      jsonStringify: await timeRuns(() => JSON.stringify(page), 300),
      realInject: await timeRuns(() => rapport.app.inject({ method: 'GET', url: '/api/accounts', headers: auth }), runs),
    };

    const run = { connections, seconds, warmupSeconds };
    log(`  ${connections} connections, ${seconds} s per endpoint; real and bare twins interleaved in ${slices} slices each`);
    const [baseline] = await options.load.run([{ title: 'bare GET /health (no database)', url: `${bare.base}/health` }], run);
    // Each real endpoint is measured in slices interleaved with its bare twin, so both see the same machine.
    const [bareList, realList] = await options.load.run(
      [
        { title: 'bare list (one SQL)', url: `${bare.base}/accounts` },
        { title: 'real GET /api/accounts', url: `${realBase}/api/accounts`, headers: auth },
      ],
      { ...run, slices },
    );
    const [bareSearch, realSearch] = await options.load.run(
      [
        { title: `bare search (one SQL, "${q}")`, url: `${bare.base}/accounts?q=${q}` },
        { title: `real GET /api/accounts?q=${q}`, url: `${realBase}/api/accounts?q=${q}`, headers: auth },
      ],
      { ...run, slices },
    );
    if (!baseline || !bareList || !realList || !bareSearch || !realSearch) throw new Error('autocannon returned too few results');
    for (const r of [baseline, bareList, realList, bareSearch, realSearch]) {
      // A wrong answer makes the numbers meaningless; slow answers and dropped connections are results.
      if (r.non2xx > 0 || r.requests === 0) throw new Error(`${r.title}: ${r.non2xx} non-2xx answers of ${r.requests}`);
    }
    return {
      kind: options.kind,
      serverVersion,
      portfolio,
      baseline,
      bareList,
      realList,
      bareSearch,
      realSearch,
      parts,
      listRatio: realList.requestsPerSecond / bareList.requestsPerSecond,
      searchRatio: realSearch.requestsPerSecond / bareSearch.requestsPerSecond,
    };
  } finally {
    for (const step of cleanup) await step();
  }
}

/** The goals this benchmark checks, as [label, met, measured] for the summary. */
export function listGoals(r: ListBenchResult): Array<[string, boolean, string]> {
  const name = r.kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const goals: Array<[string, boolean, string]> = [
    [`${name}: list req/s ≥ ${GOAL_RATIO * 100}% of bare`, r.listRatio >= GOAL_RATIO, fmt.pct(r.listRatio)],
    [`${name}: search req/s ≥ ${GOAL_RATIO * 100}% of bare`, r.searchRatio >= GOAL_RATIO, fmt.pct(r.searchRatio)],
  ];
  if (r.kind === 'postgres') {
    // The bare twin's p99 beside it: whether the goal is within reach of any code reading these rows.
    goals.push([`${name}: list p99 < ${GOAL_P99_MS} ms at 50 connections`, r.realList.p99 < GOAL_P99_MS, `${fmt.ms(r.realList.p99)} ms (bare ${fmt.ms(r.bareList.p99)} ms)`]);
    goals.push([`${name}: search p99 < ${GOAL_P99_MS} ms at 50 connections`, r.realSearch.p99 < GOAL_P99_MS, `${fmt.ms(r.realSearch.p99)} ms (bare ${fmt.ms(r.bareSearch.p99)} ms)`]);
  }
  return goals;
}

export function printListResult(r: ListBenchResult, log: (line: string) => void = console.log): void {
  const row = (x: LoadResult, ratio?: number) => [
    x.title,
    fmt.rate(x.requestsPerSecond),
    fmt.ms(x.p50),
    fmt.ms(x.p99),
    fmt.ms(x.max),
    `${(x.bytesPerResponse / 1024).toFixed(1)} KiB`,
    fmt.ms(x.mainThreadMsPerRequest),
    x.errors > 0 ? `${x.errors} (${x.timeouts} timeouts)` : '0',
    ratio === undefined ? '' : fmt.ratio(ratio),
  ];
  log('');
  log(
    table([
      ['endpoint (50 connections)', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'response', 'main thread ms/req', 'errors', 'real/bare'],
      row(r.baseline),
      row(r.bareList),
      row(r.realList, r.listRatio),
      row(r.bareSearch),
      row(r.realSearch, r.searchRatio),
    ]),
  );
  const extra = (real: LoadResult, bare: LoadResult) =>
    `${fmt.ms(real.mainThreadMsPerRequest)} vs ${fmt.ms(bare.mainThreadMsPerRequest)} ms (${real.mainThreadMsPerRequest >= bare.mainThreadMsPerRequest ? '+' : ''}${fmt.pct(real.mainThreadMsPerRequest / bare.mainThreadMsPerRequest - 1)})`;
  log(`  main-thread time per request, real vs bare: list ${extra(r.realList, r.bareList)}, search ${extra(r.realSearch, r.bareSearch)}`);
  const p = r.parts;
  log('');
  log('  one request, in-process, no load (p50 / p99 ms):');
  log(
    table([
      ['part', 'p50', 'p99'],
      ['bare SQL (list page)', fmt.ms(p.bareSql.p50), fmt.ms(p.bareSql.p99)],
      ['real repo.listAccounts (SQL + mapping)', fmt.ms(p.realRepo.p50), fmt.ms(p.realRepo.p99)],
      ['bare SQL (search page)', fmt.ms(p.bareSearchSql.p50), fmt.ms(p.bareSearchSql.p99)],
      ['real repo.listAccounts (search)', fmt.ms(p.realSearchRepo.p50), fmt.ms(p.realSearchRepo.p99)],
      ['zod safeEncode of the page (response serializer)', fmt.ms(p.zodEncode.p50), fmt.ms(p.zodEncode.p99)],
      ['JSON.stringify of the page', fmt.ms(p.jsonStringify.p50), fmt.ms(p.jsonStringify.p99)],
      ['real GET /api/accounts via app.inject', fmt.ms(p.realInject.p50), fmt.ms(p.realInject.p99)],
    ]).replace(/^/gm, '  '),
  );
  log('');
  for (const [label, met, measured] of listGoals(r)) log(`  ${verdict(met)}  ${label}: ${measured}`);
}

/** BENCH_SLICES, when set, overrides the per-database default. */
export function slicesFromEnv(): { slices?: number } {
  const slices = Math.round(envSeconds('BENCH_SLICES', 0));
  return slices > 0 ? { slices } : {};
}

if (isMain(import.meta)) {
  const seconds = envSeconds('BENCH_SECONDS', 10);
  const load = new LoadGenerator();
  const server = await startPostgres();
  try {
    console.log(`machine: ${machineLine()}`);
    console.log(`load: ${load.where}`);
    for (const kind of ['pglite', 'postgres'] as const) {
      console.log(`\n== account list on ${kind} ==`);
      printListResult(await benchAccountsList({ kind, serverUrl: server.url, load, seconds, ...slicesFromEnv(), warmupSeconds: Math.min(2, seconds / 4) }));
    }
  } finally {
    await load.close();
    await server.stop();
  }
}
