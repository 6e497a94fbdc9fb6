import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { WORKING_ALERT_STATES, countWorking, keys } from '../../api/queries';
import { isMissingRoute } from '../../api/client';
import { ALERT_KINDS, ALERT_STATES, SEVERITIES, type Alert, type AlertState, type Severity } from '../../api/types';
import { usePageTitle } from '../../components/page-title';
import { freshnessNote, refetchWhileUpdating } from '../../components/freshness';
import { AccountPicker } from '../../components/account-picker';
import { isPageShortcut } from '../../components/keyboard';
import { ALERT_KIND_HINTS, ALERT_KIND_LABELS, ALERT_STATE_LABELS, SEVERITY_LABELS, formatCount, plural } from '../../format';
import { AlertCard, canAcknowledge, type AlertActionName } from './alert-card';
import { useFocusAfterAction } from './focus-after-action';

const PAGE = 200;
/**
 * The default list: what to work on. A snooze takes an alert out of it until it comes back (as in
 * Gainsight and HubSpot); the Snoozed chip shows those.
 */
const WORKING: AlertState[] = [...WORKING_ALERT_STATES];
type Sort = 'severity' | 'newest';

function readList<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  return (value ?? '').split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

/** The screen's filters, in the URL: ?state=open,acknowledged&kind=delivery_slipping&account=<id>&sort=newest. */
function readFilters(params: URLSearchParams) {
  const state = readList(params.get('state'), ALERT_STATES);
  return {
    state: state.length ? state : WORKING,
    stateInUrl: state.length > 0,
    kind: readList(params.get('kind'), ALERT_KINDS),
    accountId: params.get('account') ?? '',
    sort: (params.get('sort') === 'newest' ? 'newest' : 'severity') as Sort,
  };
}

const sameStates = (a: readonly AlertState[], b: readonly AlertState[]) => a.length === b.length && a.every((s) => b.includes(s));

/**
 * Every alert of the workspace: filters by state, kind and account (in the URL), grouped by
 * severity (or newest first), each with its reasons and the facts behind them, and the actions.
 * Keys: j / k or arrows move, a / s / r acknowledge, snooze or resolve the selected alert, Enter
 * opens its account, Escape cancels.
 */
