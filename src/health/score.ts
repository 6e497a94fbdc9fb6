/**
 * The health score, pure: from an account's signals (summarize.ts or the SQL) and the model, a
 * 0–100 score, its band, and each component with its value, weight, points and the facts behind
 * it — every number on screen can be traced (PRODUCT.md M4). Table-tested in score.test.ts.
 *
 * Each component is a value from 0 (bad) to 1 (good), or absent when the account has no data for
 * it (no deliverable due, no target evaluated, no scored message, no survey). Absent components
 * drop out and the weights of the others are renormalised to sum to 1, so an account is not
 * punished (or flattered) for what is not recorded; the note says so. The score is
 * Σ effectiveWeight × value × 100, rounded to one decimal, and each component's points are
 * rounded by largest remainder so that the points on screen add up exactly to the score.
 */
import { MIN_EARLIER_CLIENT_TOUCHES } from '../touchpoints/cadence.js';
import type { AccountSignals, FactRef } from './facts.js';
import { COMPONENT_KEYS, type ComponentKey, type HealthModel } from './model.js';
import { dayNumber } from './summarize.js';

export type Band = 'healthy' | 'watch' | 'at_risk';

export interface HealthComponent {
  key: ComponentKey;
  label: string;
  /** 0 … 1, null when absent. */
  value: number | null;
  /** As configured in the model. */
  weight: number;
  /** After renormalisation over the present components (sums to 1 over them); 0 when absent. */
  effectiveWeight: number;
  /** Points of the score, effectiveWeight × value × 100, at one decimal; they add up to the score. */
  contribution: number;
  present: boolean;
  /** A sentence with the numbers, e.g. '3 of 4 deliverables due in the last 90 days on time'. */
  detail: string;
  facts: FactRef[];
}

export interface HealthResult {
  /** 0 … 100, one decimal. */
  score: number;
  band: Band;
  components: HealthComponent[];
  /** Keys of the components without data. */
  missing: ComponentKey[];
  /**
   * Whether any weighted component has data. Without (a new account with no facts yet) the score
   * is the neutral one, which the screens show as "not enough data yet", not as a verdict
   * (decision 0024); the model, the backtest and the sort still read the neutral number.
   */
  hasData: boolean;
  /** Why the weights differ from the configured ones, or why the score is neutral; '' when neither. */
  note: string;
}

export const COMPONENT_LABELS: Record<ComponentKey, string> = {
  delivery: 'Delivery on time',
  targets: 'Targets met',
  quality: 'Quality incidents',
  recency: 'Contact recency',
  breadth: 'Contacts engaged',
  initiation: 'Client-initiated contact',
  sentiment: 'Client sentiment',
  survey: 'Survey scores',
};

export function bandOf(score: number, model: HealthModel): Band {
  if (score >= model.bands.healthy) return 'healthy';
  if (score >= model.bands.watch) return 'watch';
  return 'at_risk';
}

/**
 * The score given when no component has data (a new account with no facts): midway between the
 * watch and healthy thresholds (57.5 by default), so its band is always watch — not at risk for
 * lack of facts, not healthy on no evidence.
 */
export function neutralScore(model: HealthModel): number {
  return (model.bands.healthy + model.bands.watch) / 2;
}

/** Whole days since the last touch, or since the account started when it was never touched (never negative). */
export function quietDays(signals: AccountSignals): number {
  return Math.max(0, dayNumber(signals.asOf) - dayNumber(signals.touches.lastTouchAt ?? signals.since));
}

/** The share of touches the client started in the touch window and in the window before (null without touches). */
export function clientShares(signals: AccountSignals): { now: number | null; before: number | null } {
  const t = signals.touches;
  return { now: t.touches > 0 ? t.clientTouches / t.touches : null, before: t.touchesPrev > 0 ? t.clientTouchesPrev / t.touchesPrev : null };
}

const pct = (share: number): string => `${Math.round(share * 100)}%`;

