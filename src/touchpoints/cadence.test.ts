import { describe, expect, it } from 'vitest';
import { attentionReasons, computeCadence, daysBetween, MIN_EARLIER_CLIENT_TOUCHES, WINDOW_DAYS, type AccountTouchStats, type AttentionKind } from './cadence.js';

const TODAY = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
/** The instant `days` days (and `hours` hours) before TODAY. */
const ago = (days: number, hours = 0) => new Date(TODAY.getTime() - days * DAY - hours * 3_600_000);

/** A healthy, well-threaded account touched yesterday; each case overrides what it is about. */
function stats(overrides: Partial<AccountTouchStats> = {}): AccountTouchStats {
  return {
    cadenceDays: 14,
    since: new Date('2025-01-01T00:00:00Z'),
    lastTouchAt: ago(1),
    lastClientTouchAt: ago(3),
    touches90: 12,
    clientTouches90: 6,
    touchesPrev90: 12,
    clientTouchesPrev90: 6,
    engagedContacts90: 3,
    activeContacts: 4,
    ...overrides,
  };
}

const kinds = (s: AccountTouchStats) => attentionReasons(s, TODAY).map((r) => r.kind);
const reason = (s: AccountTouchStats, kind: AttentionKind) => attentionReasons(s, TODAY).find((r) => r.kind === kind);

describe('the constants the rules are built on', () => {
  it('compare 90-day windows and need two earlier client touches', () => {
    expect(WINDOW_DAYS).toBe(90);
    expect(MIN_EARLIER_CLIENT_TOUCHES).toBe(2);
  });
});

describe('daysBetween', () => {
  it.each([
    ['the same instant', '2026-06-01T12:00:00Z', '2026-06-01T12:00:00Z', 0],
    ['this morning (hours, not a day)', '2026-06-01T00:00:01Z', '2026-06-01T12:00:00Z', 0],
    ['one millisecond short of a day', '2026-05-31T12:00:00.001Z', '2026-06-01T12:00:00Z', 0],
    ['exactly one day', '2026-05-31T12:00:00Z', '2026-06-01T12:00:00Z', 1],
    ['yesterday evening counts as 0 full days', '2026-05-31T20:00:00Z', '2026-06-01T12:00:00Z', 0],
    ['just under two days', '2026-05-30T12:00:00.001Z', '2026-06-01T12:00:00Z', 1],
    ['90 days', '2026-03-03T12:00:00Z', '2026-06-01T12:00:00Z', 90],
    ['across a leap day', '2024-02-28T00:00:00Z', '2024-03-01T00:00:00Z', 2],
    ['a whole leap year', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 366],
    ['across a DST change in Europe (UTC instants, no 23-hour day)', '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z', 2],
    ['offsets are instants: 00:00+02:00 is 22:00Z the day before', '2026-06-01T00:00:00+02:00', '2026-06-01T22:00:00Z', 1],
    ['the future is negative', '2026-06-02T12:00:00Z', '2026-06-01T12:00:00Z', -1],
    ['half a day ahead rounds down to -1', '2026-06-02T00:00:00Z', '2026-06-01T12:00:00Z', -1],
  ])('%s', (_label, from, to, days) => {
    expect(daysBetween(new Date(from), new Date(to))).toBe(days);
  });
});

