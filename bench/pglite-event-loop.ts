/**
 * PGlite runs PostgreSQL compiled to WebAssembly on the calling thread: while a query runs, nothing
 * else in the process does. This measures what that costs and what moving it would change:
 *
 * - one list query (the real repo's, first page of 10,000 accounts) run alone: PGlite vs PostgreSQL;
 * - the event-loop delay (perf_hooks.monitorEventLoopDelay) while that query runs in a loop from 4
 *   concurrent callers, and the queries/s reached, for
 *     PGlite on the main thread (what Rapport does),
 *     PGlite in a worker thread (a prototype here: same SQL, same data, rows posted back), and
 *     PostgreSQL through the pg pool.
 *
 * The numbers decide docs/decisions/0001-pglite-default.md. Run alone: `npx tsx bench/pglite-event-loop.ts`.
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import type { DB } from '../src/platform/db/schema.js';
import { accountsRepo } from '../src/accounts/repo.js';
import { ListAccountsQuerySchema } from '../src/accounts/schemas.js';
import { describePortfolio, generatePortfolio } from './generate.js';
import {
  createScratchDatabase,
  envSeconds,
  fmt,
  isMain,
  LoadGenerator,
  machineLine,
  startPostgres,
  table,
  timeRuns,
  type LoadResult,
  type Stats,
} from './support.js';

const CALLERS = 4;
const HTTP_CONNECTIONS = 50;

/** A long statement, like the reports and recomputes later issues bring: every contact joined and grouped. */
const LONG_SQL = `
select a.category, count(*) as contacts, count(distinct c.sort_name) as names, max(c.updated_at) as last_change
from accounts a join contacts c on c.workspace_id = a.workspace_id and c.account_id = a.id
where a.workspace_id = $1 group by a.category order by a.category`;

export interface LoopMeasure {
  label: string;
  single: Stats;
  /** One long statement (a report over all contacts): its duration and the worst loop delay meanwhile. */
  long: { ms: number; maxDelay: number };
  queriesPerSecond: number;
  /** Event-loop delay while the callers run, in ms. */
  delay: { p50: number; p99: number; max: number };
  /** A bare HTTP endpoint running the query, at 50 connections. */
  http: LoadResult;
}

export interface EventLoopResult {
  idleDelay: { p50: number; p99: number; max: number };
  rows: LoopMeasure[];
  /** Median ms of one query: PGlite on the main thread ÷ PostgreSQL. */
  pgliteVsPostgres: number;
}

/** The SQL and parameters a repo call sends, captured by a Kysely whose driver only records. */
async function captureQuery(run: (db: Kysely<DB>) => Promise<unknown>): Promise<CompiledQuery> {
  let captured: CompiledQuery | undefined;
  const connection: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      captured ??= compiled;
      return { rows: [] };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('not used');
    },
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  await run(db);
  await db.destroy();
  if (!captured) throw new Error('No query captured');
  return captured;
}

/**
 * Event-loop delay while `callers` loops each run `query` for `seconds`. Each caller goes back to
 * the event loop (setImmediate) before its next query, as a server does between requests: without
 * that, PGlite's promises resolve in microtasks and the loop would never get a turn at all.
 */
async function underLoad(query: () => Promise<unknown>, callers: number, seconds: number) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let done = 0;
  const until = performance.now() + seconds * 1000;
  histogram.enable();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        await query();
        done++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  histogram.disable();
  return { queriesPerSecond: done / elapsed, delay: delayOf(histogram) };
}

/** Runs the long statement 3 times; its median duration and the worst event-loop delay meanwhile. */
async function longStatement(run: () => Promise<unknown>) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const durations: number[] = [];
  histogram.enable();
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await run();
    durations.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  histogram.disable();
  return { ms: durations.sort((a, b) => a - b)[1] ?? NaN, maxDelay: histogram.max / 1e6 };
}

function delayOf(h: ReturnType<typeof monitorEventLoopDelay>) {
  return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
}

async function idleDelay(seconds: number) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  histogram.disable();
  return delayOf(histogram);
}

