import { queryOptions } from '@tanstack/react-query';
import { api } from './endpoints';

/**
 * Cache keys, in one place so a change invalidates exactly what it affects. Everything about
 * accounts sits under ['accounts'] (list pages, facets, details), so one invalidation refreshes all.
 */
export const keys = {
  accounts: ['accounts'] as const,
  accountLists: ['accounts', 'list'] as const,
  accountFacets: ['accounts', 'facets'] as const,
  account: (id: string) => ['accounts', 'detail', id] as const,
  contacts: (accountId: string) => ['contacts', accountId] as const,
  members: ['members'] as const,
  tokens: ['tokens'] as const,
};

/** Filter options change rarely; a minute-old list is fine. */
export const facetsQuery = queryOptions({
  queryKey: keys.accountFacets,
  queryFn: ({ signal }) => api.accounts.facets(signal),
  staleTime: 60_000,
});

export const membersQuery = queryOptions({
  queryKey: keys.members,
  queryFn: ({ signal }) => api.members.list(signal),
  staleTime: 60_000,
});