describe('computeCadence', () => {
  it('reports a healthy account as it is', () => {
    expect(computeCadence(stats(), TODAY)).toEqual({
      lastTouchAt: ago(1).toISOString(),
      lastClientTouchAt: ago(3).toISOString(),
      daysSinceLastTouch: 1,
      daysOverdue: 0,
      clientShare90: 0.5,
      clientSharePrev90: 0.5,
      engagedContacts90: 3,
      activeContacts: 4,
      touchesPerMonth: 4,
    });
  });

  it.each([
    // [label, cadenceDays, lastTouchAt, since, daysSinceLastTouch, daysOverdue]
    ['touched today, cadence 7', 7, ago(0, 2), undefined, 0, 0],
    ['day N: last touch exactly 14 days ago, cadence 14 → on time', 14, ago(14), undefined, 14, 0],
    ['day N, late in the day: 14 days 23 hours ago → still on time', 14, ago(14, 23), undefined, 14, 0],
    ['day N+1: 15 days ago, cadence 14 → 1 day overdue', 14, ago(15), undefined, 15, 1],
    ['cadence 1, touched 2 days ago → 1 day overdue', 1, ago(2), undefined, 2, 1],
    ['long overdue: 100 days, cadence 30', 30, ago(100), undefined, 100, 70],
    ['no cadence set: never overdue however long', null, ago(400), undefined, 400, null],
    ['never touched, cadence set: counted from since (40 days, cadence 30)', 30, null, ago(40), null, 10],
    ['never touched, since exactly the cadence ago → on time', 30, null, ago(30), null, 0],
    ['never touched, since in the future (a start date ahead) → not overdue', 30, null, new Date('2026-09-01T00:00:00Z'), null, 0],
    ['never touched, no cadence', null, null, ago(500), null, null],
    ['a last touch after today (clock skew) counts as 0 days, not negative', 7, new Date(TODAY.getTime() + DAY), undefined, 0, 0],
  ] as const)('%s', (_label, cadenceDays, lastTouchAt, since, daysSince, overdue) => {
    const c = computeCadence(stats({ cadenceDays, lastTouchAt, ...(since ? { since } : {}) }), TODAY);
    expect(c.daysSinceLastTouch).toBe(daysSince);
    expect(c.daysOverdue).toBe(overdue);
    expect(c.lastTouchAt).toBe(lastTouchAt ? lastTouchAt.toISOString() : null);
  });

  it('the last touch, not `since`, is the reference once touched (an old start date does not make it overdue)', () => {
    expect(computeCadence(stats({ since: ago(1000), lastTouchAt: ago(3), cadenceDays: 7 }), TODAY).daysOverdue).toBe(0);
  });

  it.each([
    // [label, touches90, client90, prev90, clientPrev90, share90, sharePrev90]
    ['no touches at all: both shares null', 0, 0, 0, 0, null, null],
    ['touches only in the earlier window', 0, 0, 10, 4, null, 0.4],
    ['touches only in the last window', 8, 2, 0, 0, 0.25, null],
    ['the client started none', 5, 0, 5, 0, 0, 0],
    ['the client started all', 3, 3, 4, 4, 1, 1],
    ['thirds', 3, 1, 3, 2, 1 / 3, 2 / 3],
  ] as const)('client shares: %s', (_label, touches90, clientTouches90, touchesPrev90, clientTouchesPrev90, share90, sharePrev90) => {
    const c = computeCadence(stats({ touches90, clientTouches90, touchesPrev90, clientTouchesPrev90 }), TODAY);
    expect(c.clientShare90).toBe(share90);
    expect(c.clientSharePrev90).toBe(sharePrev90);
  });

  it.each([
    [0, 0],
    [1, 0.3],
    [2, 0.7],
    [3, 1],
    [10, 3.3],
    [12, 4],
    [90, 30],
    [1000, 333.3],
  ])('%i touches in 90 days → %d touches per month (one decimal)', (touches90, perMonth) => {
    expect(computeCadence(stats({ touches90, clientTouches90: 0 }), TODAY).touchesPerMonth).toBe(perMonth);
  });

  it('passes engaged and active contact counts through', () => {
    const c = computeCadence(stats({ engagedContacts90: 0, activeContacts: 0 }), TODAY);
    expect([c.engagedContacts90, c.activeContacts]).toEqual([0, 0]);
  });

  it('keeps the last client touch, or null when the client never started one', () => {
    expect(computeCadence(stats({ lastClientTouchAt: null }), TODAY).lastClientTouchAt).toBeNull();
    expect(computeCadence(stats({ lastClientTouchAt: ago(200) }), TODAY).lastClientTouchAt).toBe(ago(200).toISOString());
  });

  it('is pure: the same input gives the same output, and the input is not changed', () => {
    const input = stats();
    const copy = structuredClone(input);
    expect(computeCadence(input, TODAY)).toEqual(computeCadence(input, TODAY));
    expect(input).toEqual(copy);
  });
});

