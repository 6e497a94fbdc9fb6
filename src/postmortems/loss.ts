/**
 * When a loss may be recorded, pure: the rules a loss day obeys wherever a loss is recorded (marking
 * an account lost, importing a lost account), so both refuse the same days with the same words.
 */

/** Why a loss cannot be recorded on a day: a sentence for the whole request, and one for the day itself. */
export interface LossDayProblem {
  message: string;
  detail: string;
}

/** The furthest time zone ahead of UTC (Kiribati's Line Islands): no calendar day starts earlier. */
const FURTHEST_AHEAD_MS = 14 * 3_600_000;

/**
 * The latest day that is today somewhere at `now` ('YYYY-MM-DD'): the day in UTC+14. A day is a
 * calendar date without a zone, and a person east of UTC enters their own today (the web app's
 * forms default to the browser's date), which UTC may not have reached yet.
 */
export function latestToday(now: Date): string {
  return new Date(now.getTime() + FURTHEST_AHEAD_MS).toISOString().slice(0, 10);
}

/**
 * The problem with recording a loss on `lostOn` ('YYYY-MM-DD'), or null: the day may not be after
 * `today` (`latestToday`: today in the time zone furthest ahead), nor before the account began when
 * it has a start day. An account without one may have been lost on any past day: one entered today
 * can have been lost long ago.
 */
export function lossDayProblem(lostOn: string, account: { startedOn: string | null }, today: string): LossDayProblem | null {
  if (lostOn > today) return { message: 'The day of the loss cannot be in the future', detail: `Cannot be after today (${today} at the latest, in the time zone furthest ahead)` };
  // Before the relationship began there was nothing to lose (a mistyped year, most likely).
  if (account.startedOn !== null && lostOn < account.startedOn) {
    return { message: 'The day of the loss cannot be before the account began', detail: `Cannot be before the account began (${account.startedOn})` };
  }
  return null;
}
