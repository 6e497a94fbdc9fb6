import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { healthModelQuery, keys } from '../../api/queries';
import { isMissingRoute } from '../../api/client';
import type { Account, AccountHealth, HealthChange, HealthComponent, HealthSnapshot } from '../../api/types';
import { BandBadge, NoScoreBadge, ScoreBadge } from '../../components/badges';
import { FactList } from '../../components/fact-link';
import { TableScroll } from '../../components/table-scroll';
import { formatDateTime, formatDelta, formatRelative, formatScore, utcDay } from '../../format';
import { snapshotLabels, type SnapshotLabel } from './snapshot-labels';

// recharts arrives with the first chart, not with the app.
const HealthChart = lazy(() => import('./health-chart').then((m) => ({ default: m.HealthChart })));

const DAY_MS = 86_400_000;

/**
 * The account's health: the score and its band, the score over the last year against the band
 * thresholds, each component's points of 100 with its sentence and the facts behind it, the note
 * when weights were renormalised, and why the score changed (the latest change, or between two
 * points picked on the chart or in the lists).
 */
export function HealthPanel({ account }: { account: Account }) {
  const health = useQuery({ queryKey: keys.accountHealth(account.id), queryFn: ({ signal }) => api.health.account(account.id, signal), retry: 1 });
  return (
    <section className="card health" aria-labelledby="health-title" data-testid="health-panel">
      <div className="section-head">
        <h2 id="health-title">Health</h2>
        {health.data && (
          <span className="muted health__meta" title={`Computed ${formatDateTime(health.data.computedAt)}`}>
            Model v{health.data.modelVersion} · computed {formatRelative(health.data.computedAt)}
          </span>
        )}
      </div>
      {health.isPending && <p role="status">Working out the score…</p>}
      {health.isError &&
        (isMissingRoute(health.error) ? (
          <p className="muted">This server does not compute health scores yet.</p>
        ) : (
          <div className="alert alert--error" role="alert">
            The health score could not be loaded: {health.error.message}{' '}
            <button type="button" className="button" onClick={() => void health.refetch()}>
              Try again
            </button>
          </div>
        ))}
      {health.data && <HealthBody account={account} health={health.data} />}
    </section>
  );
}

