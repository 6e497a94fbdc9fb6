import { ACCOUNT_SORTS, ACCOUNT_STATUSES, type AccountSort, type AccountStatus } from '../../api/types';

/** The portfolio's filters, kept in the URL so a filtered view can be bookmarked and shared. */
export interface PortfolioFilters {
  q: string;
  status: AccountStatus[];
  category: string;
  ownerId: string;
  sort: AccountSort;
  archived: boolean;
}

export const DEFAULT_SORT: AccountSort = 'name';

export function readFilters(params: URLSearchParams): PortfolioFilters {
  const status = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is AccountStatus => (ACCOUNT_STATUSES as readonly string[]).includes(s));
  const sort = params.get('sort') ?? '';
  return {
    q: params.get('q') ?? '',
    status,
    category: params.get('category') ?? '',
    ownerId: params.get('owner') ?? '',
    sort: (ACCOUNT_SORTS as readonly string[]).includes(sort) ? (sort as AccountSort) : DEFAULT_SORT,
    archived: params.get('archived') === 'all',
  };
}

export function writeFilters(filters: PortfolioFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.status.length) params.set('status', filters.status.join(','));
  if (filters.category) params.set('category', filters.category);
  if (filters.ownerId) params.set('owner', filters.ownerId);
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  if (filters.archived) params.set('archived', 'all');
  return params;
}

/** Whether anything narrows the list (sorting does not). */
export function hasActiveFilters(filters: PortfolioFilters): boolean {
  return Boolean(filters.q || filters.status.length || filters.category || filters.ownerId || filters.archived);
}

/** The columns the portfolio sorts by. */
export type SortColumn = 'name' | 'value' | 'updatedAt' | 'health' | 'alerts';

/**
 * The sort a column header switches to: its first direction, or the other one when already sorted
 * by it. Each starts where a person looks first: A to Z, the most valuable, the latest change, the
 * weakest health, the most alerts.
 */
export function nextSort(current: AccountSort, column: SortColumn): AccountSort {
  const firstDirection: Record<SortColumn, AccountSort> = { name: 'name', value: '-value', updatedAt: '-updatedAt', health: 'health', alerts: '-alerts' };
  if (current === column) return `-${column}` as AccountSort;
  if (current === `-${column}`) return column;
  return firstDirection[column];
}
