import type { Readable } from 'node:stream';
import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { recordAudit } from '../platform/audit.js';
import { AppError } from '../platform/errors.js';
import { parseIcs, type IcsEvent, type InvalidEvent } from '../touchpoints/ics.js';
import { applyAccounts, applyContacts, applyEvents, applyTouchpoints, ImportMemory, type BatchContext, type BatchRow, type RowOutcome } from './apply-batch.js';
import { applyDeliverables, applyIncidents, applyTargets } from './apply-ledger.js';
import type { DeliverableDraft, IncidentDraft, TargetDraft } from './map-ledger-row.js';
import { readCsv } from './csv-reader.js';
import { checkMapping, normalizeHeader, type ImportKind } from './layouts.js';
import { bindColumns, describeRowErrors, isBlankRow, mapRow, type AccountDraft, type ContactDraft, type Draft, type TouchpointDraft } from './map-row.js';
import type { CsvPlan, IcsPlan, ImportPlan } from './plan.js';
import { importsRepo, type StoredError } from './repo.js';
import { getImport } from './get-import.js';
import type { ImportView } from './schemas.js';

/** Rows per transaction: big enough that a batch costs a few statements, small enough to keep memory flat. */
export const DEFAULT_BATCH_SIZE = 1000;
/** Bad rows kept with an import; past these only the count grows. */
export const MAX_STORED_ERRORS = 1000;
/** A calendar is parsed whole (recurrences need the whole file): larger files are refused. */
export const MAX_ICS_BYTES = 50 * 1024 * 1024;

export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number | null;
  rowsRead: number;
  imported: number;
  unchanged: number;
  failed: number;
  /** Of the imported rows, accounts recorded lost with their loss record (decision 0021). */
  markedLost: number;
}

export interface RunImportOptions {
  dryRun: boolean;
  bytesTotal?: number | null;
  batchSize?: number;
  /** Aborting stops the import after the batch in progress; it is then marked failed. */
  signal?: AbortSignal;
  /** Called after every batch (once it is committed). */
  onProgress?: (progress: ImportProgress) => void;
}

/** How often the process running an import stamps its heartbeat (jobs.ts fails imports silent for long). */
export const HEARTBEAT_MS = 30_000;

export const STOPPED_MESSAGE = 'The import was stopped before the end of the file (the server shut down); import the file again: rows already imported are skipped';

/** Rows read but not yet written: the drafts, the rows that failed to map, and where the file was when the batch was cut. */
interface PendingBatch<T> {
  rows: Array<BatchRow<T>>;
  failed: RowOutcome[];
  readUpTo: number;
  bytesUpTo: number;
}

/**
 * Runs an import recorded by `createImport`: streams the file, maps each row, and writes batches
 * of `batchSize` rows, each in its own transaction together with the import's progress, so
 * progress never claims rows that are not committed and a failure keeps what was committed. While
 * one batch is written the next is parsed. Bad rows are counted and kept (the first 1000) with
 * their line and reason; the good rows around them are imported. A dry run reads, checks and
 * counts everything the same way and writes nothing but the import's own record.
 *
 * Ends with the import `done`, or `failed` with the reason (and rethrows) when the file cannot be
 * read on, the database fails, or `signal` aborts.
 */
