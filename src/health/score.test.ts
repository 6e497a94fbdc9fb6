import { describe, expect, it } from 'vitest';
import type { AccountSignals } from './facts.js';
import { COMPONENT_KEYS, DEFAULT_MODEL, type ComponentKey, type HealthModel } from './model.js';
import { bandOf, computeHealth, neutralScore, quietDays, type HealthResult } from './score.js';
import { addDays } from './summarize.js';

const D = '2026-06-30';
const M = DEFAULT_MODEL;

type Patch = { [K in Exclude<keyof AccountSignals, 'survey'>]?: AccountSignals[K] extends object ? Partial<AccountSignals[K]> : AccountSignals[K] };

/** A healthy, well-run account as of D; each case overrides what it is about. */
function signals(patch: Patch = {}): AccountSignals {
  const base: AccountSignals = {
    accountId: 'acc',
    asOf: D,
    cadenceDays: 14,
    since: '2025-01-01',
    touches: {
      lastTouchAt: `${addDays(D, -2)}T10:00:00.000Z`, lastTouchId: 't-last', lastClientTouchAt: `${addDays(D, -5)}T10:00:00.000Z`, lastClientTouchId: 't-client',
      touches: 12, clientTouches: 4, touchesPrev: 12, clientTouchesPrev: 4, touches30: 4,
      engagedContacts: 3, activeContacts: 4, recentTouchIds: ['t-last', 't-client'],
    },
    sentiment: { scored: 4, mean: 0.5, touchIds: ['t-client'] },
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

/** No facts at all: a new account started on D. */
const EMPTY: AccountSignals = {
  accountId: 'new', asOf: D, cadenceDays: null, since: D,
  touches: { lastTouchAt: null, lastTouchId: null, lastClientTouchAt: null, lastClientTouchId: null, touches: 0, clientTouches: 0, touchesPrev: 0, clientTouchesPrev: 0, touches30: 0, engagedContacts: 0, activeContacts: 0, recentTouchIds: [] },
  sentiment: { scored: 0, mean: null, touchIds: [] },
  delivery: { due: 0, onTime: 0, late: 0, lateIds: [], onTimeIds: [] },
  targets: { evaluated: 0, met: 0, missedIds: [], metIds: [] },
  incidents: { count: 0, severityTotal: 0, ids: [] },
  contacts: { keyLeftIds: [], keyActive: 0 },
  survey: null,
};

const component = (h: HealthResult, key: ComponentKey) => {
  const c = h.components.find((x) => x.key === key);
  if (!c) throw new Error(`no component ${key}`);
  return c;
};
const valueOf = (s: AccountSignals, key: ComponentKey, model: HealthModel = M) => component(computeHealth(s, model), key).value;
/** The contributions as integer tenths, and the score's, so the sum is checked without float noise. */
const tenths = (h: HealthResult) => ({ parts: h.components.reduce((sum, c) => sum + Math.round(c.contribution * 10), 0), score: Math.round(h.score * 10) });

describe('a healthy account', () => {
  const h = computeHealth(signals(), M);
  it('scores high, every component with its number and facts', () => {
    expect(h.band).toBe('healthy');
    expect(h.components.map((c) => c.key)).toEqual([...COMPONENT_KEYS]);
    expect(component(h, 'delivery')).toMatchObject({ value: 1, present: true, detail: '4 of 4 deliverables due in the last 90 days on time', facts: [{ kind: 'deliverable', id: 'd1' }, { kind: 'deliverable', id: 'd2' }, { kind: 'deliverable', id: 'd3' }, { kind: 'deliverable', id: 'd4' }] });
    expect(component(h, 'recency')).toMatchObject({ value: 1, detail: 'Last touch 2 days ago; the cadence is every 14 days', facts: [{ kind: 'touchpoint', id: 't-last' }] });
    expect(component(h, 'breadth')).toMatchObject({ value: 1, detail: '3 of 4 active contacts engaged in the last 90 days (full marks at 3)' });
    expect(component(h, 'sentiment')).toMatchObject({ value: 0.75, detail: 'Mean sentiment +0.50 over 4 client-started touches in the last 90 days' });
    expect(component(h, 'survey')).toMatchObject({ value: null, present: false, effectiveWeight: 0, contribution: 0, detail: 'No survey answers yet' });
  });

  it('drops the survey (no data yet), renormalises the rest and says so', () => {
    expect(h.missing).toEqual(['survey']);
    expect(h.note).toBe('No data for survey scores: weights renormalised over the 7 components with data.');
    expect(component(h, 'delivery').weight).toBe(30);
    expect(component(h, 'delivery').effectiveWeight).toBeCloseTo(30 / 95, 12);
    expect(h.components.reduce((s, c) => s + c.effectiveWeight, 0)).toBeCloseTo(1, 12);
  });

  it('adds up: the contributions are the score', () => {
    expect(tenths(h).parts).toBe(tenths(h).score);
    // delivery, targets, quality, recency, breadth at 1; initiation (4/12 = 33% ≥ 30%, steady) at 1; sentiment 0.75.
    expect(h.score).toBe(Math.round(((95 - 5 * 0.25) / 95) * 1000) / 10);
  });
});

describe('no data at all', () => {
  it('a brand-new account with no facts gets the neutral score, band watch, never at_risk', () => {
    const h = computeHealth(EMPTY, M);
    expect(h).toMatchObject({ score: 57.5, band: 'watch', hasData: false });
    expect(h.missing).toEqual([...COMPONENT_KEYS]);
    expect(h.note).toMatch(/^No weighted component has data yet: the score is the neutral 57\.5/);
    expect(h.components.every((c) => c.contribution === 0 && c.effectiveWeight === 0 && !c.present)).toBe(true);
    expect(component(h, 'recency').detail).toBe('Not touched yet; the account started today (no cadence set, judged against every 30 days)');
  });

  it.each([
    [{ healthy: 70, watch: 45 }, 57.5],
    [{ healthy: 80, watch: 50 }, 65],
    [{ healthy: 60, watch: 59 }, 59.5],
    [{ healthy: 1, watch: 0 }, 0.5],
  ])('the neutral score for bands %j is %d, always in watch', (bands, expected) => {
    const model = { ...M, bands };
    expect(neutralScore(model)).toBe(expected);
    expect(bandOf(neutralScore(model), model)).toBe('watch');
  });

  it('is also neutral when only components with weight 0 have data', () => {
    const model = { ...M, weights: { delivery: 0, targets: 0, quality: 0, recency: 0, breadth: 0, initiation: 0, sentiment: 0, survey: 1 } };
    const h = computeHealth(signals(), model);
    expect(h.score).toBe(57.5);
    expect(h.hasData).toBe(false);
    expect(h.missing).toEqual(['survey']);
    expect(component(h, 'delivery')).toMatchObject({ present: true, value: 1, contribution: 0 });
  });

  it('an account still within its first cadence with one on-time deliverable is judged on delivery and quality', () => {
    const h = computeHealth({ ...EMPTY, since: addDays(D, -10), delivery: { due: 1, onTime: 1, late: 0, lateIds: [], onTimeIds: ['d'] } }, M);
    expect(h.components.filter((c) => c.present).map((c) => c.key)).toEqual(['delivery', 'quality']);
    expect(h.score).toBe(100);
    expect(h.hasData).toBe(true);
    expect(h.note).toBe('No data for targets met, contact recency, contacts engaged, client-initiated contact, client sentiment, survey scores: weights renormalised over the 2 components with data.');
  });
});

describe('bands at their thresholds', () => {
  it.each([
    [100, 'healthy'], [70, 'healthy'], [69.9, 'watch'], [45, 'watch'], [44.9, 'at_risk'], [0, 'at_risk'],
  ] as const)('%d is %s', (score, band) => expect(bandOf(score, M)).toBe(band));
});

describe('delivery and targets: shares of what was due and evaluated', () => {
  it.each([
    [{ due: 4, onTime: 3, late: 1 }, 0.75, '3 of 4 deliverables due in the last 90 days on time; 1 late or overdue'],
    [{ due: 1, onTime: 0, late: 1 }, 0, '0 of 1 deliverable due in the last 90 days on time; 1 late or overdue'],
    [{ due: 0, onTime: 0, late: 0 }, null, 'No deliverable due in the last 90 days'],
  ])('delivery %j → %s', (delivery, value, detail) => {
    expect(component(computeHealth(signals({ delivery }), M), 'delivery')).toMatchObject({ value, detail, present: value !== null });
  });

  it.each([
    [{ evaluated: 4, met: 1 }, 0.25, '1 of 4 targets met (the last two periods of each metric)'],
    [{ evaluated: 1, met: 1 }, 1, '1 of 1 target met (the last two periods of each metric)'],
    [{ evaluated: 0, met: 0 }, null, 'No target period has ended with an actual yet'],
  ])('targets %j → %s', (targets, value, detail) => {
    expect(component(computeHealth(signals({ targets }), M), 'targets')).toMatchObject({ value, detail });
  });

  it('links the late deliverables and missed targets first', () => {
    const h = computeHealth(signals({ delivery: { due: 2, onTime: 1, late: 1, lateIds: ['late'], onTimeIds: ['ok'] }, targets: { evaluated: 2, met: 1, missedIds: ['miss'], metIds: ['met'] } }), M);
    expect(component(h, 'delivery').facts.map((f) => f.id)).toEqual(['late', 'ok']);
    expect(component(h, 'targets').facts).toEqual([{ kind: 'target', id: 'miss' }, { kind: 'target', id: 'met' }]);
  });
});

describe('quality: 1 − severity total / cap (6)', () => {
  it.each<[string, Patch, number | null]>([
    ['no incident, work was due', {}, 1],
    ['severity 1', { incidents: { count: 1, severityTotal: 1, ids: ['i'] } }, 1 - 1 / 6],
    ['severity 3', { incidents: { count: 1, severityTotal: 3, ids: ['i'] } }, 0.5],
    ['severity 6 (the cap)', { incidents: { count: 2, severityTotal: 6, ids: ['i', 'j'] } }, 0],
    ['severity 9 (past the cap)', { incidents: { count: 3, severityTotal: 9, ids: ['i', 'j', 'k'] } }, 0],
    ['no incident and nothing due or evaluated: absent', { delivery: { due: 0, onTime: 0, late: 0, onTimeIds: [] }, targets: { evaluated: 0, met: 0, metIds: [] } }, null],
    ['an incident with nothing due: present', { delivery: { due: 0, onTime: 0, late: 0, onTimeIds: [] }, targets: { evaluated: 0, met: 0, metIds: [] }, incidents: { count: 1, severityTotal: 2, ids: ['i'] } }, 1 - 2 / 6],
    ['targets evaluated but nothing due: present', { delivery: { due: 0, onTime: 0, late: 0, onTimeIds: [] } }, 1],
  ])('%s', (_label, patch, value) => {
    const v = valueOf(signals(patch), 'quality');
    if (value === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(value, 12);
  });

  it('names the incidents', () => {
    const c = component(computeHealth(signals({ incidents: { count: 2, severityTotal: 4, ids: ['i', 'j'] } }), M), 'quality');
    expect(c.detail).toBe('2 incidents in the last 90 days, severity 4 (quality is 0 at 6)');
    expect(c.facts).toEqual([{ kind: 'incident', id: 'i' }, { kind: 'incident', id: 'j' }]);
  });
});

describe('recency: 1 within the cadence, linearly to 0 at three cadences', () => {
  const touchedAgo = (days: number) => `${addDays(D, -days)}T09:00:00.000Z`;
  it.each<[string, number | null, number, number]>([
    ['touched today', 14, 0, 1],
    ['exactly at the cadence', 14, 14, 1],
    ['one day past', 14, 15, 1 - 1 / 28],
    ['one cadence overdue', 14, 28, 0.5],
    ['one day short of three cadences', 14, 41, 1 / 28],
    ['three cadences', 14, 42, 0],
    ['far past', 14, 400, 0],
    ['no cadence target: 30 days', null, 30, 1],
    ['no cadence target: 31 days', null, 31, 1 - 1 / 60],
    ['no cadence target: 90 days', null, 90, 0],
  ])('%s (cadence %s, %d days)', (_label, cadenceDays, days, value) => {
    expect(valueOf(signals({ cadenceDays, touches: { lastTouchAt: touchedAgo(days) } }), 'recency')).toBeCloseTo(value, 12);
  });

  it.each<[string, number, number | null]>([
    ['started 14 days ago with a 14-day cadence: absent, no chance yet', 14, null],
    ['started 15 days ago: counted from the start', 15, 1 - 1 / 28],
    ['started 42 days ago: 0', 42, 0],
  ])('never touched, %s', (_label, days, value) => {
    const s = signals({ since: addDays(D, -days), touches: { lastTouchAt: null, lastTouchId: null } });
    const v = valueOf(s, 'recency');
    if (value === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(value, 12);
    expect(quietDays(s)).toBe(days);
  });

  it('explains how overdue it is, against the default cadence when none is set', () => {
    expect(component(computeHealth(signals({ cadenceDays: 14, touches: { lastTouchAt: touchedAgo(20) } }), M), 'recency').detail).toBe('Last touch 20 days ago; the cadence is every 14 days (6 days overdue)');
    expect(component(computeHealth(signals({ cadenceDays: null, touches: { lastTouchAt: touchedAgo(1) } }), M), 'recency').detail).toBe('Last touch yesterday; no cadence set, judged against every 30 days');
    // A touch on the day scored is today's, not "0 days ago".
    expect(component(computeHealth(signals({ cadenceDays: 14, touches: { lastTouchAt: touchedAgo(0) } }), M), 'recency').detail).toBe('Last touch today; the cadence is every 14 days');
    expect(component(computeHealth(signals({ since: '2026-01-01', touches: { lastTouchAt: null, lastTouchId: null } }), M), 'recency')).toMatchObject({ detail: 'Never touched since 2026-01-01 (180 days); the cadence is every 14 days (166 days overdue)', facts: [] });
  });

  it('a touch dated after the day (booked ahead) is not negative quiet', () => {
    expect(quietDays(signals({ touches: { lastTouchAt: `${addDays(D, 3)}T09:00:00.000Z` } }))).toBe(0);
  });
});

describe('breadth: engaged / min(active, 3), capped at 1', () => {
  it.each<[number, number, number, number | null]>([
    [10, 3, 4, 1],
    [10, 2, 4, 2 / 3],
    [10, 1, 4, 1 / 3],
    [10, 0, 4, 0],
    [10, 2, 2, 1],
    [10, 1, 1, 1],
    [10, 0, 0, 0],
    [10, 5, 8, 1],
    [0, 0, 4, null],
  ])('%d touches, %d engaged of %d active → %s', (touches, engagedContacts, activeContacts, value) => {
    const v = valueOf(signals({ touches: { touches, engagedContacts, activeContacts } }), 'breadth');
    if (value === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(value, 12);
  });

  it('says when touches involve no known contact', () => {
    expect(component(computeHealth(signals({ touches: { touches: 3, engagedContacts: 0, activeContacts: 0 } }), M), 'breadth').detail).toBe('3 touches in the last 90 days but no active contact known');
  });
});

describe('initiation: mean of level (share / 30%, capped) and trend (share / earlier share, capped)', () => {
  it.each<[string, [number, number, number, number], number | null]>([
    ['steady at 33%', [12, 4, 12, 4], 1],
    ['steady at 15%', [20, 3, 20, 3], (0.5 + 1) / 2],
    ['halved from 40% to 20%', [10, 2, 10, 4], (2 / 3 + 0.5) / 2],
    ['stopped (0 of 10, had 4 of 10)', [10, 0, 10, 4], 0],
    ['rose from 10% to 50%', [10, 5, 10, 1], 1],
    ['no trend with fewer than 2 earlier client touches', [10, 1, 10, 1], 1 / 3],
    ['no trend without earlier touches', [10, 3, 0, 0], 1],
    ['absent without touches', [0, 0, 10, 5], null],
  ])('%s', (_label, [touches, clientTouches, touchesPrev, clientTouchesPrev], value) => {
    const v = valueOf(signals({ touches: { touches, clientTouches, touchesPrev, clientTouchesPrev } }), 'initiation');
    if (value === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(value, 12);
  });

  it('states both shares', () => {
    expect(component(computeHealth(signals({ touches: { touches: 10, clientTouches: 2, touchesPrev: 10, clientTouchesPrev: 4 } }), M), 'initiation').detail).toBe(
      'The client started 2 of 10 touches in the last 90 days (20%), against 40% in the 90 days before',
    );
  });
});

describe('sentiment: mean −1 … 1 mapped to 0 … 1', () => {
  it.each<[number, number | null, number | null]>([
    [3, -1, 0],
    [3, -0.2, 0.4],
    [3, 0, 0.5],
    [1, 1, 1],
    [0, null, null],
  ])('%d scored, mean %s → %s', (scored, mean, value) => {
    expect(valueOf(signals({ sentiment: { scored, mean } }), 'sentiment')).toBe(value);
  });
});

describe('renormalisation and exact contributions', () => {
  it('spreads the weight of missing components over the present ones', () => {
    const h = computeHealth(signals({ delivery: { due: 0, onTime: 0, late: 0, onTimeIds: [] }, sentiment: { scored: 0, mean: null, touchIds: [] } }), M);
    expect(h.missing).toEqual(['delivery', 'sentiment', 'survey']);
    expect(component(h, 'targets').effectiveWeight).toBeCloseTo(15 / 60, 12); // 95 − 30 delivery − 5 sentiment
    expect(h.components.filter((c) => c.present).reduce((s, c) => s + c.effectiveWeight, 0)).toBeCloseTo(1, 12);
    expect(h.note).toBe('No data for delivery on time, client sentiment, survey scores: weights renormalised over the 5 components with data.');
  });

  it('has no note when nothing weighted is missing', () => {
    const model = { ...M, weights: { ...M.weights, survey: 0 } };
    const h = computeHealth(signals(), model);
    expect(h.missing).toEqual(['survey']);
    expect(h.note).toBe('');
  });

  it('rounds by largest remainder: three equal thirds of 100 are 33.4 + 33.3 + 33.3', () => {
    const model = { ...M, weights: { delivery: 1, targets: 1, quality: 1, recency: 0, breadth: 0, initiation: 0, sentiment: 0, survey: 0 } };
    const h = computeHealth(signals(), model);
    expect(h.score).toBe(100);
    expect(h.components.filter((c) => c.contribution > 0).map((c) => c.contribution)).toEqual([33.4, 33.3, 33.3]);
  });

  it('a contribution is effectiveWeight × value × 100 within a tenth', () => {
    const h = computeHealth(signals({ delivery: { due: 3, onTime: 2, late: 1 }, targets: { evaluated: 3, met: 1 } }), M);
    for (const c of h.components) expect(Math.abs(c.contribution - c.effectiveWeight * (c.value ?? 0) * 100)).toBeLessThan(0.1 + 1e-9);
  });

  it('the contributions add up exactly to the score over 2,000 varied accounts and models', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const int = (n: number) => Math.floor(rand() * (n + 1));
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const due = int(9), evaluated = int(6), touches = int(30), touchesPrev = int(30), scored = int(5);
      const s = signals({
        cadenceDays: rand() < 0.2 ? null : 1 + int(60),
        touches: { lastTouchAt: rand() < 0.1 ? null : `${addDays(D, -int(120))}T08:00:00.000Z`, touches, clientTouches: int(touches), touchesPrev, clientTouchesPrev: int(touchesPrev), engagedContacts: int(5), activeContacts: int(6) },
        delivery: { due, onTime: int(due) },
        targets: { evaluated, met: int(evaluated) },
        incidents: { count: int(3), severityTotal: int(9) },
        sentiment: { scored, mean: scored ? rand() * 2 - 1 : null },
      });
      const weights = Object.fromEntries(COMPONENT_KEYS.map((k) => [k, rand() < 0.15 ? 0 : Math.round(rand() * 1000) / 10])) as HealthModel['weights'];
      if (Object.values(weights).every((w) => w === 0)) weights.delivery = 1;
      const h = computeHealth(s, { ...M, weights });
      const fail = (what: string) => failures.push(`case ${i}: ${what} (${JSON.stringify({ score: h.score, parts: h.components.map((c) => c.contribution) })})`);
      if (h.score < 0 || h.score > 100) fail('score out of 0 … 100');
      if (Math.abs(h.score * 10 - Math.round(h.score * 10)) > 1e-9) fail('score not at one decimal');
      if (h.note.startsWith('No weighted')) continue;
      if (tenths(h).parts !== tenths(h).score) fail('contributions do not add up to the score');
      if (h.components.some((c) => c.contribution < 0 || Math.abs(c.contribution * 10 - Math.round(c.contribution * 10)) > 1e-9)) fail('a contribution is negative or not at one decimal');
      const raw = h.components.reduce((sum, c) => sum + c.effectiveWeight * (c.value ?? 0) * 100, 0);
      if (Math.abs(h.score - raw) > 0.05 + 1e-9) fail(`score ${h.score} is not the rounded ${raw}`);
    }
    expect(failures).toEqual([]);
  });
});