describe('attentionReasons: which rules fire', () => {
  it.each<[string, Partial<AccountTouchStats>, AttentionKind[]]>([
    ['a healthy account: none', {}, []],
    // Going quiet.
    ['day N of a 14-day cadence: not yet quiet', { cadenceDays: 14, lastTouchAt: ago(14) }, []],
    ['day N+1 of a 14-day cadence: going quiet', { cadenceDays: 14, lastTouchAt: ago(15) }, ['going_quiet']],
    ['no cadence set: never going quiet, even after a year', { cadenceDays: null, lastTouchAt: ago(365) }, []],
    ['never touched, no cadence: nothing about quiet', { cadenceDays: null, lastTouchAt: null, since: ago(365) }, []],
    ['never touched since a start 20 days ago, cadence 14: going quiet', { cadenceDays: 14, lastTouchAt: null, since: ago(20) }, ['going_quiet']],
    ['never touched, started 10 days ago, cadence 14: not yet', { cadenceDays: 14, lastTouchAt: null, since: ago(10) }, []],
    ['never touched, starting next month: not quiet', { cadenceDays: 7, lastTouchAt: null, since: new Date('2026-07-01T00:00:00Z') }, []],
    // Client stopped initiating.
    ['share halved exactly (50% → 25%)', { touches90: 8, clientTouches90: 2, touchesPrev90: 8, clientTouchesPrev90: 4 }, ['client_stopped_initiating']],
    ['share halved exactly (60% → 30%, decimals)', { touches90: 10, clientTouches90: 3, touchesPrev90: 5, clientTouchesPrev90: 3 }, ['client_stopped_initiating']],
    ['share halved exactly (2/3 → 1/3)', { touches90: 3, clientTouches90: 1, touchesPrev90: 3, clientTouchesPrev90: 2 }, ['client_stopped_initiating']],
    ['share fell by more than half (50% → 10%)', { touches90: 10, clientTouches90: 1, touchesPrev90: 10, clientTouchesPrev90: 5 }, ['client_stopped_initiating']],
    ['share fell to zero', { touches90: 10, clientTouches90: 0, touchesPrev90: 10, clientTouchesPrev90: 5 }, ['client_stopped_initiating']],
    ['share fell by less than half (50% → 26%)', { touches90: 50, clientTouches90: 13, touchesPrev90: 10, clientTouchesPrev90: 5 }, []],
    ['share fell a little (50% → 40%)', { touches90: 10, clientTouches90: 4, touchesPrev90: 10, clientTouchesPrev90: 5 }, []],
    ['share rose', { touches90: 10, clientTouches90: 8, touchesPrev90: 10, clientTouchesPrev90: 5 }, []],
    ['from zero: the client never started any before', { touches90: 10, clientTouches90: 0, touchesPrev90: 10, clientTouchesPrev90: 0 }, []],
    ['earlier window below the minimum: 1 client touch of 2 (50% → 0%)', { touches90: 10, clientTouches90: 0, touchesPrev90: 2, clientTouchesPrev90: 1 }, []],
    ['earlier window at the minimum: 2 client touches of 4 (50% → 0%)', { touches90: 10, clientTouches90: 0, touchesPrev90: 4, clientTouchesPrev90: 2 }, ['client_stopped_initiating']],
    ['no earlier touches at all', { touches90: 10, clientTouches90: 0, touchesPrev90: 0, clientTouchesPrev90: 0 }, []],
    ['no touches in the last 90 days but some before: share 0 → fell', { touches90: 0, clientTouches90: 0, touchesPrev90: 6, clientTouchesPrev90: 3 }, ['client_stopped_initiating']],
    ['the client started everything before and half now (100% → 50%)', { touches90: 4, clientTouches90: 2, touchesPrev90: 3, clientTouchesPrev90: 3 }, ['client_stopped_initiating']],
    ['the client started everything before and 51% now', { touches90: 100, clientTouches90: 51, touchesPrev90: 3, clientTouchesPrev90: 3 }, []],
    // Single-threaded.
    ['one engaged of four active', { engagedContacts90: 1, activeContacts: 4 }, ['single_threaded']],
    // None engaged is no contact at all (going quiet's business), not one thread too few.
    ['none engaged of two active', { engagedContacts90: 0, activeContacts: 2 }, []],
    ['two engaged of two active: fine', { engagedContacts90: 2, activeContacts: 2 }, []],
    ['two engaged of ten active: fine (more than one thread)', { engagedContacts90: 2, activeContacts: 10 }, []],
    ['only one contact known (and engaged)', { engagedContacts90: 1, activeContacts: 1 }, ['single_threaded']],
    ['only one contact known, not engaged', { engagedContacts90: 0, activeContacts: 1 }, ['single_threaded']],
    ['no active contact known at all (zero contacts, or all left)', { engagedContacts90: 0, activeContacts: 0 }, ['single_threaded']],
    // Several at once, in a fixed order.
    [
      'everything at once: quiet, stopped initiating, single-threaded',
      { cadenceDays: 7, lastTouchAt: ago(120), touches90: 0, clientTouches90: 0, touchesPrev90: 6, clientTouchesPrev90: 3, engagedContacts90: 1, activeContacts: 3 },
      ['going_quiet', 'client_stopped_initiating', 'single_threaded'],
    ],
    [
      'never touched at all, cadence set, one contact: quiet and single-threaded, nothing about initiating',
      { cadenceDays: 30, lastTouchAt: null, lastClientTouchAt: null, since: ago(60), touches90: 0, clientTouches90: 0, touchesPrev90: 0, clientTouchesPrev90: 0, engagedContacts90: 0, activeContacts: 1 },
      ['going_quiet', 'single_threaded'],
    ],
  ])('%s', (_label, overrides, expected) => {
    expect(kinds(stats(overrides))).toEqual(expected);
  });
});

