import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import type { Account, AccountCadence, AccountCadenceView, AttentionKind } from '../../api/types';
import { formatDateTime, formatPercent, formatRelative, plural } from '../../format';

export const REASON_TITLES: Record<AttentionKind, string> = {
  going_quiet: 'Going quiet',
  client_stopped_initiating: 'Client stopped initiating',
  single_threaded: 'Single-threaded',
};

/** The account's cadence, shared by the panel and the contacts list (one request). */
export function useCadence(accountId: string) {
  return useQuery({ queryKey: keys.cadence(accountId), queryFn: ({ signal }) => api.touchpoints.cadence(accountId, signal) });
}

function When({ iso, never }: { iso: string | null; never: string }) {
  if (!iso) return <span className="muted">{never}</span>;
  return (
    <>
      {formatRelative(iso)} <span className="muted">· {formatDateTime(iso)}</span>
    </>
  );
}

/**
 * An account's cadence in words: "Touch every 14 days", or "Not set". Named "cadence" and read as
 * how often to be in touch, never "target" (the delivery ledger's KPI targets are targets).
 */
export function cadenceText(cadenceDays: number | null): string {
  return cadenceDays === null ? 'Not set' : `Touch every ${plural(cadenceDays, 'day')}`;
}

/** "Touch every 14 days — 4 days overdue", "… — next touch due in 3 days": how the account stands against its cadence. */
function standingText(view: AccountCadenceView): { text: string; late: boolean } {
  const { cadenceDays, cadence } = view;
  if (cadenceDays === null) return { text: 'Not set — edit the account to choose how often to be in touch', late: false };
  const every = cadenceText(cadenceDays);
  if (cadence.daysOverdue !== null && cadence.daysOverdue > 0) {
    return { text: `${every} — ${plural(cadence.daysOverdue, 'day')} overdue`, late: true };
  }
  if (cadence.daysSinceLastTouch !== null) {
    const left = cadenceDays - cadence.daysSinceLastTouch;
    return { text: `${every} — ${left <= 0 ? 'a touch is due today' : `next touch due in ${plural(left, 'day')}`}`, late: false };
  }
  return { text: `${every} — on track`, late: false };
}

/** Two bars, the earlier and the recent client share, so a fall is visible at a glance. */
function ShareBars({ cadence }: { cadence: AccountCadence }) {
  const rows = [
    { label: 'Last 90 days', value: cadence.clientShare90 },
    { label: '90 days before', value: cadence.clientSharePrev90 },
  ];
  const fell = cadence.clientShare90 !== null && cadence.clientSharePrev90 !== null && cadence.clientShare90 <= cadence.clientSharePrev90 / 2;
  return (
    <div className="share-bars">
      {rows.map((r, i) => (
        <div key={r.label} className="share-bars__row">
          <span className="share-bars__label">{r.label}</span>
          <svg className="share-bars__bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
            <rect x="0" y="0" width="100" height="8" rx="2" className="bar-track" />
            {r.value !== null && <rect x="0" y="0" width={Math.max(1, r.value * 100)} height="8" rx="2" className={i === 0 && fell ? 'bar-fill bar-fill--bad' : 'bar-fill'} />}
          </svg>
          <span className="share-bars__value" title={r.value === null ? 'No touches in this period' : undefined}>
            {r.value === null ? '—' : formatPercent(r.value)}
          </span>
        </div>
      ))}
    </div>
  );
}

/**
 * How the account is kept in touch with: last touch and last one the client started, where it
 * stands against its cadence, whether the client still reaches out, how many of its
 * people are engaged, and the reasons it needs attention, in words.
 */
export function CadencePanel({ account }: { account: Account }) {
  const cadence = useCadence(account.id);
  return (
    <section className="card cadence" aria-labelledby="cadence-title" data-testid="cadence-panel">
      <h2 id="cadence-title">Keeping in touch</h2>
      {cadence.isPending && <p role="status">Loading…</p>}
      {cadence.isError && (
        <div className="alert alert--error" role="alert">
          The cadence could not be loaded: {cadence.error.message}
        </div>
      )}
      {cadence.data && <CadenceBody view={cadence.data} />}
    </section>
  );
}

function CadenceBody({ view }: { view: AccountCadenceView }) {
  const c = view.cadence;
  const standing = standingText(view);
  return (
    <>
      {view.reasons.length > 0 ? (
        <ul className="reasons" aria-label="Needs attention">
          {view.reasons.map((r) => (
            <li key={r.kind + r.message} className={`reason reason--${r.kind}`}>
              <strong>{REASON_TITLES[r.kind]}.</strong> {r.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="cadence__ok">Nothing needs attention here.</p>
      )}
      <dl className="details__list cadence__list">
        <dt>Last touch</dt>
        <dd data-testid="cadence-last-touch">
          <When iso={c.lastTouchAt} never="Never" />
        </dd>
        <dt>Client reached out</dt>
        <dd>
          <When iso={c.lastClientTouchAt} never="Never" />
        </dd>
        <dt>Cadence</dt>
        <dd className={standing.late ? 'cadence__late' : undefined} data-testid="cadence-standing">
          {standing.text}
        </dd>
        <dt>Client-initiated</dt>
        <dd>
          <ShareBars cadence={c} />
        </dd>
        <dt>Engaged</dt>
        <dd>
          {c.engagedContacts90} of {plural(c.activeContacts, 'active contact')} <span className="muted">in a touch in 90 days</span>
        </dd>
        <dt>Touches</dt>
        <dd>
          {c.touchesPerMonth.toLocaleString(undefined, { maximumFractionDigits: 1 })} a month <span className="muted">(last 90 days)</span>
        </dd>
      </dl>
    </>
  );
}
