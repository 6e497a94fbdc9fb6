import { useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { isMissingRoute } from '../../api/client';
import type { Account, Alert, Severity } from '../../api/types';
import { AlertCard } from '../alerts/alert-card';
import { useFocusAfterAction } from '../alerts/focus-after-action';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** The account's unresolved alerts, most severe first, each with its reasons and the actions. */
export function AccountAlerts({ account }: { account: Account }) {
  const [notice, setNotice] = useState('');
  const alerts = useQuery({
    queryKey: [...keys.alerts, 'list', { accountId: account.id }],
    queryFn: ({ signal }) => api.alerts.list({ accountId: account.id, limit: 50 }, signal),
  });
  const items = [...(alerts.data?.items ?? [])].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const resolved = alerts.data?.counts.resolved ?? 0;
  const listRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // As on the alerts screen: the focus stays on the card, or goes to the next when it left.
  const { focusAfter } = useFocusAfterAction(items, listRef, headingRef);
  const onDone = useCallback(
    (message: string, saved: Alert) => {
      setNotice(message);
      focusAfter(saved);
    },
    [focusAfter],
  );
  if (alerts.isError && isMissingRoute(alerts.error)) return null;
  return (
    <section className="card account-alerts" aria-labelledby="account-alerts-title" data-testid="account-alerts">
      <div className="section-head">
        <h2 id="account-alerts-title" ref={headingRef} tabIndex={-1}>
          Alerts {alerts.data && <span className="muted">({items.length})</span>}
        </h2>
        {alerts.data && (items.length > 0 || resolved > 0) && (
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
        <p className="account-alerts__none">Nothing is slipping: no open alerts{resolved > 0 ? ` (${resolved} resolved before)` : ''}.</p>
      )}
      <div className="account-alerts__list" ref={listRef}>
        {items.map((alert) => (
          <AlertCard key={alert.id} alert={alert} onDone={onDone} compact />
        ))}
      </div>
    </section>
  );
}
