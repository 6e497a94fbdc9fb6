import { describe, expect, it } from 'vitest';
import type { AccountFacts } from './facts.js';
import { DEFAULT_MODEL, type HealthModel } from './model.js';
import { addDays, dayNumber, dayString, MAX_FACT_IDS, prepareFacts, summarizeFacts, summarizePrepared } from './summarize.js';

const D = '2026-06-30';
const M = DEFAULT_MODEL;
/** The instant at `time` on the day `days` before D. */
const at = (days: number, time = '12:00:00.000Z') => `${addDays(D, -days)}T${time}`;

type Touch = AccountFacts['touchpoints'][number];
type Deliverable = AccountFacts['deliverables'][number];
type Target = AccountFacts['targets'][number];
type Contact = AccountFacts['contacts'][number];

function facts(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return {
    account: { id: 'acc', cadenceDays: 14, since: '2025-01-01' },
    contacts: [],
    touchpoints: [],
    deliverables: [],
    targets: [],
    incidents: [],
    ...overrides,
  };
}
const touch = (id: string, occurredAt: string, over: Partial<Touch> = {}): Touch => ({ id, occurredAt, direction: 'agency_initiated', contactIds: [], sentiment: null, ...over });
const deliverable = (id: string, dueAt: string, deliveredAt: string | null, over: Partial<Deliverable> = {}): Deliverable => ({
  id, projectId: 'p', title: id, dueAt, deliveredAt, approvedAt: null, status: deliveredAt ? 'delivered' : 'in_progress', ...over,
});
const target = (id: string, metric: string, periodEnd: string, goal: number, actual: number | null, higherIsBetter = true): Target => ({
  id, metric, periodStart: addDays(periodEnd, -29), periodEnd, goal, actual, higherIsBetter,
});
const contact = (id: string, over: Partial<Contact> = {}): Contact => ({ id, role: 'user', status: 'active', leftOn: null, knownFrom: '2025-01-01', ...over });

const summarize = (f: Partial<AccountFacts>, asOf = D, model: HealthModel = M) => summarizeFacts(facts(f), asOf, model);

