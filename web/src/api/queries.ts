import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api } from './endpoints';
import { isMissingRoute } from './client';
import type { AlertState } from './types';
import { severityCountsOf } from '../components/alert-count';

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
  /** Health: everything under ['health'] is derived from an account's facts and refreshes with them. */
  health: ['health'] as const,
  accountHealth: (accountId: string) => ['health', 'account', accountId] as const,
  healthHistory: (accountId: string) => ['health', 'account', accountId, 'history'] as const,
  healthChange: (accountId: string, from: string | undefined, to: string | undefined) => ['health', 'account', accountId, 'change', from ?? '', to ?? ''] as const,
  portfolioHealth: ['health', 'portfolio'] as const,
  healthModel: ['health-model'] as const,
  healthModels: ['health-model', 'versions'] as const,
  alerts: ['alerts'] as const,
  alertCount: ['alerts', 'count'] as const,
  delivery: (accountId: string) => ['delivery', accountId] as const,
  postmortem: (accountId: string) => ['postmortem', accountId] as const,
  losses: ['losses'] as const,
};

/**
 * After a fact about an account changed (a touchpoint, a deliverable, a target, an incident, a
 * contact): its health, its history, the portfolio's scores and every alert list are out of date,
 * and so is its timeline. Only queries on screen refetch now; the rest are marked stale.
 */
export async function invalidateAccountFacts(queryClient: QueryClient, accountId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.health }),
    queryClient.invalidateQueries({ queryKey: keys.alerts }),
    queryClient.invalidateQueries({ queryKey: keys.timeline(accountId) }),
    queryClient.invalidateQueries({ queryKey: keys.delivery(accountId) }),
    queryClient.invalidateQueries({ queryKey: keys.postmortem(accountId) }),
  ]);
}

/** After marking an account lost or undoing it: its status everywhere, its facts and the loss reports. */
export async function invalidateLoss(queryClient: QueryClient, accountId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.accounts }),
    queryClient.invalidateQueries({ queryKey: keys.losses }),
    invalidateAccountFacts(queryClient, accountId),
  ]);
}

/**
 * After a change that moves accounts on the attention board (a touchpoint, a contact, a cadence
 * target): the cached board is dropped rather than marked stale, so the next visit waits for the
 * fresh one instead of showing reasons that no longer hold. A board on screen refetches at once.
 */
export function refreshAttentionBoard(queryClient: QueryClient): Promise<void> {
  return queryClient.resetQueries({ queryKey: keys.attention });
}

export const healthModelQuery = queryOptions({
  queryKey: keys.healthModel,
  queryFn: ({ signal }) => api.health.model(signal),
  staleTime: 5 * 60_000,
});

export const healthModelsQuery = queryOptions({
  queryKey: keys.healthModels,
  queryFn: ({ signal }) => api.health.models(signal),
  staleTime: 60_000,
});

/**
 * The alerts someone should work on: open or acknowledged. A snoozed alert is out of the way until
 * it comes back (it opens again), a resolved one is done. The alerts screen's default list, its
 * heading and the header's badge all count these, so they say the same number.
 */
export const WORKING_ALERT_STATES = ['open', 'acknowledged'] as const satisfies readonly AlertState[];

/** How many alerts to work on, from a page's counts per state. */
export const countWorking = (counts: Partial<Record<string, number>>): number => WORKING_ALERT_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);

/**
 * The alerts to work on (open or acknowledged), for the header's badge: one tiny page, the counts
 * (per state, and per state and severity) come with it. Quiet when the alerts API is absent or the call fails.
 */
export const alertCountQuery = queryOptions({
  queryKey: keys.alertCount,
  queryFn: async ({ signal }) => {
    try {
      const page = await api.alerts.list({ limit: 1, state: ['open'] }, signal);
      const open = page.counts.open ?? 0;
      const count = countWorking(page.counts);
      // Per severity, for the badge's colour and words (a server without them: none known).
      const severities = severityCountsOf(page.severities ?? {}, WORKING_ALERT_STATES);
      return { open, count, label: count > 99 ? '99+' : String(count), severities };
    } catch (error) {
      if (isMissingRoute(error)) return { open: 0, count: 0, label: '0', severities: {} };
      throw error;
    }
  },
  staleTime: 30_000,
  refetchInterval: 60_000,
  retry: false,
});

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
