import { useCallback, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { isMissingRoute } from '../../api/client';
import type { Account, Alert, Severity } from '../../api/types';
import { AlertCard } from '../alerts/alert-card';
import { useFocusAfterAction } from '../alerts/focus-after-action';
import { AlertCountBySeverity } from '../../components/badges';
import { severityCountsOfAlerts } from '../../components/alert-count';
import { formatCount, formatDateTime, plural } from '../../format';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
/** Checked again at the latest this often while an alert is snoozed, so one whose snooze ends comes back. */
const MAX_WAIT_MS = 60 * 60_000;

/**
 * The account's alerts to work on (open or acknowledged), most severe first, each with its reasons
 * and the actions; the count beside the heading in the colour of the most severe. Snoozed ones
 * sit apart, folded under "Snoozed (n)" with when each comes back; they are not counted, and come
 * back among the others when their snooze ends (the list is fetched again then).
 */
export function AccountAlerts({ account }: { account: Account }) {
  const [notice, setNotice] = useState('');
  const alerts = useQuery({
    queryKey: [...keys.alerts, 'list', { accountId: account.id }],
    queryFn: ({ signal }) => api.alerts.list({ accountId: account.id, limit: 50 }, signal),
    // Fetched again when the first snooze ends (the server shows it open from then on).
    refetchInterval: (query) => {
      const ends = (query.state.data?.items ?? []).flatMap((a) => (a.state === 'snoozed' && a.snoozedUntil ? [Date.parse(a.snoozedUntil)] : []));
      if (ends.length === 0) return false;
      return Math.min(MAX_WAIT_MS, Math.max(1000, Math.min(...ends) - Date.now() + 1000));
    },
  });
  const all = alerts.data?.items ?? [];
  const items = all.filter((a) => a.state !== 'snoozed').sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const snoozed = all.filter((a) => a.state === 'snoozed').sort((a, b) => Date.parse(a.snoozedUntil ?? '') - Date.parse(b.snoozedUntil ?? ''));
  const resolved = alerts.data?.counts.resolved ?? 0;
  const listRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const snoozedListRef = useRef<HTMLDivElement>(null);
  const snoozedSummaryRef = useRef<HTMLElement>(null);
  // As on the alerts screen: the focus stays on the card, or goes to the next (else the previous)
  // card of the list it was in. A card acted on in the snoozed group keeps the focus in that group
  // (snoozed again, on the card; resolved, on its neighbour), then on the group's summary, then on
  // the heading once the group is gone.
  const snoozedFallback = useMemo(() => [snoozedSummaryRef, headingRef], []);
  const { focusAfter } = useFocusAfterAction(items, listRef, headingRef);
  const { focusAfter: focusAfterSnoozed } = useFocusAfterAction(snoozed, snoozedListRef, snoozedFallback);
  const onDone = useCallback(
    (message: string, saved: Alert) => {
      setNotice(message);
      focusAfter(saved);
    },
    [focusAfter],
  );
  const onSnoozedDone = useCallback(
    (message: string, saved: Alert) => {
      setNotice(message);
      focusAfterSnoozed(saved);
    },
    [focusAfterSnoozed],
  );
  if (alerts.isError && isMissingRoute(alerts.error)) return null;
  const counts = severityCountsOfAlerts(items);
  return (
    <section className="card account-alerts" aria-labelledby="account-alerts-title" data-testid="account-alerts">
      <div className="section-head">
        <h2 id="account-alerts-title" ref={headingRef} tabIndex={-1}>
          Alerts
          {alerts.data && items.length > 0 && <AlertCountBySeverity counts={counts} className="alert-count--heading" testId="account-alert-count" />}
        </h2>
        {alerts.data && (all.length > 0 || resolved > 0) && (
          <Link to={`/alerts?account=${account.id}&state=open,acknowledged,snoozed,resolved&sort=newest`} className="muted">
            All, with resolved
          </Link>
        )}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
      {alerts.isPending && <p role="status">Loading…</p>}
      {alerts.isError && (
        <div className="alert alert--error" role="alert">
          The alerts could not be loaded: {alerts.error.message}
        </div>
      )}
      {alerts.isSuccess && items.length === 0 && (
        <p className="account-alerts__none">
          Nothing is slipping: no open alerts
          {snoozed.length > 0 ? `; ${plural(snoozed.length, 'snoozed alert')} ${snoozed.length === 1 ? 'comes' : 'come'} back when ${snoozed.length === 1 ? 'its' : 'their'} snooze ends` : ''}
          {resolved > 0 ? ` (${formatCount(resolved)} resolved before)` : ''}.
        </p>
      )}
      <div className="account-alerts__list" ref={listRef}>
        {items.map((alert) => (
          <AlertCard key={alert.id} alert={alert} onDone={onDone} compact />
        ))}
      </div>
      {snoozed.length > 0 && (
        <details className="account-alerts__snoozed" data-testid="account-alerts-snoozed">
          <summary ref={snoozedSummaryRef}>
            Snoozed ({formatCount(snoozed.length)})<span className="muted">
              {' '}
              · {snoozed.length === 1 ? 'back' : 'the first back'} on {formatDateTime(snoozed[0]!.snoozedUntil ?? '')}
            </span>
          </summary>
          <div className="account-alerts__list" ref={snoozedListRef}>
            {snoozed.map((alert) => (
              <AlertCard key={alert.id} alert={alert} onDone={onSnoozedDone} compact />
            ))}
          </div>
        </details>
      )}
    </section>
  );
}
