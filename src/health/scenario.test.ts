/**
 * A year in the life of a small portfolio, replayed day by day through the whole pure pipeline —
 * summarizeFacts → computeHealth → evaluateAlerts, with each day's score joining the history the
 * next day's score_drop reads — to check which alerts fire, and roughly when, on accounts built to
 * show one pattern each: a healthy one, one whose delivery slips, a cosy one (seed 001: warm,
 * frequent contact over slipping delivery), one whose champion leaves, and one that is lost.
 * The facts come from a deterministic generator (a seeded PRNG for times of day only).
 */
import { describe, expect, it } from 'vitest';
import { backtestMetrics } from '../postmortems/backtest.js';
import { evaluateAlerts, type AlertKind } from './alert-rules.js';
import type { AccountFacts } from './facts.js';
import { DEFAULT_MODEL } from './model.js';
import { computeHealth, type Band } from './score.js';
import { dayNumber, dayString, prepareFacts, summarizePrepared } from './summarize.js';

const M = DEFAULT_MODEL;
/** Day 0 is 2025-01-01; facts start half a year earlier so every window is full from day 0. */
const DAY0 = dayNumber('2025-01-01');
const FIRST_FACT = -184;
const LAST_DAY = 364;
const date = (n: number) => dayString(DAY0 + n);
const n = (d: string) => dayNumber(d) - DAY0;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Delivery = { kind: 'on_time' } | { kind: 'late'; days: number } | { kind: 'missing' };

/** How one account behaves, day by day. */
interface Spec {
  id: string;
  seed: number;
  /** Days between touches from day n; null: no more touches. */
  touchEvery: (n: number) => number | null;
  /** Every k-th touch is client-initiated (the rest the agency's). */
  clientEvery: (n: number) => number;
  /** Sentiment of a client-initiated touch on day n (null: no word scored). */
  sentiment: (n: number, k: number) => number | null;
  /** Deliverables are due every 14 days (days ≡ 0 mod 14); what becomes of the one due on day n. */
  delivery: (n: number) => Delivery;
  /** Monthly targets (30-day periods ending on days ≡ 29 mod 30): met or not. */
  targetMet: (n: number) => boolean;
  incidents?: Array<[day: number, severity: 1 | 2 | 3]>;
  championLeavesOn?: number;
  lostOn?: number;
}

const CONTACTS = ['dm', 'champion', 'user-1', 'user-2'] as const;

function buildFacts(spec: Spec): AccountFacts {
  const rand = rng(spec.seed);
  const at = (day: number, hourFrom = 8, hourTo = 18) => new Date((DAY0 + day) * 86_400_000 + (hourFrom + rand() * (hourTo - hourFrom)) * 3_600_000).toISOString();
  const end = spec.lostOn ?? LAST_DAY;
  const id = (kind: string, day: number) => `${spec.id}:${kind}:${date(day)}`;

  const isActive = (contact: string, day: number) => !(contact === 'champion' && spec.championLeavesOn !== undefined && day >= spec.championLeavesOn);
  const touchpoints: AccountFacts['touchpoints'] = [];
  for (let day = FIRST_FACT, k = 0; day <= end; k++) {
    const every = spec.touchEvery(day);
    if (every === null) break;
    const isClient = k % spec.clientEvery(day) === 0;
    const present = CONTACTS.filter((c) => isActive(c, day));
    touchpoints.push({
      id: id('touch', day),
      occurredAt: at(day),
      direction: isClient ? 'client_initiated' : 'agency_initiated',
      contactIds: [present[k % present.length] as string],
      sentiment: isClient ? spec.sentiment(day, k) : null,
    });
    day += every;
  }

  const deliverables: AccountFacts['deliverables'] = [];
  for (let day = FIRST_FACT + 2; day <= end; day += 14) {
    const outcome = spec.delivery(day);
    const deliveredAt = outcome.kind === 'on_time' ? at(day - 1) : outcome.kind === 'late' ? at(day + outcome.days) : null;
    deliverables.push({ id: id('deliverable', day), projectId: 'retainer', title: 'Fortnightly report', dueAt: `${date(day)}T17:00:00.000Z`, deliveredAt, approvedAt: null, status: deliveredAt ? 'delivered' : 'in_progress' });
  }

  const targets: AccountFacts['targets'] = [];
  for (let endDay = FIRST_FACT + 29; endDay <= end; endDay += 30) {
    targets.push({ id: id('target', endDay), metric: 'qualified leads', periodStart: date(endDay - 29), periodEnd: date(endDay), goal: 100, actual: spec.targetMet(endDay) ? 112 : 81, higherIsBetter: true });
  }

  return {
    account: { id: spec.id, cadenceDays: 14, since: date(-400) },
    contacts: CONTACTS.map((c) => ({
      id: `${spec.id}:${c}`,
      role: c === 'dm' ? 'decision_maker' : c === 'champion' ? 'champion' : 'user',
      status: c === 'champion' && spec.championLeavesOn !== undefined && spec.championLeavesOn <= end ? 'left' : 'active',
      leftOn: c === 'champion' && spec.championLeavesOn !== undefined && spec.championLeavesOn <= end ? date(spec.championLeavesOn) : null,
      knownFrom: date(-400),
    })),
    touchpoints: touchpoints.map((t) => ({ ...t, contactIds: t.contactIds.map((c) => `${spec.id}:${c}`) })),
    deliverables,
    targets,
    incidents: (spec.incidents ?? []).map(([day, severity]) => ({ id: id('incident', day), kind: 'report_error', severity, occurredAt: at(day) })),
  };
}