export async function runImport(deps: Deps, actor: Actor, importId: string, plan: ImportPlan, input: Readable, options: RunImportOptions): Promise<ImportView> {
  const workspaceId = actor.workspaceId;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const memory = new ImportMemory();
  const totals: ImportProgress = { bytesRead: 0, bytesTotal: options.bytesTotal ?? null, rowsRead: 0, imported: 0, unchanged: 0, failed: 0, markedLost: 0 };
  let storedErrors = 0;

  const context = (): BatchContext => ({ workspaceId, userId: actor.userId, actor, at: deps.clock.now(), write: !options.dryRun, memory });

  /** Writes one batch and the import's progress, in one transaction (a dry run only reads). */
  async function flush<T>(batch: PendingBatch<T>, apply: Applier<T>): Promise<void> {
    if (options.signal?.aborted) throw new AppError('conflict', STOPPED_MESSAGE);
    const step = async (db: Db) => {
      const outcomes = batch.rows.length > 0 ? await apply(db, context(), batch.rows) : [];
      const all = [...batch.failed, ...outcomes];
      const next = { ...totals, bytesRead: batch.bytesUpTo, rowsRead: batch.readUpTo };
      const newErrors: StoredError[] = [];
      for (const outcome of all) {
        if (outcome.result === 'failed') {
          next.failed++;
          const column = outcome.errors[0]?.column;
          newErrors.push({ line: outcome.line, ...(column ? { column } : {}), message: describeRowErrors(outcome.errors) });
        } else if (outcome.result === 'imported') {
          next.imported++;
          if (outcome.isMarkedLost) next.markedLost++;
        } else next.unchanged++;
      }
      newErrors.sort((a, b) => a.line - b.line);
      const kept = newErrors.slice(0, Math.max(0, MAX_STORED_ERRORS - storedErrors));
      await importsRepo(db).updateProgress(workspaceId, importId, { ...next, newErrors: kept });
      return { next, kept: kept.length };
    };
    const { next, kept } = options.dryRun ? await step(deps.db) : await inTransaction(deps, (tx) => step(tx.db));
    Object.assign(totals, next);
    storedErrors += kept;
    options.onProgress?.({ ...totals });
  }

  // The sign of life by which another process tells this import from one whose process died.
  const heartbeat = setInterval(() => {
    importsRepo(deps.db).beat(workspaceId, importId, deps.clock.now()).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    await importsRepo(deps.db).markRunning(workspaceId, importId, deps.clock.now());
    if (plan.format === 'csv') await readCsvInBatches(plan, input, batchSize, flush);
    else await readIcsInBatches(plan, input, batchSize, flush);
    await inTransaction(deps, async (tx) => {
      await importsRepo(tx.db).finish(workspaceId, importId, 'done', tx.clock.now());
      if (!options.dryRun) {
        await recordAudit(tx.db, tx.clock, actor, {
          action: 'import.completed',
          entityType: 'import',
          entityId: importId,
          changes: {
            layout: plan.format === 'ics' ? 'ics' : plan.layout,
            read: totals.rowsRead,
            imported: totals.imported,
            // Only an import that recorded losses says so: the other kinds never do.
            ...(totals.markedLost > 0 ? { markedLost: totals.markedLost } : {}),
            unchanged: totals.unchanged,
            failed: totals.failed,
          },
        });
      }
    });
  } catch (error) {
    const message = error instanceof AppError ? error.message : `The import failed: ${error instanceof Error ? error.message : String(error)}`;
    await inTransaction(deps, async (tx) => {
      await importsRepo(tx.db).finish(workspaceId, importId, 'failed', tx.clock.now(), message);
      if (!options.dryRun) {
        await recordAudit(tx.db, tx.clock, actor, {
          action: 'import.failed',
          entityType: 'import',
          entityId: importId,
          changes: { reason: message, read: totals.rowsRead, imported: totals.imported },
        });
      }
    }).catch(() => undefined);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
  return getImport(deps, actor, importId);
}

type Applier<T> = (db: Db, ctx: BatchContext, rows: Array<BatchRow<T>>) => Promise<RowOutcome[]>;
type Flush = <T>(batch: PendingBatch<T>, apply: Applier<T>) => Promise<void>;

/** What writes a batch of each kind's drafts (the preview runs the same in a transaction it rolls back). */
export const APPLIERS: Record<ImportKind, Applier<Draft>> = {
  accounts: (db, ctx, rows) => applyAccounts(db, ctx, rows as Array<BatchRow<AccountDraft>>),
  contacts: (db, ctx, rows) => applyContacts(db, ctx, rows as Array<BatchRow<ContactDraft>>),
  deliverables: (db, ctx, rows) => applyDeliverables(db, ctx, rows as Array<BatchRow<DeliverableDraft>>),
  targets: (db, ctx, rows) => applyTargets(db, ctx, rows as Array<BatchRow<TargetDraft>>),
  incidents: (db, ctx, rows) => applyIncidents(db, ctx, rows as Array<BatchRow<IncidentDraft>>),
  touchpoints: (db, ctx, rows) => applyTouchpoints(db, ctx, rows as Array<BatchRow<TouchpointDraft>>),
};

/**
 * Streams the CSV, maps each row and hands batches to `flush`; the next batch is parsed while the
 * previous one is written (at most one write in flight, so batches commit in file order).
 */
async function readCsvInBatches(plan: CsvPlan, input: Readable, batchSize: number, flush: Flush): Promise<void> {
  const apply = APPLIERS[plan.kind];
  const reader = readCsv(input, { delimiter: plan.delimiter });
  let header: string[] | null = null;
  let bindings: ReturnType<typeof bindColumns> = [];
  let read = 0;
  let batch: PendingBatch<Draft> = { rows: [], failed: [], readUpTo: 0, bytesUpTo: 0 };
  let writing: Promise<void> | null = null;
  const cut = async () => {
    batch.readUpTo = read;
    batch.bytesUpTo = reader.bytesRead();
    const full = batch;
    batch = { rows: [], failed: [], readUpTo: 0, bytesUpTo: 0 };
    if (writing) await writing;
    writing = flush(full, apply);
    // Awaited before the next batch or at the end; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
  };
  for await (const record of reader.records) {
    if (header === null) {
      header = record.fields.map(normalizeHeader);
      const problems = checkMapping(plan.mapping, header, plan.kind);
      if (problems.length > 0) throw new AppError('invalid_input', `The column mapping does not fit this file: ${problems[0]?.path}: ${problems[0]?.message}`, problems);
      bindings = bindColumns(header, plan.mapping);
      continue;
    }
    if (isBlankRow(record.fields)) continue;
    read++;
    const mapped = mapRow(record.fields, bindings, { kind: plan.kind, system: plan.system, headerLength: header.length, dateOrder: plan.dateOrder, currency: plan.currency });
    if (mapped.ok) batch.rows.push({ line: record.line, draft: mapped.draft });
    else batch.failed.push({ line: record.line, result: 'failed', errors: mapped.errors });
    if (batch.rows.length + batch.failed.length >= batchSize) await cut();
  }
  if (header === null) throw new AppError('invalid_input', 'The file is empty', [{ path: 'file', message: 'Empty' }]);
  const broken = reader.broken();
  if (broken) {
    read++;
    batch.failed.push({ line: broken.line, result: 'failed', errors: [{ column: null, message: broken.message }] });
  }
  await cut();
  if (writing) await writing;
}

/** The line of each event's UID property, so a calendar's bad events are reported by line too. */
export function uidLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 0;
  for (const raw of text.split(/\r\n|\n|\r/)) {
    line++;
    const m = /^UID(?:;[^:]*)?:(.*)$/i.exec(raw);
    if (m && !lines.has((m[1] ?? '').trim())) lines.set((m[1] ?? '').trim(), line);
  }
  return lines;
}

async function readText(input: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) {
      input.destroy();
      throw new AppError('payload_too_large', `Calendar files over ${limit / 1024 / 1024} MB are not imported: export a shorter range`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A calendar is read whole (its recurrences need every part of it), then written in batches of occurrences. */
async function readIcsInBatches(plan: IcsPlan, input: Readable, batchSize: number, flush: Flush): Promise<void> {
  const text = await readText(input, MAX_ICS_BYTES);
  const bytes = Buffer.byteLength(text);
  // An event that cannot be read is a bad row at its UID's line; the other events are imported.
  const invalidEvents: InvalidEvent[] = [];
  const events = parseIcs(text, { from: plan.from, to: plan.to, invalidEvents });
  const lines = uidLines(text);
  const failed: RowOutcome[] = invalidEvents.map((e) => ({ line: lines.get(e.uid) ?? 0, result: 'failed', errors: [{ column: null, message: e.message }] }));
  const apply: Applier<IcsEvent> = (db, ctx, rows) => applyEvents(db, ctx, rows.map((r) => ({ line: r.line, event: r.draft })));
  for (let i = 0; i < events.length || i === 0; i += batchSize) {
    const chunk = events.slice(i, i + batchSize);
    const rows = chunk.map((event) => ({ line: lines.get(event.uid) ?? 0, draft: event }));
    await flush({ rows, failed: i === 0 ? failed : [], readUpTo: failed.length + Math.min(events.length, i + batchSize), bytesUpTo: bytes }, apply);
  }
}
