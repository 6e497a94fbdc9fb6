import { useRef, useState, type DragEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { isMissingRoute as isMissingApi } from '../../api/client';
import { DATE_ORDERS, type ColumnMapping, type DateOrder, type ImportJob, type ImportKind, type ImportPreview, type LossReason } from '../../api/types';
import { useSession } from '../../session';
import { usePageTitle } from '../../components/page-title';
import { FormError } from '../../components/form-error';
import { TableScroll } from '../../components/table-scroll';
import { LOSS_REASON_LABELS, formatBytes, formatCount, formatDateTime, formatRelative, plural } from '../../format';
import { readFileStart } from './file-start';
import { ImportProgress } from './import-progress';
import { MappingTable } from './mapping-table';
import { KIND_LABELS, STATUS_LABELS, layoutLabel, previewColumnLabel, problemText } from './labels';

/** Currencies offered for amounts without one; the workspace's own comes first when it is another. */
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CAD', 'AUD', 'JPY'];

/** Whether the mapping imports an amount, so rows may need a currency for it. */
const importsAmounts = (preview: ImportPreview, mapping: ColumnMapping) =>
  preview.kind === 'accounts' && Object.values(mapping).some((f) => f === 'value' || f === 'annualValue');

interface PreviewOptions {
  mapping?: ColumnMapping | undefined;
  kind?: ImportKind | undefined;
  dateOrder: DateOrder | '';
  currency?: string | undefined;
}

/** How much of the file the preview reads: enough for the header and the first rows. */
export const PREVIEW_BYTES = 256 * 1024;

/** CSV or calendar, by the name and, failing that, by the first line. */
export function contentTypeOf(file: File, start: string): 'text/csv' | 'text/calendar' {
  if (/\.ics$/i.test(file.name) || file.type === 'text/calendar') return 'text/calendar';
  if (/\.csv$/i.test(file.name) || file.type === 'text/csv') return 'text/csv';
  return /^\uFEFF?BEGIN:VCALENDAR/i.test(start.trimStart()) ? 'text/calendar' : 'text/csv';
}

interface Chosen {
  file: File;
  contentType: 'text/csv' | 'text/calendar';
}

/**
 * Import accounts, contacts and touchpoints from a CSV (HubSpot, Salesforce, Twenty or Rapport's
 * own layout) or a calendar file: preview with the detected layout and a column mapping to
 * adjust, a dry run or the real import with a progress bar, then the counts and every bad row by
 * line. The running or last import is in the URL (?import=<id>) so a reload keeps it.
 */
export function ImportScreen() {
  usePageTitle('Import');
  const { canWrite } = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('import');
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  /** The start of the file as sent to the preview, kept to preview again with another mapping. */
  const [start, setStart] = useState('');
  const [mapping, setMapping] = useState<ColumnMapping>({});
  /** Whether the user changed the detected mapping (only then is it sent). */
  const [mapped, setMapped] = useState(false);
  const [dateOrder, setDateOrder] = useState<DateOrder | ''>('');
  /** What the rows become, once the user chose it (by the selector or a field's group); undefined: as detected. */
  const [kind, setKind] = useState<ImportKind | undefined>(undefined);
  /**
   * The currency of amounts whose row names none: null until the first preview suggests one (then
   * it is shown selected and sent), '' when the user chose none (such rows then fail).
   */
  const [currency, setCurrency] = useState<string | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [starting, setStarting] = useState<'dry' | 'real' | null>(null);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  /** Previews answer out of order when the mapping changes fast: only the latest one counts. */
  const previewSeq = useRef(0);
  const recent = useQuery({ queryKey: keys.imports, queryFn: ({ signal }) => api.imports.list(signal), retry: false });

  async function runPreview(text: string, contentType: Chosen['contentType'], file: File, options: PreviewOptions) {
    setPreviewError(null);
    setStartError(null);
    setPreviewing(true);
    const seq = ++previewSeq.current;
    try {
      const result = await api.imports.preview(text, contentType, {
        filename: file.name,
        mapping: options.mapping,
        kind: options.kind,
        dateOrder: options.dateOrder || undefined,
        currency: options.currency || undefined,
      });
      if (seq !== previewSeq.current) return;
      // Amounts without a currency: offer the suggested one, selected in plain sight, and preview with it so
      // the rows show it applied ("chosen for the file"); nothing is applied that the screen does not show.
      if (options.currency === undefined && result.currency && importsAmounts(result, result.mapping)) {
        const suggested = result.currency.suggested;
        setCurrency(suggested);
        await runPreview(text, contentType, file, { ...options, currency: suggested });
        return;
      }
      setPreview(result);
      setMapping(result.mapping);
    } catch (e) {
      if (seq === previewSeq.current) setPreviewError(e);
    } finally {
      if (seq === previewSeq.current) setPreviewing(false);
    }
  }

  async function choose(file: File) {
    setChosen(null);
    setPreview(null);
    setMapped(false);
    setKind(undefined);
    setCurrency(null);
    setPreviewError(null);
    const text = await readFileStart(file, PREVIEW_BYTES);
    const contentType = contentTypeOf(file, text);
    setStart(text);
    setChosen({ file, contentType });
    await runPreview(text, contentType, file, { dateOrder });
  }

  /** Another mapping, kind, date order or currency: preview again so the rows show what would happen now. */
  function reconsider(next: { mapping?: ColumnMapping; kind?: ImportKind; dateOrder?: DateOrder | ''; currency?: string }) {
    if (!chosen || !preview) return;
    let nextMapping = next.mapping ?? mapping;
    const nextKind = next.kind ?? kind;
    if (next.kind && next.kind !== preview.kind) {
      // Another kind: a column mapped to a field that kind lacks would only fail the mapping.
      const fits = preview.fieldsByKind[next.kind] ?? [];
      nextMapping = Object.fromEntries(Object.entries(nextMapping).map(([c, f]) => [c, f && fits.includes(f) ? f : null]));
    }
    const remap = next.mapping !== undefined || next.kind !== undefined;
    if (remap) {
      setMapping(nextMapping);
      setMapped(true);
    }
    if (next.kind) setKind(next.kind);
    const nextOrder = next.dateOrder ?? dateOrder;
    if (next.dateOrder !== undefined) setDateOrder(next.dateOrder);
    const nextCurrency = next.currency ?? currency;
    if (next.currency !== undefined) setCurrency(next.currency);
    void runPreview(start, chosen.contentType, chosen.file, {
      mapping: remap || mapped ? nextMapping : undefined,
      kind: nextKind,
      dateOrder: nextOrder,
      currency: nextCurrency ?? undefined,
    });
  }

  async function startImport(dryRun: boolean) {
    if (!chosen) return;
    setStarting(dryRun ? 'dry' : 'real');
    setStartError(null);
    try {
      const created = await api.imports.start(chosen.file, chosen.contentType, {
        filename: chosen.file.name,
        mapping: mapped ? mapping : undefined,
        kind,
        dateOrder: dateOrder || undefined,
        // Only the currency the screen shows: sent when amounts are imported and one is selected.
        currency: preview && importsAmounts(preview, mapping) ? currency || undefined : undefined,
        dryRun,
      });
      // The answer is the import as queued: show it at once, then poll.
      queryClient.setQueryData(keys.importJob(created.id), created);
      setParams({ import: created.id });
      void queryClient.invalidateQueries({ queryKey: keys.imports, exact: true });
    } catch (e) {
      setStartError(e);
    } finally {
      setStarting(null);
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void choose(file);
  }

  const missing = isMissingApi(previewError) || isMissingApi(recent.error);
  const blocked = previewing || (preview?.problems.length ?? 0) > 0;

  return (
    <div className="page import">
      <div className="page-head">
        <div>
          <h1>Import</h1>
          <p className="page-head__sub">
            Accounts and contacts from HubSpot, Salesforce or Twenty exports (churned clients with the day and the reasons they were lost); touchpoints from Rapport&rsquo;s CSV or a
            calendar file.
          </p>
        </div>
      </div>
      {missing && (
        <div className="alert alert--info" role="status">
          This server does not offer imports yet. Update Rapport, or use <code>rapport import FILE</code> on the command line.
        </div>
      )}
      {!canWrite ? (
        <p className="alert alert--info">You have read-only access; ask a member of this workspace to import files.</p>
      ) : (
        <section className="card" aria-labelledby="choose-title">
          <h2 id="choose-title">1. Choose a file</h2>
          <div
            className={`dropzone${dragging ? ' dropzone--over' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="dropzone"
          >
            <p>
              <strong>Drop a .csv or .ics file here</strong>, or
            </p>
            <label className="button button--primary dropzone__button">
              Choose a file…
              <input
                ref={inputRef}
                type="file"
                className="visually-hidden"
                accept=".csv,.ics,text/csv,text/calendar"
                aria-label="File to import"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void choose(file);
                  e.target.value = '';
                }}
              />
            </label>
            <p className="muted dropzone__help">
              Rapport recognises the layout by its header. Re-importing the same file changes nothing: rows are matched by their id, e-mail or name.
            </p>
          </div>
          {chosen && (
            <p className="import__file">
              <strong>{chosen.file.name}</strong> <span className="muted">· {formatBytes(chosen.file.size)}</span>
            </p>
          )}
          {previewing && !preview && <p role="status">Reading the file…</p>}
          {previewError !== null && !preview && !isMissingApi(previewError) && <FormError error={previewError} />}
        </section>
      )}

      {preview && chosen && canWrite && (
        <section className="card" aria-labelledby="preview-title" data-testid="import-preview">
          <h2 id="preview-title">2. Check the preview</h2>
          <p>
            Detected: <strong>{preview.format === 'ics' ? 'Calendar (ICS)' : 'CSV'}</strong>, layout{' '}
            <strong data-testid="import-layout">{preview.layoutLabel ?? layoutLabel(preview.layout)}</strong>
            {preview.header.length > 0 && <span className="muted"> · {plural(preview.header.length, 'column')}</span>}
          </p>
          {preview.format === 'csv' && (
            <div className="import__options">
              <label className="toolbar__select">
                Rows become{' '}
                <select value={preview.kind ?? ''} onChange={(e) => e.target.value && reconsider({ kind: e.target.value as ImportKind })}>
                  {!preview.kind && <option value="">Choose, or map a column</option>}
                  {(Object.keys(KIND_LABELS) as ImportKind[]).map((k) => (
                    <option key={k} value={k}>
                      {KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </label>
              {importsAmounts(preview, mapping) && preview.currency && (
                <label className="toolbar__select">
                  Amounts without a currency are in{' '}
                  <select value={currency ?? ''} onChange={(e) => reconsider({ currency: e.target.value })} data-testid="import-currency">
                    <option value="">No currency: such rows fail</option>
                    {[...new Set([preview.currency.suggested, ...CURRENCIES])].map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>{' '}
                  <span className="muted">
                    {preview.currency.suggestedFrom === 'accounts'
                      ? `(${preview.currency.suggested} is what most of your accounts use)`
                      : '(none of your accounts has a value yet: EUR is Rapport’s default)'}
                  </span>
                </label>
              )}
              <label className="toolbar__select">
                Dates like 03/04/2024 mean{' '}
                <select value={dateOrder} onChange={(e) => reconsider({ dateOrder: e.target.value as DateOrder | '' })}>
                  <option value="">Detect from the file</option>
                  {DATE_ORDERS.map((o) => (
                    <option key={o} value={o}>
                      {o === 'dmy' ? '3 April (day first)' : 'March 4 (month first)'}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          {preview.format === 'csv' && preview.header.length > 0 && (
            <MappingTable
              header={preview.header}
              kind={preview.kind}
              fieldsByKind={preview.fieldsByKind}
              mapping={mapping}
              onChange={(m, k) => reconsider(k && k !== preview.kind ? { mapping: m, kind: k } : { mapping: m })}
            />
          )}
          {preview.problems.length > 0 && (
            <div className="alert alert--error" role="alert" data-testid="import-problems">
              <p>The file cannot be imported as mapped:</p>
              <ul>
                {preview.problems.map((p, i) => (
                  // The path (`mapping.Sector`) is for details and tools; people read the column's name.
                  <li key={i} data-path={p.path} title={p.path}>
                    {problemText(p)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {previewing && <p role="status">Updating the preview…</p>}
          {previewError !== null && <FormError error={previewError} />}
          <PreviewRows preview={preview} />
          <FormError error={startError} />
          <div className="form-actions">
            <button type="button" className="button" disabled={starting !== null || blocked} onClick={() => void startImport(true)}>
              {starting === 'dry' ? 'Starting…' : 'Dry run'}
            </button>
            <button type="button" className="button button--primary" disabled={starting !== null || blocked} onClick={() => void startImport(false)}>
              {starting === 'real' ? 'Starting…' : 'Import'}
            </button>
            <span className="muted form-actions__note">A dry run reads and checks every row but saves nothing.</span>
          </div>
        </section>
      )}

      {jobId && (
        <ImportProgress
          key={jobId}
          id={jobId}
          // An import may have changed anything the other screens hold — accounts, contacts, touchpoints,
          // the ledger, and so the scores and alerts: all of it is read afresh when next shown.
          onDone={() => void queryClient.invalidateQueries()}
          onImportForReal={chosen && canWrite ? () => void startImport(false) : undefined}
        />
      )}

      <RecentImports jobs={recent.data?.items} loading={recent.isPending} error={recent.error} current={jobId} onOpen={(id) => setParams({ import: id })} />
    </div>
  );
}

function PreviewRows({ preview }: { preview: ImportPreview }) {
  if (preview.rows.length === 0) return <p className="muted">No rows found after the header.</p>;
  const fields = [...new Set(preview.rows.flatMap((r) => Object.keys(r.values)))];
  const bad = preview.rows.filter((r) => r.outcome === 'failed' || r.errors.length > 0).length;
  const unchecked = preview.rows.some((r) => r.outcome === null);
  return (
    <>
      <h3>
        First {formatCount(preview.rows.length)} rows{' '}
        {bad > 0 && <span className="badge badge--lost">{formatCount(bad)} with problems</span>}
      </h3>
      {unchecked && (
        <p className="muted" data-testid="rows-unchecked">
          The rows are checked once the file can be imported as mapped (see above); until then they are shown as they are in the file.
        </p>
      )}
      <TableScroll label={`First ${formatCount(preview.rows.length)} rows`}>
        <table className="table preview-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Would be</th>
              {bad > 0 && <th scope="col">Problems</th>}
              {fields.map((f) => (
                <th key={f} scope="col">
                  {previewColumnLabel(preview.kind, f)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.line} className={row.outcome === 'failed' ? 'preview-table__bad' : undefined} data-line={row.line}>
                <td className="num">{row.line}</td>
                <td className={row.notes.length > 0 ? 'preview-table__outcome' : undefined}>
                  {row.outcome ? <span className={`badge badge--outcome-${row.outcome}`}>{OUTCOME_LABELS[row.outcome]}</span> : <span className="muted">Not checked yet</span>}
                  {row.notes.map((note) => (
                    <div key={note} className="preview-table__note">
                      {note}
                    </div>
                  ))}
                </td>
                {bad > 0 && <td className="preview-table__errors">{row.errors.join(' · ')}</td>}
                {fields.map((f) => (
                  <td key={f}>{display(f === 'lossReasons' ? reasonLabels(row.values[f]) : row.values[f])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

const OUTCOME_LABELS: Record<NonNullable<ImportPreview['rows'][number]['outcome']>, string> = {
  new: 'New',
  unchanged: 'Already in Rapport',
  failed: 'Problem',
};

/** A lost row's reasons as the loss report names them; a bad row's cell (text from the file) as it is. */
function reasonLabels(value: unknown): unknown {
  return Array.isArray(value) ? value.map((r) => (typeof r === 'string' && Object.hasOwn(LOSS_REASON_LABELS, r) ? LOSS_REASON_LABELS[r as LossReason] : r)) : value;
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function RecentImports({
  jobs,
  loading,
  error,
  current,
  onOpen,
}: {
  jobs: ImportJob[] | undefined;
  loading: boolean;
  error: unknown;
  current: string | null;
  onOpen: (id: string) => void;
}) {
  return (
    <section className="card" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent imports</h2>
      {loading && <p role="status">Loading…</p>}
      {error !== null && !isMissingApi(error) && <FormError error={error} />}
      {jobs && jobs.length === 0 && <p className="muted">No imports yet. Choose a file above; a dry run first shows what would change.</p>}
      {jobs && jobs.length > 0 && (
        <TableScroll label="Table of recent imports" sideways>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Imported
                </th>
                <th scope="col" className="num">
                  Unchanged
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} aria-current={job.id === current ? 'true' : undefined}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => onOpen(job.id)}>
                      {job.filename}
                    </button>
                    {job.dryRun && <span className="badge">Dry run</span>}
                    <div className="muted import__layout">{job.layoutLabel ?? layoutLabel(job.layout)}</div>
                  </th>
                  <td title={formatDateTime(job.createdAt)}>{formatRelative(job.createdAt)}</td>
                  <td>
                    <span className={`badge badge--import-${job.status}`}>{STATUS_LABELS[job.status]}</span>
                  </td>
                  <td className="num">
                    {formatCount(job.rowsImported)}
                    {job.accountsMarkedLost > 0 && <div className="muted">{formatCount(job.accountsMarkedLost)} lost</div>}
                  </td>
                  <td className="num">{formatCount(job.rowsUnchanged)}</td>
                  <td className="num">{formatCount(job.rowsFailed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