const always = <T,>(v: T) => () => v;
const onTime: Delivery = { kind: 'on_time' };
const SLIP_FROM = n('2025-06-01');
const COSY_SLIP_FROM = n('2025-05-01');
const CHAMPION_LEAVES = n('2025-06-15');
const LOST_ON = n('2025-09-30');
const DECLINE_FROM = n('2025-04-01');

const SPECS: Spec[] = [
  {
    // Weekly contact, a third started by the client, plain words; everything on time and met.
    id: 'healthy', seed: 1,
    touchEvery: always(7), clientEvery: always(3), sentiment: (_d, k) => (k % 2 === 0 ? 0.1 : null),
    delivery: always(onTime), targetMet: always(true),
  },
  {
    // Contact every 10 days, cool; from June every deliverable is five days late.
    id: 'slipping', seed: 2,
    touchEvery: always(10), clientEvery: always(4), sentiment: always(null),
    delivery: (d) => (d >= SLIP_FROM ? { kind: 'late', days: 5 } : onTime), targetMet: always(true),
  },
  {
    // Seed 001: a call or a lunch every three days, the client starting half of them in warm words —
    // and from May the work is late and the targets are missed.
    id: 'cosy', seed: 3,
    touchEvery: always(3), clientEvery: always(2), sentiment: (_d, k) => 0.45 + (k % 5) * 0.02,
    delivery: (d) => (d >= COSY_SLIP_FROM ? { kind: 'late', days: 3 } : onTime), targetMet: (d) => d < COSY_SLIP_FROM,
  },
  {
    // Healthy, until the champion leaves in mid-June.
    id: 'champion', seed: 4,
    touchEvery: always(7), clientEvery: always(3), sentiment: always(0.05),
    delivery: always(onTime), targetMet: always(true), championLeavesOn: CHAMPION_LEAVES,
  },
  {
    // From April: contact thins out and stops in July, the client stops writing, work is late or
    // missing, targets are missed, two report errors; lost at the end of September.
    id: 'lost', seed: 5,
    touchEvery: (d) => (d < DECLINE_FROM ? 7 : d < n('2025-07-01') ? 20 : null),
    clientEvery: (d) => (d < DECLINE_FROM ? 3 : 1000),
    sentiment: always(0),
    delivery: (d) => (d < DECLINE_FROM ? onTime : d % 28 === 0 ? { kind: 'missing' } : { kind: 'late', days: 8 }),
    targetMet: (d) => d < DECLINE_FROM,
    incidents: [[n('2025-06-10'), 2], [n('2025-07-20'), 3]],
    lostOn: LOST_ON,
  },
];

