import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { fieldErrorsOf, isMissingRoute } from '../../api/client';
import type { LossReport, MoneyTotal } from '../../api/types';
import { usePageTitle } from '../../components/page-title';
import { countTicks } from '../../charts';
import { LOSS_REASON_HINTS, LOSS_REASON_LABELS, formatDate, formatMoney, formatPercent, localDay, plural } from '../../format';
import { LossesNav } from './losses-nav';

const moneyList = (totals: MoneyTotal[]) => (totals.length === 0 ? '—' : totals.map((t) => formatMoney(t.amount, t.currency)).join(' + '));

/**
 * Why accounts were lost: per reason, how many lost accounts gave it and what they were worth a
 * month, as bars; and every lost account with its reasons and a link to its post-mortem. The
 * period (?from=&to=) lives in the URL.
 */
export function LossReportScreen() {
  usePageTitle('Loss reasons');
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const report = useQuery({
    queryKey: [...keys.losses, 'reasons', from, to],
    queryFn: ({ signal }) => api.postmortems.reasons({ from: from || undefined, to: to || undefined }, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const setRange = (next: { from?: string; to?: string }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  const yearAgo = localDay(new Date(Date.now() - 365 * 86_400_000));

  return (
    <div className="page losses">
      <div className="page-head">
        <div>
          <h1>Lost accounts</h1>
          <p className="page-head__sub">Why clients left, and whether the health score warned in time.</p>
        </div>
      </div>
      <LossesNav />
      <div className="toolbar" role="group" aria-label="Period">
        <label className="toolbar__date">
          <span>From</span>
          <input type="date" value={from} max={to || undefined} onChange={(e) => setRange({ from: e.target.value })} aria-invalid={Boolean(fieldErrorsOf(report.error, 'query.from')?.length)} />
        </label>
        <label className="toolbar__date">
          <span>To</span>
          <input type="date" value={to} min={from || undefined} onChange={(e) => setRange({ to: e.target.value })} aria-invalid={Boolean(fieldErrorsOf(report.error, 'query.to')?.length)} />
        </label>
        <div className="chips" role="group" aria-label="Quick periods">
          <button type="button" className="chip" aria-pressed={from === yearAgo && !to} onClick={() => setRange({ from: yearAgo, to: '' })}>
            Last 12 months
          </button>
          <button type="button" className="chip" aria-pressed={!from && !to} onClick={() => setRange({ from: '', to: '' })}>
            All time
          </button>
        </div>
      </div>
      {report.isPending && <p role="status">Loading the report…</p>}
      {report.isError &&
        (isMissingRoute(report.error) ? (
          <div className="alert alert--info" role="status">
            This server does not record losses yet.
          </div>
        ) : (
          <div className="alert alert--error" role="alert">
            The report could not be loaded: {report.error.message}
          </div>
        ))}
      {report.data && <Report report={report.data} filtered={Boolean(from || to)} />}
    </div>
  );
}

interface ReasonBar {
  label: string;
  hint: string;
  accounts: number;
  share: number;
}

function ReasonTooltip({ active, payload }: TooltipContentProps) {
  const r = active ? (payload?.[0]?.payload as ReasonBar | undefined) : undefined;
  if (!r) return null;
  return (
    <div className="chart-tooltip">
      <strong>{r.label}</strong>: {plural(r.accounts, 'account')} ({formatPercent(r.share)})
      <br />
      <span className="muted">{r.hint}</span>
    </div>
  );
}

function Report({ report, filtered }: { report: LossReport; filtered: boolean }) {
  if (report.totals.accounts === 0) {
    return (
      <div className="empty-state" data-testid="losses-empty">
        <h2>{filtered ? 'No account lost in this period' : 'No lost accounts'}</h2>
        <p>
          When a client leaves, open its page and choose <strong>Mark as lost</strong>: record the day and the reasons, and Rapport assembles what happened in
          the six months before. The reasons of every loss add up here.
        </p>
        <Link className="button button--primary" to="/">
          Go to the portfolio
        </Link>
      </div>
    );
  }
  const bars: ReasonBar[] = report.reasons
    .filter((r) => r.accounts > 0)
    .sort((a, b) => b.accounts - a.accounts)
    .map((r) => ({ label: LOSS_REASON_LABELS[r.reason], hint: LOSS_REASON_HINTS[r.reason], accounts: r.accounts, share: r.share }));
  // Whole accounts only, and an axis that ends where the counts do (recharts' own ran 0–4 for 1).
  const ticks = countTicks(Math.max(...bars.map((b) => b.accounts)));
  // Each share is of all lost accounts, and an account may give several reasons.
  const shareTotal = report.reasons.reduce((sum, r) => sum + r.share, 0);
  return (
    <>
      <section className="card" aria-labelledby="losses-reasons">
        <div className="section-head">
          <h2 id="losses-reasons">Reasons</h2>
          <span className="muted">
            {plural(report.totals.accounts, 'account')} lost, worth {moneyList(report.totals.value)} a month · an account may give several reasons
          </span>
        </div>
        <BarChart responsive style={{ width: '100%', height: Math.max(120, bars.length * 34 + 30) }} data={bars} layout="vertical" margin={{ top: 0, right: 48, bottom: 0, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#eef0f3" />
          <XAxis type="number" domain={[0, ticks.at(-1) ?? 1]} ticks={ticks} allowDecimals={false} tick={{ fontSize: 11, fill: '#5b6472' }} />
          <YAxis type="category" dataKey="label" width={200} tick={{ fontSize: 12, fill: '#1c2330' }} />
          <Tooltip content={ReasonTooltip} cursor={{ fill: '#f1f3f6' }} />
          <Bar dataKey="accounts" fill="var(--accent)" radius={[0, 3, 3, 0]} isAnimationActive={false} barSize={20}>
            <LabelList dataKey="accounts" position="right" style={{ fontSize: 12, fill: '#1c2330' }} />
          </Bar>
        </BarChart>
        <table className="table losses__reasons">
          <caption className="visually-hidden">Reasons with the lost accounts and their value</caption>
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col" className="num">
                Accounts
              </th>
              <th scope="col" className="num" aria-describedby="losses-share-note">
                Share<span aria-hidden="true">*</span>
              </th>
              <th scope="col" className="num">
                Value a month
              </th>
            </tr>
          </thead>
          <tbody>
            {report.reasons
              .filter((r) => r.accounts > 0)
              .sort((a, b) => b.accounts - a.accounts)
              .map((r) => (
                <tr key={r.reason}>
                  <th scope="row" title={LOSS_REASON_HINTS[r.reason]}>
                    {LOSS_REASON_LABELS[r.reason]}
                  </th>
                  <td className="num">{r.accounts}</td>
                  <td className="num">{formatPercent(r.share)}</td>
                  <td className="num">{moneyList(r.value)}</td>
                </tr>
              ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={4} className="table__note muted" id="losses-share-note">
                * Share of the {plural(report.totals.accounts, 'lost account')} that gave the reason. An account may give several reasons
                {shareTotal > 1.0001 ? `, so the shares add up to more than 100% (${formatPercent(shareTotal)}).` : ': the shares can add up to more than 100%.'}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>
      <section className="card" aria-labelledby="losses-accounts">
        <h2 id="losses-accounts">Lost accounts ({report.accounts.length})</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Lost on</th>
              <th scope="col">Reasons</th>
              <th scope="col" className="num">
                Value a month
              </th>
            </tr>
          </thead>
          <tbody>
            {report.accounts.map((a) => (
              <tr key={a.accountId}>
                <th scope="row">
                  <Link to={`/accounts/${a.accountId}/postmortem`}>{a.name}</Link>
                  {a.notes && <span className="ledger-row__notes muted">{a.notes.length > 140 ? `${a.notes.slice(0, 140)}…` : a.notes}</span>}
                </th>
                <td>{formatDate(a.lostOn)}</td>
                <td>
                  <ul className="reason-chips">
                    {a.reasons.map((r) => (
                      <li key={r} className="badge badge--reason">
                        {LOSS_REASON_LABELS[r]}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="num">{a.value ? formatMoney(a.value.amount, a.value.currency) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
