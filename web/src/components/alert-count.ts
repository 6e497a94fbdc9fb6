import type { AlertState, Severity } from '../api/types';
import { formatCount } from '../format';

/** Alerts counted per severity. */
export type SeverityCounts = Partial<Record<Severity, number>>;

/** From the most severe down: the order the words of a count name them in. */
const MOST_SEVERE_FIRST: readonly Severity[] = ['critical', 'warning', 'info'];

/**
 * The highest severity among counted alerts (null without any): the colour of every alert count
 * in the app — info neutral, warning amber, critical red (decision 0009, amended by 0025).
 */
export function highestSeverity(counts: SeverityCounts): Severity | null {
  return MOST_SEVERE_FIRST.find((s) => (counts[s] ?? 0) > 0) ?? null;
}

/** The severity counts of some states together (an alerts page's `severities`, for the states a badge counts). */
export function severityCountsOf(severities: Partial<Record<AlertState, SeverityCounts>>, states: readonly AlertState[]): SeverityCounts {
  const total: SeverityCounts = {};
  for (const state of states) {
    for (const s of MOST_SEVERE_FIRST) {
      const n = severities[state]?.[s] ?? 0;
      if (n > 0) total[s] = (total[s] ?? 0) + n;
    }
  }
  return total;
}

/** Counted per severity, from a list of alerts. */
export function severityCountsOfAlerts(alerts: ReadonlyArray<{ severity: Severity }>): SeverityCounts {
  const total: SeverityCounts = {};
  for (const a of alerts) total[a.severity] = (total[a.severity] ?? 0) + 1;
  return total;
}

/**
 * What a count is made of, the most severe first, so that the colour is never the only carrier:
 * "1 critical, 2 info". Empty without any.
 */
export function severityWords(counts: SeverityCounts): string {
  return MOST_SEVERE_FIRST.filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${formatCount(counts[s] ?? 0)} ${s}`)
    .join(', ');
}

/** The words of a count from its severities, after its number: "to work on: 1 critical, 2 info". */
export function alertCountWords(counts: SeverityCounts, what = 'to work on'): string {
  const split = severityWords(counts);
  return split ? `${what}: ${split}` : what;
}