// The worker prototype: plain JavaScript (no TypeScript loader in worker threads). It opens PGlite
// from a data-folder tarball with the same type parsers as src/platform/db/database.ts and answers
// { id, sql, params } with { id, rows } one query at a time, as the single PGlite connection would.
const PGLITE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { PGlite } = await import(workerData.pgliteUrl);
  const n = (v) => Number(v);
  const pglite = await PGlite.create({ loadDataDir: workerData.dataDir, parsers: { 20: n, 1700: n, 1082: (v) => v } });
  parentPort.on('message', async (m) => {
    if (m === 'close') { await pglite.close(); parentPort.postMessage('closed'); return; }
    try {
      const result = await pglite.query(m.sql, m.params);
      parentPort.postMessage({ id: m.id, rows: result.rows });
    } catch (error) {
      parentPort.postMessage({ id: m.id, error: String(error) });
    }
  });
  parentPort.postMessage('ready');
})().catch((error) => parentPort.postMessage({ fatal: String(error && error.stack || error) }));
`;

class PGliteWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }>();
  #next = 0;
  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (m: { id?: number; rows?: unknown[]; error?: string }) => {
      if (typeof m !== 'object' || m.id === undefined) return;
      const waiter = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      if (m.error) waiter?.reject(new Error(m.error));
      else waiter?.resolve(m.rows ?? []);
    });
  }
  static async start(dataDir: Blob): Promise<PGliteWorker> {
    const worker = new Worker(PGLITE_WORKER, { eval: true, workerData: { pgliteUrl: import.meta.resolve('@electric-sql/pglite'), dataDir } });
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: unknown) => (m === 'ready' ? resolve() : reject(new Error(`PGlite worker: ${JSON.stringify(m)}`))));
    });
    return new PGliteWorker(worker);
  }
  query(compiled: CompiledQuery): Promise<unknown[]> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, sql: compiled.sql, params: compiled.parameters });
    });
  }
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#worker.once('message', () => resolve());
      this.#worker.postMessage('close');
    });
    await this.#worker.terminate();
  }
}

/** A fresh database of 10,000 accounts: PGlite in memory (its tarball feeds the worker), or a scratch database on `serverUrl`. */
async function filledDatabase(serverUrl: string | undefined, log: (line: string) => void) {
  let drop = async () => undefined as void;
  let database: Database;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl);
    drop = scratch.drop;
    database = await openDatabase({ url: scratch.url });
  } else {
    database = await openDatabase({});
  }
  const close = async () => {
    await database.close();
    await drop();
  };
  try {
    await migrate(database);
    const portfolio = await generatePortfolio(database);
    log(`  ${database.kind}: generated ${describePortfolio(portfolio)}`);
    return { database, portfolio, close };
  } catch (error) {
    await close();
    throw error;
  }
}

type RunQuery = (compiled: CompiledQuery) => Promise<unknown[]>;

/** Everything measured for one way of running the database, all with the same compiled SQL. */
async function measureVariant(label: string, run: RunQuery, ws: string, opts: { seconds: number; load: LoadGenerator; singleRuns: number }): Promise<LoopMeasure> {
  const list = await captureQuery((db) => accountsRepo(db).listAccounts(ws, ListAccountsQuerySchema.parse({}), new Date()));
  const long = CompiledQuery.raw(LONG_SQL, [ws]);
  const single = await timeRuns(() => run(list), opts.singleRuns);
  const loop = await underLoad(() => run(list), CALLERS, opts.seconds);
  const longStmt = await longStatement(() => run(long));
  // A bare HTTP endpoint over the same query: shows what the event loop's share means for clients.
  const app = Fastify({ logger: false });
  app.get('/accounts', async (_request, reply) => {
    void reply.header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ items: await run(list) });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/accounts`;
    const [http] = await opts.load.run([{ title: label, url }], { connections: HTTP_CONNECTIONS, seconds: opts.seconds, warmupSeconds: 1 });
    if (!http || http.non2xx > 0 || http.requests === 0) throw new Error(`${label}: ${http?.non2xx} non-2xx answers of ${http?.requests}`);
    return { label, single, long: longStmt, ...loop, http };
  } finally {
    await app.close();
  }
}

