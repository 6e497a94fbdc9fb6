import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { healthModelsQuery, keys } from '../../api/queries';
import { isApiError, isMissingRoute } from '../../api/client';
import type { Backtest, BacktestModel, VersionedModel } from '../../api/types';
import { usePageTitle } from '../../components/page-title';
import { useSession } from '../../session';
import { formatDate, formatPercent, plural } from '../../format';
import { LossesNav } from './losses-nav';

const HORIZONS = [30, 60, 90, 180] as const;

function versionLabel(m: VersionedModel, current: number): string {
  const name = m.version === 0 ? 'Built-in default (v0)' : `Version ${m.version}`;
  const note = m.version === 0 ? '' : m.note;
  const extra = [m.version === current ? 'in force' : '', m.createdAt ? formatDate(m.createdAt.slice(0, 10)) : '', note].filter(Boolean).join(' · ');
  return extra ? `${name} — ${extra}` : name;
}

/**
 * Would the health model have warned, and how early? The backtest replays every account's history
 * day by day with a model version: for each lost account its first at-risk day and the lead time
 * before the loss; precision (at-risk days that were followed by a loss) and recall (losses that
 * were flagged). A second version side by side shows whether a change to the model helps.
 * Versions and the horizon live in the URL (?model=&compare=&horizon=).
 */
