import { describe, expect, it } from 'vitest';
import { attentionReasons, type AccountTouchStats } from '../touchpoints/cadence.js';
import { ALERT_KINDS, evaluateAlerts, peakWithin, type AlertFinding, type AlertKind } from './alert-rules.js';
import type { AccountSignals } from './facts.js';
import { DEFAULT_MODEL, type HealthModel } from './model.js';
import { computeHealth } from './score.js';
import { addDays } from './summarize.js';

const D = '2026-06-30';
const M = DEFAULT_MODEL;

type Patch = { [K in Exclude<keyof AccountSignals, 'survey'>]?: AccountSignals[K] extends object ? Partial<AccountSignals[K]> : AccountSignals[K] };

/**
 * A healthy, well-threaded account as of D that raises no alert: touched 2 days ago on a 14-day
 * cadence, 3 of 4 contacts engaged, the client starting a third of the touches (but only 4 touches
 * this month and neutral words, so not "warm and frequent"), everything delivered and met.
 */
function signals(patch: Patch = {}): AccountSignals {
  const base: AccountSignals = {
    accountId: 'acc',
    asOf: D,
    cadenceDays: 14,
    since: '2025-01-01',
    touches: {
      lastTouchAt: `${addDays(D, -2)}T12:00:00.000Z`, lastTouchId: 't-last', lastClientTouchAt: `${addDays(D, -5)}T12:00:00.000Z`, lastClientTouchId: 't-client',
      touches: 12, clientTouches: 4, touchesPrev: 12, clientTouchesPrev: 4, touches30: 4,
      engagedContacts: 3, activeContacts: 4, recentTouchIds: ['t-last', 't-client', 't-3'],
    },
    sentiment: { scored: 4, mean: 0.05, touchIds: ['t-client'] },
    delivery: { due: 4, onTime: 4, late: 0, lateIds: [], onTimeIds: ['d1', 'd2', 'd3', 'd4'] },
    targets: { evaluated: 2, met: 2, missedIds: [], metIds: ['g1', 'g2'] },
    incidents: { count: 0, severityTotal: 0, ids: [] },
    contacts: { keyLeftIds: [], keyActive: 2 },
    survey: null,
  };
  return {
    ...base,
    ...patch,
    touches: { ...base.touches, ...patch.touches },
    sentiment: { ...base.sentiment, ...patch.sentiment },
    delivery: { ...base.delivery, ...patch.delivery },
    targets: { ...base.targets, ...patch.targets },
    incidents: { ...base.incidents, ...patch.incidents },
    contacts: { ...base.contacts, ...patch.contacts },
  } as AccountSignals;
}

function alerts(s: AccountSignals, history: Array<{ asOf: string; score: number }> = [], model: HealthModel = M): AlertFinding[] {
  return evaluateAlerts({ signals: s, health: computeHealth(s, model), history, model });
}
const kinds = (s: AccountSignals, history: Array<{ asOf: string; score: number }> = []) => alerts(s, history).map((a) => a.kind);
const finding = (s: AccountSignals, kind: AlertKind, history: Array<{ asOf: string; score: number }> = []) => alerts(s, history).find((a) => a.kind === kind);
const touchedAgo = (days: number) => `${addDays(D, -days)}T12:00:00.000Z`;

describe('the baseline', () => {
  it('a healthy account raises nothing', () => {
    expect(kinds(signals())).toEqual([]);
  });

  it('findings come in ALERT_KINDS order', () => {
    const s = signals({
      cadenceDays: 7,
      touches: { lastTouchAt: touchedAgo(30), touches: 10, clientTouches: 0, touchesPrev: 10, clientTouchesPrev: 5, touches30: 0, engagedContacts: 1 },
      delivery: { due: 4, onTime: 1, late: 3, lateIds: ['d1', 'd2', 'd3'] },
      targets: { evaluated: 2, met: 0, missedIds: ['g1', 'g2'] },
      incidents: { count: 2, severityTotal: 6, ids: ['i1', 'i2'] },
      contacts: { keyLeftIds: ['c1'], keyActive: 0 },
    });
    const found = kinds(s, [{ asOf: addDays(D, -5), score: 95 }]);
    expect(found).toEqual(ALERT_KINDS.filter((k) => k !== 'too_cosy'));
  });
});