interface Replay {
  daily: Array<{ asOf: string; score: number; band: Band; kinds: AlertKind[] }>;
  /** Per alert kind, the spans it held: raised on `from`, resolved on `to` (the first day it no longer held; null: still open). */
  spans: Map<AlertKind, Array<{ from: string; to: string | null }>>;
}

/** Each day from day 0 to the last (or the loss): signals, score, alerts, and the alert lifecycle the caller would run. */
function replay(spec: Spec): Replay {
  const prepared = prepareFacts(buildFacts(spec));
  const daily: Replay['daily'] = [];
  const spans: Replay['spans'] = new Map();
  const open = new Map<AlertKind, { from: string; to: string | null }>();
  for (let d = 0; d <= (spec.lostOn ?? LAST_DAY); d++) {
    const asOf = date(d);
    const signals = summarizePrepared(prepared, asOf, M);
    const health = computeHealth(signals, M);
    const history = daily.slice(-M.alerts.scoreDrop.days);
    const findings = evaluateAlerts({ signals, health, history, model: M });
    const kinds = findings.map((f) => f.kind);
    for (const { kind, holdOnly } of findings) {
      if (open.has(kind) || holdOnly) continue;
      const span = { from: asOf, to: null };
      open.set(kind, span);
      spans.set(kind, [...(spans.get(kind) ?? []), span]);
    }
    for (const [kind, span] of open) {
      if (kinds.includes(kind)) continue;
      span.to = asOf;
      open.delete(kind);
    }
    daily.push({ asOf, score: health.score, band: health.band, kinds });
  }
  return { daily, spans };
}

const replays = new Map(SPECS.map((s) => [s.id, replay(s)]));
const get = (id: string) => replays.get(id) as Replay;
const firstRaised = (id: string, kind: AlertKind) => get(id).spans.get(kind)?.[0]?.from ?? null;
const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);
const bandsOf = (id: string) => new Set(get(id).daily.map((d) => d.band));

