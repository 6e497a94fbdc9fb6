import { useEffect, useImperativeHandle, useLayoutEffect, useRef, type Ref } from 'react';
import { Link } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Account, AccountSort, PortfolioHealthItem, Severity } from '../../api/types';
import { AlertCountBadge, ConfidentialBadge, NoScoreBadge, ScoreBadge, StatusBadge } from '../../components/badges';
import { Sparkline } from '../../components/sparkline';
import { BAND_LABELS, OWNER_ROLE_LABELS, formatCount, formatDateTime, formatDelta, formatMoney, formatRelative } from '../../format';
import { nextSort, type SortColumn } from './filters';

export const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 40;
/** Start loading the next page this many rows before the loaded ones run out. */
const PREFETCH_ROWS = 60;

/** Where each filtered view was scrolled to, so coming back from an account lands in the same place. */
const savedOffsets = new Map<string, number>();

export interface AccountTableHandle {
  scrollToIndex(index: number): void;
  scrollToTop(): void;
}

interface AccountTableProps {
  ref?: Ref<AccountTableHandle>;
  rows: Account[];
  /** All matching accounts, loaded or not: the scrollbar is sized for all of them. */
  total: number;
  isLoading: boolean;
  isFetching: boolean;
  sort: AccountSort;
  onSort: (sort: AccountSort) => void;
  highlight: number;
  onHighlight: (index: number) => void;
  onOpen: (index: number) => void;
  onNeedMore: () => void;
  scrollKey: string;
  /** Each open account's health by id (one request for the whole portfolio); null while it loads or when the server has none. */
  health: ReadonlyMap<string, PortfolioHealthItem> | null;
  healthLoading: boolean;
}

function SortHeader({
  column,
  label,
  sort,
  onSort,
  className,
  title,
}: {
  column: SortColumn;
  label: string;
  sort: AccountSort;
  onSort: (s: AccountSort) => void;
  className?: string;
  title?: string;
}) {
  const direction = sort === column ? 'ascending' : sort === `-${column}` ? 'descending' : 'none';
  return (
    <div role="columnheader" aria-sort={direction} className={`grid__cell${className ? ` ${className}` : ''}`} title={title}>
      <button type="button" className="sort-button" onClick={() => onSort(nextSort(sort, column))}>
        {label}
        <span className="sort-button__arrow" aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </div>
  );
}

/**
 * The portfolio table: only the rows in view are in the DOM (@tanstack/react-virtual), so 10,000
 * accounts scroll as smoothly as 10. Rows not yet loaded show as placeholders and ask for the
 * next page as they come near.
 */