describe('going_quiet: days since the last touch over the cadence target', () => {
  it.each<[string, Patch, AlertFinding['severity'] | null]>([
    ['at the cadence', { touches: { lastTouchAt: touchedAgo(14) } }, null],
    ['one day over', { touches: { lastTouchAt: touchedAgo(15) } }, 'warning'],
    ['one day short of three cadences', { touches: { lastTouchAt: touchedAgo(41) } }, 'warning'],
    ['three cadences (recency at 0)', { touches: { lastTouchAt: touchedAgo(42) } }, 'critical'],
    ['no cadence target, however quiet', { cadenceDays: null, touches: { lastTouchAt: touchedAgo(400) } }, null],
    ['never touched, started 14 days ago', { since: addDays(D, -14), touches: { lastTouchAt: null, lastTouchId: null } }, null],
    ['never touched, started 15 days ago', { since: addDays(D, -15), touches: { lastTouchAt: null, lastTouchId: null } }, 'warning'],
  ])('%s', (_label, patch, severity) => {
    expect(finding(signals(patch), 'going_quiet')?.severity ?? null).toBe(severity);
  });

  it('says since when (dates, the same from day to day) and links the last touch', () => {
    expect(finding(signals({ touches: { lastTouchAt: touchedAgo(20) } }), 'going_quiet')).toEqual({
      kind: 'going_quiet',
      severity: 'warning',
      message: `No touch since ${addDays(D, -20)}; the cadence is every 14 days (a touch was due by ${addDays(D, -6)})`,
      reasons: [{ message: `The last touch was on ${addDays(D, -20)}`, facts: [{ kind: 'touchpoint', id: 't-last' }] }],
    });
    expect(finding(signals({ since: '2026-06-01', touches: { lastTouchAt: null, lastTouchId: null } }), 'going_quiet')).toMatchObject({
      message: 'Never touched since 2026-06-01; the cadence is every 14 days (a touch was due by 2026-06-15)',
      reasons: [{ message: 'No touch since the account started on 2026-06-01', facts: [] }],
    });
  });
});

describe('client_stopped_initiating: the client\'s share halved, from at least two touches', () => {
  it.each<[string, [number, number, number, number], boolean]>([
    ['exactly half (40% → 20%)', [10, 2, 10, 4], true],
    ['just over half (40% → 30%)', [10, 3, 10, 4], false],
    ['stopped entirely', [10, 0, 10, 4], true],
    ['no touch at all now', [0, 0, 10, 4], true],
    ['only one earlier client touch', [10, 0, 10, 1], false],
    ['two earlier client touches', [10, 0, 10, 2], true],
    ['no earlier touches', [10, 0, 0, 0], false],
  ])('%s', (_label, [touches, clientTouches, touchesPrev, clientTouchesPrev], holds) => {
    expect(kinds(signals({ touches: { touches, clientTouches, touchesPrev, clientTouchesPrev } })).includes('client_stopped_initiating')).toBe(holds);
  });

  it('states the shares and links the last client touch and the window\'s touches', () => {
    expect(finding(signals({ touches: { touches: 10, clientTouches: 1, touchesPrev: 10, clientTouchesPrev: 4 } }), 'client_stopped_initiating')).toEqual({
      kind: 'client_stopped_initiating',
      severity: 'warning',
      message: 'The client started 40% of touches in the 90 days before, 10% in the last 90 (1 of 10)',
      reasons: [
        { message: `The client last started a touch on ${addDays(D, -5)}`, facts: [{ kind: 'touchpoint', id: 't-client' }] },
        { message: 'Touches in the last 90 days', facts: ['t-last', 't-client', 't-3'].map((id) => ({ kind: 'touchpoint', id })) },
      ],
    });
  });
});

