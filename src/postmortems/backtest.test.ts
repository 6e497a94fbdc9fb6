import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../health/facts.js';
import { DEFAULT_MODEL, type HealthModel } from '../health/model.js';
import { computeHealth, type Band } from '../health/score.js';
import { addDays, summarizeFacts } from '../health/summarize.js';
import { backtestMetrics, compareModels, replayAccount, type BacktestAccount } from './backtest.js';

const M = DEFAULT_MODEL;
const START = '2026-01-01';
/** The day n days after START. */
const day = (n: number) => addDays(START, n);

/** Daily bands from day `from` to day `to` (inclusive), at_risk on the listed day numbers, watch on the others listed. */
function series(from: number, to: number, atRisk: Iterable<number> = [], watch: Iterable<number> = []): BacktestAccount['daily'] {
  const risky = new Set(atRisk);
  const watched = new Set(watch);
  const daily: BacktestAccount['daily'] = [];
  for (let n = from; n <= to; n++) daily.push({ asOf: day(n), band: risky.has(n) ? 'at_risk' : watched.has(n) ? 'watch' : 'healthy' });
  return daily;
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const lost = (accountId: string, lostOn: number, atRisk: Iterable<number>, from = 0): BacktestAccount => ({ accountId, lostOn: day(lostOn), daily: series(from, lostOn, atRisk) });
const kept = (accountId: string, to: number, atRisk: Iterable<number> = []): BacktestAccount => ({ accountId, lostOn: null, daily: series(0, to, atRisk) });

describe('lead time: the first at_risk day within 180 days before the loss', () => {
  it.each<[string, number[], string | null, number | null, boolean]>([
    ['at risk from 50 days before', range(250, 300), day(250), 50, true],
    ['at risk exactly 90 days before (the horizon\'s edge)', [210], day(210), 90, true],
    ['at risk 91 days before only: a lead time, but not within the horizon', [209], day(209), 91, false],
    ['at risk 180 days before', [120], day(120), 180, false],
    ['at risk 181 days before only: too early to count', [119], null, null, false],
    ['at risk only on the day of the loss', [300], null, null, false],
    ['never at risk', [], null, null, false],
    ['at risk twice: the first day counts', [150, 151, 280], day(150), 150, true],
  ])('%s', (_label, atRisk, firstAtRiskOn, leadDays, isFlaggedWithinHorizon) => {
    const m = backtestMetrics([lost('a', 300, atRisk)]);
    // With no watch day, the first day below healthy is the first at-risk day.
    expect(m.lost).toEqual([{ accountId: 'a', lostOn: day(300), firstAtRiskOn, leadDays, firstWatchOn: firstAtRiskOn, watchLeadDays: leadDays, isFlaggedWithinHorizon, hasDataWithinHorizon: true }]);
    expect(m.recall).toBe(isFlaggedWithinHorizon ? 1 : 0);
  });
});

describe('watch lead time: the first day below healthy (watch or at_risk) within 180 days before the loss', () => {
  it.each<[string, number[], number[], string | null, number | null]>([
    ['watch from 120 days before, at risk from 40', range(260, 299), range(180, 259), day(180), 120],
    ['watch only, never at risk', [], range(200, 210), day(200), 100],
    ['at risk before any watch day', [150], range(200, 210), day(150), 150],
    ['watch 181 days before only: too early to count', [], [119], null, null],
    ['watch on the day of the loss only', [], [300], null, null],
    ['always healthy', [], [], null, null],
  ])('%s', (_label, atRisk, watch, firstWatchOn, watchLeadDays) => {
    const m = backtestMetrics([{ accountId: 'a', lostOn: day(300), daily: series(0, 300, atRisk, watch) }]);
    expect(m.lost[0]).toMatchObject({ firstWatchOn, watchLeadDays });
    expect(m.medianWatchLeadDays).toBe(watchLeadDays);
    // Watch days are no prediction: precision and recall count at_risk days only.
    expect(m.counts.atRiskDays).toBe(atRisk.length);
  });

  it('the median watch lead time is over the lost accounts that were ever below healthy', () => {
    const watched = (id: string, from: number) => ({ accountId: id, lostOn: day(300), daily: series(0, 300, [], range(from, 299)) });
    const m = backtestMetrics([watched('a', 290), watched('b', 250), lost('c', 300, [])]);
    expect(m.lost.map((l) => l.watchLeadDays)).toEqual([10, 50, null]);
    expect(m.medianWatchLeadDays).toBe(30);
    expect(m.medianLeadDays).toBeNull();
  });
});

describe('precision and recall at a 90-day horizon', () => {
  it('counts each at_risk account-day with a known outcome', () => {
    const m = backtestMetrics([
      // Lost on 300, at risk 200 … 299: days 210 … 299 are right (90), 200 … 209 were too early (10).
      lost('lost-flagged', 300, range(200, 299)),
      // Lost on 300, never flagged: a miss.
      lost('lost-missed', 300, []),
      // Retained, data to day 400: flagged on 100 … 109 (outcome known: wrong, 10 days) and on
      // 311 … 320 (day + 90 > 400: not known yet, not counted).
      kept('kept-false-alarm', 400, [...range(100, 109), ...range(311, 320)]),
      // Retained, never flagged.
      kept('kept-quiet', 400),
    ]);
    expect(m.counts).toEqual({
      noDataDays: 0,
      countedDays: 300 + 300 + 311 + 311,
      atRiskDays: 100 + 10,
      truePositiveDays: 90,
      flaggedAccounts: 2,
      flaggedAccountsLost: 1,
      lostAccounts: 2,
      lostAccountsFlagged: 1,
      lostAccountsWithoutData: 0,
    });
    expect(m.precision).toBeCloseTo(90 / 110, 12);
    expect(m.accountPrecision).toBe(0.5);
    expect(m.recall).toBe(0.5);
    expect(m.medianLeadDays).toBe(100);
  });

  it.each<[string, number, boolean]>([
    ['day + 90 = the last day: known, a false alarm', 310, true],
    ['day + 90 one past the last day: not known yet', 311, false],
  ])('a retained account flagged on one day: %s', (_label, flagged, isCounted) => {
    const m = backtestMetrics([kept('k', 400, [flagged])]);
    expect(m.counts.atRiskDays).toBe(isCounted ? 1 : 0);
    expect(m.precision).toBe(isCounted ? 0 : null);
  });

  it('the day of the loss and after are not predictions', () => {
    const m = backtestMetrics([{ accountId: 'a', lostOn: day(100), daily: series(0, 120, range(100, 120)) }]);
    expect(m.counts).toMatchObject({ countedDays: 100, atRiskDays: 0 });
    expect(m.recall).toBe(0);
  });

  it('a loss more than the horizon after an at_risk day makes that day wrong', () => {
    const m = backtestMetrics([lost('a', 300, [100])]);
    expect(m.counts).toMatchObject({ atRiskDays: 1, truePositiveDays: 0, flaggedAccounts: 1, flaggedAccountsLost: 0 });
    expect(m.precision).toBe(0);
  });

  it('follows the horizon it is given', () => {
    const accounts = [lost('a', 300, [250])];
    expect(backtestMetrics(accounts, 30).recall).toBe(0);
    expect(backtestMetrics(accounts, 50).recall).toBe(1);
    expect(backtestMetrics(accounts, 50).horizonDays).toBe(50);
  });

  it('nothing to divide by is null, not 0 or 1', () => {
    const m = backtestMetrics([kept('k', 400)]);
    expect(m).toMatchObject({ precision: null, accountPrecision: null, recall: null, medianLeadDays: null, lost: [] });
    expect(backtestMetrics([]).counts.countedDays).toBe(0);
  });

  it('a lost account without data in the horizon is listed but left out of recall', () => {
    const m = backtestMetrics([{ accountId: 'a', lostOn: day(300), daily: series(0, 100) }, lost('b', 300, [299])]);
    expect(m.lost.map((l) => [l.accountId, l.isFlaggedWithinHorizon, l.hasDataWithinHorizon])).toEqual([
      ['a', false, false],
      ['b', true, true],
    ]);
    expect(m.counts).toMatchObject({ lostAccounts: 1, lostAccountsWithoutData: 1 });
    expect(m.recall).toBe(1);
  });

  it('does not depend on the order of the days', () => {
    const account = lost('a', 300, [...range(250, 260), 290]);
    const shuffled = { ...account, daily: [...account.daily].reverse() };
    expect(backtestMetrics([shuffled])).toEqual(backtestMetrics([account]));
  });

  it('the median lead time of an even count is the mean of the middle two', () => {
    const m = backtestMetrics([lost('a', 300, [290]), lost('b', 300, [280]), lost('c', 300, [240]), lost('d', 300, [])]);
    expect(m.lost.map((l) => l.leadDays)).toEqual([10, 20, 60, null]);
    expect(m.medianLeadDays).toBe(20);
    expect(backtestMetrics([lost('a', 300, [290]), lost('b', 300, [280])]).medianLeadDays).toBe(15);
  });
});

/** Like `series`, with no data (band null) on the listed days. */
function withoutData(daily: BacktestAccount['daily'], noData: Iterable<number>): BacktestAccount['daily'] {
  const empty = new Set([...noData].map(day));
  return daily.map((d) => (empty.has(d.asOf) ? { asOf: d.asOf, band: null } : d));
}

describe('days without data: no prediction (decision 0013)', () => {
  it('are counted apart, in no other count', () => {
    // Retained, replayed 0 … 400, no data on 0 … 99: 100 days apart; 100 … 310 are known predictions.
    const m = backtestMetrics([{ accountId: 'k', lostOn: null, daily: withoutData(series(0, 400), range(0, 99)) }]);
    expect(m.counts).toMatchObject({ noDataDays: 100, countedDays: 211, atRiskDays: 0 });
  });

  it('a retained account is known up to the horizon before its last replayed day, with data or not', () => {
    // At risk on day 300; no data from 301 to the last day, 390: 300 + 90 ≤ 390, so a known false alarm.
    const m = backtestMetrics([{ accountId: 'k', lostOn: null, daily: withoutData(series(0, 390, [300]), range(301, 390)) }]);
    expect(m.counts).toMatchObject({ noDataDays: 90, atRiskDays: 1, truePositiveDays: 0, flaggedAccounts: 1 });
    expect(m.precision).toBe(0);
  });

  it.each<[string, number[], number[], string | null, number | null]>([
    ['no data on the days below healthy: never below healthy', [], range(250, 299), null, null],
    ['no data at first, then watch', range(250, 299), range(200, 249), day(250), 50],
  ])('are not below healthy: %s', (_label, watch, noData, firstWatchOn, watchLeadDays) => {
    const daily = withoutData(series(0, 300, [], [...watch, ...noData]), noData);
    const m = backtestMetrics([{ accountId: 'a', lostOn: day(300), daily }]);
    expect(m.lost[0]).toMatchObject({ firstWatchOn, watchLeadDays, hasDataWithinHorizon: true });
  });

  it('a lost account with no data in the horizon before the loss made no prediction: listed, out of recall', () => {
    // At risk long before (day 100, in the look-back), then no data for the last 100 days.
    const quiet = { accountId: 'a', lostOn: day(300), daily: withoutData(series(0, 300, [150]), range(200, 300)) };
    const m = backtestMetrics([quiet, lost('b', 300, [])]);
    expect(m.lost[0]).toMatchObject({ firstAtRiskOn: day(150), leadDays: 150, isFlaggedWithinHorizon: false, hasDataWithinHorizon: false });
    expect(m.counts).toMatchObject({ lostAccounts: 1, lostAccountsFlagged: 0, lostAccountsWithoutData: 1, noDataDays: 101 });
    expect(m.recall).toBe(0);
  });

  it('an account never with data: every day apart, nothing to divide by', () => {
    const m = backtestMetrics([{ accountId: 'a', lostOn: day(50), daily: withoutData(series(0, 50), range(0, 50)) }, { accountId: 'k', lostOn: null, daily: withoutData(series(0, 200), range(0, 200)) }]);
    expect(m.counts).toEqual({ noDataDays: 51 + 201, countedDays: 0, atRiskDays: 0, truePositiveDays: 0, flaggedAccounts: 0, flaggedAccountsLost: 0, lostAccounts: 0, lostAccountsFlagged: 0, lostAccountsWithoutData: 1 });
    expect(m.lost).toEqual([{ accountId: 'a', lostOn: day(50), firstAtRiskOn: null, leadDays: null, firstWatchOn: null, watchLeadDays: null, isFlaggedWithinHorizon: false, hasDataWithinHorizon: false }]);
    expect(m).toMatchObject({ precision: null, recall: null, accountPrecision: null, medianWatchLeadDays: null });
  });
});

// ---------------------------------------------------------------------------------------------
// Replays: real facts through summarizeFacts and computeHealth.

/**
 * An account touched weekly and delivering on time every two weeks (on days that are multiples of
 * 14) until `slipFrom`, then late or (every fourth week) not at all; from `quietFrom` no more touches.
 */
function account(id: string, slipFrom: number | null, quietFrom: number | null = null): AccountFacts {
  const deliverables: AccountFacts['deliverables'] = [];
  const touchpoints: AccountFacts['touchpoints'] = [];
  for (let n = -112; n <= (quietFrom ?? 366) - 1; n += 7) {
    touchpoints.push({ id: `${id}-t${n + 200}`, occurredAt: `${day(n)}T10:00:00.000Z`, direction: n % 14 === 0 ? 'client_initiated' : 'agency_initiated', contactIds: ['c1', 'c2'], sentiment: null });
  }
  for (let n = -112; n <= 365; n += 14) {
    const isSlipping = slipFrom !== null && n >= slipFrom;
    deliverables.push({ id: `${id}-d${n + 200}`, projectId: 'p', title: 'report', dueAt: `${day(n)}T17:00:00.000Z`, deliveredAt: isSlipping ? (n % 28 === 0 ? null : `${day(n + 6)}T10:00:00.000Z`) : `${day(n)}T09:00:00.000Z`, approvedAt: null, status: 'delivered' });
  }
  return {
    account: { id, cadenceDays: 14, since: day(-200) },
    contacts: [
      { id: 'c1', role: 'champion', status: 'active', leftOn: null, knownFrom: day(-200) },
      { id: 'c2', role: 'user', status: 'active', leftOn: null, knownFrom: day(-200) },
    ],
    touchpoints,
    deliverables,
    targets: [],
    incidents: [],
  };
}

describe('replayAccount', () => {
  it('scores every day from the first to the last, as computeHealth(summarizeFacts) does', () => {
    const facts = account('a', 60);
    const daily = replayAccount(facts, M, day(0), day(120));
    expect(daily).toHaveLength(121);
    expect(daily[0]?.asOf).toBe(day(0));
    expect(daily.at(-1)?.asOf).toBe(day(120));
    for (const n of [0, 59, 60, 61, 74, 75, 120]) {
      const h = computeHealth(summarizeFacts(facts, day(n), M), M);
      expect(daily[n], day(n)).toEqual({ asOf: day(n), score: h.score, band: h.band, hasData: true });
    }
  });

  it('sees a deliverable go overdue on its due day, not before', () => {
    // Day 56 (a multiple of 28 after the slip) is due and never delivered.
    const facts = account('a', 56);
    expect([55, 56].map((n) => summarizeFacts(facts, day(n), M).delivery.lateIds)).toEqual([[], ['a-d256']]);
    const scores = replayAccount(facts, M, day(55), day(56)).map((d) => d.score);
    expect(scores[1]).toBeLessThan(scores[0] as number);
  });

  it('marks the days without data, whose score and band are the neutral ones', () => {
    const empty: AccountFacts = { account: { id: 'e', cadenceDays: 30, since: day(0) }, contacts: [], touchpoints: [], deliverables: [], targets: [], incidents: [] };
    const daily = replayAccount(empty, M, day(0), day(40));
    // Not touched since its start: no data until the 30-day cadence has passed, then recency counts.
    expect(daily.slice(0, 31).every((d) => !d.hasData && d.band === 'watch')).toBe(true);
    expect(daily.slice(31).every((d) => d.hasData)).toBe(true);
  });

  it('is empty when the range is', () => {
    expect(replayAccount(account('a', null), M, day(10), day(9))).toEqual([]);
  });
});

describe('compareModels', () => {
  it('backtests two models over the same facts and days', () => {
    // A strict model: everything under 99 is at risk.
    const strict: HealthModel = { ...M, bands: { healthy: 100, watch: 99 } };
    const accounts = [
      { accountId: 'slipped', facts: account('slipped', 100, 120), lostOn: day(240) },
      { accountId: 'fine', facts: account('fine', null), lostOn: null },
    ];
    const { a, b } = compareModels(accounts, { a: M, b: strict }, { fromDay: day(0), toDay: day(365) });
    // Both catch the loss; the strict one flags the healthy account too (its days with a full horizon).
    expect(a.recall).toBe(1);
    expect(b.recall).toBe(1);
    expect(a.counts.flaggedAccounts).toBe(1);
    expect(b.counts.atRiskDays).toBeGreaterThan(a.counts.atRiskDays);
    expect(b.precision as number).toBeLessThan(a.precision as number);
    expect(a.lost[0]?.leadDays as number).toBeGreaterThan(0);
    // The lost account is replayed up to its loss only.
    expect(a.counts.countedDays).toBe(240 + (366 - 90));
  });

  it('an account without any data predicts nothing, under either model', () => {
    const empty: AccountFacts = { account: { id: 'e', cadenceDays: 400, since: day(0) }, contacts: [], touchpoints: [], deliverables: [], targets: [], incidents: [] };
    const strict: HealthModel = { ...M, bands: { healthy: 100, watch: 99 } };
    const accounts = [
      { accountId: 'new-lost', facts: empty, lostOn: day(200) },
      { accountId: 'new-kept', facts: { ...empty, account: { ...empty.account, id: 'k' } }, lostOn: null },
    ];
    const { a, b } = compareModels(accounts, { a: M, b: strict }, { fromDay: day(0), toDay: day(365) });
    for (const m of [a, b]) {
      // The neutral score is watch under the built-in model and at risk under the strict one: neither is a prediction.
      expect(m.counts).toMatchObject({ noDataDays: 201 + 366, countedDays: 0, atRiskDays: 0, lostAccounts: 0, lostAccountsWithoutData: 1 });
      expect(m.lost).toEqual([{ accountId: 'new-lost', lostOn: day(200), firstAtRiskOn: null, leadDays: null, firstWatchOn: null, watchLeadDays: null, isFlaggedWithinHorizon: false, hasDataWithinHorizon: false }]);
    }
  });

  it('a band is one of three', () => {
    const bands = new Set<Band>(replayAccount(account('x', 100), M, day(0), day(365)).map((d) => d.band));
    expect([...bands].every((b) => b === 'healthy' || b === 'watch' || b === 'at_risk')).toBe(true);
    expect(bands.has('healthy')).toBe(true);
    expect(bands.size).toBeGreaterThan(1);
  });
});
