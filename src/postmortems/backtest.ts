/**
 * The backtest of the health model (PRODUCT.md M6), pure: would the model have warned before the
 * accounts we lost, how many days ahead, and how often did it cry wolf? It replays each account's
 * facts day by day through the same functions the live score uses (summarizeFacts → computeHealth),
 * which read nothing dated after the day they score — so the replay sees what the team saw then.
 *
 * The definitions (tested in backtest.test.ts), for a horizon H (90 days by default):
 * - A day on which the account had no data (no weighted component with a value: the neutral score,
 *   decision 0024) is no prediction at all: not healthy, not watch, not at risk. Such days are
 *   counted apart (`noDataDays`) and left out of everything below (decision 0013).
 * - A *prediction* is an account-day with data in band at_risk. It is *right* (a true positive) when
 *   the account was lost within H days after that day: day < lostOn ≤ day + H.
 * - Only account-days with data whose outcome is known count: for a lost account, the days before its loss;
 *   for a retained account, the days with a full horizon of hindsight (day + H ≤ the last day of its
 *   data), so a retained account flagged near the end is not counted as a false alarm yet.
 * - precision = right at_risk days / counted at_risk days (account-days: an account flagged for a
 *   month counts 30 times, as the team would have looked at it 30 times). `accountPrecision` is the
 *   same per account: of the accounts with a counted at_risk day, the share with a right one.
 * - recall = of the lost accounts with at least one day with data in the H days before the loss, the
 *   share at_risk on at least one of those days. A lost account without such a day made no
 *   prediction: it is listed, and counted apart (`lostAccountsWithoutData`).
 * - lead time: per lost account, the first day at_risk within the `lookbackDays` (180) days before
 *   the loss, and the days from it to the loss; the same for the first day below healthy (watch or
 *   at_risk), the earlier and softer warning the portfolio shows in amber.
 * A ratio with nothing to divide by is null (no lost account, no at_risk day), not 0 or 1.
 */
import type { AccountFacts } from '../health/facts.js';
import type { HealthModel } from '../health/model.js';
import { computeHealth, type Band } from '../health/score.js';
import { dayNumber, dayString, prepareFacts, summarizePrepared } from '../health/summarize.js';

export interface DailyHealth {
  asOf: string;
  score: number;
  band: Band;
  /** False: no weighted component had data that day; score and band are the model's neutral ones. */
  hasData: boolean;
}

/** The account's score and band on every day from `fromDay` to `toDay` inclusive ('YYYY-MM-DD'). */
export function replayAccount(facts: AccountFacts, model: HealthModel, fromDay: string, toDay: string): DailyHealth[] {
  const prepared = prepareFacts(facts);
  const daily: DailyHealth[] = [];
  for (let day = dayNumber(fromDay), last = dayNumber(toDay); day <= last; day += 1) {
    const asOf = dayString(day);
    const { score, band, hasData } = computeHealth(summarizePrepared(prepared, asOf, model), model);
    daily.push({ asOf, score, band, hasData });
  }
  return daily;
}

/** What a replayed day predicted: its band, or null on a day without data (no prediction). */
export function predictionOf(day: DailyHealth): { asOf: string; band: Band | null } {
  return { asOf: day.asOf, band: day.hasData ? day.band : null };
}

export interface BacktestAccount {
  accountId: string;
  /** The day the account was lost; null when retained. */
  lostOn: string | null;
  /** Every replayed day; band null on a day without data, which predicted nothing. */
  daily: Array<{ asOf: string; band: Band | null }>;
}

export interface LostAccountResult {
  accountId: string;
  lostOn: string;
  /** The first day at_risk within `lookbackDays` before the loss; null when never. */
  firstAtRiskOn: string | null;
  /** Days from firstAtRiskOn to the loss. */
  leadDays: number | null;
  /** The first day below healthy (watch or at_risk) within `lookbackDays` before the loss; null when never. */
  firstWatchOn: string | null;
  /** Days from firstWatchOn to the loss. */
  watchLeadDays: number | null;
  /** At risk on at least one day within the horizon before the loss (what recall counts). */
  isFlaggedWithinHorizon: boolean;
  /** Had data on at least one day within the horizon before the loss; false: no prediction, left out of recall. */
  hasDataWithinHorizon: boolean;
}

