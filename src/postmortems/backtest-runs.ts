/**
 * What the backtest runner (run-backtest.ts) decides without I/O: which days to replay an account
 * over, and how the metrics of batches of accounts add up to the metrics of all of them — so the
 * runner can replay a workspace a batch at a time and keep only one batch's daily bands in memory.
 * Held to backtest.ts by backtest-runs.test.ts.
 */
import type { AccountFacts } from '../health/facts.js';
import { addDays, dayNumber, dayString, recordedFrom } from '../health/summarize.js';
import { metricsOf, noCounts, type BacktestMetrics } from './backtest.js';

/** The longest replay of one account: three years before its last day; older facts still count through the model's windows. */
export const MAX_REPLAY_DAYS = 1_095;

/**
 * The days to replay an account over: from the first day Rapport has a record of it (its record's
 * creation, or its earliest dated fact when an import brought older history: `recordedFrom`) to
 * the day it was lost or today — at most `maxDays` of them. Null when there is no day to replay
 * (lost before any record of it).
 */
export function replayRange(
  facts: AccountFacts,
  account: { lostOn: string | null; createdOn: string },
  today: string,
  maxDays = MAX_REPLAY_DAYS,
): { fromDay: string; toDay: string } | null {
  const toDay = account.lostOn !== null && account.lostOn < today ? account.lostOn : today;
  const first = dayNumber(recordedFrom(facts, account.createdOn));
  const fromDay = dayString(Math.max(first, dayNumber(addDays(toDay, -(maxDays - 1)))));
  return fromDay <= toDay ? { fromDay, toDay } : null;
}

/**
 * The metrics of the union of disjoint sets of accounts from the metrics of each: the counts add
 * up, the ratios are recomputed from them (backtest.ts defines each as a ratio of two counts), the
 * lost accounts are concatenated and the median lead times taken over all of them.
 */
export function mergeBacktestMetrics(parts: readonly BacktestMetrics[], horizonDays: number, lookbackDays: number): BacktestMetrics {
  const counts = noCounts();
  const lost: BacktestMetrics['lost'] = [];
  for (const part of parts) {
    for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] += part.counts[key];
    lost.push(...part.lost);
  }
  return metricsOf(counts, lost, horizonDays, lookbackDays);
}