describe('delivery_slipping: on time under 80% with 2 due, or 2 late', () => {
  it.each<[number, number, AlertFinding['severity'] | null]>([
    [5, 4, null], // 80%: not under
    [5, 3, 'warning'], // 60%, 2 late
    [1, 0, null], // one due, one late: neither rule
    [2, 1, 'warning'], // 50% of 2 (not under half)
    [10, 8, 'warning'], // 80% but 2 late
    [10, 9, null],
    [3, 1, 'critical'], // under half
    [2, 0, 'critical'],
    [0, 0, null],
  ])('%d due, %d on time → %s', (due, onTime, severity) => {
    expect(finding(signals({ delivery: { due, onTime, late: due - onTime } }), 'delivery_slipping')?.severity ?? null).toBe(severity);
  });

  it('links the late deliverables', () => {
    expect(finding(signals({ delivery: { due: 5, onTime: 3, late: 2, lateIds: ['d9', 'd8'] } }), 'delivery_slipping')).toEqual({
      kind: 'delivery_slipping',
      severity: 'warning',
      message: '3 of 5 deliverables due in the last 90 days on time (60%); 2 late or overdue',
      reasons: [{ message: '2 deliverables late or overdue', facts: [{ kind: 'deliverable', id: 'd9' }, { kind: 'deliverable', id: 'd8' }] }],
    });
  });
});

describe('targets_missed and quality_incidents', () => {
  it.each<[number, number, AlertFinding['severity'] | null]>([
    [2, 2, null],
    [2, 1, 'warning'],
    [2, 0, 'critical'],
    [1, 0, 'warning'],
    [0, 0, null],
  ])('%d evaluated, %d met → %s', (evaluated, met, severity) => {
    expect(finding(signals({ targets: { evaluated, met, missedIds: ['g1'] } }), 'targets_missed')?.severity ?? null).toBe(severity);
  });

  it.each<[number, AlertFinding['severity'] | null]>([
    [2, null],
    [3, 'warning'],
    [5, 'warning'],
    [6, 'critical'],
  ])('incident severity %d → %s', (severityTotal, severity) => {
    expect(finding(signals({ incidents: { count: 2, severityTotal, ids: ['i1', 'i2'] } }), 'quality_incidents')?.severity ?? null).toBe(severity);
  });

  it('link the missed targets and incidents', () => {
    const s = signals({ targets: { evaluated: 2, met: 1, missedIds: ['g2'] }, incidents: { count: 1, severityTotal: 3, ids: ['i7'] } });
    expect(finding(s, 'targets_missed')?.reasons).toEqual([{ message: '1 target missed', facts: [{ kind: 'target', id: 'g2' }] }]);
    expect(finding(s, 'quality_incidents')).toMatchObject({ message: '1 quality incident in the last 90 days, severity 3', reasons: [{ facts: [{ kind: 'incident', id: 'i7' }] }] });
  });
});

describe('single_threaded and champion_left', () => {
  it.each<[number, number, string | null, AlertFinding['severity'] | null]>([
    [2, 4, null, null],
    [1, 4, 'Only 1 of 4 contacts took part in a touch in the last 90 days', 'warning'],
    // None engaged is no contact at all, which going_quiet says; not one thread too few.
    [0, 4, null, null],
    [2, 2, null, null],
    [1, 2, 'Only 1 of 2 contacts took part in a touch in the last 90 days', 'warning'],
    [0, 2, null, null],
    [1, 1, 'Only one contact is known at this account', 'warning'],
    [0, 0, 'No active contact is known at this account', 'info'],
  ])('%d engaged of %d active → %s', (engagedContacts, activeContacts, message, severity) => {
    const f = finding(signals({ touches: { engagedContacts, activeContacts } }), 'single_threaded');
    expect(f?.message ?? null).toBe(message);
    expect(f?.severity ?? null).toBe(severity);
    if (f) expect(f.reasons).toEqual([{ message: 'Touches in the last 90 days', facts: ['t-last', 't-client', 't-3'].map((id) => ({ kind: 'touchpoint', id })) }]);
  });

  it.each<[string[], number, AlertFinding['severity'] | null, string | null]>([
    [[], 2, null, null],
    [['c1'], 1, 'warning', '1 champion or decision maker left in the last 90 days; 1 still there'],
    [['c1', 'c2'], 0, 'critical', '2 champions or decision makers left in the last 90 days; none remains'],
  ])('key contacts who left %j, %d still active', (keyLeftIds, keyActive, severity, message) => {
    const f = finding(signals({ contacts: { keyLeftIds, keyActive } }), 'champion_left');
    expect(f?.severity ?? null).toBe(severity);
    expect(f?.message ?? null).toBe(message);
    if (f) expect(f.reasons).toEqual([{ message: 'Left the company', facts: keyLeftIds.map((id) => ({ kind: 'contact', id })) }]);
  });
});

