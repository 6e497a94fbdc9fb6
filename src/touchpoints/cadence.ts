/**
 * Cadence and attention rules, pure: from an account's touch statistics and a date, how recently
 * and by whom it was touched, and why it needs attention. The SQL that gathers the statistics is in
 * repo.ts; the thresholds are here, table-tested in cadence.test.ts.
 */

const DAY_MS = 86_400_000;
export const WINDOW_DAYS = 90;
/** The client must have started at least this many touches in the earlier window for a drop to mean something. */
export const MIN_EARLIER_CLIENT_TOUCHES = 2;

/** What the database knows about one account's touches, as of a date. */
export interface AccountTouchStats {
  cadenceDays: number | null;
  /** Since when the account should have been in touch: its start date, else when it was created. */
  since: Date;
  lastTouchAt: Date | null;
  lastClientTouchAt: Date | null;
  /** Touches in the last 90 days, and those the client started. */
  touches90: number;
  clientTouches90: number;
  /** The same for the 90 days before those. */
  touchesPrev90: number;
  clientTouchesPrev90: number;
  /** Distinct active contacts in a touch of the last 90 days. */
  engagedContacts90: number;
  /** Active contacts known (not left). */
  activeContacts: number;
}

export interface AccountCadence {
  lastTouchAt: string | null;
  lastClientTouchAt: string | null;
  daysSinceLastTouch: number | null;
  /** Days past the cadence target (0 when on time); null when the account has no target. */
  daysOverdue: number | null;
  /** Share of touches the client started, last 90 days and the 90 before; null without touches. */
  clientShare90: number | null;
  clientSharePrev90: number | null;
  engagedContacts90: number;
  activeContacts: number;
  touchesPerMonth: number;
}

export type AttentionKind = 'going_quiet' | 'client_stopped_initiating' | 'single_threaded';

export interface AttentionReason {
  kind: AttentionKind;
  message: string;
}

/** Whole days from `from` to `to`, rounded down (a touch this morning is 0 days ago). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const percent = (value: number | null): string => `${Math.round((value ?? 0) * 100)}%`;

export function computeCadence(stats: AccountTouchStats, today: Date): AccountCadence {
  const reference = stats.lastTouchAt ?? stats.since;
  const quietDays = Math.max(0, daysBetween(reference, today));
  return {
    lastTouchAt: stats.lastTouchAt?.toISOString() ?? null,
    lastClientTouchAt: stats.lastClientTouchAt?.toISOString() ?? null,
    daysSinceLastTouch: stats.lastTouchAt ? Math.max(0, daysBetween(stats.lastTouchAt, today)) : null,
    daysOverdue: stats.cadenceDays === null ? null : Math.max(0, quietDays - stats.cadenceDays),
    clientShare90: share(stats.clientTouches90, stats.touches90),
    clientSharePrev90: share(stats.clientTouchesPrev90, stats.touchesPrev90),
    engagedContacts90: stats.engagedContacts90,
    activeContacts: stats.activeContacts,
    touchesPerMonth: Math.round((stats.touches90 / 3) * 10) / 10,
  };
}

/**
 * Why an account needs attention, each reason in words a person can check:
 * - going quiet: longer without a touch than its cadence target (counted from its start when it
 *   was never touched);
 * - client stopped initiating: the share of touches the client started fell by half or more
 *   against the 90 days before (when the client had started at least two then);
 * - single-threaded: exactly one engaged contact while more are known, or only one (or no) contact
 *   known; none engaged is no contact at all, which going quiet covers.
 */
export function attentionReasons(stats: AccountTouchStats, today: Date): AttentionReason[] {
  const cadence = computeCadence(stats, today);
  const reasons: AttentionReason[] = [];
  if (stats.cadenceDays !== null && cadence.daysOverdue !== null && cadence.daysOverdue > 0) {
    const quiet = stats.lastTouchAt
      ? `No touch for ${cadence.daysSinceLastTouch} days`
      : `Never touched since ${stats.since.toISOString().slice(0, 10)}`;
    reasons.push({ kind: 'going_quiet', message: `${quiet}; the cadence is every ${stats.cadenceDays} days (${cadence.daysOverdue} ${cadence.daysOverdue === 1 ? 'day' : 'days'} overdue)` });
  }
  const before = cadence.clientSharePrev90;
  if (before !== null && stats.clientTouchesPrev90 >= MIN_EARLIER_CLIENT_TOUCHES) {
    const now = cadence.clientShare90 ?? 0;
    if (now <= before / 2) {
      reasons.push({
        kind: 'client_stopped_initiating',
        message: `The client started ${percent(before)} of touches in the 90 days before, ${percent(now)} in the last 90 (${stats.clientTouches90} of ${stats.touches90})`,
      });
    }
  }
  if (stats.activeContacts <= 1) {
    reasons.push({
      kind: 'single_threaded',
      message: stats.activeContacts === 0 ? 'No active contact is known at this account' : 'Only one contact is known at this account',
    });
  } else if (stats.engagedContacts90 === 1) {
    reasons.push({
      kind: 'single_threaded',
      message: `Only 1 of ${stats.activeContacts} contacts took part in a touch in the last 90 days`,
    });
  }
  return reasons;
}
