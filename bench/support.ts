/**
 * What the benchmarks share: a throwaway PostgreSQL (or BENCH_DATABASE_URL) with a scratch database
 * per benchmark, a load generator in a worker thread, timing statistics and table printing.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** True when `importMeta` is the module node was started with (so a bench file can run alone). */
export function isMain(importMeta: ImportMeta): boolean {
  return Boolean(process.argv[1]) && importMeta.url === pathToFileURL(process.argv[1] ?? '').href;
}

/** Seconds from the environment (BENCH_DURATION and friends), for quicker runs while developing. */
export function envSeconds(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function machineLine(): string {
  const [one, five] = loadavg();
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), load average ${one?.toFixed(2)} / ${five?.toFixed(2)} (1 / 5 min), Node ${process.version}`;
}

/** A warning when other processes keep the machine busy (load average above the core count). */
export function busyWarning(): string | undefined {
  const [one] = loadavg();
  const cores = cpus().length;
  if (one === undefined || one <= cores) return undefined;
  return `WARNING: the machine is busy (load ${one.toFixed(1)} on ${cores} cores): absolute numbers will be low and noisy; ratios less so.`;
}

export interface PostgresServer {
  /** A superuser-ish URL on the server; scratch databases are created through it. */
  url: string;
  /** Where it came from, for the output. */
  origin: string;
  stop(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL when set (the role must be allowed to create databases), otherwise a throwaway
 * cluster from Debian's packages via scripts/pg-throwaway.sh in a temp folder, removed on stop.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { url: given, origin: 'BENCH_DATABASE_URL', stop: async () => undefined };
  const parent = mkdtempSync(join(tmpdir(), 'rapport-bench-pg-'));
  // The script runs the server as the postgres user when we are root: it must reach the folder.
  chmodSync(parent, 0o755);
  const dir = join(parent, 'cluster');
  const script = join(ROOT, 'scripts', 'pg-throwaway.sh');
  try {
    const { stdout } = await run(script, ['start', dir]);
    const url = stdout.trim().split('\n').at(-1) ?? '';
    if (!url.startsWith('postgres')) throw new Error(`pg-throwaway.sh printed no URL: ${stdout}`);
    return {
      url,
      origin: `throwaway cluster from scripts/pg-throwaway.sh (fsync off) in ${dir}`,
      async stop() {
        await run(script, ['stop', dir]).catch(() => undefined);
        rmSync(parent, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await run(script, ['stop', dir]).catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    throw error;
  }
}

/** A new empty database on the server, so each benchmark starts from the same state. */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rapport_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A temp folder for a PGlite data folder, removed by the returned function. */
export function tempFolder(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface LoadResult {
  title: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  bytesPerResponse: number;
  /**
   * Main-thread busy time per request (event-loop utilization × duration ÷ requests): the server's
   * own JavaScript cost, independent of how fast the database or the rest of the machine is.
   */
  mainThreadMsPerRequest: number;
}

export interface LoadTarget {
  title: string;
  url: string;
  headers?: Record<string, string>;
}

export interface LoadOptions {
  connections: number;
  /** Measured seconds per target, split into `slices`. */
  seconds: number;
  /** Unmeasured seconds per target before the first slice. */
  warmupSeconds: number;
  /**
   * Slices per target, interleaved A B B A A B …: on a shared machine the load of other processes
   * drifts, and interleaving spreads the drift over every target instead of whichever ran last.
   */
  slices?: number;
  /** A request slower than this counts as an error (default 30 s: slow answers are measured, not dropped). */
  timeoutSeconds?: number;
}

// The worker is plain JavaScript (no TypeScript loader inside worker threads); it imports
// autocannon by absolute URL. One job measures a group of targets in interleaved slices; it
// announces each slice so the main thread can charge its event-loop time to the right target.
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = import(workerData.autocannonUrl).then((m) => m.default);
parentPort.on('message', async (job) => {
  try {
    const autocannon = await ready;
    const opts = (t, duration) => ({ url: t.url, headers: t.headers, connections: job.connections, pipelining: 1, timeout: job.timeoutSeconds, duration });
    // When a run stops, the server still holds the requests in flight; one more request, queued
    // behind them, returns when they are done, so the next slice starts on an idle server.
    const drain = (t) => fetch(t.url, { headers: t.headers }).then((r) => r.arrayBuffer());
    for (const t of job.targets) {
      if (job.warmupSeconds > 0) await autocannon(opts(t, job.warmupSeconds));
      await drain(t);
    }
    const raws = job.targets.map(() => []);
    const sliceSeconds = job.seconds / job.slices;
    for (let s = 0; s < job.slices; s++) {
      const order = job.targets.map((_, i) => i);
      if (s % 2 === 1) order.reverse();
      for (const i of order) {
        parentPort.postMessage({ slice: 'start', target: i });
        raws[i].push(await autocannon(opts(job.targets[i], sliceSeconds)));
        parentPort.postMessage({ slice: 'stop', target: i });
        await drain(job.targets[i]);
      }
    }
    // Off the main thread autocannon hands back encoded histograms; aggregateResult merges them.
    const results = job.targets.map((t, i) => {
      const r = autocannon.aggregateResult(raws[i], opts(t, job.seconds));
      const sum = (k) => raws[i].reduce((n, raw) => n + (raw[k] || 0), 0);
      return {
        requests: sum('totalCompletedRequests'), duration: sum('duration'), bytes: sum('totalBytes'),
        p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
      };
    });
    parentPort.postMessage({ ok: true, results });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.stack || error) });
  }
});
`;

interface WorkerAnswer {
  ok?: boolean;
  error?: string;
  results?: Array<Record<string, number>>;
  slice?: 'start' | 'stop';
  target?: number;
}

/**
 * autocannon in a worker thread of this process: the server under test keeps the main thread's
 * event loop to itself, and the load generator gets the machine's other core.
 */
export class LoadGenerator {
  readonly where = 'autocannon in a worker thread of the same process (servers on the main thread)';
  readonly #worker: Worker;

  constructor() {
    const autocannonUrl = import.meta.resolve('autocannon');
    this.#worker = new Worker(LOAD_WORKER, { eval: true, workerData: { autocannonUrl } });
    this.#worker.unref();
  }

  /** Measures each target for `seconds` at `connections`, in interleaved slices. */
  async run(targets: readonly LoadTarget[], options: LoadOptions): Promise<LoadResult[]> {
    const slices = options.slices ?? 1;
    const busy = targets.map(() => 0);
    let sliceStart: EventLoopUtilization | undefined;
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      const onMessage = (message: WorkerAnswer) => {
        if (message.slice === 'start') {
          sliceStart = performance.eventLoopUtilization();
          return;
        }
        if (message.slice === 'stop') {
          busy[message.target ?? 0]! += performance.eventLoopUtilization(sliceStart).active;
          return;
        }
        this.#worker.off('error', onError);
        this.#worker.off('message', onMessage);
        resolve(message);
      };
      this.#worker.once('error', onError);
      this.#worker.on('message', onMessage);
      this.#worker.postMessage({
        targets: targets.map((t) => ({ ...t, headers: t.headers ?? {} })),
        connections: options.connections,
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
        slices,
        timeoutSeconds: options.timeoutSeconds ?? 30,
      });
    });
    if (!answer.ok || !answer.results) throw new Error(`autocannon failed for ${targets.map((t) => t.title).join(', ')}: ${answer.error}`);
    return targets.map((target, i) => {
      const r = answer.results?.[i] ?? {};
      const requests = r.requests ?? 0;
      return {
        title: target.title,
        requestsPerSecond: requests / (r.duration || options.seconds),
        p50: r.p50 ?? NaN,
        p99: r.p99 ?? NaN,
        max: r.max ?? NaN,
        requests,
        non2xx: r.non2xx ?? 0,
        errors: r.errors ?? 0,
        timeouts: r.timeouts ?? 0,
        bytesPerResponse: requests > 0 ? (r.bytes ?? 0) / requests : 0,
        mainThreadMsPerRequest: requests > 0 ? (busy[i] ?? 0) / requests : NaN,
      };
    });
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}