describe('score_drop: 15 points below the best of the last 30 days; held open down to 10', () => {
  const s = signals({ delivery: { due: 4, onTime: 2, late: 2, lateIds: ['d1', 'd2'], onTimeIds: [] } });
  const now = computeHealth(s, M).score;
  const peak = (days: number, score: number) => ({ asOf: addDays(D, -days), score });
  // [label, history, severity (null: the rule does not hold), whether it only holds an open alert open]
  it.each<[string, Array<{ asOf: string; score: number }>, AlertFinding['severity'] | null, boolean]>([
    ['no history', [], null, false],
    ['exactly 15 below', [peak(3, now + 15)], 'warning', false],
    ['14.9 below: the hold band', [peak(3, now + 14.9)], 'warning', true],
    ['exactly 10 below: still the hold band', [peak(3, now + 10)], 'warning', true],
    ['9.9 below: the rule does not hold', [peak(3, now + 9.9)], null, false],
    ['the peak 29 days ago counts', [peak(29, now + 20)], 'warning', false],
    ['the peak 30 days ago is out of the window', [peak(30, now + 20), peak(2, now)], null, false],
    ['a score dated after the day is ignored', [peak(-1, now + 40)], null, false],
    ['the highest counts, in any order', [peak(1, now), peak(20, now + 16), peak(10, now + 5)], 'warning', false],
    ['30 below is critical', [peak(5, now + 30)], 'critical', false],
    ['an earlier score the same day counts', [peak(0, now + 15)], 'warning', false],
  ])('%s', (_label, history, severity, holdOnly) => {
    const f = finding(s, 'score_drop', history);
    expect(f?.severity ?? null).toBe(severity);
    expect(f?.holdOnly ?? false).toBe(holdOnly);
  });

  it('an account without data has no score to fall from: its neutral one is no drop (decision 0024)', () => {
    // Everything it had was deleted: no touch, nothing due, no target, no incident.
    const empty = signals({
      touches: { lastTouchAt: null, lastTouchId: null, lastClientTouchAt: null, lastClientTouchId: null, touches: 0, clientTouches: 0, touchesPrev: 0, clientTouchesPrev: 0, touches30: 0, engagedContacts: 0, recentTouchIds: [] },
      since: D,
      sentiment: { scored: 0, mean: null, touchIds: [] },
      delivery: { due: 0, onTime: 0, late: 0, lateIds: [], onTimeIds: [] },
      targets: { evaluated: 0, met: 0, missedIds: [], metIds: [] },
    });
    expect(computeHealth(empty, M)).toMatchObject({ hasData: false, score: 57.5 });
    expect(finding(empty, 'score_drop', [peak(3, 95)])).toBeUndefined();
  });

  it('no other rule has a hold band', () => {
    const all = evaluateAlerts({ signals: signals({ touches: { lastTouchAt: null }, contacts: { keyLeftIds: ['c1'], keyActive: 0 } }), health: computeHealth(s, M), history: [peak(3, 100)], model: M });
    expect(all.length).toBeGreaterThan(2);
    expect(all.filter((f) => f.holdOnly).map((f) => f.kind)).toEqual([]);
  });

  it('peakWithin: the window is the last 30 days up to the day; of equal scores the latest', () => {
    expect(peakWithin([peak(30, 99), peak(29, 80)], D, 30)).toEqual(peak(29, 80));
    expect(peakWithin([peak(30, 99), peak(-1, 99)], D, 30)).toBeNull();
    expect(peakWithin([peak(12, 90), peak(3, 90), peak(20, 90)], D, 30)).toEqual(peak(3, 90));
  });

  it('says from where and links the components that lose the most points', () => {
    const f = finding(s, 'score_drop', [peak(12, 99.5), peak(3, 90)]);
    expect(f?.message).toBe(`The score fell ${Math.round((99.5 - now) * 10) / 10} points to ${now}, from 99.5 on ${addDays(D, -12)} (the highest in the last 30 days)`);
    expect(f?.reasons[0]).toEqual({ message: 'Delivery on time: 2 of 4 deliverables due in the last 90 days on time; 2 late or overdue', facts: [{ kind: 'deliverable', id: 'd1' }, { kind: 'deliverable', id: 'd2' }] });
  });
});

