import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { facetsQuery, keys, membersQuery } from '../../api/queries';
import { useSession } from '../../session';
import { usePageTitle } from '../../components/page-title';
import { formatCount } from '../../format';
import { hasActiveFilters, readFilters, writeFilters, type PortfolioFilters } from './filters';
import { PortfolioToolbar } from './portfolio-toolbar';
import { freshnessNote, refetchWhileUpdating } from '../../components/freshness';
import { AccountTable, type AccountTableHandle } from './account-table';

export const PAGE_SIZE = 200;
/** The highlighted row of the last view shown, kept when the user opens an account and comes back. */
let lastHighlight = { viewKey: '', index: -1 };
const SEARCH_DEBOUNCE_MS = 250;

/** Keys typed into a text field belong to the field, except the few the portfolio lends it. */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * The portfolio: every account in one virtualized table fed page by page from the cursor API,
 * with search, filters and sort in the URL, and keyboard control (`/`, j/k or arrows, Enter, n).
 */
export function PortfolioScreen() {
  usePageTitle('Portfolio');
  const { canWrite } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const [searchText, setSearchText] = useState(filters.q);
  // When the URL's q changes from outside the box (a link, back/forward), the box follows it.
  const [urlQ, setUrlQ] = useState(filters.q);
  if (filters.q !== urlQ) {
    setUrlQ(filters.q);
    if (filters.q !== searchText.trim()) setSearchText(filters.q);
  }
  const viewKey = JSON.stringify(filters);
  const [highlight, setHighlight] = useState(() => (lastHighlight.viewKey === viewKey ? lastHighlight.index : -1));
  useEffect(() => {
    lastHighlight = { viewKey, index: highlight };
  }, [viewKey, highlight]);
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<AccountTableHandle>(null);
  /** A row Enter was pressed on before its page arrived: opened when it does. */
  const pendingOpen = useRef(-1);

  const setFilters = useCallback(
    (change: Partial<PortfolioFilters>) => {
      setParams(writeFilters({ ...readFilters(params), ...change }), { replace: true });
      pendingOpen.current = -1;
      setHighlight(-1);
      tableRef.current?.scrollToTop();
    },
    [params, setParams],
  );

  // The search box updates the URL (and so the query) once typing pauses.
  useEffect(() => {
    const q = searchText.trim();
    if (q === filters.q) return;
    const timer = window.setTimeout(() => setFilters({ q }), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [searchText, filters.q, setFilters]);

  const list = useInfiniteQuery({
    queryKey: [...keys.accountLists, filters],
    queryFn: ({ pageParam, signal }) =>
      api.accounts.list(
        {
          q: filters.q || undefined,
          status: filters.status,
          category: filters.category || undefined,
          ownerId: filters.ownerId || undefined,
          archived: filters.archived ? 'all' : 'false',
          sort: filters.sort,
          limit: PAGE_SIZE,
          cursor: pageParam,
          withTotal: pageParam === undefined,
        },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const facets = useQuery(facetsQuery);
  // Scores, trends and alert counts of every open account in one request, merged by id. Asked once
  // the first page is on screen, so the list never waits behind a recompute.
  const health = useQuery({
    queryKey: keys.portfolioHealth,
    queryFn: ({ signal }) => api.health.portfolio(signal),
    enabled: list.isSuccess,
    staleTime: 60_000,
    retry: false,
    // On a new day, until the day's recompute has run, the scores are yesterday's: read again until they are today's.
    refetchInterval: (query) => refetchWhileUpdating(query.state.data?.freshness),
  });
  const note = freshnessNote(health.data?.freshness, 'Scores');
  // Sorted by health, the list's order was yesterday's too: once today's scores are in, it is read again.
  const wasUpdating = useRef(false);
  const updating = health.data?.freshness.updating ?? false;
  const { refetch: refetchList } = list;
  useEffect(() => {
    if (wasUpdating.current && !updating && (filters.sort === 'health' || filters.sort === '-health')) void refetchList();
    wasUpdating.current = updating;
  }, [updating, filters.sort, refetchList]);
  const healthById = useMemo(() => (health.data ? new Map(health.data.items.map((h) => [h.accountId, h])) : null), [health.data]);
  const members = useQuery(membersQuery);

  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? rows.length;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // The highlight moves over every account of the view, loaded or not: a key pressed faster than
  // the next page arrives moves onto its placeholder row, which fills in when the page lands, and
  // Enter there opens the account once it has. (The first page's total can be out of date by the
  // last page; then the rows loaded are all there is.)
  const rowCount = hasNextPage ? Math.max(total, rows.length) : rows.length;
  const openRow = useCallback(
    (index: number) => {
      const account = rows[index];
      pendingOpen.current = account || index >= rowCount ? -1 : index;
      if (account) navigate(`/accounts/${account.id}`);
    },
    [rows, rowCount, navigate],
  );
  useEffect(() => {
    const account = pendingOpen.current >= 0 ? rows[pendingOpen.current] : undefined;
    if (!account) return;
    pendingOpen.current = -1;
    navigate(`/accounts/${account.id}`);
  }, [rows, navigate]);

  const moveHighlight = useCallback(
    (delta: number) => {
      pendingOpen.current = -1;
      if (rowCount === 0) return;
      const next = highlight < 0 ? (delta > 0 ? 0 : rows.length - 1) : Math.min(rowCount - 1, Math.max(0, highlight + delta));
      setHighlight(next);
      tableRef.current?.scrollToIndex(next);
      if (next >= rows.length - 20) loadMore();
    },
    [rowCount, rows.length, highlight, loadMore],
  );

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
      const inSearch = event.target === searchRef.current;
      if (isTextTarget(event.target) && !inSearch) return;
      switch (event.key) {
        case '/':
          if (inSearch) return;
          event.preventDefault();
          searchRef.current?.focus();
          searchRef.current?.select();
          return;
        case 'ArrowDown':
          event.preventDefault();
          moveHighlight(1);
          return;
        case 'ArrowUp':
          event.preventDefault();
          moveHighlight(-1);
          return;
        case 'j':
          if (inSearch) return;
          moveHighlight(1);
          return;
        case 'k':
          if (inSearch) return;
          moveHighlight(-1);
          return;
        case 'Enter': {
          const target = event.target;
          // Links and buttons answer Enter themselves.
          if (target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement) return;
          if (highlight >= 0) {
            event.preventDefault();
            openRow(highlight);
          }
          return;
        }
        case 'Escape':
          if (inSearch) searchRef.current?.blur();
          pendingOpen.current = -1;
          setHighlight(-1);
          return;
        case 'n':
          if (inSearch || !canWrite) return;
          event.preventDefault();
          navigate('/accounts/new');
          return;
        default:
          return;
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [moveHighlight, openRow, highlight, canWrite, navigate]);

  const filtered = hasActiveFilters(filters);
  // Both "Clear filters" buttons go away once the filters are clear: the focus goes to the search
  // box, where a person starts the next look, rather than to the page's start.
  const clearFilters = () => {
    setSearchText('');
    setFilters({ q: '', status: [], category: '', ownerId: '', archived: false });
    searchRef.current?.focus();
  };
  const isEmpty = list.isSuccess && rows.length === 0 && !list.isPlaceholderData;

  return (
    <div className="portfolio">
      <div className="page-head">
        <div>
          <h1>Portfolio</h1>
          <p className="page-head__sub" aria-live="polite" data-testid="portfolio-count">
            {list.isSuccess
              ? filtered
                ? `${formatCount(total)} matching ${total === 1 ? 'account' : 'accounts'}`
                : `${formatCount(total)} ${total === 1 ? 'account' : 'accounts'}`
              : '\u00a0'}
          </p>
          {note && (
            <p className="page-head__sub" role="status" data-testid="portfolio-freshness" title="Today's scores are being computed; this page updates when they are.">
              {note}
            </p>
          )}
        </div>
        {canWrite && (
          <Link className="button button--primary" to="/accounts/new" aria-keyshortcuts="n">
            New account
          </Link>
        )}
      </div>
      <PortfolioToolbar
        searchRef={searchRef}
        searchText={searchText}
        onSearchText={setSearchText}
        filters={filters}
        onChange={setFilters}
        onClear={clearFilters}
        facets={facets.data}
        members={members.data?.items}
      />
      {list.isError ? (
        <div className="alert alert--error" role="alert">
          The accounts could not be loaded: {list.error.message}{' '}
          <button type="button" className="button" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      ) : isEmpty ? (
        filtered ? (
          <div className="empty-state" data-testid="empty-state">
            <h2>No accounts match</h2>
            <p>Nothing in this workspace fits the search and filters you chose.</p>
            <button type="button" className="button button--primary" onClick={clearFilters}>
              Clear filters
            </button>
          </div>
        ) : (
          <div className="empty-state" data-testid="empty-state">
            <h2>No accounts yet</h2>
            <p>An account is a client you manage: its value, owners, contacts and how often you should be in touch.</p>
            {canWrite ? (
              <Link className="button button--primary" to="/accounts/new">
                Create your first account
              </Link>
            ) : (
              <p>You have read-only access; ask a member of this workspace to add the first account.</p>
            )}
          </div>
        )
      ) : (
        <AccountTable
          ref={tableRef}
          rows={rows}
          total={rowCount}
          isLoading={list.isPending}
          isFetching={list.isFetching}
          sort={filters.sort}
          onSort={(sort) => setFilters({ sort })}
          highlight={highlight}
          onHighlight={setHighlight}
          onOpen={openRow}
          onNeedMore={loadMore}
          scrollKey={viewKey}
          health={healthById}
          healthLoading={health.isPending && health.fetchStatus !== 'idle'}
        />
      )}
    </div>
  );
}