function HealthBody({ account, health }: { account: Account; health: AccountHealth }) {
  const model = useQuery(healthModelQuery);
  const bands = model.data?.model.bands ?? { healthy: 70, watch: 45 };
  const range = useMemo(() => ({ from: utcDay(new Date(Date.now() - 365 * DAY_MS)) }), []);
  const history = useQuery({
    queryKey: keys.healthHistory(account.id),
    queryFn: ({ signal }) => api.health.history(account.id, range, signal),
  });
  const snapshots = history.data?.items ?? [];
  // Compare: none picked → the latest change; one picked → it against the one before; two → those.
  const [picked, setPicked] = useState<string[]>([]);
  const pick = (s: HealthSnapshot) => setPicked((p) => (p.includes(s.id) ? p.filter((x) => x !== s.id) : p.length >= 2 ? [s.id] : [...p, s.id]));
  const { from, to } = useMemo(() => {
    if (picked.length === 0) {
      // The latest change: the last time the score moved (the daily snapshots in between repeat it).
      for (let i = snapshots.length - 1; i > 0; i--) {
        const [before, after] = [snapshots[i - 1], snapshots[i]];
        if (before && after && Math.round(before.score * 10) !== Math.round(after.score * 10)) return { from: before.id, to: after.id };
      }
      return { from: undefined, to: undefined };
    }
    if (picked.length < 2) return { from: undefined, to: picked[0] };
    const order = (id: string) => snapshots.findIndex((s) => s.id === id);
    const [a, b] = [...picked].sort((x, y) => order(x) - order(y));
    return { from: a, to: b };
  }, [picked, snapshots]);

  const trend30 = useMemo(() => {
    const since = Date.now() - 30 * DAY_MS;
    const before = [...snapshots].reverse().find((s) => Date.parse(s.computedAt) <= since);
    return before ? health.score - before.score : null;
  }, [snapshots, health.score]);
  const present = health.components.filter((c) => c.present);
  const absent = health.components.filter((c) => !c.present);

  if (!health.hasData) {
    // A new account with no facts: no number, no band, no history to chart yet — what to do instead (decision 0024).
    return (
      <>
        <div className="health__top" data-testid="health-no-data">
          <div className="health__score">
            <NoScoreBadge size="large" />
            <span className="badge badge--band badge--band-none">Not enough data yet</span>
          </div>
          <p className="health__explain muted">
            The score (out of 100; healthy from {bands.healthy}, at risk below {bands.watch}) is worked out from what is recorded about {account.name}.
          </p>
        </div>
        <p className="health__empty">
          Nothing that counts towards it is recorded yet. Log a touchpoint, or add a deliverable, a KPI target or an incident under Delivery, and the score appears here with
          the points each part earns.
        </p>
        <p className="muted health__missing">Counted once there is data: {absent.map((c) => c.label).join(', ')}.</p>
      </>
    );
  }

  return (
    <>
      <div className="health__top">
        <div className="health__score">
          <ScoreBadge score={health.score} band={health.band} size="large" />
          <div>
            <BandBadge band={health.band} />
            <p className="health__trend muted">
              {trend30 === null ? 'No score 30 days ago' : trend30 === 0 ? 'Unchanged in 30 days' : `${formatDelta(trend30)} in 30 days`}
            </p>
          </div>
        </div>
        <p className="health__explain muted">
          Out of 100. Healthy from {bands.healthy}, at risk below {bands.watch}. Each component below earns part of its share of the 100 points.
        </p>
      </div>

      {history.isError ? (
        <p className="muted">The history could not be loaded: {history.error.message}</p>
      ) : snapshots.length > 0 && new Set(snapshots.map((x) => x.asOf)).size < 2 ? (
        <p className="muted health__young">
          First scored {formatRelative(snapshots[0]?.computedAt ?? health.computedAt)}
          {snapshots.length > 1 ? `, ${snapshots.length - 1} ${snapshots.length === 2 ? 'change' : 'changes'} since` : ''}: the chart of the score over time fills in day by
          day.
        </p>
      ) : snapshots.length > 0 ? (
        <>
          <Suspense fallback={<div className="health-chart health-chart--loading" aria-hidden="true" />}>
            <HealthChart snapshots={snapshots} bands={bands} picked={picked} onPick={pick} />
          </Suspense>
          <details className="health__table">
            <summary>Show the history as a table</summary>
            <HistoryTable snapshots={snapshots} />
          </details>
        </>
      ) : history.isPending ? (
        <p role="status" className="muted">
          Loading the history…
        </p>
      ) : (
        <p className="muted">No history yet: the chart fills in as the score is recomputed each day and after each change.</p>
      )}

      <h3 className="health__subtitle">What makes up the score</h3>
      <ul className="health-components" aria-label="Score components">
        {present.map((c) => (
          <ComponentRow key={c.key} accountId={account.id} component={c} />
        ))}
      </ul>
      {health.note && (
        <p className="health__note" data-testid="health-note">
          {health.note}
        </p>
      )}
      {absent.length > 0 && (
        <p className="muted health__missing">
          Not counted (no data yet): {absent.map((c) => c.label).join(', ')}.
        </p>
      )}

      <ChangeSection accountId={account.id} snapshots={snapshots} from={from} to={to} picked={picked} setPicked={setPicked} ready={!history.isPending} />
    </>
  );
}

/** One component: its label, points earned of the points it can earn (a bar of the 100), its sentence, and its facts on demand. */
function ComponentRow({ accountId, component: c }: { accountId: string; component: HealthComponent }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const max = c.effectiveWeight * 100;
  const quality = c.value === null ? 'none' : c.value >= 0.75 ? 'good' : c.value >= 0.45 ? 'fair' : 'poor';
  return (
    <li className={`health-component health-component--${quality}`} data-component={c.key}>
      <div className="health-component__row">
        <span className="health-component__label">{c.label}</span>
        <svg className="health-component__bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
          <rect x="0" y="1" width={Math.max(0.5, max)} height="8" rx="1.5" className="bar-track" />
          <rect x="0" y="1" width={Math.max(0, c.contribution)} height="8" rx="1.5" className={`bar-fill health-component__fill--${quality}`} />
        </svg>
        <span className="health-component__points">
          {c.contribution.toLocaleString(undefined, { maximumFractionDigits: 1 })}
          <span className="muted"> / {max.toLocaleString(undefined, { maximumFractionDigits: 1 })} pts</span>
        </span>
      </div>
      <p className="health-component__detail">{c.detail}</p>
      {c.facts.length > 0 && (
        <>
          <button type="button" className="button button--quiet button--small health-component__toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
            {open ? 'Hide' : 'Show'} the {c.facts.length === 1 ? 'fact' : `${c.facts.length} facts`} behind it
          </button>
          {open && (
            <div id={id}>
              <FactList accountId={accountId} facts={c.facts} limit={50} />
            </div>
          )}
        </>
      )}
    </li>
  );
}