describe('too_cosy: frequent, warm contact over poor delivery, targets or quality', () => {
  /** Frequent (8 touches this month) and warm (the client starts half), over late delivery. */
  const cosy: Patch = {
    touches: { touches: 20, clientTouches: 10, touchesPrev: 20, clientTouchesPrev: 10, touches30: 8 },
    delivery: { due: 4, onTime: 2, late: 2, lateIds: ['d1', 'd2'], onTimeIds: ['d3', 'd4'] },
  };
  const merge = (a: Patch, b: Patch): Patch => ({ ...a, ...b, touches: { ...a.touches, ...b.touches }, delivery: { ...a.delivery, ...b.delivery }, sentiment: { ...a.sentiment, ...b.sentiment } });

  it('holds for the pattern, naming the warmth and what is poor', () => {
    const f = finding(signals(cosy), 'too_cosy');
    expect(f).toEqual({
      kind: 'too_cosy',
      severity: 'warning',
      message: 'Frequent, warm contact (8 touches in 30 days; the client started 50% of touches) while delivery (2 of 4 on time) is slipping',
      reasons: [
        { message: '8 touches in the last 30 days', facts: ['t-last', 't-client', 't-3'].map((id) => ({ kind: 'touchpoint', id })) },
        { message: 'Delivery on time: 2 of 4 deliverables due in the last 90 days on time; 2 late or overdue', facts: ['d1', 'd2', 'd3', 'd4'].map((id) => ({ kind: 'deliverable', id })) },
      ],
    });
    expect(kinds(signals(cosy))).toEqual(['delivery_slipping', 'too_cosy']);
  });

  it.each<[string, Patch, boolean]>([
    ['6 touches this month (the threshold)', { touches: { touches30: 6 } }, true],
    ['5 touches this month', { touches: { touches30: 5 } }, false],
    ['the client starts 40%', { touches: { clientTouches: 8 } }, true],
    ['the client starts 35%, neutral words', { touches: { clientTouches: 7 } }, false],
    ['the client starts 35%, warm words (+0.2 over 3)', { touches: { clientTouches: 7 }, sentiment: { scored: 3, mean: 0.2 } }, true],
    ['the client starts 35%, warm words over only 2 messages', { touches: { clientTouches: 7 }, sentiment: { scored: 2, mean: 0.6 } }, false],
    ['the client starts 35%, +0.19', { touches: { clientTouches: 7 }, sentiment: { scored: 5, mean: 0.19 } }, false],
    ['warm contact but delivery 3 of 4 on time (0.75, not poor)', { delivery: { due: 4, onTime: 3, late: 1 } }, false],
    ['warm contact and all on time', { delivery: { due: 4, onTime: 4, late: 0, lateIds: [] } }, false],
    ['warm contact and nothing due', { delivery: { due: 0, onTime: 0, late: 0, lateIds: [] } }, false],
  ])('%s → %s', (_label, patch, holds) => {
    expect(kinds(signals(merge(cosy, patch))).includes('too_cosy')).toBe(holds);
  });

  it('warm contact but good delivery, targets and quality: no too_cosy, no alert at all', () => {
    const warm = signals({ touches: { touches: 30, clientTouches: 15, touchesPrev: 30, clientTouchesPrev: 15, touches30: 12 }, sentiment: { scored: 10, mean: 0.6 } });
    expect(kinds(warm)).toEqual([]);
  });

  it('slipping delivery with cold, infrequent contact: delivery_slipping but not too_cosy', () => {
    const cold = signals({
      touches: { touches: 6, clientTouches: 1, touchesPrev: 6, clientTouchesPrev: 1, touches30: 2 },
      sentiment: { scored: 1, mean: -0.3 },
      delivery: { due: 5, onTime: 2, late: 3, lateIds: ['d1', 'd2', 'd3'] },
    });
    expect(kinds(cold)).toContain('delivery_slipping');
    expect(kinds(cold)).not.toContain('too_cosy');
    // Frequent but cold is not cosy either.
    expect(kinds(signals({ touches: { ...cold.touches, touches30: 10 }, sentiment: cold.sentiment, delivery: cold.delivery }))).not.toContain('too_cosy');
  });

  it('missed targets or incidents are poor too', () => {
    expect(finding(signals(merge(cosy, { delivery: { due: 4, onTime: 4, late: 0, lateIds: [] } , targets: { evaluated: 2, met: 1, missedIds: ['g2'] } } as Patch)), 'too_cosy')?.message).toMatch(/while targets \(1 of 2 met\) are slipping$/);
    const withIncidents = signals({ ...merge(cosy, { delivery: { due: 4, onTime: 4, late: 0, lateIds: [] } }), incidents: { count: 1, severityTotal: 2, ids: ['i1'] } } as Patch);
    expect(finding(withIncidents, 'too_cosy')?.message).toMatch(/while quality \(1 incident in 90 days\) is slipping$/);
    expect(kinds(withIncidents)).not.toContain('quality_incidents');
  });

  // One, two or three poor areas read as one sentence: "a is", "a and b are", "a, b and c are".
  it.each<[string, Patch, string]>([
    ['delivery alone', {}, 'while delivery (2 of 4 on time) is slipping'],
    ['delivery and quality', { incidents: { count: 2, severityTotal: 4, ids: ['i1', 'i2'] } }, 'while delivery (2 of 4 on time) and quality (2 incidents in 90 days) are slipping'],
    [
      'delivery, targets and quality',
      { targets: { evaluated: 2, met: 0, missedIds: ['g1', 'g2'] }, incidents: { count: 1, severityTotal: 3, ids: ['i1'] } },
      'while delivery (2 of 4 on time), targets (0 of 2 met) and quality (1 incident in 90 days) are slipping',
    ],
  ])('%s', (_label, patch, ending) => {
    const f = finding(signals({ ...merge(cosy, {}), ...patch } as Patch), 'too_cosy');
    expect(f?.message).toBe(`Frequent, warm contact (8 touches in 30 days; the client started 50% of touches) ${ending}`);
  });

  it('warm words alone make it warm, and link the messages', () => {
    const f = finding(signals(merge(cosy, { touches: { clientTouches: 2 }, sentiment: { scored: 4, mean: 0.45, touchIds: ['m1', 'm2'] } })), 'too_cosy');
    expect(f?.message).toBe('Frequent, warm contact (8 touches in 30 days; their messages average +0.45 sentiment) while delivery (2 of 4 on time) is slipping');
    expect(f?.reasons[1]).toEqual({ message: 'Warm messages: mean sentiment over 4 client messages', facts: [{ kind: 'touchpoint', id: 'm1' }, { kind: 'touchpoint', id: 'm2' }] });
  });
});

