import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../health/facts.js';
import { addDays } from '../health/summarize.js';
import { backtestMetrics, type BacktestAccount } from './backtest.js';
import { mergeBacktestMetrics, replayRange } from './backtest-runs.js';

function facts(since: string, first: Partial<{ touch: string; due: string; incident: string; targetEnd: string }> = {}): AccountFacts {
  return {
    account: { id: 'a', cadenceDays: null, since },
    contacts: [],
    touchpoints: first.touch ? [{ id: 't', occurredAt: first.touch, direction: 'agency_initiated', contactIds: [], sentiment: null }] : [],
    deliverables: first.due ? [{ id: 'd', projectId: 'p', title: 'x', dueAt: first.due, deliveredAt: null, approvedAt: null, status: 'planned' }] : [],
    targets: first.targetEnd ? [{ id: 'g', metric: 'm', periodStart: '2000-01-01', periodEnd: first.targetEnd, goal: 1, actual: 1, higherIsBetter: true }] : [],
    incidents: first.incident ? [{ id: 'i', kind: 'other', severity: 1, occurredAt: first.incident }] : [],
  };
}

describe('replayRange', () => {
  const today = '2026-06-30';
  const created = (createdOn: string, lostOn: string | null = null) => ({ createdOn, lostOn });
  it.each([
    ['a retained account: from the day its record was created to today', facts('2026-01-01'), created('2026-01-01'), { fromDay: '2026-01-01', toDay: today }],
    [
      'a relationship that started years before its record: from the record (nothing was recorded before)',
      facts('2019-04-01', { touch: '2026-02-10T09:00:00Z' }),
      created('2026-02-01'),
      { fromDay: '2026-02-01', toDay: today },
    ],
    ['a lost account: to its loss', facts('2026-01-01'), created('2026-01-01', '2026-03-15'), { fromDay: '2026-01-01', toDay: '2026-03-15' }],
    ['a loss dated after today (the clock moved back) ends today', facts('2026-01-01'), created('2026-01-01', '2026-08-01'), { fromDay: '2026-01-01', toDay: today }],
    ['an imported touch before the record: from the touch', facts('2024-01-01', { touch: '2025-10-02T23:30:00Z' }), created('2026-01-01'), { fromDay: '2025-10-02', toDay: today }],
    ['an earlier deliverable', facts('2026-01-01', { due: '2025-11-01T10:00:00Z', touch: '2025-12-01T00:00:00Z' }), created('2026-01-01'), { fromDay: '2025-11-01', toDay: today }],
    ['an earlier incident', facts('2026-01-01', { incident: '2025-09-09T10:00:00Z' }), created('2026-01-01'), { fromDay: '2025-09-09', toDay: today }],
    ['an earlier target period end', facts('2026-01-01', { targetEnd: '2025-12-31' }), created('2026-01-01'), { fromDay: '2025-12-31', toDay: today }],
    ['a long history: the last 1,095 days only', facts('2010-01-01', { touch: '1990-01-01T00:00:00Z' }), created('2026-01-01'), { fromDay: addDays(today, -1094), toDay: today }],
    ['lost before any record of it: nothing to replay', facts('2026-01-01'), created('2026-05-01', '2026-04-01'), null],
    ['created today: one day', facts('2020-01-01'), created(today), { fromDay: today, toDay: today }],
  ] as const)('%s', (_label, f, account, expected) => {
    expect(replayRange(f, account, today)).toEqual(expected);
  });

  it('finds the earliest fact in lists in any order', () => {
    const f = facts('2026-01-01', { touch: '2026-03-01T00:00:00Z' });
    f.touchpoints.push({ id: 't0', occurredAt: '2025-12-24T08:00:00Z', direction: 'client_initiated', contactIds: [], sentiment: null });
    expect(replayRange(f, created('2026-01-01'), today)?.fromDay).toBe('2025-12-24');
  });

  it('takes a smaller cap', () => {
    expect(replayRange(facts('2026-01-01'), created('2026-01-01'), '2026-06-30', 10)).toEqual({ fromDay: '2026-06-21', toDay: '2026-06-30' });
  });
});

/** A small deterministic generator, so a failure replays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomAccounts(seed: number, n: number): BacktestAccount[] {
  const next = random(seed);
  return Array.from({ length: n }, (_, i) => {
    const start = Math.floor(next() * 200);
    const length = 1 + Math.floor(next() * 300);
    const isLost = next() < 0.4;
    const riskFrom = Math.floor(next() * length);
    // No data on the first days of some accounts (as a new account has), or on every day of a few.
    const dataFrom = next() < 0.3 ? Math.floor(next() * length * 1.2) : 0;
    const daily = Array.from({ length }, (_, d) => ({
      asOf: addDays('2025-01-01', start + d),
      band: d < dataFrom ? null : ((d >= riskFrom && next() < 0.7 ? 'at_risk' : next() < 0.5 ? 'watch' : 'healthy') as 'at_risk' | 'watch' | 'healthy'),
    }));
    return { accountId: `acc${i}`, lostOn: isLost ? addDays('2025-01-01', start + length - 1) : null, daily };
  });
}

describe('mergeBacktestMetrics', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('batches add up to the whole (seed %i)', (seed) => {
    const accounts = randomAccounts(seed, 40);
    const whole = backtestMetrics(accounts, 90, 180);
    // The fixture exercises every count: right and wrong at-risk days, lost accounts flagged and missed.
    expect(whole.counts.truePositiveDays).toBeGreaterThan(0);
    expect(whole.counts.atRiskDays).toBeGreaterThan(whole.counts.truePositiveDays);
    expect(whole.counts.lostAccounts).toBeGreaterThan(1);
    expect(whole.lost.length).toBeGreaterThan(1);
    expect(whole.counts.noDataDays).toBeGreaterThan(0);
    const size = 1 + (seed % 7);
    const parts = [];
    for (let i = 0; i < accounts.length; i += size) parts.push(backtestMetrics(accounts.slice(i, i + size), 90, 180));
    expect(mergeBacktestMetrics(parts, 90, 180)).toEqual(whole);
  });

  it('no parts: nothing to divide by, so null ratios', () => {
    expect(mergeBacktestMetrics([], 90, 180)).toEqual(backtestMetrics([], 90, 180));
  });
});
