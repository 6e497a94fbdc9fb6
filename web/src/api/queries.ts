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
  /** Everything a new or changed touchpoint can affect sits under one of these. */
  timeline: (accountId: string) => ['timeline', accountId] as const,
  cadence: (accountId: string) => ['cadence', accountId] as const,
  attention: ['attention'] as const,
  imports: ['imports'] as const,
  importJob: (id: string) => ['imports', 'job', id] as const,
  intakeAddress: ['intake', 'address'] as const,
  unmatched: ['intake', 'unmatched'] as const,
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

/**
 * How many mails wait in the unmatched queue, for the header's badge: one page of up to 100
 * ("99+" beyond). Quiet when the intake API is absent or the call fails.
 */
export const unmatchedCountQuery = queryOptions({
  queryKey: [...keys.unmatched, 'count'],
  queryFn: async ({ signal }) => {
    const page = await api.intake.unmatched({ limit: 100 }, signal);
    const count = page.items.length;
    return { count, label: page.nextCursor || count > 99 ? '99+' : String(count) };
  },
  staleTime: 30_000,
  refetchInterval: 60_000,
  retry: false,
});
