/**
 * When a loss may be recorded, pure: the rules a loss day obeys wherever a loss is recorded (marking
 * an account lost, importing a lost account), so both refuse the same days with the same words.
 */

/** Why a loss cannot be recorded on a day: a sentence for the whole request, and one for the day itself. */
export interface LossDayProblem {
  message: string;
  detail: string;
}

/**
 * The problem with recording a loss on `lostOn` ('YYYY-MM-DD', UTC), or null: the day may not be
 * after `today` (UTC), nor before the account began when it has a start day. An account without
 * one may have been lost on any past day: one entered today can have been lost long ago.
 */
export function lossDayProblem(lostOn: string, account: { startedOn: string | null }, today: string): LossDayProblem | null {
  if (lostOn > today) return { message: 'The day of the loss cannot be in the future', detail: `Cannot be after today (${today}, UTC)` };
  // Before the relationship began there was nothing to lose (a mistyped year, most likely).
  if (account.startedOn !== null && lostOn < account.startedOn) {
    return { message: 'The day of the loss cannot be before the account began', detail: `Cannot be before the account began (${account.startedOn})` };
  }
  return null;
}
