/**
 * CSV import of touchpoints, next to the database's raw ingest of the same rows in the same run.
 *
 * A Rapport touchpoint CSV of BENCH_IMPORT_ROWS rows (default 1,000,000; ~170 bytes a row, some
 * quoted commas and line breaks) is written to disk as a stream, for 1,000 accounts with 2,000
 * contacts created first. Then, on PGlite (a data folder on disk, the embedded default) and on
 * PostgreSQL, each on a fresh database:
 *
 * - the import: exactly what `rapport import FILE` runs (plan, createImport, runImport streaming
 *   the file: parse, map, resolve accounts and contacts, write in 1,000-row transactions with the
 *   import's progress), measured in rows/s with the process's peak RSS sampled every 50 ms;
 * - the raw path, the same rows generated straight into the touchpoints table with no parsing or
 *   checks: on PGlite its native `COPY touchpoints FROM '/dev/blob'` (CSV); on PostgreSQL a
 *   multi-row `INSERT … SELECT FROM unnest($1::uuid[], …)` in 10,000-row statements, because
 *   `COPY FROM STDIN` through node-postgres needs the pg-copy-streams package, which is not
 *   installed (unnest is within a small factor of COPY; the ratio below is against it);
 * - memory: the same import of a quarter of the rows first, so the two peaks can be compared
 *   (flat memory means the peak does not grow with the file); each measurement runs in a child
 *   process of its own, so each peak is that import's alone.
 *
 * Goal (../shared/PRODUCT.md): import ≥ 30% of raw rows/s, memory flat in the file's size.
 * The raw path writes only touchpoints; the import also writes the contact of each touch
 * (touchpoint_contacts), as a real import does.
 *
 * PostgreSQL takes the whole file; PGlite a quarter of it unless BENCH_IMPORT_PGLITE_ROWS says
 * otherwise (see `benchImport`).
 *
 * Run alone: `npx tsx bench/import.ts`; BENCH_IMPORT_ROWS=200000 for a quicker run,
 * BENCH_IMPORT_PGLITE_ROWS=1000000 for the full million on PGlite too (about ten minutes more);
 * BENCH_DATABASE_URL to use a PostgreSQL server instead of a throwaway cluster.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseKind } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { systemClock } from '../src/platform/clock.js';
import type { Deps } from '../src/platform/deps.js';
import type { Actor } from '../src/platform/auth/roles.js';
import { foldText, searchTextOf } from '../src/accounts/account.js';
import { createUser } from '../src/workspaces/create-user.js';
import { createWorkspace } from '../src/workspaces/create-workspace.js';
import { createImport } from '../src/imports/create-import.js';
import { PLAN_BYTES, planImport } from '../src/imports/plan.js';
import { runImport } from '../src/imports/run-import.js';
import { createScratchDatabase, fmt, isMain, machineLine, startPostgres, table, tempFolder, verdict } from './support.js';

export const GOAL_RATIO = 0.3;
/**
 * Flat: the peak RSS of the full file is at most this much above the quarter file's (each import
 * in a fresh process). The slack covers what grows with the database rather than the file:
 * PGlite's buffer cache lives in this process and fills up to its fixed size.
 */
const FLAT_FACTOR = 1.25;
const FLAT_SLACK_MB = 64;
const ACCOUNTS = 1000;
const CONTACTS_PER_ACCOUNT = 2;
const START = Date.UTC(2024, 0, 1);
const CHANNELS = ['email', 'call', 'meeting', 'video', 'chat', 'social', 'report', 'other'] as const;
const SUMMARIES = [
  'Went through the monthly report; they want more detail on paid social.',
  'Quick check-in about the campaign launch, all on track.',
  'Asked for a revised quote, including the extra shoot day.',
  'Feedback on the last deliverable: happy, two small fixes.',
  '',
];

/** A row's facts from its number alone (so the CSV and the raw path produce the very same rows). */
interface BenchRow {
  account: number;
  contact: number | null;
  channel: string;
  direction: 'agency_initiated' | 'client_initiated';
  occurredAt: Date;
  duration: number | null;
  subject: string;
  summary: string;
}

