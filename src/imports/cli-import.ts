import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Config } from '../platform/config.js';
import { AppError, ERROR_CODES, EXIT_CODES, type ErrorCode } from '../platform/errors.js';
import type { Database } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { decodeStart } from './encoding.js';
import { createImport } from './create-import.js';
import { DATE_ORDERS, type DateOrder } from './dates.js';
import { getImport } from './get-import.js';
import { LAYOUT_LABELS, type ColumnMapping } from './layouts.js';
import { chooseWorkspace, cliActor, LOCAL_SECRET_HEADER, readServerInfo, type ServerInfo } from './local-access.js';
import { PLAN_BYTES, planImport } from './plan.js';
import { runImport, type ImportProgress } from './run-import.js';
import { CurrencyParam, ImportSchema, MappingSchema, type ImportView } from './schemas.js';

export interface ImportFileOptions {
  file: string;
  /** Workspace id, slug or name; without it, the only workspace. */
  workspace?: string | undefined;
  dryRun: boolean;
  mapping?: ColumnMapping | undefined;
  dateOrder?: DateOrder | undefined;
  /** Amounts whose row names no currency are in this one; without it such rows fail. */
  currency?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  config: Config;
  /** Opens and migrates the configured database (the CLI's `openForCommand`); fails `locked` while a server holds it. */
  open: () => Promise<{ database: Database; deps: Deps }>;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Aborting stops a direct import after the batch in progress (Ctrl-C). */
  signal?: AbortSignal | undefined;
  /** How often to ask a running server for progress. */
  pollMs?: number;
}

export interface ImportFileResult {
  view: ImportView;
  /** The database directly, or a running server (whose URL is given) that holds the data folder. */
  via: { kind: 'database' } | { kind: 'server'; url: string };
  workspace: { name: string; slug: string } | null;
  /** Set when the import failed: what kind of failure, for the exit code. */
  errorCode?: ErrorCode;
}

async function readStart(file: string): Promise<{ size: number; start: string }> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new AppError('not_found', `No file ${file}`);
  }
  if (!info.isFile()) throw new AppError('invalid_input', `${file} is not a file`);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(PLAN_BYTES, info.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { size: info.size, start: decodeStart(buffer.subarray(0, bytesRead)) };
  } finally {
    await handle.close();
  }
}

/**
 * What `rapport import FILE` does: opens the database itself when it can; when an embedded server
 * holds the data folder (`locked`), sends the file to that server with the secret it left in
 * server.json and follows the import's progress there. Either way the import acts as the
 * workspace's first owner, labelled `cli`, and the result is the same import record.
 */
export async function importFile(options: ImportFileOptions): Promise<ImportFileResult> {
  const { size, start } = await readStart(options.file);
  let opened: { database: Database; deps: Deps };
  try {
    opened = await options.open();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'locked' || options.config.DATABASE_URL) throw error;
    const server = readServerInfo(options.config.RAPPORT_DATA_DIR);
    if (!server) throw new AppError('locked', `${error.message} (It left no server.json to reach it by: is it a Rapport older than this command?)`);
    return importThroughServer(server, options, size, start);
  }
  const { database, deps } = opened;
  try {
    const workspace = await chooseWorkspace(deps, options.workspace);
    const actor = await cliActor(deps, workspace.id);
    const plan = await planImport(start, { mapping: options.mapping, dateOrder: options.dateOrder, currency: options.currency, from: options.from, to: options.to }, deps.clock.now());
    const created = await createImport(deps, actor, { filename: basename(options.file), plan, dryRun: options.dryRun, bytesTotal: size });
    const ws = { name: workspace.name, slug: workspace.slug };
    try {
      const view = await runImport(deps, actor, created.id, plan, createReadStream(options.file), {
        dryRun: options.dryRun,
        bytesTotal: size,
        signal: options.signal,
        onProgress: options.onProgress,
      });
      return { view, via: { kind: 'database' }, workspace: ws };
    } catch (error) {
      return { view: await getImport(deps, actor, created.id), via: { kind: 'database' }, workspace: ws, errorCode: error instanceof AppError ? error.code : 'internal_error' };
    }
  } finally {
    await database.close();
  }
}

const ErrorBodySchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })).default([]) }) });