describe('attentionReasons: each message says why, with numbers a person can check', () => {
  it('going quiet after a touch: days since, target and days overdue', () => {
    expect(reason(stats({ cadenceDays: 14, lastTouchAt: ago(20) }), 'going_quiet')?.message).toBe('No touch for 20 days; the cadence is every 14 days (6 days overdue)');
  });

  it('going quiet, never touched: the date it is counted from', () => {
    expect(reason(stats({ cadenceDays: 30, lastTouchAt: null, since: new Date('2026-03-15T00:00:00Z') }), 'going_quiet')?.message).toBe(
      'Never touched since 2026-03-15; the cadence is every 30 days (48 days overdue)',
    );
  });

  it('going quiet by exactly one day', () => {
    expect(reason(stats({ cadenceDays: 7, lastTouchAt: ago(8) }), 'going_quiet')?.message).toBe('No touch for 8 days; the cadence is every 7 days (1 day overdue)');
  });

  it('client stopped initiating: both shares as whole percents and the counts', () => {
    expect(reason(stats({ touches90: 9, clientTouches90: 1, touchesPrev90: 6, clientTouchesPrev90: 4 }), 'client_stopped_initiating')?.message).toBe(
      'The client started 67% of touches in the 90 days before, 11% in the last 90 (1 of 9)',
    );
  });

  it('client stopped initiating with no touches at all lately: 0% (0 of 0)', () => {
    expect(reason(stats({ touches90: 0, clientTouches90: 0, touchesPrev90: 4, clientTouchesPrev90: 2 }), 'client_stopped_initiating')?.message).toBe(
      'The client started 50% of touches in the 90 days before, 0% in the last 90 (0 of 0)',
    );
  });

  it.each<[string, Partial<AccountTouchStats>, string]>([
    ['one engaged of many', { engagedContacts90: 1, activeContacts: 5 }, 'Only 1 of 5 contacts took part in a touch in the last 90 days'],
    ['one contact known', { engagedContacts90: 1, activeContacts: 1 }, 'Only one contact is known at this account'],
    ['no active contact known', { engagedContacts90: 0, activeContacts: 0 }, 'No active contact is known at this account'],
  ])('single-threaded: %s', (_label, overrides, message) => {
    expect(reason(stats(overrides), 'single_threaded')?.message).toBe(message);
  });

  it('a contact who left is not counted: 3 known, 2 left, the remaining one engaged → only one contact known', () => {
    // The repository counts active contacts only; the rule sees 1 active, whatever touches the leavers had.
    expect(reason(stats({ activeContacts: 1, engagedContacts90: 1 }), 'single_threaded')?.message).toBe('Only one contact is known at this account');
  });

  it('each reason appears at most once', () => {
    const all = attentionReasons(stats({ cadenceDays: 1, lastTouchAt: null, since: ago(999), touches90: 0, clientTouches90: 0, touchesPrev90: 9, clientTouchesPrev90: 9, engagedContacts90: 0, activeContacts: 0 }), TODAY);
    expect(all.map((r) => r.kind)).toEqual(['going_quiet', 'client_stopped_initiating', 'single_threaded']);
  });
});
