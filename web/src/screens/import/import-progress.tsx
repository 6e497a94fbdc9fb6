import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import type { ImportJob } from '../../api/types';
import { FormError } from '../../components/form-error';
import { TableScroll } from '../../components/table-scroll';
import { formatBytes, formatCount, plural } from '../../format';
import { STATUS_LABELS, layoutLabel, lostAccountsPart } from './labels';

export const POLL_MS = 500;
const isFinished = (job: ImportJob | undefined) => job?.status === 'done' || job?.status === 'failed';

/** The share of the file read so far, 0–1; null when the size is unknown (the bar then pulses). */
function progressOf(job: ImportJob): number | null {
  if (isFinished(job)) return 1;
  if (job.percent !== null) return job.percent / 100;
  if (job.bytesTotal && job.bytesTotal > 0) return Math.min(1, job.bytesRead / job.bytesTotal);
  return null;
}

/**
 * One import: a progress bar while it runs (polled every half second), then the counts and the
 * report of every bad row by its line in the file.
 */
export function ImportProgress({ id, onDone, onImportForReal }: { id: string; onDone: () => void; onImportForReal: (() => void) | undefined }) {
  const job = useQuery({
    queryKey: keys.importJob(id),
    queryFn: ({ signal }) => api.imports.get(id, signal),
    refetchInterval: (query) => (isFinished(query.state.data) || query.state.error ? false : POLL_MS),
    staleTime: 0,
  });
  const finished = isFinished(job.data);
  const told = useRef(false);
  const sectionRef = useRef<HTMLElement>(null);
  // A new import was started: bring its progress into view.
  useEffect(() => {
    sectionRef.current?.scrollIntoView({ block: 'nearest', behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }, [id, job.isSuccess]);
  useEffect(() => {
    if (finished && !told.current) {
      told.current = true;
      onDone();
    }
  }, [finished, onDone]);

  if (job.isPending) return <section className="card" role="status">Loading the import…</section>;
  if (job.isError) {
    return (
      <section className="card">
        <FormError error={job.error} />
      </section>
    );
  }
  const j = job.data;
  const progress = progressOf(j);
  return (
    <section ref={sectionRef} className="card import-job" aria-labelledby="job-title" data-testid="import-job" data-status={j.status}>
      <div className="section-head">
        <h2 id="job-title">
          {j.dryRun ? 'Dry run of ' : 'Import of '}
          {j.filename}
        </h2>
        <span className={`badge badge--import-${j.status}`} data-testid="import-status">
          {STATUS_LABELS[j.status]}
        </span>
      </div>
      <p className="muted">
        {j.format === 'ics' ? 'Calendar' : 'CSV'} · {j.layoutLabel ?? layoutLabel(j.layout)}
        {j.kind ? ` · ${j.kind}` : ''}
        {j.bytesTotal ? ` · ${formatBytes(j.bytesRead)} of ${formatBytes(j.bytesTotal)} read` : ''}
      </p>
      <div
        className={`progress${finished ? ' progress--done' : ''}${j.status === 'failed' ? ' progress--failed' : ''}`}
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress === null ? undefined : Math.round(progress * 100)}
        aria-valuetext={progress === null ? `${formatCount(j.rowsRead)} rows read` : `${Math.round(progress * 100)}%`}
      >
        <div className={`progress__fill${progress === null ? ' progress__fill--unknown' : ''}`} style={{ width: `${Math.round((progress ?? 0.3) * 100)}%` }} />
      </div>
      <dl className="import-counts" aria-live="polite">
        <div>
          <dt>Rows read</dt>
          <dd data-testid="rows-read">{formatCount(j.rowsRead)}</dd>
        </div>
        <div>
          <dt>{j.dryRun ? 'Would import' : 'Imported'}</dt>
          <dd data-testid="rows-imported">{formatCount(j.rowsImported)}</dd>
        </div>
        {j.accountsMarkedLost > 0 && (
          <div>
            <dt>{j.dryRun ? 'Would be lost' : 'Lost'}, with loss record</dt>
            <dd data-testid="accounts-marked-lost">{formatCount(j.accountsMarkedLost)}</dd>
          </div>
        )}
        <div>
          <dt>Unchanged</dt>
          <dd data-testid="rows-unchanged">{formatCount(j.rowsUnchanged)}</dd>
        </div>
        <div className={j.rowsFailed > 0 ? 'import-counts--bad' : undefined}>
          <dt>Failed</dt>
          <dd data-testid="rows-failed">{formatCount(j.rowsFailed)}</dd>
        </div>
      </dl>
      {finished && j.status === 'done' && (
        <p className="alert alert--success" role="status">
          {j.dryRun
            ? `Dry run finished: ${plural(j.rowsImported, 'row')} would be imported${lostAccountsPart(j.accountsMarkedLost)}, ${formatCount(j.rowsUnchanged)} ${j.rowsUnchanged === 1 ? 'is' : 'are'} already in Rapport. Nothing was saved.`
            : `Finished: ${plural(j.rowsImported, 'row')} imported${lostAccountsPart(j.accountsMarkedLost)}, ${formatCount(j.rowsUnchanged)} ${j.rowsUnchanged === 1 ? 'was' : 'were'} already in Rapport.`}
          {/* The rows were read: what failed was the row (an unknown account, a bad date), which the list gives. */}
          {j.rowsFailed > 0 &&
            ` ${plural(j.rowsFailed, 'row')} ${j.dryRun ? 'would not be imported' : j.rowsFailed === 1 ? 'was not imported' : 'were not imported'}; ${j.rowsFailed === 1 ? 'it is' : 'they are'} listed below by line, with the reason.`}
        </p>
      )}
      {j.status === 'failed' && (
        <div className="alert alert--error" role="alert">
          <p>
            The import stopped before the end of the file{j.failure ? `: ${j.failure}` : '.'}
          </p>
          {!j.dryRun && <p>Rows read before it stopped were kept; importing the file again skips them.</p>}
        </div>
      )}
      {finished && j.dryRun && j.status === 'done' && onImportForReal && (
        <button type="button" className="button button--primary" onClick={onImportForReal}>
          Import it for real
        </button>
      )}
      {j.errors.length > 0 && (
        <>
          <h3>Problems by line</h3>
          <TableScroll label="Problems by line" short>
            <table className="table error-report" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {j.errors.map((e, i) => (
                  <tr key={`${e.line}-${i}`} data-line={e.line}>
                    <td className="num">{e.line || '—'}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {j.errorsOmitted > 0 && (
            <p className="muted">
              Showing the first {formatCount(j.errors.length)} problems; {formatCount(j.errorsOmitted)} more are not listed.
            </p>
          )}
        </>
      )}
    </section>
  );
}