export function BacktestScreen() {
  usePageTitle('Backtest');
  const [params, setParams] = useSearchParams();
  const models = useQuery(healthModelsQuery);
  const current = models.data?.current ?? 0;
  const read = (key: string) => {
    const v = params.get(key);
    return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const model = read('model') ?? current;
  const compare = read('compare');
  const horizon = HORIZONS.find((h) => h === read('horizon')) ?? 90;
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const run = useQuery({
    queryKey: [...keys.losses, 'backtest', model, compare ?? null, horizon],
    queryFn: ({ signal }) => api.postmortems.backtest({ model, compare: compare !== undefined && compare !== model ? compare : undefined, horizon }, signal),
    enabled: models.isSuccess || models.isError,
    staleTime: 5 * 60_000,
    retry: false,
  });
  const versions = models.data?.items ?? [];

  return (
    <div className="page losses">
      <div className="page-head">
        <div>
          <h1>Lost accounts</h1>
          <p className="page-head__sub">Why clients left, and whether the health score warned in time.</p>
        </div>
      </div>
      <LossesNav />
      <div className="toolbar backtest__controls" role="group" aria-label="What to test">
        <label className="toolbar__select">
          <span>Model A</span>
          <select value={model} onChange={(e) => set('model', e.target.value === String(current) ? '' : e.target.value)}>
            {versions.length === 0 && <option value={model}>Version {model}</option>}
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {versionLabel(v, current)}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar__select">
          <span>Model B</span>
          <select value={compare ?? ''} onChange={(e) => set('compare', e.target.value)}>
            <option value="">None — test A alone</option>
            {versions
              .filter((v) => v.version !== model)
              .map((v) => (
                <option key={v.version} value={v.version}>
                  {versionLabel(v, current)}
                </option>
              ))}
          </select>
        </label>
        <label className="toolbar__select">
          <span>Warned in time if at risk within</span>
          <select value={horizon} onChange={(e) => set('horizon', e.target.value === '90' ? '' : e.target.value)}>
            {HORIZONS.map((h) => (
              <option key={h} value={h}>
                {h} days before the loss
              </option>
            ))}
          </select>
        </label>
      </div>
      {run.isFetching && (
        <p role="status" className="muted">
          Replaying every account&rsquo;s history day by day… this takes a few seconds on a large workspace.
        </p>
      )}
      {run.isError &&
        (isMissingRoute(run.error) ? (
          <div className="alert alert--info" role="status">
            This server does not offer the backtest yet.
          </div>
        ) : (
          <div className="alert alert--error" role="alert">
            {isApiError(run.error, 'rate_limited') ? 'Another backtest is running on this server. Try again in half a minute.' : `The backtest failed: ${run.error.message}`}{' '}
            <button type="button" className="button" onClick={() => void run.refetch()}>
              Try again
            </button>
          </div>
        ))}
      {run.data && <BacktestResult result={run.data} />}
    </div>
  );
}

function BacktestResult({ result }: { result: Backtest }) {
  const [a, b] = result.models;
  if (!a) return null;
  if (result.accounts.lost === 0) return <NothingLost retained={result.accounts.retained} />;
  const bLost = new Map((b?.lost ?? []).map((l) => [l.accountId, l]));
  return (
    <>
      <p className="muted backtest__scope">
        {plural(result.accounts.lost, 'lost account')} and {plural(result.accounts.retained, 'retained account')}, {result.accounts.replayedDays.toLocaleString()} days
        replayed up to {formatDate(result.asOf)}, each account from the first day Rapport has a record of it. An at-risk day counts as right when the loss
        followed within {result.horizonDays} days. A day on which an account had no data yet predicted nothing: it is counted apart, not as watch.
      </p>
      <div className={`backtest__models${b ? ' backtest__models--two' : ''}`}>
        <ModelCard label="A" model={a} other={b} replayedDays={result.accounts.replayedDays} />
        {b && <ModelCard label="B" model={b} other={a} replayedDays={result.accounts.replayedDays} />}
      </div>
      <section className="card" aria-labelledby="backtest-lost">
        <h2 id="backtest-lost">Each lost account</h2>
        <table className="table backtest__table">
          <thead>
            <tr>
              <th scope="col" rowSpan={b ? 2 : 1}>
                Account
              </th>
              <th scope="col" rowSpan={b ? 2 : 1}>
                Lost on
              </th>
              {b ? (
                <>
                  <th scope="colgroup" colSpan={2} className="backtest__group">
                    A · v{a.version}
                  </th>
                  <th scope="colgroup" colSpan={2} className="backtest__group">
                    B · v{b.version}
                  </th>
                </>
              ) : (
                <>
                  <th scope="col">First at risk</th>
                  <th scope="col" className="num">
                    Lead time
                  </th>
                </>
              )}
            </tr>
            {b && (
              <tr>
                <th scope="col">First at risk</th>
                <th scope="col" className="num">
                  Lead time
                </th>
                <th scope="col">First at risk</th>
                <th scope="col" className="num">
                  Lead time
                </th>
              </tr>
            )}
          </thead>
          <tbody>
            {a.lost.map((l) => {
              const other = bLost.get(l.accountId);
              return (
                <tr key={l.accountId}>
                  <th scope="row">
                    <Link to={`/accounts/${l.accountId}/postmortem`}>{l.name}</Link>
                  </th>
                  <td>{formatDate(l.lostOn)}</td>
                  <LeadCells lost={l} better={other ? (l.leadDays ?? -1) > (other.leadDays ?? -1) : false} />
                  {b && <LeadCells lost={other} better={(other?.leadDays ?? -1) > (l.leadDays ?? -1)} />}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** The first at-risk day and its lead time; under it, the first day below healthy (the softer, earlier warning). */
function LeadCells({ lost, better }: { lost: BacktestModel['lost'][number] | undefined; better: boolean }) {
  const watch = lost?.firstWatchOn ? (
    <div className="muted backtest__watch">
      below healthy from {formatDate(lost.firstWatchOn)} · {plural(lost.watchLeadDays ?? 0, 'day')} ahead
    </div>
  ) : null;
  if (lost && !lost.firstAtRiskOn && !lost.hasDataWithinHorizon) {
    // No data in the horizon before the loss: no prediction, so neither a miss nor a warning.
    return (
      <>
        <td>
          <span className="backtest__no-data">No data before the loss</span>
          <div className="muted backtest__watch">not counted in recall</div>
        </td>
        <td className="num muted">—</td>
      </>
    );
  }
  if (!lost?.firstAtRiskOn) {
    return (
      <>
        <td>
          <span className="backtest__missed">Never at risk</span>
          {watch}
        </td>
        <td className="num muted">—</td>
      </>
    );
  }
  return (
    <>
      <td>
        {formatDate(lost.firstAtRiskOn)}
        {watch}
      </td>
      <td className={`num${better ? ' backtest__better' : ''}`}>
        {plural(lost.leadDays ?? 0, 'day')}
        {!lost.isFlaggedWithinHorizon && <span className="muted">{lost.hasDataWithinHorizon ? ' (too early)' : ' (then no data)'}</span>}
      </td>
    </>
  );
}

function ModelCard({ label, model: m, other, replayedDays }: { label: string; model: BacktestModel; other: BacktestModel | undefined; replayedDays: number }) {
  const compare = (mine: number | null, theirs: number | null | undefined) =>
    other && mine !== null && theirs !== null && theirs !== undefined ? (mine > theirs ? ' backtest__metric--better' : mine < theirs ? ' backtest__metric--worse' : '') : '';
  return (
    <section className="card backtest__model" aria-label={`Model ${label}: version ${m.version}`} data-testid={`backtest-model-${label}`}>
      <h2>
        {label} · {m.version === 0 ? 'built-in default' : `version ${m.version}`}
      </h2>
      {m.note && m.version !== 0 && <p className="muted">{m.note}</p>}
      <dl className="backtest__metrics">
        <div className={`backtest__metric${compare(m.recall, other?.recall)}`}>
          <dt>Recall</dt>
          <dd>{formatPercent(m.recall)}</dd>
          <dd className="muted">
            {m.counts.lostAccountsFlagged} of {plural(m.counts.lostAccounts, 'lost account')} flagged in time
          </dd>
          {m.counts.lostAccountsWithoutData > 0 && (
            <dd className="muted">{plural(m.counts.lostAccountsWithoutData, 'lost account')} without data before the loss, not counted</dd>
          )}
        </div>
        <div className={`backtest__metric${compare(m.precision, other?.precision)}`}>
          <dt>Precision</dt>
          <dd>{formatPercent(m.precision)}</dd>
          <dd className="muted">
            {m.counts.truePositiveDays.toLocaleString()} of {plural(m.counts.atRiskDays, 'at-risk day')} followed by a loss
          </dd>
          <dd className="muted" data-testid={`backtest-no-data-${label}`}>
            {m.counts.noDataDays.toLocaleString()} of {plural(replayedDays, 'day')} without data: no prediction
          </dd>
        </div>
        <div className={`backtest__metric${compare(m.accountPrecision, other?.accountPrecision)}`}>
          <dt>Precision by account</dt>
          <dd>{formatPercent(m.accountPrecision)}</dd>
          <dd className="muted">
            {m.counts.flaggedAccountsLost} of {plural(m.counts.flaggedAccounts, 'flagged account')} then lost
          </dd>
        </div>
        <div className={`backtest__metric${compare(m.medianLeadDays, other?.medianLeadDays)}`}>
          <dt>Median lead time</dt>
          <dd>{m.medianLeadDays === null ? '—' : plural(Math.round(m.medianLeadDays), 'day')}</dd>
          <dd className="muted">from first at risk to the loss</dd>
          <dd className="muted">
            {m.medianWatchLeadDays !== null
              ? `${plural(Math.round(m.medianWatchLeadDays), 'day')} from first below healthy`
              : m.counts.lostAccounts === 0
                ? 'no lost account had data before its loss'
                : 'never below healthy before a loss'}
          </dd>
        </div>
      </dl>
    </section>
  );
}


/**
 * No lost account yet: what to do in the product to get one — mark a client who left as lost from
 * its page, or import the clients who left before Rapport with their churn date (decision 0021).
 */
function NothingLost({ retained }: { retained: number }) {
  const { canWrite } = useSession();
  return (
    <div className="empty-state" data-testid="backtest-empty">
      <h2>Nothing to test against yet</h2>
      <p>
        The backtest asks of each lost account: was it at risk before the loss, and how many days before? No account is marked lost yet, so there is no
        loss to measure against.
      </p>
      {canWrite ? (
        <>
          <p>
            When a client has left, open its page from the portfolio and choose <strong>Mark as lost</strong>, with the day it was lost and why. Clients who
            left before you used Rapport come in with an import of your CRM&rsquo;s export: a churn date column marks them lost, with their reasons.
          </p>
          <p className="muted">{plural(retained, 'retained account')} replayed so far.</p>
          <div className="form-actions backtest__next">
            <Link className="button button--primary" to="/">
              Find the account in the portfolio
            </Link>
            <Link className="button" to="/import">
              Import churned clients
            </Link>
          </div>
        </>
      ) : (
        <>
          <p>You have read-only access: a member of this workspace marks a client who left as lost from its page, or imports churned clients.</p>
          <p className="muted">{plural(retained, 'retained account')} replayed so far.</p>
        </>
      )}
    </div>
  );
}