export interface BacktestMetrics {
  horizonDays: number;
  lookbackDays: number;
  lost: LostAccountResult[];
  precision: number | null;
  accountPrecision: number | null;
  recall: number | null;
  /** Median lead time of the lost accounts that were flagged; null when none was. */
  medianLeadDays: number | null;
  /** Median days from the first day below healthy to the loss, over the lost accounts that had one. */
  medianWatchLeadDays: number | null;
  counts: {
    /** Account-days replayed without data: no prediction, in none of the counts below. */
    noDataDays: number;
    /** Account-days with data whose outcome is known, and of those at_risk, and of those right. */
    countedDays: number;
    atRiskDays: number;
    truePositiveDays: number;
    /** Accounts with a counted at_risk day, and of those the ones lost within the horizon of one. */
    flaggedAccounts: number;
    flaggedAccountsLost: number;
    /** Lost accounts with data in the horizon before the loss (recall's denominator), and of those flagged. */
    lostAccounts: number;
    lostAccountsFlagged: number;
    /** Lost accounts without a day of data in the horizon before the loss: no prediction, out of recall. */
    lostAccountsWithoutData: number;
  };
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Every count at 0. */
export const noCounts = (): BacktestMetrics['counts'] => ({
  noDataDays: 0,
  countedDays: 0,
  atRiskDays: 0,
  truePositiveDays: 0,
  flaggedAccounts: 0,
  flaggedAccountsLost: 0,
  lostAccounts: 0,
  lostAccountsFlagged: 0,
  lostAccountsWithoutData: 0,
});

/** Precision, recall and lead times of the at_risk band over replayed accounts (definitions above). */
export function backtestMetrics(accounts: BacktestAccount[], horizonDays = 90, lookbackDays = 180): BacktestMetrics {
  const counts = noCounts();
  const lost: LostAccountResult[] = [];
  for (const account of accounts) {
    const days = account.daily
      .flatMap((d) => {
        if (d.band !== null) return [{ day: dayNumber(d.asOf), isAtRisk: d.band === 'at_risk', isBelowHealthy: d.band !== 'healthy' }];
        counts.noDataDays += 1;
        return [];
      })
      .sort((a, b) => a.day - b.day);
    const lostDay = account.lostOn === null ? null : dayNumber(account.lostOn);
    // A retained account's outcome is known up to the horizon before its last replayed day, with data or not.
    const lastDay = account.daily.reduce((last, d) => Math.max(last, dayNumber(d.asOf)), -Infinity);
    let isFlagged = false;
    let hasHit = false;
    for (const { day, isAtRisk } of days) {
      const isKnown = lostDay !== null ? day < lostDay : day + horizonDays <= lastDay;
      if (!isKnown) continue;
      counts.countedDays += 1;
      if (!isAtRisk) continue;
      counts.atRiskDays += 1;
      isFlagged = true;
      if (lostDay !== null && lostDay - day <= horizonDays) {
        counts.truePositiveDays += 1;
        hasHit = true;
      }
    }
    if (isFlagged) counts.flaggedAccounts += 1;
    if (hasHit) counts.flaggedAccountsLost += 1;
    if (lostDay === null || account.lostOn === null) continue;

    const inHorizon = days.filter((d) => d.day < lostDay && d.day >= lostDay - horizonDays);
    const isFlaggedWithinHorizon = inHorizon.some((d) => d.isAtRisk);
    const hasDataWithinHorizon = inHorizon.length > 0;
    if (hasDataWithinHorizon) {
      counts.lostAccounts += 1;
      if (isFlaggedWithinHorizon) counts.lostAccountsFlagged += 1;
    } else {
      counts.lostAccountsWithoutData += 1;
    }
    const inLookback = days.filter((d) => d.day < lostDay && d.day >= lostDay - lookbackDays);
    const first = inLookback.find((d) => d.isAtRisk);
    const firstWatch = inLookback.find((d) => d.isBelowHealthy);
    lost.push({
      accountId: account.accountId,
      lostOn: account.lostOn,
      firstAtRiskOn: first ? dayString(first.day) : null,
      leadDays: first ? lostDay - first.day : null,
      firstWatchOn: firstWatch ? dayString(firstWatch.day) : null,
      watchLeadDays: firstWatch ? lostDay - firstWatch.day : null,
      isFlaggedWithinHorizon,
      hasDataWithinHorizon,
    });
  }
  return metricsOf(counts, lost, horizonDays, lookbackDays);
}

/**
 * The metrics from their counts and the lost accounts (each ratio is one of two counts, each
 * median over the lost accounts that have the lead time): what a backtest of some accounts
 * answers, and what the union of several batches is recomputed from (backtest-runs.ts).
 */
export function metricsOf(counts: BacktestMetrics['counts'], lost: LostAccountResult[], horizonDays: number, lookbackDays: number): BacktestMetrics {
  return {
    horizonDays,
    lookbackDays,
    lost,
    precision: ratio(counts.truePositiveDays, counts.atRiskDays),
    accountPrecision: ratio(counts.flaggedAccountsLost, counts.flaggedAccounts),
    recall: ratio(counts.lostAccountsFlagged, counts.lostAccounts),
    medianLeadDays: median(lost.flatMap((l) => (l.leadDays === null ? [] : [l.leadDays]))),
    medianWatchLeadDays: median(lost.flatMap((l) => (l.watchLeadDays === null ? [] : [l.watchLeadDays]))),
    counts,
  };
}

export interface ModelComparison {
  a: BacktestMetrics;
  b: BacktestMetrics;
}

/**
 * Replays the same accounts under two models (say, the workspace's and a proposed one) over the
 * same days and backtests both. A lost account is replayed up to its loss.
 */
export function compareModels(
  accounts: Array<{ accountId: string; facts: AccountFacts; lostOn: string | null }>,
  models: { a: HealthModel; b: HealthModel },
  range: { fromDay: string; toDay: string },
  horizonDays = 90,
): ModelComparison {
  const run = (model: HealthModel): BacktestMetrics =>
    backtestMetrics(
      accounts.map((account) => {
        const toDay = account.lostOn !== null && account.lostOn < range.toDay ? account.lostOn : range.toDay;
        return { accountId: account.accountId, lostOn: account.lostOn, daily: replayAccount(account.facts, model, range.fromDay, toDay).map(predictionOf) };
      }),
      horizonDays,
    );
  return { a: run(models.a), b: run(models.b) };
}