/** Runs `fn` `times` times one after another (after `warmup` untimed runs); milliseconds per run. */
export async function timeRuns(fn: () => Promise<unknown> | unknown, times: number, warmup = Math.ceil(times / 10)): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), mean, max: sorted.at(-1) ?? NaN };
}

export const fmt = {
  ms: (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) : '—'),
  rate: (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : '—'),
  ratio: (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—'),
  pct: (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : '—'),
};

/** A plain-text table: the first row is the header, numbers right-aligned. */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: ReadonlyArray<string>) =>
    row.map((cell, i) => (i === 0 || !/^[\d.,—%x-]+/.test(cell) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const [head, ...body] = rows;
  if (!head) return '';
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** PASS or MISS next to a goal; a missed goal is reported, never an error. */
export const verdict = (met: boolean): string => (met ? 'PASS' : 'MISS');

/** CPU seconds used so far, read before and after a piece of work: `() => seconds`. */
export type CpuMeter = () => number;

/** This process's CPU (user + system) in seconds: all of PGlite's work, and Node's part of PostgreSQL's. */
export const nodeCpu: CpuMeter = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** A /proc/<pid>/stat line's fields after the command name (which may hold spaces): index 0 is the state. */
function procStat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Whether the process is PostgreSQL's (its command name), so that a remote backend's pid is not taken for a local process. */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

/**
 * The CPU a PostgreSQL server on this machine has used, from /proc: every process of the server
 * (backends, background workers) plus what the postmaster's reaped children used (the parallel
 * workers of a statement live only as long as it). `backendPid` is any connection's
 * `pg_backend_pid()`. Undefined when the server is not visible here (another machine, whose pid
 * is no local postgres process, or /proc missing): the bench then prints Node's CPU alone. Clock ticks are taken at 100 a second, as on
 * every Linux that Node supports.
 */
export function postgresCpu(backendPid: number): CpuMeter | undefined {
  const TICKS = 100;
  const backend = procStat(backendPid);
  const postmaster = Number(backend?.[1]);
  if (!backend || !Number.isInteger(postmaster) || !isPostgres(backendPid) || !isPostgres(postmaster)) return undefined;
  return () => {
    // Fields (counted from the state, 0): ppid 1, utime 11, stime 12, cutime 13, cstime 14.
    const own = procStat(postmaster);
    let ticks = own ? Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]) : 0;
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const f = procStat(Number(name));
      if (f && Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks / TICKS;
  };
}