/** Whole days before the day scored, in words: 'today', 'yesterday', '5 days ago'. */
const daysAgo = (days: number): string => (days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const signed = (n: number): string => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(2)}`;
const refs = (kind: FactRef['kind'], ids: Array<string | null>): FactRef[] => ids.filter((id): id is string => id !== null).map((id) => ({ kind, id }));

interface Measured {
  value: number | null;
  detail: string;
  facts: FactRef[];
}

/** Each component's value, sentence and facts; the formulas are documented where they are computed. */
function measure(key: ComponentKey, s: AccountSignals, model: HealthModel): Measured {
  const w = model.windows;
  const c = model.components;
  switch (key) {
    case 'delivery': {
      // The on-time share of what fell due in the window.
      const d = s.delivery;
      const facts = refs('deliverable', [...d.lateIds, ...d.onTimeIds]);
      if (d.due === 0) return { value: null, detail: `No deliverable due in the last ${w.deliveryDays} days`, facts };
      const late = d.late > 0 ? `; ${d.late} late or overdue` : '';
      return { value: d.onTime / d.due, detail: `${d.onTime} of ${plural(d.due, 'deliverable')} due in the last ${w.deliveryDays} days on time${late}`, facts };
    }
    case 'targets': {
      // The met share of the evaluated targets (each metric's last two periods).
      const t = s.targets;
      const facts = refs('target', [...t.missedIds, ...t.metIds]);
      if (t.evaluated === 0) return { value: null, detail: 'No target period has ended with an actual yet', facts };
      return { value: t.met / t.evaluated, detail: `${t.met} of ${plural(t.evaluated, 'target')} met (the last two periods of each metric)`, facts };
    }
    case 'quality': {
      // 1 − severity total / cap, floored at 0. "No incident" only means something where there was
      // work to judge, so it is absent when nothing was due, evaluated or reported.
      const i = s.incidents;
      const facts = refs('incident', i.ids);
      if (i.count === 0 && s.delivery.due === 0 && s.targets.evaluated === 0) {
        return { value: null, detail: `No delivery, target or incident in the last ${w.incidentDays} days to judge quality by`, facts };
      }
      if (i.count === 0) return { value: 1, detail: `No quality incident in the last ${w.incidentDays} days`, facts };
      return {
        value: Math.max(0, 1 - i.severityTotal / c.qualityCap),
        detail: `${plural(i.count, 'incident')} in the last ${w.incidentDays} days, severity ${i.severityTotal} (quality is 0 at ${c.qualityCap})`,
        facts,
      };
    }
    case 'recency': {
      // 1 while the days since the last touch are within the cadence, then falling linearly to 0 at
      // `recencyZeroAt` cadences (3 by default: two cadences overdue). Without a cadence target the
      // model's default cadence applies. Never touched: counted from the account's start, and absent
      // while that is still within one cadence (a new account has had no chance to be touched).
      const quiet = quietDays(s);
      const cadence = s.cadenceDays ?? c.defaultCadenceDays;
      const target = s.cadenceDays === null ? `no cadence set, judged against every ${cadence} days` : `the cadence is every ${cadence} days`;
      const facts = refs('touchpoint', [s.touches.lastTouchId]);
      if (s.touches.lastTouchAt === null && quiet <= cadence) {
        return { value: null, detail: `Not touched yet; the account started ${daysAgo(quiet)} (${target})`, facts };
      }
      const overdue = Math.max(0, quiet - cadence);
      const value = Math.max(0, 1 - overdue / ((c.recencyZeroAt - 1) * cadence));
      const since = s.touches.lastTouchAt === null ? `Never touched since ${s.since} (${plural(quiet, 'day')})` : `Last touch ${daysAgo(quiet)}`;
      return { value, detail: `${since}; ${target}${overdue > 0 ? ` (${plural(overdue, 'day')} overdue)` : ''}`, facts };
    }
    case 'breadth': {
      // Engaged contacts over min(active contacts, breadthTarget), capped at 1: an account with two
      // known contacts has full marks when both are engaged. Absent without a touch in the window
      // (recency already counts the silence); 0 when touches involve no known active contact.
      const t = s.touches;
      const facts = refs('touchpoint', t.recentTouchIds);
      if (t.touches === 0) return { value: null, detail: `No touch in the last ${w.touchDays} days`, facts };
      const wanted = Math.min(t.activeContacts, c.breadthTarget);
      const value = wanted === 0 ? 0 : Math.min(1, t.engagedContacts / wanted);
      const detail =
        t.activeContacts === 0
          ? `${plural(t.touches, 'touch', 'touches')} in the last ${w.touchDays} days but no active contact known`
          : `${t.engagedContacts} of ${plural(t.activeContacts, 'active contact')} engaged in the last ${w.touchDays} days (full marks at ${wanted})`;
      return { value, detail, facts };
    }
    case 'initiation': {
      // Level and trend, averaged. Level: the client-initiated share over `initiationTargetShare`,
      // capped at 1. Trend: the share now over the share in the window before, capped at 1 (held or
      // rose: 1; halved: 0.5; stopped: 0) — only when the client started at least two touches then
      // (the attention board's rule); otherwise the value is the level alone.
      const t = s.touches;
      const facts = refs('touchpoint', t.recentTouchIds);
      if (t.touches === 0) return { value: null, detail: `No touch in the last ${w.touchDays} days`, facts };
      const { now, before } = clientShares(s);
      const share = now ?? 0;
      const level = Math.min(1, share / c.initiationTargetShare);
      const base = `The client started ${t.clientTouches} of ${plural(t.touches, 'touch', 'touches')} in the last ${w.touchDays} days (${pct(share)})`;
      if (before === null || before === 0 || t.clientTouchesPrev < MIN_EARLIER_CLIENT_TOUCHES) return { value: level, detail: base, facts };
      const trend = Math.min(1, share / before);
      return { value: (level + trend) / 2, detail: `${base}, against ${pct(before)} in the ${w.touchDays} days before`, facts };
    }
    case 'sentiment': {
      // The mean lexicon sentiment (−1 … 1) of client-initiated touches, mapped to 0 … 1.
      const m = s.sentiment;
      const facts = refs('touchpoint', m.touchIds);
      if (m.scored === 0 || m.mean === null) return { value: null, detail: `No client message with a sentiment in the last ${w.touchDays} days`, facts };
      return { value: (m.mean + 1) / 2, detail: `Mean sentiment ${signed(m.mean)} over ${plural(m.scored, 'client-started touch', 'client-started touches')} in the last ${w.touchDays} days`, facts };
    }
    case 'survey':
      return { value: null, detail: 'No survey answers yet', facts: [] };
  }
}

/**
 * Splits `total` tenths among parts in proportion to `raw` tenths: each gets its floor, and the
 * tenths left go to the largest remainders (ties to the earlier part), so the parts add up exactly.
 */
function largestRemainder(raw: number[], total: number): number[] {
  const floors = raw.map((r) => Math.floor(r));
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, rest: r - Math.floor(r) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** The score, band and components of one account's signals under a model (the caller adds the model version). */
export function computeHealth(signals: AccountSignals, model: HealthModel): HealthResult {
  const measured = COMPONENT_KEYS.map((key) => ({ key, weight: model.weights[key], ...measure(key, signals, model) }));
  const presentWeight = measured.reduce((sum, m) => sum + (m.value === null ? 0 : m.weight), 0);
  const missing = measured.filter((m) => m.value === null).map((m) => m.key);

  if (presentWeight === 0) {
    const score = neutralScore(model);
    return {
      score,
      band: bandOf(score, model),
      components: measured.map((m) => ({ key: m.key, label: COMPONENT_LABELS[m.key], value: m.value, weight: m.weight, effectiveWeight: 0, contribution: 0, present: m.value !== null, detail: m.detail, facts: m.facts })),
      missing,
      hasData: false,
      note: `No weighted component has data yet: the score is the neutral ${score} (between the watch and healthy thresholds) until facts arrive.`,
    };
  }

  // Tenths of a point, cleaned of float noise (0.7 × 0.3 × 1000 is 209.99999999999997) before rounding.
  const tenths = measured.map((m) => (m.value === null ? 0 : Math.round(((m.weight / presentWeight) * m.value * 1000) * 1e6) / 1e6));
  const total = Math.round(tenths.reduce((a, b) => a + b, 0));
  const points = largestRemainder(tenths, total);
  const score = total / 10;

  const dropped = missing.filter((key) => model.weights[key] > 0);
  const presentCount = measured.length - missing.length;
  const note =
    dropped.length > 0
      ? `No data for ${dropped.map((k) => COMPONENT_LABELS[k].toLowerCase()).join(', ')}: weights renormalised over the ${plural(presentCount, 'component')} with data.`
      : '';
  return {
    score,
    band: bandOf(score, model),
    components: measured.map((m, i) => ({
      key: m.key,
      label: COMPONENT_LABELS[m.key],
      value: m.value,
      weight: m.weight,
      effectiveWeight: m.value === null ? 0 : m.weight / presentWeight,
      contribution: (points[i] ?? 0) / 10,
      present: m.value !== null,
      detail: m.detail,
      facts: m.facts,
    })),
    missing,
    hasData: true,
    note,
  };
}