function rowAt(i: number): BenchRow {
  // mulberry32 seeded by the row number: stateless, so any pass can regenerate any row.
  let s = (i * 2654435761) >>> 0;
  const r = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const account = Math.floor(r() * ACCOUNTS);
  return {
    account,
    contact: r() < 0.85 ? account * CONTACTS_PER_ACCOUNT + Math.floor(r() * CONTACTS_PER_ACCOUNT) : null,
    channel: CHANNELS[Math.floor(r() * CHANNELS.length)] ?? 'call',
    direction: r() < 0.6 ? 'agency_initiated' : 'client_initiated',
    occurredAt: new Date(START + i * 61_000),
    duration: r() < 0.3 ? null : 15 + Math.floor(r() * 90),
    subject: i % 20 === 0 ? `Call ${i}, follow-up` : `Call ${i}`,
    summary: i % 1000 === 0 ? 'Two things:\n1. budget\n2. timing' : (SUMMARIES[i % SUMMARIES.length] ?? ''),
  };
}

const accountName = (a: number) => `Bench Account ${String(a).padStart(4, '0')}`;
const contactEmail = (c: number) => `contact${c}@bench-client.test`;
/** In COPY's CSV an empty unquoted value is NULL: text columns are always quoted. */
const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Writes the touchpoint CSV as a stream (10,000 rows per write, waiting for the disk): never held whole. */
export async function writeTouchpointCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('externalId,accountName,channel,direction,occurredAt,durationMinutes,subject,summary,contactEmails\n');
  for (let start = 0; start < rows; start += 10_000) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + 10_000); i++) {
      const r = rowAt(i);
      chunk += `bench-${i},${accountName(r.account)},${r.channel},${r.direction},${r.occurredAt.toISOString()},${r.duration ?? ''},${csvCell(r.subject)},${csvCell(r.summary)},${r.contact === null ? '' : contactEmail(r.contact)}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

interface Workspace {
  deps: Deps;
  actor: Actor;
  accountIds: string[];
}

/** A workspace with the accounts and contacts the CSV names, written in bulk. */
export async function seedWorkspace(database: Database): Promise<Workspace> {
  const deps: Deps = { db: database.db, clock: systemClock };
  const user = await createUser(deps, { email: 'bench-owner@agency.test', password: 'long enough pw' });
  const ws = await createWorkspace(deps, { name: 'Bench Agency', ownerUserId: user.id, ownerLabel: user.email });
  const now = new Date();
  const accountIds = Array.from({ length: ACCOUNTS }, () => crypto.randomUUID());
  await database.db
    .insertInto('accounts')
    .values(
      accountIds.map((id, a) => ({
        workspace_id: ws.id, id, name: accountName(a), sort_name: foldText(accountName(a)), aliases: [], search_text: searchTextOf(accountName(a), []),
        category: 'bench', website: null, value_amount: null, value_currency: null, status: 'active', started_on: null, cadence_days: 14,
        is_confidential: false, notes: '', archived_at: null, created_at: now, updated_at: now,
      })),
    )
    .execute();
  const contacts = accountIds.flatMap((accountId, a) =>
    Array.from({ length: CONTACTS_PER_ACCOUNT }, (_, k) => {
      const c = a * CONTACTS_PER_ACCOUNT + k;
      return {
        workspace_id: ws.id, id: crypto.randomUUID(), account_id: accountId, name: `Contact ${c}`, sort_name: `contact ${c}`, emails: [contactEmail(c)],
        phone: null, title: null, role: 'other', influence: 3, is_primary: false, status: 'active', left_on: null, social_handles: '[]', notes: '',
        created_at: now, updated_at: now,
      };
    }),
  );
  await database.db.insertInto('contacts').values(contacts).execute();
  return { deps, actor: { workspaceId: ws.id, userId: user.id, role: 'owner', label: 'bench' }, accountIds };
}

/** Samples the process's resident memory and JS heap every 50 ms; answers the peaks (MB) and the RSS at the start. */
function sampleMemory(): { stop(): { startMb: number; peakMb: number; peakHeapMb: number } } {
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const startMb = mb(process.memoryUsage.rss());
  let peak = startMb;
  let peakHeap = mb(process.memoryUsage().heapUsed);
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, mb(m.rss));
    peakHeap = Math.max(peakHeap, mb(m.heapUsed));
  };
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { startMb, peakMb: peak, peakHeapMb: peakHeap };
    },
  };
}

interface ImportRun {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  imported: number;
  failed: number;
  startMb: number;
  peakMb: number;
  peakHeapMb: number;
}

/** The import exactly as the command line runs it, on the file. */
export async function timeImport(workspace: Workspace, file: string, rows: number): Promise<ImportRun> {
  const start = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    createReadStream(file, { end: PLAN_BYTES - 1 })
      .on('data', (c) => chunks.push(c as Buffer))
      .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      .on('error', reject);
  });
  const plan = await planImport(start, {}, new Date());
  const size = statSync(file).size;
  const created = await createImport(workspace.deps, workspace.actor, { filename: 'bench.csv', plan, dryRun: false, bytesTotal: size });
  const rss = sampleMemory();
  const began = performance.now();
  const view = await runImport(workspace.deps, workspace.actor, created.id, plan, createReadStream(file), { dryRun: false, bytesTotal: size });
  const seconds = (performance.now() - began) / 1000;
  const memory = rss.stop();
  if (view.rowsImported !== rows) throw new Error(`Imported ${view.rowsImported} of ${rows} rows (${view.rowsFailed} failed: ${view.errors[0]?.message ?? view.failure})`);
  return { rows, seconds, rowsPerSecond: rows / seconds, imported: view.rowsImported, failed: view.rowsFailed, ...memory };
}

/** PostgreSQL's fastest path here: the same rows as arrays, one INSERT … SELECT FROM unnest per 10,000. */
async function rawPostgres(url: string, workspace: Workspace, rows: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const began = performance.now();
    for (let start = 0; start < rows; start += 10_000) {
      const cols: unknown[][] = [[], [], [], [], [], [], [], [], []];
      for (let i = start; i < Math.min(rows, start + 10_000); i++) {
        const r = rowAt(i);
        const values = [crypto.randomUUID(), workspace.accountIds[r.account], r.channel, r.direction, r.occurredAt.toISOString(), r.duration, r.subject, r.summary, `bench-${i}`];
        values.forEach((v, k) => cols[k]?.push(v));
      }
      await client.query(
        `insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, duration_minutes, subject, summary, source, external_id, created_by, created_at, updated_at)
         select $1, t.id, t.account_id, t.channel, t.direction, t.occurred_at, t.duration_minutes, t.subject, t.summary, 'csv', t.external_id, $2, now(), now()
         from unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::int[], $9::text[], $10::text[], $11::text[])
           as t(id, account_id, channel, direction, occurred_at, duration_minutes, subject, summary, external_id)`,
        [workspace.actor.workspaceId, workspace.actor.userId, ...cols],
      );
    }
    return rows / ((performance.now() - began) / 1000);
  } finally {
    await client.end();
  }
}

/** PGlite's native COPY FROM '/dev/blob': the same rows as CSV of the table's columns, 100,000 per COPY. */
async function rawPglite(dataDir: string, workspace: Workspace, rows: number): Promise<number> {
  const pglite = await PGlite.create({ dataDir: join(dataDir, 'pgdata') });
  try {
    const now = new Date().toISOString();
    const began = performance.now();
    for (let start = 0; start < rows; start += 100_000) {
      let text = '';
      for (let i = start; i < Math.min(rows, start + 100_000); i++) {
        const r = rowAt(i);
        text += `${workspace.actor.workspaceId},${crypto.randomUUID()},${workspace.accountIds[r.account]},${r.channel},${r.direction},${r.occurredAt.toISOString()},${r.duration ?? ''},${quoted(r.subject)},${quoted(r.summary)},csv,bench-${i},${workspace.actor.userId},${now},${now}\n`;
      }
      await pglite.query(
        "copy touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, duration_minutes, subject, summary, source, external_id, created_by, created_at, updated_at) from '/dev/blob' with (format csv)",
        [],
        { blob: new Blob([text]) },
      );
    }
    return rows / ((performance.now() - began) / 1000);
  } finally {
    await pglite.close();
  }
}

export interface ImportBenchResult {
  kind: DatabaseKind;
  fileMb: number;
  small: ImportRun;
  full: ImportRun;
  rawMethod: string;
  rawRowsPerSecond: number;
  ratio: number;
  flat: boolean;
}

/** A fresh, migrated database of `kind` for one measurement, with how to drop it. */
export async function freshDatabase(kind: DatabaseKind, serverUrl: string | undefined): Promise<{ database: Database; url?: string; dataDir?: string; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const folder = tempFolder('rapport-bench-import-pglite-');
    const database = await openDatabase({ dataDir: folder.path });
    await migrate(database);
    return { database, dataDir: folder.path, drop: async () => folder.remove() };
  }
  if (!serverUrl) throw new Error('PostgreSQL needs a server URL');
  const scratch = await createScratchDatabase(serverUrl);
  const database = await openDatabase({ url: scratch.url, poolSize: 4 });
  await migrate(database);
  return { database, url: scratch.url, drop: () => scratch.drop() };
}

interface Measurement {
  kind: DatabaseKind;
  mode: 'import' | 'raw';
  file: string;
  rows: number;
  serverUrl?: string | undefined;
}

/** One measurement on a fresh database, in this process (the child's side of `measure`). */
async function measureHere(m: Measurement): Promise<ImportRun | { rowsPerSecond: number }> {
  const fresh = await freshDatabase(m.kind, m.serverUrl);
  try {
    const workspace = await seedWorkspace(fresh.database);
    if (m.mode === 'import') return await timeImport(workspace, m.file, m.rows);
    await fresh.database.close();
    return { rowsPerSecond: m.kind === 'pglite' ? await rawPglite(fresh.dataDir ?? '', workspace, m.rows) : await rawPostgres(fresh.url ?? '', workspace, m.rows) };
  } finally {
    await fresh.database.close().catch(() => undefined);
    await fresh.drop();
  }
}

/**
 * Runs one measurement in a child process of its own, so that each peak of memory is that
 * import's alone (a PGlite closed earlier in the same process would leave its memory behind).
 */
function measure(m: Measurement): Promise<ImportRun | { rowsPerSecond: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), CHILD_FLAG, JSON.stringify(m)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as ImportRun | { rowsPerSecond: number });
      else reject(new Error(`measurement ${m.mode} on ${m.kind} failed (exit ${code}): ${out.slice(-2000)}`));
    });
  });
}
const CHILD_FLAG = '--measure-import';

export async function benchImportOn(kind: DatabaseKind, options: { serverUrl?: string; rows: number; fullFile: string; smallFile: string; fileMb: number }): Promise<ImportBenchResult> {
  const small = Math.floor(options.rows / 4);
  const smallRun = (await measure({ kind, mode: 'import', file: options.smallFile, rows: small, serverUrl: options.serverUrl })) as ImportRun;
  const fullRun = (await measure({ kind, mode: 'import', file: options.fullFile, rows: options.rows, serverUrl: options.serverUrl })) as ImportRun;
  const raw = await measure({ kind, mode: 'raw', file: options.fullFile, rows: options.rows, serverUrl: options.serverUrl });
  return {
    kind,
    fileMb: options.fileMb,
    small: smallRun,
    full: fullRun,
    rawMethod: kind === 'pglite' ? "COPY FROM '/dev/blob' (CSV)" : 'INSERT … SELECT FROM unnest, 10,000 rows a statement (no pg-copy-streams for COPY FROM STDIN)',
    rawRowsPerSecond: raw.rowsPerSecond,
    ratio: fullRun.rowsPerSecond / raw.rowsPerSecond,
    flat: fullRun.peakMb <= smallRun.peakMb * FLAT_FACTOR + FLAT_SLACK_MB,
  };
}

/** Writes the two files once and measures both databases. */
/**
 * Writes the files once and measures both databases: PostgreSQL on the full file, PGlite on a
 * quarter of it by default (BENCH_IMPORT_PGLITE_ROWS changes that), because PGlite writing to disk
 * takes ~10,000 rows/s even by COPY on a 2-core machine: the full million there (import, raw, and
 * the memory run) would take the benchmark well past five minutes. Each database's memory run
 * imports a quarter of its own size.
 */
export async function benchImport(options: { serverUrl: string; rows?: number; pgliteRows?: number }): Promise<ImportBenchResult[]> {
  const rows = options.rows ?? rowsFromEnv();
  const pgliteRows = Math.min(rows, options.pgliteRows ?? pgliteRowsFromEnv(rows));
  const folder = tempFolder('rapport-bench-import-');
  try {
    const began = performance.now();
    const sizes = [...new Set([rows, Math.floor(rows / 4), pgliteRows, Math.floor(pgliteRows / 4)])].sort((a, b) => b - a);
    const files = new Map<number, { path: string; mb: number }>();
    for (const size of sizes) {
      const path = join(folder.path, `touchpoints-${size}.csv`);
      files.set(size, { path, mb: (await writeTouchpointCsv(path, size)) / 1024 / 1024 });
    }
    const fileOf = (size: number) => files.get(size) ?? { path: '', mb: 0 };
    console.log(
      `files: ${sizes.map((n) => `${n.toLocaleString('en')} rows (${fileOf(n).mb.toFixed(0)} MB)`).join(', ')}; written in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
    const results: ImportBenchResult[] = [];
    for (const [kind, n] of [['pglite', pgliteRows], ['postgres', rows]] as const) {
      results.push(await benchImportOn(kind, { serverUrl: options.serverUrl, rows: n, fullFile: fileOf(n).path, smallFile: fileOf(Math.floor(n / 4)).path, fileMb: fileOf(n).mb }));
      printImportResult(results.at(-1)!);
    }
    return results;
  } finally {
    folder.remove();
  }
}