describe('day arithmetic', () => {
  it.each([
    ['1970-01-01', 0],
    ['2026-06-30', dayNumber('2026-06-30T23:59:59.999Z')],
    ['2024-03-01', dayNumber('2024-02-29') + 1],
  ])('dayNumber(%s)', (day, n) => expect(dayNumber(day)).toBe(n));

  it('reads instants in UTC, whatever their offset', () => {
    expect(dayNumber('2026-07-01T00:30:00+02:00')).toBe(dayNumber('2026-06-30'));
    expect(dayString(dayNumber('2026-06-30T23:00:00-05:00'))).toBe('2026-07-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('summarizeFacts with no facts', () => {
  it('reports an account that has nothing yet', () => {
    expect(summarize({})).toEqual({
      accountId: 'acc',
      asOf: D,
      cadenceDays: 14,
      since: '2025-01-01',
      touches: {
        lastTouchAt: null, lastTouchId: null, lastClientTouchAt: null, lastClientTouchId: null,
        touches: 0, clientTouches: 0, touchesPrev: 0, clientTouchesPrev: 0, touches30: 0,
        engagedContacts: 0, activeContacts: 0, recentTouchIds: [],
      },
      sentiment: { scored: 0, mean: null, touchIds: [] },
      delivery: { due: 0, onTime: 0, late: 0, lateIds: [], onTimeIds: [] },
      targets: { evaluated: 0, met: 0, missedIds: [], metIds: [] },
      incidents: { count: 0, severityTotal: 0, ids: [] },
      contacts: { keyLeftIds: [], keyActive: 0 },
      survey: null,
    });
  });
});

describe('touch windows (90 days as of D are D-89 … D, the window before D-179 … D-90)', () => {
  it.each<[string, string, { touches: number; touchesPrev: number; touches30: number; isLast: boolean }]>([
    ['the last millisecond of D', at(0, '23:59:59.999Z'), { touches: 1, touchesPrev: 0, touches30: 1, isLast: true }],
    ['the first millisecond of D+1', at(-1, '00:00:00.000Z'), { touches: 0, touchesPrev: 0, touches30: 0, isLast: false }],
    ['D+1 00:30 at +02:00 is D 22:30 UTC', `${addDays(D, 1)}T00:30:00+02:00`, { touches: 1, touchesPrev: 0, touches30: 1, isLast: true }],
    ['29 days before (the cosy window\'s first day)', at(29), { touches: 1, touchesPrev: 0, touches30: 1, isLast: true }],
    ['30 days before', at(30), { touches: 1, touchesPrev: 0, touches30: 0, isLast: true }],
    ['89 days before (the window\'s first day), first millisecond', at(89, '00:00:00.000Z'), { touches: 1, touchesPrev: 0, touches30: 0, isLast: true }],
    ['90 days before, last millisecond', at(90, '23:59:59.999Z'), { touches: 0, touchesPrev: 1, touches30: 0, isLast: true }],
    ['179 days before', at(179), { touches: 0, touchesPrev: 1, touches30: 0, isLast: true }],
    ['180 days before', at(180), { touches: 0, touchesPrev: 0, touches30: 0, isLast: true }],
  ])('a touch %s', (_label, occurredAt, expected) => {
    const t = summarize({ touchpoints: [touch('t1', occurredAt)] }).touches;
    expect({ touches: t.touches, touchesPrev: t.touchesPrev, touches30: t.touches30, isLast: t.lastTouchId === 't1' }).toEqual(expected);
    if (expected.isLast) expect(t.lastTouchAt).toBe(new Date(occurredAt).toISOString());
  });

  it('follows the model\'s windows', () => {
    const model = { ...M, windows: { ...M.windows, touchDays: 30, cosyDays: 7 } };
    const s = summarize({ touchpoints: [touch('a', at(6)), touch('b', at(7)), touch('c', at(29)), touch('d', at(30)), touch('e', at(59)), touch('f', at(60))] }, D, model);
    expect(s.touches).toMatchObject({ touches: 3, touches30: 1, touchesPrev: 2 });
  });

  it('counts the client\'s touches and finds the last of each kind, even before the windows', () => {
    const t = summarize({
      touchpoints: [
        touch('old-client', at(400), { direction: 'client_initiated' }),
        touch('recent', at(200)),
        touch('now-client', at(10), { direction: 'client_initiated' }),
        touch('now', at(5)),
        touch('before', at(100), { direction: 'client_initiated' }),
      ],
    }).touches;
    expect(t).toMatchObject({ lastTouchId: 'now', lastClientTouchId: 'now-client', touches: 2, clientTouches: 1, touchesPrev: 1, clientTouchesPrev: 1 });
    const older = summarize({ touchpoints: [touch('old-client', at(400), { direction: 'client_initiated' }), touch('recent', at(200))] }).touches;
    expect(older).toMatchObject({ lastTouchId: 'recent', lastClientTouchId: 'old-client', touches: 0, touchesPrev: 0 });
  });

  it('keeps the 10 newest touch ids, ties by id descending', () => {
    const touchpoints = Array.from({ length: 14 }, (_, i) => touch(`t${String(i).padStart(2, '0')}`, at(Math.floor(i / 2))));
    expect(summarize({ touchpoints }).touches.recentTouchIds).toEqual(['t01', 't00', 't03', 't02', 't05', 't04', 't07', 't06', 't09', 't08']);
    expect(summarize({ touchpoints }).touches.lastTouchId).toBe('t01');
  });
});

describe('sentiment of client-initiated touches in the touch window', () => {
  it('averages the scored ones, newest first, and ignores the agency\'s and unscored ones', () => {
    const s = summarize({
      touchpoints: [
        touch('a', at(1), { direction: 'client_initiated', sentiment: 0.6 }),
        touch('b', at(2), { direction: 'client_initiated', sentiment: -0.2 }),
        touch('c', at(3), { direction: 'client_initiated', sentiment: null }),
        touch('d', at(4), { direction: 'agency_initiated', sentiment: 1 }),
        touch('e', at(95), { direction: 'client_initiated', sentiment: 1 }),
      ],
    }).sentiment;
    expect(s.scored).toBe(2);
    expect(s.mean).toBeCloseTo(0.2, 10);
    expect(s.touchIds).toEqual(['a', 'b']);
  });
});

describe('contacts as of the day', () => {
  it.each<[string, Partial<Contact>, { active: number; engaged: number }]>([
    ['an active contact in a touch', {}, { active: 1, engaged: 1 }],
    ['known from D', { knownFrom: D }, { active: 1, engaged: 1 }],
    ['known from D+1 (not yet known)', { knownFrom: addDays(D, 1) }, { active: 0, engaged: 0 }],
    ['left on D', { status: 'left', leftOn: D }, { active: 0, engaged: 0 }],
    ['leaving on D+1 (still there on D)', { status: 'left', leftOn: addDays(D, 1) }, { active: 1, engaged: 1 }],
    ['left without a date (left always)', { status: 'left', leftOn: null }, { active: 0, engaged: 0 }],
  ])('%s', (_label, over, expected) => {
    const t = summarize({ contacts: [contact('c1', over)], touchpoints: [touch('t', at(5), { contactIds: ['c1'] })] }).touches;
    expect({ active: t.activeContacts, engaged: t.engagedContacts }).toEqual(expected);
  });

  it('counts distinct engaged contacts in the touch window only, and ignores unknown ids', () => {
    const t = summarize({
      contacts: [contact('c1'), contact('c2'), contact('c3'), contact('c4')],
      touchpoints: [
        touch('a', at(1), { contactIds: ['c1', 'c2'] }),
        touch('b', at(2), { contactIds: ['c1', 'ghost'] }),
        touch('c', at(91), { contactIds: ['c3'] }),
      ],
    }).touches;
    expect({ active: t.activeContacts, engaged: t.engagedContacts }).toEqual({ active: 4, engaged: 2 });
  });

  it.each<[string, Partial<Contact>, string[], number]>([
    ['a champion who left on D', { role: 'champion', status: 'left', leftOn: D }, ['c1'], 0],
    ['a decision maker who left 89 days before', { role: 'decision_maker', status: 'left', leftOn: addDays(D, -89) }, ['c1'], 0],
    ['a champion who left 90 days before (out of the window)', { role: 'champion', status: 'left', leftOn: addDays(D, -90) }, [], 0],
    ['a champion leaving on D+1', { role: 'champion', status: 'left', leftOn: addDays(D, 1) }, [], 1],
    ['a champion who left without a date', { role: 'champion', status: 'left', leftOn: null }, [], 0],
    ['a user who left', { role: 'user', status: 'left', leftOn: D }, [], 0],
    ['a champion recorded after D with a departure before it', { role: 'champion', status: 'left', leftOn: addDays(D, -3), knownFrom: addDays(D, 2) }, [], 0],
    ['an active champion', { role: 'champion' }, [], 1],
  ])('key contacts: %s', (_label, over, keyLeftIds, keyActive) => {
    expect(summarize({ contacts: [contact('c1', over)] }).contacts).toEqual({ keyLeftIds, keyActive });
  });

  it('lists key contacts who left, the latest departure first', () => {
    const left = (id: string, days: number): Contact => contact(id, { role: 'champion', status: 'left', leftOn: addDays(D, -days) });
    expect(summarize({ contacts: [left('a', 30), left('b', 2), left('c', 60)] }).contacts.keyLeftIds).toEqual(['b', 'a', 'c']);
  });
});

describe('deliverables due in the delivery window', () => {
  const due = at(10, '17:00:00.000Z');
  it.each<[string, Deliverable, { due: number; onTime: number; late: number }]>([
    ['delivered before the due time', deliverable('d', due, at(11)), { due: 1, onTime: 1, late: 0 }],
    ['delivered exactly at the due time', deliverable('d', due, due), { due: 1, onTime: 1, late: 0 }],
    ['delivered a millisecond after', deliverable('d', due, at(10, '17:00:00.001Z')), { due: 1, onTime: 0, late: 1 }],
    ['delivered the next day', deliverable('d', due, at(9)), { due: 1, onTime: 0, late: 1 }],
    ['not delivered (overdue)', deliverable('d', due, null), { due: 1, onTime: 0, late: 1 }],
    ['delivered after D (overdue as of D)', deliverable('d', due, at(-2)), { due: 1, onTime: 0, late: 1 }],
    ['due later on D, not delivered by D\'s end', deliverable('d', at(0, '23:00:00.000Z'), null), { due: 1, onTime: 0, late: 1 }],
    ['due on D, delivered on D before the due time', deliverable('d', at(0, '23:00:00.000Z'), at(0, '09:00:00.000Z')), { due: 1, onTime: 1, late: 0 }],
    ['due D+1 (not due yet)', deliverable('d', at(-1, '00:00:00.000Z'), null), { due: 0, onTime: 0, late: 0 }],
    ['due 89 days before (the window\'s first day)', deliverable('d', at(89, '00:00:00.000Z'), null), { due: 1, onTime: 0, late: 1 }],
    ['due 90 days before (out of the window)', deliverable('d', at(90, '23:59:59.999Z'), null), { due: 0, onTime: 0, late: 0 }],
    ['cancelled', deliverable('d', due, null, { status: 'cancelled' }), { due: 0, onTime: 0, late: 0 }],
  ])('%s', (_label, d, expected) => {
    const s = summarize({ deliverables: [d] }).delivery;
    expect({ due: s.due, onTime: s.onTime, late: s.late }).toEqual(expected);
  });

  it('lists late and on-time ids, the latest due first, at most 10', () => {
    const deliverables = Array.from({ length: 24 }, (_, i) => deliverable(`d${String(i).padStart(2, '0')}`, at(i + 1), i % 2 === 0 ? at(i + 2) : null));
    const s = summarize({ deliverables }).delivery;
    expect(s).toMatchObject({ due: 24, onTime: 12, late: 12 });
    expect(s.lateIds).toEqual(['d01', 'd03', 'd05', 'd07', 'd09', 'd11', 'd13', 'd15', 'd17', 'd19']);
    expect(s.onTimeIds).toHaveLength(MAX_FACT_IDS);
    expect(s.onTimeIds[0]).toBe('d00');
  });
});

describe('targets: each metric\'s last two periods over with an actual', () => {
  it.each<[string, Target[], { evaluated: number; met: number; missedIds: string[]; metIds: string[] }]>([
    ['met at the goal exactly', [target('t1', 'leads', D, 100, 100)], { evaluated: 1, met: 1, missedIds: [], metIds: ['t1'] }],
    ['missed one below', [target('t1', 'leads', D, 100, 99.9)], { evaluated: 1, met: 0, missedIds: ['t1'], metIds: [] }],
    ['lower is better: at the goal is met', [target('t1', 'cpa', D, 20, 20, false)], { evaluated: 1, met: 1, missedIds: [], metIds: ['t1'] }],
    ['lower is better: above the goal is missed', [target('t1', 'cpa', D, 20, 21, false)], { evaluated: 1, met: 0, missedIds: ['t1'], metIds: [] }],
    ['a period ending D+1 is not over', [target('t1', 'leads', addDays(D, 1), 100, 50)], { evaluated: 0, met: 0, missedIds: [], metIds: [] }],
    ['no actual yet', [target('t1', 'leads', D, 100, null)], { evaluated: 0, met: 0, missedIds: [], metIds: [] }],
    [
      'the last two periods only, skipping the one without an actual',
      [
        target('jun', 'leads', '2026-06-30', 100, null),
        target('may', 'leads', '2026-05-31', 100, 90),
        target('apr', 'leads', '2026-04-30', 100, 120),
        target('mar', 'leads', '2026-03-31', 100, 10),
      ],
      { evaluated: 2, met: 1, missedIds: ['may'], metIds: ['apr'] },
    ],
    [
      'two per metric, however old (no window)',
      [target('a1', 'leads', '2026-06-30', 100, 100), target('a2', 'leads', '2026-05-31', 100, 100), target('b1', 'cpa', '2024-12-31', 5, 9, false)],
      { evaluated: 3, met: 2, missedIds: ['b1'], metIds: ['a1', 'a2'] },
    ],
  ])('%s', (_label, targets, expected) => {
    expect(summarize({ targets }).targets).toEqual(expected);
  });
});

describe('incidents in the incident window', () => {
  it('counts them and sums their severity, newest first', () => {
    const incident = (id: string, days: number, severity: 1 | 2 | 3) => ({ id, kind: 'rework' as const, severity, occurredAt: at(days) });
    const s = summarize({ incidents: [incident('a', 89, 3), incident('b', 0, 1), incident('c', 90, 3), incident('d', -1, 3), incident('e', 40, 2)] }).incidents;
    expect(s).toEqual({ count: 3, severityTotal: 6, ids: ['b', 'e', 'a'] });
  });
});

// ---------------------------------------------------------------------------------------------
// No look-ahead: a fact dated after D never changes D's signals.

/** A small deterministic generator (mulberry32), so a failing case can be replayed by its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T };
}

const BASE = dayNumber('2026-01-01');
const instant = (r: ReturnType<typeof rng>, day: number) => new Date((day + r.next()) * 86_400_000).toISOString();

function randomFacts(r: ReturnType<typeof rng>, from: number, to: number, ids: { n: number }): AccountFacts {
  const id = (p: string) => `${p}${String(ids.n++).padStart(4, '0')}`;
  const contacts: Contact[] = Array.from({ length: r.int(0, 5) }, () => {
    const hasLeft = r.next() < 0.3;
    return { id: id('c'), role: r.pick(['decision_maker', 'champion', 'user', 'finance', 'other'] as const), status: hasLeft ? 'left' : 'active', leftOn: hasLeft && r.next() < 0.8 ? dayString(r.int(from, to)) : null, knownFrom: dayString(r.int(from - 100, to)) };
  });
  const contactIds = contacts.map((c) => c.id);
  return {
    account: { id: 'acc', cadenceDays: r.pick([null, 7, 14, 30]), since: dayString(from - 50) },
    contacts,
    touchpoints: Array.from({ length: r.int(0, 40) }, () => ({
      id: id('t'),
      occurredAt: instant(r, r.int(from, to)),
      direction: r.pick(['agency_initiated', 'client_initiated'] as const),
      contactIds: contactIds.filter(() => r.next() < 0.4),
      sentiment: r.next() < 0.5 ? null : Math.round((r.next() * 2 - 1) * 1000) / 1000,
    })),
    deliverables: Array.from({ length: r.int(0, 25) }, () => {
      const due = r.int(from, to);
      const delivered = r.next() < 0.6 ? instant(r, due + r.int(-5, 10)) : null;
      return deliverable(id('d'), instant(r, due), delivered, { status: r.next() < 0.1 ? 'cancelled' : 'delivered' });
    }),
    targets: Array.from({ length: r.int(0, 8) }, () => target(id('g'), r.pick(['leads', 'cpa', 'reach']), dayString(r.int(from, to)), 100, r.next() < 0.2 ? null : r.int(50, 150), r.next() < 0.7)),
    incidents: Array.from({ length: r.int(0, 5) }, () => ({ id: id('i'), kind: 'rework' as const, severity: r.pick([1, 2, 3] as const), occurredAt: instant(r, r.int(from, to)) })),
  };
}

/** One fact, or one change to a fact, dated after day `d`. */
function laterChange(r: ReturnType<typeof rng>, f: AccountFacts, d: number, ids: { n: number }): { label: string; facts: AccountFacts } {
  const later = () => d + r.int(1, 60);
  const id = (p: string) => `${p}${String(ids.n++).padStart(4, '0')}`;
  const change = r.int(0, 7);
  switch (change) {
    case 0:
      return { label: 'a touch', facts: { ...f, touchpoints: [...f.touchpoints, { id: id('t'), occurredAt: new Date((d + 1) * 86_400_000 + r.int(0, 86_399_999)).toISOString(), direction: r.pick(['agency_initiated', 'client_initiated'] as const), contactIds: f.contacts.map((c) => c.id), sentiment: 1 }] } };
    case 1:
      return { label: 'a deliverable due later', facts: { ...f, deliverables: [...f.deliverables, deliverable(id('d'), instant(r, later()), null)] } };
    case 2:
      return { label: 'a target period ending later', facts: { ...f, targets: [...f.targets, target(id('g'), 'leads', dayString(later()), 100, 0)] } };
    case 3:
      return { label: 'an incident', facts: { ...f, incidents: [...f.incidents, { id: id('i'), kind: 'complaint', severity: 3, occurredAt: instant(r, later()) }] } };
    case 4:
      return { label: 'a contact known later', facts: { ...f, contacts: [...f.contacts, contact(id('c'), { role: 'champion', knownFrom: dayString(later()), status: r.next() < 0.5 ? 'left' : 'active', leftOn: dayString(d - r.int(0, 30)) })] } };
    case 5: {
      // A contact known by D leaves after D.
      const staying = f.contacts.filter((c) => c.leftOn === null && c.status === 'active');
      const leaver = staying.length > 0 ? r.pick(staying) : null;
      if (!leaver) return laterChange(r, f, d, ids);
      return { label: 'a contact leaving later', facts: { ...f, contacts: f.contacts.map((c) => (c === leaver ? { ...c, status: 'left' as const, leftOn: dayString(later()) } : c)) } };
    }
    case 6: {
      // A deliverable overdue on D (due recently, not delivered) is delivered a few days after D.
      const open = f.deliverables.filter((x) => x.deliveredAt === null && dayNumber(x.dueAt) <= d);
      const one = open.length > 0 ? r.pick(open) : null;
      if (!one) return laterChange(r, f, d, ids);
      return { label: 'a delivery after D', facts: { ...f, deliverables: f.deliverables.map((x) => (x === one ? { ...x, deliveredAt: instant(r, d + r.int(1, 5)) } : x)) } };
    }
    default:
      return { label: 'a client touch in the first minute of D+1', facts: { ...f, touchpoints: [...f.touchpoints, touch(id('t'), new Date((d + 1) * 86_400_000).toISOString(), { direction: 'client_initiated', sentiment: -1 })] } };
  }
}

describe('no look-ahead (property): a fact dated after D never changes the signals of D', () => {
  it('holds for 300 random accounts, days, windows and later changes', () => {
    for (let seed = 1; seed <= 300; seed++) checkSeed(seed);
  });

  function checkSeed(seed: number) {
    const r = rng(seed);
    const ids = { n: 0 };
    const f = randomFacts(r, BASE, BASE + 400, ids);
    const d = r.int(BASE + 50, BASE + 380);
    const model = r.next() < 0.5 ? M : { ...M, windows: { touchDays: r.int(7, 120), deliveryDays: r.int(7, 120), incidentDays: r.int(7, 120), cosyDays: r.int(7, 60) } };
    const before = summarizeFacts(f, dayString(d), model);
    let current = f;
    for (let i = 0; i < 3; i++) {
      const next = laterChange(r, current, d, ids);
      current = next.facts;
      expect(summarizeFacts(current, dayString(d), model), `seed ${seed}: ${next.label}`).toEqual(before);
    }
    // The same facts, prepared once, give the same answer (the backtest's path).
    expect(summarizePrepared(prepareFacts(current), dayString(d), model), `seed ${seed}: prepared`).toEqual(before);
  }

  it('is not vacuous: the same change dated on D does change the signals', () => {
    const f = facts({ contacts: [contact('c1')] });
    const before = summarizeFacts(f, D, M);
    const withTouch = { ...f, touchpoints: [touch('t', at(0, '23:59:59.999Z'), { contactIds: ['c1'] })] };
    expect(summarizeFacts(withTouch, D, M)).not.toEqual(before);
  });
});
