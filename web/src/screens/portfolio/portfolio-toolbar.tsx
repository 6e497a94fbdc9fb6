import type { RefObject } from 'react';
import { ACCOUNT_STATUSES, type AccountFacets, type Member } from '../../api/types';
import { STATUS_LABELS, formatCount } from '../../format';
import { hasActiveFilters, type PortfolioFilters } from './filters';

interface ToolbarProps {
  searchRef: RefObject<HTMLInputElement | null>;
  searchText: string;
  onSearchText: (text: string) => void;
  filters: PortfolioFilters;
  onChange: (change: Partial<PortfolioFilters>) => void;
  onClear: () => void;
  facets: AccountFacets | undefined;
  members: Member[] | undefined;
}

/** Search, status chips, category and owner pickers, and "show archived" above the portfolio. */
export function PortfolioToolbar({ searchRef, searchText, onSearchText, filters, onChange, onClear, facets, members }: ToolbarProps) {
  const statusCount = (status: string) => facets?.statuses.find((s) => s.status === status)?.count;
  const categories = facets?.categories ?? [];
  const hasCategory = filters.category && !categories.some((c) => c.category.toLowerCase() === filters.category.toLowerCase());

  return (
    <div className="toolbar" role="search">
      <div className="toolbar__search">
        <label htmlFor="portfolio-search" className="visually-hidden">
          Search accounts
        </label>
        <input
          id="portfolio-search"
          ref={searchRef}
          type="search"
          placeholder="Search names and aliases"
          autoComplete="off"
          spellCheck={false}
          value={searchText}
          onChange={(e) => onSearchText(e.target.value)}
          aria-keyshortcuts="/"
        />
        <kbd className="toolbar__kbd" aria-hidden="true">
          /
        </kbd>
      </div>

      <fieldset className="chips">
        <legend className="visually-hidden">Status</legend>
        {ACCOUNT_STATUSES.map((status) => {
          const pressed = filters.status.includes(status);
          const count = statusCount(status);
          return (
            <button
              key={status}
              type="button"
              className={`chip chip--${status}`}
              aria-pressed={pressed}
              onClick={() => onChange({ status: pressed ? filters.status.filter((s) => s !== status) : [...filters.status, status] })}
            >
              {STATUS_LABELS[status]}
              {count !== undefined && <span className="chip__count">{formatCount(count)}</span>}
            </button>
          );
        })}
      </fieldset>

      <label className="toolbar__select">
        <span className="visually-hidden">Category</span>
        <select value={filters.category} onChange={(e) => onChange({ category: e.target.value })}>
          <option value="">All categories</option>
          {hasCategory && <option value={filters.category}>{filters.category}</option>}
          {categories.map((c) => (
            <option key={c.category} value={c.category}>
              {c.category} ({formatCount(c.count)})
            </option>
          ))}
        </select>
      </label>

      <label className="toolbar__select">
        <span className="visually-hidden">Owner</span>
        <select value={filters.ownerId} onChange={(e) => onChange({ ownerId: e.target.value })}>
          <option value="">Any owner</option>
          {(members ?? []).map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </label>

      <label className="toolbar__check">
        <input type="checkbox" checked={filters.archived} onChange={(e) => onChange({ archived: e.target.checked })} />
        Show archived
      </label>

      {hasActiveFilters(filters) && (
        <button type="button" className="button button--quiet" onClick={onClear}>
          Clear filters
        </button>
      )}
    </div>
  );
}