export function rowsFromEnv(): number {
  const value = Number(process.env.BENCH_IMPORT_ROWS);
  return Number.isFinite(value) && value >= 1000 ? Math.floor(value) : 1_000_000;
}

function pgliteRowsFromEnv(rows: number): number {
  const value = Number(process.env.BENCH_IMPORT_PGLITE_ROWS);
  return Number.isFinite(value) && value >= 1000 ? Math.floor(value) : Math.max(1000, Math.floor(rows / 4));
}

export function printImportResult(r: ImportBenchResult): void {
  const name = r.kind === 'pglite' ? 'PGlite (data folder on disk, in the importing process)' : 'PostgreSQL';
  console.log(`\n### ${name}`);
  console.log(
    table([
      ['', 'rows', 'seconds', 'rows/s', 'peak RSS MB', 'peak JS heap MB'],
      ...[r.small, r.full].map((run) => [
        run === r.full ? 'import (full file)' : 'import (quarter file)',
        run.rows.toLocaleString('en'),
        run.seconds.toFixed(1),
        fmt.rate(run.rowsPerSecond),
        run.peakMb.toFixed(0),
        run.peakHeapMb.toFixed(0),
      ]),
      ['raw ingest', r.full.rows.toLocaleString('en'), (r.full.rows / r.rawRowsPerSecond).toFixed(1), fmt.rate(r.rawRowsPerSecond), '', ''],
    ]),
  );
  console.log(`raw path: ${r.rawMethod}`);
  console.log(
    `import / raw: ${fmt.pct(r.ratio)} (goal ≥ ${fmt.pct(GOAL_RATIO)}); memory ${r.flat ? 'flat' : 'NOT flat'}: peak RSS ${r.small.peakMb.toFixed(0)} MB for the quarter file, ` +
      `${r.full.peakMb.toFixed(0)} MB for the whole ${r.fileMb.toFixed(0)} MB file (each in a fresh process)`,
  );
}