/** One HTTP exchange with the local server; an error answer becomes the AppError it stands for. */
function call(server: ServerInfo, method: 'GET' | 'POST', path: string, headers: Record<string, string | number>, body?: NodeJS.ReadableStream): Promise<unknown> {
  const url = new URL(path, server.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers: { ...headers, [LOCAL_SECRET_HEADER]: server.secret, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          reject(new AppError('internal_error', `The server at ${server.url} answered ${res.statusCode} with something other than JSON`));
          return;
        }
        if ((res.statusCode ?? 500) >= 400) {
          const error = ErrorBodySchema.safeParse(parsed);
          reject(error.success ? new AppError(error.data.error.code, error.data.error.message, error.data.error.details) : new AppError('internal_error', `The server answered ${res.statusCode}`));
        } else resolve(parsed);
      });
    });
    req.on('error', (error) => reject(new AppError('locked', `A Rapport server holds the data folder, but it could not be reached at ${server.url} (${error.message})`)));
    if (body) {
      body.on('error', (error) => req.destroy(error));
      body.pipe(req);
    } else req.end();
  });
}

async function importThroughServer(server: ServerInfo, options: ImportFileOptions, size: number, start: string): Promise<ImportFileResult> {
  const query = new URLSearchParams({ filename: basename(options.file), dryRun: String(options.dryRun) });
  if (options.mapping) query.set('mapping', JSON.stringify(options.mapping));
  if (options.dateOrder) query.set('dateOrder', options.dateOrder);
  if (options.currency) query.set('currency', options.currency);
  if (options.from) query.set('from', options.from.toISOString());
  if (options.to) query.set('to', options.to.toISOString());
  const headers: Record<string, string | number> = {
    'content-type': /^\uFEFF?\s*BEGIN:VCALENDAR/i.test(start) ? 'text/calendar' : 'text/csv',
    'content-length': size,
  };
  if (options.workspace) headers['x-rapport-workspace'] = options.workspace;
  const created = ImportSchema.parse(await call(server, 'POST', `/api/imports?${query}`, headers, createReadStream(options.file)));
  const workspaceHeader: Record<string, string> = options.workspace ? { 'x-rapport-workspace': options.workspace } : {};
  let view = created;
  while (view.status === 'queued' || view.status === 'running') {
    if (options.signal?.aborted) {
      throw new AppError('conflict', `Stopped following the import; the server goes on with it (GET /api/imports/${view.id} shows how it ends)`);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
    view = ImportSchema.parse(await call(server, 'GET', `/api/imports/${view.id}`, workspaceHeader));
    options.onProgress?.({ bytesRead: view.bytesRead, bytesTotal: view.bytesTotal, rowsRead: view.rowsRead, imported: view.rowsImported, unchanged: view.rowsUnchanged, failed: view.rowsFailed, markedLost: view.accountsMarkedLost });
  }
  return { view, via: { kind: 'server', url: server.url }, workspace: null, ...(view.status === 'failed' ? { errorCode: 'invalid_input' as const } : {}) };
}

const count = (n: number) => n.toLocaleString('en');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * A progress line on a terminal, rewritten in place: share of the file, rows per second and the
 * counts so far. Off a terminal (a log, a pipe) a line every ten seconds instead.
 */
export function progressPrinter(stream: NodeJS.WriteStream, now: () => number = Date.now): { update(p: ImportProgress): void; done(): void } {
  const started = now();
  // Off a terminal the first line waits ten seconds: a short import prints only its summary.
  let lastPrinted = stream.isTTY ? 0 : started;
  let printed = false;
  return {
    update(p) {
      const t = now();
      const seconds = Math.max(0.001, (t - started) / 1000);
      if (!stream.isTTY && t - lastPrinted < 10_000) return;
      if (stream.isTTY && t - lastPrinted < 100) return;
      lastPrinted = t;
      const share = p.bytesTotal ? `${Math.min(100, Math.floor((p.bytesRead / p.bytesTotal) * 100))}% of ${megabytes(p.bytesTotal)} · ` : '';
      const line = `  ${share}${count(Math.round(p.rowsRead / seconds))} rows/s · ${count(p.rowsRead)} read: ${count(p.imported)} imported, ${count(p.unchanged)} unchanged, ${count(p.failed)} failed`;
      stream.write(stream.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
      printed = true;
    },
    done() {
      if (printed && stream.isTTY) stream.write('\n');
    },
  };
}

/** The closing report: what was read and done, then every bad row (the first 50, then how many more). */
export function formatSummary(result: ImportFileResult, seconds: number): string {
  const { view } = result;
  const layout = view.layout ? LAYOUT_LABELS[view.layout] : 'unknown layout';
  const where = result.workspace ? `${result.workspace.name} (${result.workspace.slug})` : `the workspace, through the running server at ${result.via.kind === 'server' ? result.via.url : ''}`;
  const lines: string[] = [];
  const head = view.dryRun
    ? `Checked ${view.filename} (${layout}) against ${where} in ${seconds.toFixed(1)} s: a dry run, nothing was saved.`
    : `${view.status === 'failed' ? 'Stopped importing' : 'Imported'} ${view.filename} (${layout}) into ${where} in ${seconds.toFixed(1)} s.`;
  lines.push(head);
  const would = view.dryRun ? 'would be imported' : 'imported';
  // The accounts recorded lost are among the rows imported (decision 0021).
  const marked = view.accountsMarkedLost;
  const lost = marked <= 0 ? '' : marked === 1 ? ` (1 of them as a lost account, with its loss record)` : ` (${count(marked)} of them as lost accounts, with their loss record)`;
  lines.push(`${count(view.rowsRead)} rows read: ${count(view.rowsImported)} ${would}${lost}, ${count(view.rowsUnchanged)} already there (unchanged), ${count(view.rowsFailed)} failed.`);
  if (view.failure) lines.push(`The import stopped: ${view.failure}`);
  if (view.rowsFailed > 0) {
    lines.push('', `${count(view.rowsFailed)} bad ${view.rowsFailed === 1 ? 'row was' : 'rows were'} not imported${view.dryRun ? ' (would not be)' : ''}; fix them and import the file again (rows already imported are skipped):`);
    const shown = view.errors.slice(0, 50);
    for (const e of shown) lines.push(`  line ${e.line}: ${e.message}`);
    const more = view.rowsFailed - shown.length;
    if (more > 0) lines.push(`  and ${count(more)} more`);
  }
  return `${lines.join('\n')}\n`;
}

/** Exit code of an import: 0 when anything was imported or already there (bad rows alone are no failure). */
export function exitCodeOf(result: ImportFileResult): number {
  if (result.errorCode) return EXIT_CODES[result.errorCode];
  const { view } = result;
  return view.rowsImported + view.rowsUnchanged > 0 ? 0 : EXIT_CODES.invalid_input;
}

export const ImportCommandOptionsSchema = z.object({
  workspace: z.string().trim().min(1).max(200).optional(),
  dryRun: z.boolean().default(false),
  mapping: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Not JSON: give {"column": "field", ...}' });
        return z.NEVER;
      }
    })
    .pipe(MappingSchema)
    .optional(),
  dateOrder: z.enum(DATE_ORDERS).optional(),
  currency: CurrencyParam.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

/**
 * The `import` command: runs the import, shows progress on stderr, prints the summary on stdout
 * and sets the exit code. Ctrl-C stops a direct import after its current batch (the rows committed
 * so far stay; importing again skips them).
 */
export async function importCommand(
  file: string,
  raw: Record<string, unknown>,
  env: { config: Config; open: () => Promise<{ database: Database; deps: Deps }> },
): Promise<void> {
  const opts = ImportCommandOptionsSchema.parse(raw);
  const progress = progressPrinter(process.stderr);
  const controller = new AbortController();
  const onInterrupt = () => {
    process.stderr.write('\nStopping: a direct import ends after the batch it is writing (Ctrl-C again to quit at once)…\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  const started = Date.now();
  try {
    const result = await importFile({ file, ...opts, ...env, onProgress: (p) => progress.update(p), signal: controller.signal });
    progress.done();
    process.stdout.write(formatSummary(result, (Date.now() - started) / 1000));
    const code = exitCodeOf(result);
    if (code !== 0 && !result.errorCode) process.stderr.write('Nothing could be imported.\n');
    else if (code === 0 && result.view.rowsFailed > 0) {
      const rows = result.view.rowsFailed === 1 ? '1 bad row' : `${count(result.view.rowsFailed)} bad rows`;
      process.stderr.write(`${rows} (listed above) not ${result.view.dryRun ? 'importable' : 'imported'}; the other rows were ${result.view.dryRun ? 'checked' : 'imported'}.\n`);
    }
    process.exitCode = code;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
