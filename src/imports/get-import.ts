import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { kindOfLayout, LAYOUT_IDS, LAYOUT_LABELS, type LayoutId } from './layouts.js';
import { importsRepo, type ImportRow, type StoredError } from './repo.js';
import type { ImportView, ListImportsQuery } from './schemas.js';

const isLayoutId = (v: string | null): v is LayoutId => v !== null && (LAYOUT_IDS as readonly string[]).includes(v);

/** An import as the API shows it: progress, counts, the bad rows, and why it stopped if it did. */
export function toImportView(row: ImportRow): ImportView {
  const stored = (Array.isArray(row.errors) ? row.errors : []) as StoredError[];
  const failure = stored.find((e) => e.failure)?.message ?? null;
  const errors = stored.filter((e) => !e.failure).map((e) => ({ line: e.line, column: e.column ?? null, message: e.message }));
  const layout = isLayoutId(row.layout) ? row.layout : null;
  const total = row.bytes_total === null ? null : Number(row.bytes_total);
  const read = Number(row.bytes_read);
  return {
    id: row.id,
    filename: row.filename,
    format: row.format as ImportView['format'],
    layout,
    layoutLabel: layout ? LAYOUT_LABELS[layout] : null,
    kind: kindOfLayout(layout),
    status: row.status as ImportView['status'],
    dryRun: row.dry_run,
    bytesTotal: total,
    bytesRead: read,
    percent: total ? Math.min(100, Math.round((read / total) * 1000) / 10) : row.status === 'done' ? 100 : null,
    rowsRead: row.rows_read,
    rowsImported: row.rows_imported,
    rowsUnchanged: row.rows_unchanged,
    rowsFailed: row.rows_failed,
    accountsMarkedLost: row.accounts_marked_lost,
    errors,
    errorsOmitted: Math.max(0, row.rows_failed - errors.length),
    failure,
    mapping: (row.mapping as Record<string, string> | null) ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

/** One import of the actor's workspace, with its progress and every stored error. */
export async function getImport(deps: Deps, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<ImportView> {
  const row = await importsRepo(deps.db).findImport(actor.workspaceId, id);
  if (!row) throw notFound('Import');
  return toImportView(row);
}

/** The workspace's imports, newest first. */
export async function listImports(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: ListImportsQuery): Promise<{ items: ImportView[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await importsRepo(deps.db).listImports(actor.workspaceId, query);
  return { items: rows.map(toImportView), nextCursor };
}