export function importGoals(results: readonly ImportBenchResult[]): Array<[string, boolean, string]> {
  return results.flatMap((r): Array<[string, boolean, string]> => {
    const name = r.kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
    return [
      [`Import on ${name} ≥ ${fmt.pct(GOAL_RATIO)} of raw ingest rows/s`, r.ratio >= GOAL_RATIO, `${fmt.rate(r.full.rowsPerSecond)} vs ${fmt.rate(r.rawRowsPerSecond)} rows/s = ${fmt.pct(r.ratio)}`],
      [
        `Import on ${name}: memory flat in file size`,
        r.flat,
        `peak RSS ${r.small.peakMb.toFixed(0)} MB (${r.small.rows.toLocaleString('en')} rows) vs ${r.full.peakMb.toFixed(0)} MB (${r.full.rows.toLocaleString('en')} rows, ${r.fileMb.toFixed(0)} MB)`,
      ],
    ];
  });
}

if (process.argv[2] === CHILD_FLAG) {
  // A measurement in a process of its own (see `measure`): the result is one line on stdout.
  const result = await measureHere(JSON.parse(process.argv[3] ?? '{}') as Measurement);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
} else if (isMain(import.meta)) {
  const started = performance.now();
  const server = await startPostgres();
  process.once('SIGINT', () => void server.stop().finally(() => process.exit(130)));
  try {
    console.log('# Import benchmark');
    console.log(`machine: ${machineLine()}`);
    console.log(`PostgreSQL: ${server.origin}`);
    const results = await benchImport({ serverUrl: server.url });
    console.log('\n## Goals');
    console.log(table([['', 'goal', 'measured'], ...importGoals(results).map(([label, met, measured]) => [verdict(met), label, measured])]));
    console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } catch (error) {
    console.error('\nbenchmark failed:', error);
    process.exitCode = 1;
  } finally {
    await server.stop();
  }
}
