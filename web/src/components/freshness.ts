import type { Freshness } from '../api/types';
import { formatDateTime } from '../format';

/** While the day's recompute runs, a screen reads again this often until the numbers are today's. */
export const UPDATING_REFETCH_MS = 5_000;

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const localDay = (date: Date) => `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;

/** "today 00:05", "yesterday 23:10", or the date and time: when an instant was, from the reader's day. */
export function formatComputedAt(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (localDay(at) === localDay(now)) return `today ${timeFormat.format(at)}`;
  if (localDay(at) === localDay(yesterday)) return `yesterday ${timeFormat.format(at)}`;
  return formatDateTime(iso);
}

/**
 * The quiet line a screen shows while its numbers are from an earlier day and the day's recompute
 * runs ("Scores as of yesterday 23:10 — updating"); null once they are today's. `what` names the
 * numbers ("Scores", "Touch counts").
 */
export function freshnessNote(freshness: Freshness | undefined, what: string, now = new Date()): string | null {
  if (!freshness?.updating || !freshness.computedAt) return null;
  return `${what} as of ${formatComputedAt(freshness.computedAt, now)} — updating`;
}

/** A query's refetch interval: every few seconds while the numbers are updating, else none. */
export const refetchWhileUpdating = (freshness: Freshness | undefined): number | false => (freshness?.updating ? UPDATING_REFETCH_MS : false);