export function AlertsScreen() {
  usePageTitle('Alerts');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const [selected, setSelected] = useState(-1);
  const [action, setAction] = useState<AlertActionName | null>(null);
  const [notice, setNotice] = useState('');
  // The account filter swaps the picker for a chip and back: the focus goes to whichever takes the
  // other's place (on a keyboard, to the page's start it would go), but not on the page's first show.
  const [accountFocus, setAccountFocus] = useState<'chip' | 'picker' | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const list = useInfiniteQuery({
    queryKey: [...keys.alerts, 'list', { state: filters.state, kind: filters.kind, accountId: filters.accountId, sort: filters.sort }],
    // The server orders by severity across every page: sorted here, a critical alert older than the
    // first page's newest would wait behind "Load more".
    queryFn: ({ pageParam, signal }) =>
      api.alerts.list({ state: filters.state, kind: filters.kind, accountId: filters.accountId || undefined, sort: filters.sort, limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // On a new day, until the day's recompute has run, the alerts are yesterday's: read again until they are today's.
    refetchInterval: (query) => refetchWhileUpdating(query.state.data?.pages[0]?.freshness),
  });
  const note = freshnessNote(list.data?.pages[0]?.freshness, 'Alerts');
  const account = useQuery({
    queryKey: keys.account(filters.accountId),
    queryFn: ({ signal }) => api.accounts.get(filters.accountId, signal),
    enabled: Boolean(filters.accountId),
  });

  const counts = list.data?.pages[0]?.counts ?? {};
  const severities = list.data?.pages[0]?.severities ?? {};
  /** The alerts of a severity in the states shown, loaded or not: a group's heading counts them all. */
  const severityCount = (severity: Severity) => filters.state.reduce((n, s) => n + (severities[s]?.[severity] ?? 0), 0);
  const ordered = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  // A resolved alert leaves the list: the selection stays at its place (the next one), within bounds.
  const current = selected >= 0 && ordered.length > 0 ? Math.min(selected, ordered.length - 1) : -1;
  const selectedAlert = current >= 0 ? ordered[current] : undefined;
  // The focus follows: to the card (acknowledged) or the next one (snoozed or resolved), selected.
  const { focusAfter, forget: forgetFocus } = useFocusAfterAction(ordered, listRef, headingRef, setSelected);
  const onDone = useCallback(
    (message: string, saved: Alert) => {
      setNotice(message);
      focusAfter(saved);
    },
    [focusAfter],
  );

  const update = useCallback(
    (change: Partial<Record<'state' | 'kind' | 'account' | 'sort', string>>) => {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(change)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      setParams(next, { replace: true });
      setSelected(-1);
      setAction(null);
      forgetFocus();
    },
    [params, setParams, forgetFocus],
  );

  // When the focus is on a card itself (after an action), it moves with the selection, not left
  // behind. Only the card: by the time this frame runs, a key may have opened a form in it, and its
  // field keeps the focus (a note typed at once went to the page's shortcuts, `s` snoozing).
  const scrollTo = (index: number) =>
    requestAnimationFrame(() => {
      const row = listRef.current?.querySelector(`[data-index="${index}"]`);
      row?.scrollIntoView({ block: 'nearest' });
      if (document.activeElement?.matches('[data-alert-id]')) row?.querySelector<HTMLElement>('[data-alert-id]')?.focus();
    });

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!isPageShortcut(event)) return;
      const move = (delta: number) => {
        if (ordered.length === 0) return;
        event.preventDefault();
        const next = current < 0 ? (delta > 0 ? 0 : ordered.length - 1) : Math.max(0, Math.min(ordered.length - 1, current + delta));
        setSelected(next);
        setAction(null);
        forgetFocus();
        scrollTo(next);
        if (next >= ordered.length - 5 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
      };
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          move(1);
          return;
        case 'k':
        case 'ArrowUp':
          move(-1);
          return;
        case 'a':
        case 's':
        case 'r': {
          if (!selectedAlert || selectedAlert.state === 'resolved') return;
          if (event.key === 'a' && !canAcknowledge(selectedAlert)) return;
          event.preventDefault();
          setAction(event.key === 'a' ? 'acknowledge' : event.key === 's' ? 'snooze' : 'resolve');
          return;
        }
        case 'Enter':
        case 'o':
          if (event.target instanceof HTMLAnchorElement || event.target instanceof HTMLButtonElement) return;
          if (selectedAlert) {
            event.preventDefault();
            navigate(`/accounts/${selectedAlert.accountId}`);
          }
          return;
        case 'Escape':
          if (action) setAction(null);
          else setSelected(-1);
          return;
        default:
          return;
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [ordered, current, selectedAlert, action, list, navigate, forgetFocus]);

  const total = ALERT_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const working = countWorking(counts);
  const snoozed = counts.snoozed ?? 0;
  const filtered = filters.kind.length > 0 || Boolean(filters.accountId);
  const toggleState = (state: AlertState) => {
    const on = filters.state.includes(state);
    const next = on ? filters.state.filter((s) => s !== state) : [...filters.state, state];
    update({ state: next.length === 0 || sameStates(next, WORKING) ? '' : ALERT_STATES.filter((s) => next.includes(s)).join(',') });
  };

  return (
    <div className="page alerts-page">
      <div className="page-head">
        <div>
          <h1 ref={headingRef} tabIndex={-1}>
            Alerts
          </h1>
          {/* The same count as the header's badge: open or acknowledged; snoozed ones said apart. */}
          <p className="page-head__sub" aria-live="polite" data-testid="alerts-summary">
            {list.isSuccess
              ? `${plural(working, 'alert')} open or acknowledged${filtered ? ' matching the filters' : ''} · ${formatCount(counts.open ?? 0)} nobody has acted on${
                  snoozed > 0 ? ` · ${formatCount(snoozed)} snoozed` : ''
                }`
              : '\u00a0'}
          </p>
          {note && (
            <p className="page-head__sub" role="status" data-testid="alerts-freshness" title="Today's alerts are being computed; this page updates when they are.">
              {note}
            </p>
          )}
        </div>
        <p className="alerts-page__keys muted" aria-hidden="true">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> acknowledge · <kbd>s</kbd> snooze · <kbd>r</kbd> resolve · <kbd>Enter</kbd> open account
        </p>
      </div>

      <div className="toolbar alerts-page__filters" role="group" aria-label="Filter alerts">
        <div className="chips" role="group" aria-label="State">
          {ALERT_STATES.map((s) => (
            <button key={s} type="button" className={`chip chip--alert-${s}`} aria-pressed={filters.state.includes(s)} onClick={() => toggleState(s)}>
              {ALERT_STATE_LABELS[s]}
              <span className="chip__count">{formatCount(counts[s] ?? 0)}</span>
            </button>
          ))}
        </div>
        <label className="toolbar__select">
          <span className="visually-hidden">Kind</span>
          <select aria-label="Kind" value={filters.kind.length === 1 ? filters.kind[0] : ''} onChange={(e) => update({ kind: e.target.value })}>
            <option value="">All kinds</option>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k} title={ALERT_KIND_HINTS[k]}>
                {ALERT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <div className="alerts-page__account">
          {filters.accountId ? (
            <span className="chip chip--static">
              {account.data?.name ?? 'One account'}
              <button
                type="button"
                className="chip__remove"
                aria-label="Show every account"
                autoFocus={accountFocus === 'chip'}
                onClick={() => {
                  setAccountFocus('picker');
                  update({ account: '' });
                }}
              >
                ×
              </button>
            </span>
          ) : (
            <AccountPicker
              label="Account"
              autoFocus={accountFocus === 'picker'}
              onChoose={(a) => {
                setAccountFocus('chip');
                update({ account: a.id });
              }}
            />
          )}
        </div>
        <label className="toolbar__select">
          <span className="visually-hidden">Order</span>
          <select aria-label="Order" value={filters.sort} onChange={(e) => update({ sort: e.target.value === 'newest' ? 'newest' : '' })}>
            <option value="severity">By severity</option>
            <option value="newest">Newest first</option>
          </select>
        </label>
      </div>

      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>

      {list.isPending && <p role="status">Loading alerts…</p>}
      {list.isError &&
        (isMissingRoute(list.error) ? (
          <div className="alert alert--info" role="status">
            This server does not offer alerts yet.
          </div>
        ) : (
          <div className="alert alert--error" role="alert">
            The alerts could not be loaded: {list.error.message}{' '}
            <button type="button" className="button" onClick={() => void list.refetch()}>
              Try again
            </button>
          </div>
        ))}
      {list.isSuccess && ordered.length === 0 && (
        <EmptyAlerts
          total={total}
          filtered={filtered}
          resolved={counts.resolved ?? 0}
          showingResolved={filters.state.includes('resolved')}
          // Each of these buttons goes away with the empty state: the focus goes to the heading, from which j reaches the first alert.
          onShowResolved={() => {
            update({ state: 'resolved' });
            headingRef.current?.focus();
          }}
          snoozed={filters.state.includes('snoozed') ? 0 : snoozed}
          onShowSnoozed={() => {
            update({ state: 'snoozed' });
            headingRef.current?.focus();
          }}
          onClear={() => {
            update({ state: '', kind: '', account: '' });
            headingRef.current?.focus();
          }}
        />
      )}
      {ordered.length > 0 && (
        <div ref={listRef} className="alerts-list" aria-busy={list.isFetching}>
          {filters.sort === 'severity' ? (
            SEVERITIES.map((severity) => {
              const group = ordered.map((alert, index) => ({ alert, index })).filter((x) => x.alert.severity === severity);
              if (group.length === 0) return null;
              return (
                <section key={severity} className={`alerts-group alerts-group--${severity}`} aria-labelledby={`alerts-${severity}`}>
                  <h2 id={`alerts-${severity}`} className="alerts-group__title">
                    {SEVERITY_LABELS[severity]} <span className="muted">({formatCount(severityCount(severity))})</span>
                  </h2>
                  {group.map(({ alert, index }) => (
                    <AlertRow key={alert.id} alert={alert} index={index} selected={index === current} action={index === current ? action : null} onSelect={setSelected} onAction={setAction} onDone={onDone} />
                  ))}
                </section>
              );
            })
          ) : (
            ordered.map((alert, index) => (
              <AlertRow key={alert.id} alert={alert} index={index} selected={index === current} action={index === current ? action : null} onSelect={setSelected} onAction={setAction} onDone={onDone} />
            ))
          )}
          {list.hasNextPage && (
            <button type="button" className="button button--block" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function AlertRow({
  alert,
  index,
  selected,
  action,
  onSelect,
  onAction,
  onDone,
}: {
  alert: Alert;
  index: number;
  selected: boolean;
  action: AlertActionName | null;
  onSelect: (index: number) => void;
  onAction: (action: AlertActionName | null) => void;
  onDone: (message: string, saved: Alert) => void;
}) {
  return (
    <div data-index={index}>
      <AlertCard
        alert={alert}
        showAccount
        selected={selected}
        action={action}
        onSelect={() => onSelect(index)}
        onActionChange={(next) => {
          onSelect(index);
          onAction(next);
        }}
        onDone={onDone}
      />
    </div>
  );
}

function EmptyAlerts({
  total,
  filtered,
  resolved,
  showingResolved,
  onShowResolved,
  snoozed,
  onShowSnoozed,
  onClear,
}: {
  total: number;
  filtered: boolean;
  resolved: number;
  showingResolved: boolean;
  onShowResolved: () => void;
  /** Snoozed alerts not shown: they come back by themselves. */
  snoozed: number;
  onShowSnoozed: () => void;
  onClear: () => void;
}) {
  if (total === 0 && !filtered) {
    return (
      <div className="empty-state" data-testid="alerts-empty">
        <h2>No alerts: nothing is slipping</h2>
        <p>
          Rapport checks every open account each day and whenever something about it changes: deliverables late, targets missed, quality incidents, contact
          going quiet, a client who stopped reaching out, a champion who left. When one of them starts to hold, an alert appears here with its reasons.
        </p>
        <p>It can only see what is recorded: log touchpoints and keep the delivery ledger up to date on each account page.</p>
        <Link className="button button--primary" to="/attention">
          See the attention board
        </Link>
      </div>
    );
  }
  return (
    <div className="empty-state" data-testid="alerts-empty">
      {filtered ? (
        <>
          <h2>No alerts match</h2>
          <p>No alert fits the kind and account you chose in these states.</p>
          <button type="button" className="button button--primary" onClick={onClear}>
            Clear filters
          </button>
        </>
      ) : (
        <>
          <h2>All clear</h2>
          <p>
            Every alert has been dealt with: nothing needs anyone right now.{' '}
            {snoozed > 0 ? `${plural(snoozed, 'snoozed alert')} ${snoozed === 1 ? 'comes' : 'come'} back when ${snoozed === 1 ? 'its' : 'their'} snooze ends. ` : ''}
            {resolved > 0 && !showingResolved ? `${plural(resolved, 'resolved alert')} remain for the record.` : ''}
          </p>
          {snoozed > 0 && (
            <button type="button" className="button" onClick={onShowSnoozed}>
              Show snoozed alerts
            </button>
          )}
          {resolved > 0 && !showingResolved && (
            <button type="button" className="button" onClick={onShowResolved}>
              Show resolved alerts
            </button>
          )}
        </>
      )}
    </div>
  );
}
