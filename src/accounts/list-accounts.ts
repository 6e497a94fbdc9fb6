import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { accountsRepo } from './repo.js';
import { ensureFresh } from '../health/recompute.js';
import type { ListAccountsQuery } from './schemas.js';

/**
 * One page of the portfolio, filtered and sorted, with a cursor for the next page. Sorted by health,
 * the first page brings changed accounts' scores up to date first, so a write is in the order; on a
 * new day the order is by yesterday's scores until the day's recompute ran, and that page's
 * `freshness` says so (decision 0027).
 */
export async function listAccounts(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: ListAccountsQuery) {
  const byHealth = !query.cursor && (query.sort === 'health' || query.sort === '-health');
  const freshness = byHealth ? await ensureFresh(deps, actor.workspaceId) : undefined;
  const page = await accountsRepo(deps.db).listAccounts(actor.workspaceId, query, deps.clock.now());
  return freshness ? { ...page, freshness } : page;
}

/** Categories and statuses with their counts, for the portfolio's filters. */
export async function listAccountFacets(deps: Deps, actor: Pick<Actor, 'workspaceId'>) {
  return accountsRepo(deps.db).facets(actor.workspaceId);
}