function HistoryTable({ snapshots }: { snapshots: HealthSnapshot[] }) {
  const rows = [...snapshots].reverse().slice(0, 120);
  const labels = snapshotLabels(snapshots);
  return (
    <TableScroll label="Score history" short>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col" className="num">
              Score
            </th>
            <th scope="col">Band</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>{labels.get(s.id)?.when}</td>
              <td className="num">{labels.get(s.id)?.score}</td>
              <td>
                <BandBadge band={s.band} />
              </td>
              <td className="muted">{s.cause === 'change' ? 'A fact changed' : s.cause === 'daily' ? 'Daily' : 'Recomputed'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Why it changed: the latest change by default, or between the two snapshots picked. */
function ChangeSection({
  accountId,
  snapshots,
  from,
  to,
  picked,
  setPicked,
  ready,
}: {
  accountId: string;
  snapshots: HealthSnapshot[];
  from: string | undefined;
  to: string | undefined;
  picked: string[];
  setPicked: (ids: string[]) => void;
  /** The history is in: the latest change is known. */
  ready: boolean;
}) {
  const change = useQuery({
    queryKey: keys.healthChange(accountId, from, to),
    queryFn: ({ signal }) => api.health.change(accountId, { from, to }, signal),
    placeholderData: keepPreviousData,
    enabled: ready,
  });
  const newestFirst = useMemo(() => [...snapshots].reverse(), [snapshots]);
  // Each told apart from the others, even two taken in the same minute (snapshot-labels.ts).
  const labels = useMemo(() => snapshotLabels(snapshots), [snapshots]);
  const c = change.data;
  const fromId = c?.from?.id ?? '';
  const toId = c?.to?.id ?? '';
  return (
    <section className="health-change" aria-labelledby="health-change-title" data-testid="health-change">
      <div className="section-head">
        <h3 id="health-change-title">Why it changed{picked.length === 0 && <span className="muted health-change__which"> · the latest change</span>}</h3>
        {picked.length > 0 && (
          <button type="button" className="button button--quiet button--small" onClick={() => setPicked([])}>
            Back to the latest change
          </button>
        )}
      </div>
      {snapshots.length > 1 && (
        <div className="health-change__pickers">
          <label>
            <span className="muted">From</span>
            <select
              value={fromId}
              onChange={(e) => {
                const next = e.target.value;
                setPicked(next && toId ? [next, toId] : next ? [next] : []);
              }}
            >
              {!fromId && <option value="">—</option>}
              {newestFirst.map((s) => (
                <option key={s.id} value={s.id}>
                  {labels.get(s.id)?.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="muted">To</span>
            <select value={toId} onChange={(e) => setPicked(fromId ? [fromId, e.target.value] : [e.target.value])}>
              {newestFirst.map((s) => (
                <option key={s.id} value={s.id}>
                  {labels.get(s.id)?.label}
                </option>
              ))}
            </select>
          </label>
          <span className="muted health-change__hint">or click two points on the chart</span>
        </div>
      )}
      {change.isError && <p className="muted">The change could not be loaded: {change.error.message}</p>}
      {c && <ChangeBody accountId={accountId} change={c} labels={labels} />}
    </section>
  );
}

function ChangeBody({ accountId, change: c, labels }: { accountId: string; change: HealthChange; labels: Map<string, SnapshotLabel> }) {
  if (!c.to) return <p className="muted">No score recorded yet.</p>;
  if (!c.from) return <p className="muted">This is the first score recorded: there is nothing earlier to compare it with yet.</p>;
  // As the pickers name them; a snapshot older than the history loaded, as its own.
  const from = labels.get(c.from.id) ?? { when: formatDateTime(c.from.computedAt), score: formatScore(c.from.score) };
  const to = labels.get(c.to.id) ?? { when: formatDateTime(c.to.computedAt), score: formatScore(c.to.score) };
  const direction = c.scoreDelta > 0 ? 'up' : c.scoreDelta < 0 ? 'down' : 'flat';
  return (
    <>
      <p className="health-change__summary">
        <span className={`delta delta--${direction}`}>{c.scoreDelta === 0 ? 'No change' : `${formatDelta(c.scoreDelta)} points`}</span>{' '}
        <span className="muted">
          from {from.score} ({from.when}) to {to.score} ({to.when})
        </span>
      </p>
      {c.components.length === 0 ? (
        <p className="muted">No component moved between these two scores.</p>
      ) : (
        <ul className="health-change__list">
          {c.components.map((m) => (
            <li key={m.key} className="health-change__item">
              <div className="health-change__row">
                <span className={`delta delta--${m.delta > 0 ? 'up' : m.delta < 0 ? 'down' : 'flat'}`}>{formatDelta(m.delta)}</span>
                <strong>{m.label}</strong>
                <span className="muted">
                  {m.before.toLocaleString(undefined, { maximumFractionDigits: 1 })} → {m.after.toLocaleString(undefined, { maximumFractionDigits: 1 })} pts
                </span>
              </div>
              {m.added.length > 0 && (
                <div className="health-change__facts">
                  <span className="health-change__facts-label">Now counted</span>
                  <FactList accountId={accountId} facts={m.added} />
                </div>
              )}
              {m.removed.length > 0 && (
                <div className="health-change__facts">
                  <span className="health-change__facts-label">No longer counted</span>
                  <FactList accountId={accountId} facts={m.removed} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