export async function benchEventLoop(options: { serverUrl: string; load: LoadGenerator; seconds?: number; log?: (line: string) => void }): Promise<EventLoopResult> {
  const log = options.log ?? console.log;
  const opts = { seconds: options.seconds ?? 5, load: options.load, singleRuns: 100 };
  const rows: LoopMeasure[] = [];
  const idle = await idleDelay(1);

  // PGlite on the main thread, as Rapport runs it.
  const lite = await filledDatabase(undefined, log);
  let snapshot: Blob;
  let workspaceId: string;
  try {
    workspaceId = lite.portfolio.workspaceId;
    const db = lite.database.db;
    rows.push(await measureVariant('PGlite on the main thread (as shipped)', async (c) => (await db.executeQuery(c)).rows, workspaceId, opts));
    snapshot = await lite.database.dumpDataDir!();
  } finally {
    await lite.close();
  }

  // The same data and SQL on PGlite in a worker thread.
  const worker = await PGliteWorker.start(snapshot);
  try {
    rows.push(await measureVariant('PGlite in a worker thread (prototype)', (c) => worker.query(c), workspaceId, opts));
  } finally {
    await worker.close();
  }

  // PostgreSQL through the pg pool.
  const server = await filledDatabase(options.serverUrl, log);
  try {
    const db = server.database.db;
    rows.push(await measureVariant('PostgreSQL via the pg pool', async (c) => (await db.executeQuery(c)).rows, server.portfolio.workspaceId, { ...opts, singleRuns: 200 }));
  } finally {
    await server.close();
  }
  const [main, , postgres] = rows;
  return { idleDelay: idle, rows, pgliteVsPostgres: (main?.single.p50 ?? NaN) / (postgres?.single.p50 ?? NaN) };
}

export function printEventLoopResult(r: EventLoopResult, log: (line: string) => void = console.log): void {
  log('');
  log(
    table([
      ['list query (first page of 10,000)', 'alone p50 ms', 'p99 ms', `q/s (${CALLERS} callers)`, 'loop delay p50 ms', 'p99 ms', 'max ms', 'long stmt ms', 'its loop delay ms'],
      ['idle process (no queries)', '', '', '', fmt.ms(r.idleDelay.p50), fmt.ms(r.idleDelay.p99), fmt.ms(r.idleDelay.max), '', ''],
      ...r.rows.map((m) => [
        m.label,
        fmt.ms(m.single.p50),
        fmt.ms(m.single.p99),
        fmt.rate(m.queriesPerSecond),
        fmt.ms(m.delay.p50),
        fmt.ms(m.delay.p99),
        fmt.ms(m.delay.max),
        fmt.ms(m.long.ms),
        fmt.ms(m.long.maxDelay),
      ]),
    ]),
  );
  log('');
  log(
    table([
      [`bare HTTP endpoint, same query (${HTTP_CONNECTIONS} connections)`, 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'main thread ms/req'],
      ...r.rows.map((m) => [m.label, fmt.rate(m.http.requestsPerSecond), fmt.ms(m.http.p50), fmt.ms(m.http.p99), fmt.ms(m.http.max), fmt.ms(m.http.mainThreadMsPerRequest)]),
    ]),
  );
  log(`  one list query on PGlite takes ${fmt.ratio(r.pgliteVsPostgres)}× as long as on PostgreSQL (p50).`);
  log(`  loop delay: perf_hooks.monitorEventLoopDelay (1 ms resolution) while ${CALLERS} callers run the query back to back, each`);
  log('  yielding to the loop between queries like a server between requests; "long stmt": all contacts joined and grouped.');
}

if (isMain(import.meta)) {
  const server = await startPostgres();
  const load = new LoadGenerator();
  try {
    console.log(`machine: ${machineLine()}`);
    console.log(`load: ${load.where}`);
    printEventLoopResult(await benchEventLoop({ serverUrl: server.url, load, seconds: envSeconds('BENCH_LOOP_SECONDS', 5) }));
  } finally {
    await load.close();
    await server.stop();
  }
}