describe('the attention board\'s rules and these alerts agree (touchpoints/cadence.ts)', () => {
  const today = new Date(`${D}T12:00:00Z`);
  const cases: Array<{ stats: AccountTouchStats; s: AccountSignals }> = [];
  for (const cadenceDays of [null, 7, 14])
    for (const quiet of [null, 0, 7, 8, 14, 15, 60])
      for (const [touches90, clientTouches90, touchesPrev90, clientTouchesPrev90] of [[10, 5, 10, 5], [10, 2, 10, 4], [10, 3, 10, 4], [0, 0, 10, 3], [5, 0, 4, 1], [4, 0, 0, 0]] as const)
        for (const [engagedContacts90, activeContacts] of [[0, 0], [1, 1], [1, 3], [2, 3], [0, 2]] as const) {
          const lastTouchAt = quiet === null ? null : touchedAgo(quiet);
          cases.push({
            stats: { cadenceDays, since: new Date('2026-05-01T00:00:00Z'), lastTouchAt: lastTouchAt ? new Date(lastTouchAt) : null, lastClientTouchAt: null, touches90, clientTouches90, touchesPrev90, clientTouchesPrev90, engagedContacts90, activeContacts },
            s: signals({ cadenceDays, since: '2026-05-01', touches: { lastTouchAt, touches: touches90, clientTouches: clientTouches90, touchesPrev: touchesPrev90, clientTouchesPrev: clientTouchesPrev90, engagedContacts: engagedContacts90, activeContacts } }),
          });
        }
  const shared = new Set<AlertKind>(['going_quiet', 'client_stopped_initiating', 'single_threaded']);

  it(`on ${cases.length} combinations of cadence, quiet days, shares and contacts`, () => {
    let held = 0;
    for (const { stats, s } of cases) {
      const board = attentionReasons(stats, today).map((r) => r.kind).sort();
      const ours = kinds(s).filter((k) => shared.has(k)).sort();
      expect(ours, JSON.stringify(stats)).toEqual(board);
      held += board.length;
    }
    expect(held).toBeGreaterThan(cases.length / 2);
  });
});