export function AccountTable(props: AccountTableProps) {
  const { ref, rows, total, isLoading, isFetching, sort, onSort, highlight, onHighlight, onOpen, onNeedMore, scrollKey, health, healthLoading } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = isLoading ? 12 : total;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
      scrollToTop: () => virtualizer.scrollToOffset(0),
    }),
    [virtualizer],
  );

  // Coming back to a view (from an account, with the back button) returns to where it was.
  const restored = useRef(false);
  useLayoutEffect(() => {
    if (restored.current || isLoading) return;
    restored.current = true;
    const offset = savedOffsets.get(scrollKey);
    if (offset) virtualizer.scrollToOffset(offset);
  }, [isLoading, scrollKey, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const lastVisible = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (!isLoading && lastVisible >= rows.length - PREFETCH_ROWS && rows.length < total) onNeedMore();
  }, [lastVisible, rows.length, total, isLoading, onNeedMore]);

  const activeId = highlight >= 0 && highlight < count ? `account-row-${highlight}` : undefined;

  return (
    <div
      ref={scrollRef}
      className="grid"
      role="grid"
      aria-label="Accounts"
      aria-rowcount={total + 1}
      aria-colcount={9}
      aria-busy={isFetching}
      aria-activedescendant={activeId}
      tabIndex={0}
      data-testid="account-table"
      onScroll={(event) => savedOffsets.set(scrollKey, event.currentTarget.scrollTop)}
    >
      <div role="rowgroup" className="grid__head">
        <div role="row" aria-rowindex={1} className="grid__row grid__row--head">
          <SortHeader column="name" label="Name" sort={sort} onSort={onSort} />
          <div role="columnheader" className="grid__cell">
            Category
          </div>
          <div role="columnheader" className="grid__cell">
            Status
          </div>
          <SortHeader column="health" label="Health" sort={sort} onSort={onSort} title="Health score of 100 and its last 30 days; sorted, the lowest first" />
          <SortHeader column="alerts" label="Alerts" sort={sort} onSort={onSort} className="grid__cell--number" title="Unresolved alerts; sorted, the most first" />
          <SortHeader column="value" label="Value" sort={sort} onSort={onSort} className="grid__cell--number" />
          <div role="columnheader" className="grid__cell">
            Owners
          </div>
          <div role="columnheader" className="grid__cell grid__cell--number">
            Contacts
          </div>
          <SortHeader column="updatedAt" label="Updated" sort={sort} onSort={onSort} />
        </div>
      </div>
      <div role="rowgroup" className="grid__body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const account = rows[item.index];
          const style = { transform: `translateY(${item.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT };
          const isHighlighted = item.index === highlight;
          if (!account) {
            return (
              <div
                key={`placeholder-${item.index}`}
                id={`account-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={isHighlighted}
                className={`grid__row grid__row--placeholder${isHighlighted ? ' grid__row--highlight' : ''}`}
                style={style}
              >
                <div role="gridcell" className="grid__cell">
                  <span className="skeleton" />
                  <span className="visually-hidden">Loading account {item.index + 1}</span>
                </div>
              </div>
            );
          }
          const owners = account.owners.map((o) => o.name).join(', ');
          return (
            <div
              key={account.id}
              id={`account-row-${item.index}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={isHighlighted}
              className={`grid__row${isHighlighted ? ' grid__row--highlight' : ''}${account.archived ? ' grid__row--archived' : ''}`}
              style={style}
              data-account-id={account.id}
              onClick={(event) => {
                if (event.target instanceof HTMLAnchorElement) return;
                onHighlight(item.index);
                onOpen(item.index);
              }}
            >
              <div role="gridcell" className="grid__cell grid__cell--name">
                <Link to={`/accounts/${account.id}`} tabIndex={-1} className="grid__name" title={account.aliases.length ? `Also: ${account.aliases.join(', ')}` : undefined}>
                  {account.name}
                </Link>
                {account.isConfidential && <ConfidentialBadge />}
                {account.archived && <span className="badge badge--archived">Archived</span>}
              </div>
              <div role="gridcell" className="grid__cell grid__cell--muted">
                {account.category ?? '—'}
              </div>
              <div role="gridcell" className="grid__cell">
                <StatusBadge status={account.status} />
              </div>
              <HealthCells item={health?.get(account.id)} loading={healthLoading} />
              <div role="gridcell" className="grid__cell grid__cell--number">
                {account.value ? formatMoney(account.value.amount, account.value.currency) : '—'}
              </div>
              <div role="gridcell" className="grid__cell grid__cell--muted" title={account.owners.map((o) => `${o.name} (${OWNER_ROLE_LABELS[o.role]})`).join(', ')}>
                {owners || '—'}
              </div>
              <div role="gridcell" className="grid__cell grid__cell--number">
                {formatCount(account.contactCount)}
              </div>
              <div role="gridcell" className="grid__cell grid__cell--muted" title={formatDateTime(account.updatedAt)}>
                {formatRelative(account.updatedAt)}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * The health and alert cells of one row: the score in its band's colour, a 30-day sparkline and the
 * change over 30 days; the unresolved alerts, in red when one is critical. Lost and archived accounts have no score ("—").
 */
function HealthCells({ item, loading }: { item: PortfolioHealthItem | undefined; loading: boolean }) {
  if (!item) {
    return (
      <>
        <div role="gridcell" className="grid__cell grid__cell--muted">
          {loading ? <span className="skeleton skeleton--short" /> : '—'}
        </div>
        <div role="gridcell" className="grid__cell grid__cell--number grid__cell--muted">
          {loading ? '' : '—'}
        </div>
      </>
    );
  }
  const alerts = <AlertCountCell openAlerts={item.openAlerts} criticalAlerts={item.criticalAlerts} alertSeverity={item.alertSeverity} />;
  if (!item.hasData) {
    // A new account with no facts yet: its neutral score is no verdict, and it has no trend (decision 0024).
    return (
      <>
        <div role="gridcell" className="grid__cell grid__cell--health" title="No score yet: it appears with the first touchpoint, deliverable, target or incident">
          <NoScoreBadge />
          <span className="muted grid__cell-note">no data yet</span>
        </div>
        {alerts}
      </>
    );
  }
  // Whole points, as the score is shown: a change under half a point is no change.
  const delta = item.delta30 === null ? null : Math.round(item.delta30);
  return (
    <>
      <div
        role="gridcell"
        className="grid__cell grid__cell--health"
        title={`${BAND_LABELS[item.band]}: ${Math.round(item.score)} of 100${delta === null ? '' : `, ${formatDelta(delta)} in 30 days`}`}
      >
        <ScoreBadge score={item.score} band={item.band} />
        <Sparkline values={item.trend} band={item.band} />
        {delta !== null && delta !== 0 && (
          <span className={`delta delta--small delta--${delta > 0 ? 'up' : 'down'}`}>
            {formatDelta(delta, 0)}
            <span className="visually-hidden"> in 30 days</span>
          </span>
        )}
      </div>
      {alerts}
    </>
  );
}

/** The alerts to work on of a row, in the colour of the most severe (info neutral, warning amber, critical red), said in words too. */
function AlertCountCell({ openAlerts, criticalAlerts, alertSeverity }: { openAlerts: number; criticalAlerts: number; alertSeverity: Severity | null }) {
  const most = criticalAlerts > 0 ? `${formatCount(criticalAlerts)} critical` : alertSeverity === 'warning' ? 'warnings at most' : 'information only';
  return (
    <div role="gridcell" className="grid__cell grid__cell--number">
      {openAlerts > 0 ? (
        // The band beside it is the score's, and a healthy score may stand next to a critical alert
        // (a champion just left, say).
        <AlertCountBadge total={openAlerts} severity={alertSeverity} words={`to work on, ${most}`} />
      ) : (
        <span className="muted">0</span>
      )}
    </div>
  );
}