describe('a year of a small portfolio, replayed day by day', () => {
  it('the healthy account raises no alert all year and stays healthy', () => {
    expect([...get('healthy').spans.keys()]).toEqual([]);
    expect(bandsOf('healthy')).toEqual(new Set(['healthy']));
  });

  it('delivery_slipping starts within a week after the second late deliverable, and is not too cosy', () => {
    const facts = buildFacts(SPECS[1] as Spec);
    const late = facts.deliverables.filter((d) => d.deliveredAt === null || d.deliveredAt > d.dueAt).map((d) => d.dueAt.slice(0, 10)).sort();
    const secondLateDue = late[1] as string;
    const raised = firstRaised('slipping', 'delivery_slipping');
    expect(raised).not.toBeNull();
    expect(daysBetween(secondLateDue, raised as string)).toBeGreaterThanOrEqual(0);
    expect(daysBetween(secondLateDue, raised as string)).toBeLessThanOrEqual(7);
    // Never before the slip, and still holding at the end of the year.
    expect(dayNumber(raised as string)).toBeGreaterThanOrEqual(DAY0 + SLIP_FROM);
    expect(get('slipping').spans.get('delivery_slipping')?.at(-1)?.to).toBeNull();
    expect(get('slipping').spans.has('too_cosy')).toBe(false);
  });

  it('a quarter of late work alone takes the slipping account out of healthy, but not to at risk', () => {
    const slipping = get('slipping').daily;
    const firstWatch = slipping.find((d) => d.band === 'watch')?.asOf ?? null;
    expect(firstWatch).not.toBeNull();
    expect(daysBetween(date(SLIP_FROM), firstWatch as string)).toBeLessThanOrEqual(100);
    expect(slipping.filter((d) => dayNumber(d.asOf) < DAY0 + SLIP_FROM).every((d) => d.band === 'healthy')).toBe(true);
    expect(bandsOf('slipping').has('at_risk')).toBe(false);
  });

  it('too_cosy fires on the cosy account once its delivery slips, never while delivery was good', () => {
    const raised = firstRaised('cosy', 'too_cosy');
    expect(raised).not.toBeNull();
    expect(dayNumber(raised as string)).toBeGreaterThanOrEqual(DAY0 + COSY_SLIP_FROM);
    expect(daysBetween(date(COSY_SLIP_FROM), raised as string)).toBeLessThanOrEqual(45);
    // Before May: warm and frequent, but no alert of any kind (a warm relationship is not a problem by itself).
    const beforeSlip = get('cosy').daily.filter((d) => dayNumber(d.asOf) < DAY0 + COSY_SLIP_FROM);
    expect(beforeSlip.flatMap((d) => d.kinds)).toEqual([]);
    // Once raised it holds while the delivery and targets stay poor.
    expect(get('cosy').spans.get('too_cosy')).toEqual([{ from: raised, to: null }]);
    expect(firstRaised('cosy', 'delivery_slipping')).not.toBeNull();
    expect(firstRaised('cosy', 'targets_missed')).not.toBeNull();
  });

  it('too_cosy never fires on the healthy, slipping, champion or lost accounts', () => {
    for (const id of ['healthy', 'slipping', 'champion', 'lost']) expect(get(id).spans.has('too_cosy'), id).toBe(false);
  });

  it('score_drop on the cosy account is one alert while its score hovers at 15 points below its peak (the hold band)', () => {
    // Without the hold band it resolved on 2025-06-24 and opened again the next day.
    const spans = get('cosy').spans.get('score_drop') ?? [];
    expect(spans).toHaveLength(1);
    const days = get('cosy').daily.filter((d) => spans[0] && d.asOf >= spans[0].from && (spans[0].to === null || d.asOf < spans[0].to));
    // Every day of the span the rule held, or held the alert open.
    expect(days.every((d) => d.kinds.includes('score_drop'))).toBe(true);
  });

  it('champion_left is raised on the day the champion leaves and resolved when it leaves the 90-day window', () => {
    expect(get('champion').spans.get('champion_left')).toEqual([{ from: date(CHAMPION_LEAVES), to: date(CHAMPION_LEAVES + 90) }]);
    // Nothing else: a decision maker and two users are still engaged.
    expect([...get('champion').spans.keys()]).toEqual(['champion_left']);
  });

  it('the lost account goes quiet, stops initiating, slips and is at risk well before the loss', () => {
    const lost = get('lost');
    for (const kind of ['going_quiet', 'client_stopped_initiating', 'delivery_slipping', 'targets_missed', 'quality_incidents', 'score_drop'] as const) {
      const raised = firstRaised('lost', kind);
      expect(raised, kind).not.toBeNull();
      expect(dayNumber(raised as string), kind).toBeGreaterThanOrEqual(DAY0 + DECLINE_FROM);
      expect(dayNumber(raised as string), kind).toBeLessThan(DAY0 + LOST_ON);
    }
    // Going quiet only once contact has stopped for more than the 14-day cadence.
    expect(daysBetween('2025-07-01', firstRaised('lost', 'going_quiet') as string)).toBeLessThanOrEqual(30);
    const firstAtRisk = lost.daily.find((d) => d.band === 'at_risk')?.asOf ?? null;
    expect(firstAtRisk).not.toBeNull();
    expect(daysBetween(firstAtRisk as string, date(LOST_ON))).toBeGreaterThanOrEqual(30);
    expect(lost.daily.at(-1)?.band).toBe('at_risk');
  });

  it('the backtest over the portfolio: the loss was flagged ahead, and no retained account was at risk', () => {
    const metrics = backtestMetrics(SPECS.map((s) => ({ accountId: s.id, lostOn: s.lostOn === undefined ? null : date(s.lostOn), daily: get(s.id).daily })));
    expect(metrics.recall).toBe(1);
    expect(metrics.lost).toHaveLength(1);
    expect(metrics.lost[0]?.leadDays as number).toBeGreaterThanOrEqual(30);
    for (const id of ['healthy', 'champion']) expect(bandsOf(id).has('at_risk'), id).toBe(false);
  });
});

