/**
 * The early-warning rules, pure: for one account as of one day, which alert kinds hold now and why,
 * each reason linked to the facts behind it. The caller raises an alert when a kind starts to hold
 * and resolves it (automatically) when it stops, so a rule answers only "does it hold now" — or,
 * for score_drop, "only enough to keep an open alert open" (`holdOnly`).
 * Table-tested in alert-rules.test.ts, and replayed over a year in scenario.test.ts.
 *
 * going_quiet, client_stopped_initiating and single_threaded are the attention board's rules
 * (touchpoints/cadence.ts, decision 0006) over the same windows, so the board and the alerts agree.
 * The others read the thresholds in model.alerts (model.ts).
 */
import { MIN_EARLIER_CLIENT_TOUCHES } from '../touchpoints/cadence.js';
import type { AccountSignals, FactRef } from './facts.js';
import type { HealthModel } from './model.js';
import { clientShares, quietDays, type HealthComponent, type HealthResult } from './score.js';
import { addDays, dayNumber } from './summarize.js';

export const ALERT_KINDS = [
  'going_quiet',
  'client_stopped_initiating',
  'delivery_slipping',
  'targets_missed',
  'quality_incidents',
  'single_threaded',
  'champion_left',
  'score_drop',
  'too_cosy',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertReason {
  message: string;
  facts: FactRef[];
}

export interface AlertFinding {
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  reasons: AlertReason[];
  /**
   * The rule is in its hold band: it keeps an alert of its kind open but does not open one (so an
   * alert does not flicker while a number hovers at its threshold). Absent: the rule holds.
   */
  holdOnly?: true;
}

/** Severity order: a resolved-by-hand alert opens again while its rule holds only when it gets worse (alerts-repo.ts). */
export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * score_drop's hold band as a share of its threshold: the alert opens at a drop of `points` (15)
 * and stays open down to two thirds of it (10), so a score hovering at the threshold raises one
 * alert, not one a day (decision 0012).
 */
export const SCORE_DROP_HOLD_SHARE = 2 / 3;

export interface AlertInput {
  signals: AccountSignals;
  health: HealthResult;
  /** Earlier scores of the account, one or more a day, in any order. */
  history: Array<{ asOf: string; score: number }>;
  model: HealthModel;
}

const pct = (share: number): string => `${Math.round(share * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const touchRefs = (ids: Array<string | null>): FactRef[] => ids.filter((id): id is string => id !== null).map((id) => ({ kind: 'touchpoint', id }));
const refs = (kind: FactRef['kind'], ids: string[]): FactRef[] => ids.map((id) => ({ kind, id }));
const componentReason = (c: HealthComponent): AlertReason => ({ message: `${c.label}: ${c.detail}`, facts: c.facts });

/**
 * Longer without a touch than the cadence target (never touched: since the start). No target, no
 * rule. The message names dates, not a count of days, so it stays the same from day to day (an
 * alert is rewritten only when what it says changes); the attention board counts the days live.
 */
function goingQuiet({ signals: s, model }: AlertInput): AlertFinding | null {
  if (s.cadenceDays === null) return null;
  const quiet = quietDays(s);
  if (quiet - s.cadenceDays <= 0) return null;
  const never = s.touches.lastTouchAt === null;
  const lastDay = s.touches.lastTouchAt?.slice(0, 10) ?? s.since;
  const what = never ? `Never touched since ${s.since}` : `No touch since ${lastDay}`;
  return {
    kind: 'going_quiet',
    // As quiet as the recency component counts (0 points): critical.
    severity: quiet >= model.components.recencyZeroAt * s.cadenceDays ? 'critical' : 'warning',
    message: `${what}; the cadence is every ${s.cadenceDays} days (a touch was due by ${addDays(lastDay, s.cadenceDays)})`,
    reasons: [
      never
        ? { message: `No touch since the account started on ${s.since}`, facts: [] }
        : { message: `The last touch was on ${s.touches.lastTouchAt?.slice(0, 10)}`, facts: touchRefs([s.touches.lastTouchId]) },
    ],
  };
}

/** The client's share of touches is half or less of the window before's, when it started at least two then. */
function clientStoppedInitiating({ signals: s, model }: AlertInput): AlertFinding | null {
  const { now, before } = clientShares(s);
  if (before === null || s.touches.clientTouchesPrev < MIN_EARLIER_CLIENT_TOUCHES) return null;
  const share = now ?? 0;
  if (share > before / 2) return null;
  const days = model.windows.touchDays;
  const reasons: AlertReason[] = [];
  if (s.touches.lastClientTouchAt !== null) {
    reasons.push({ message: `The client last started a touch on ${s.touches.lastClientTouchAt.slice(0, 10)}`, facts: touchRefs([s.touches.lastClientTouchId]) });
  }
  if (s.touches.touches > 0) reasons.push({ message: `Touches in the last ${days} days`, facts: touchRefs(s.touches.recentTouchIds) });
  return {
    kind: 'client_stopped_initiating',
    severity: 'warning',
    message: `The client started ${pct(before)} of touches in the ${days} days before, ${pct(share)} in the last ${days} (${s.touches.clientTouches} of ${s.touches.touches})`,
    reasons,
  };
}

/** The on-time share is below the threshold with enough due, or enough are late whatever the share. */
function deliverySlipping({ signals: s, model }: AlertInput): AlertFinding | null {
  const rule = model.alerts.deliverySlipping;
  const d = s.delivery;
  const share = d.due > 0 ? d.onTime / d.due : 1;
  const isShareLow = d.due >= rule.minDue && share < rule.onTimeBelow;
  if (!isShareLow && d.late < rule.minLate) return null;
  return {
    kind: 'delivery_slipping',
    // Fewer than half on time: critical.
    severity: d.due >= rule.minDue && share < 0.5 ? 'critical' : 'warning',
    message: `${d.onTime} of ${plural(d.due, 'deliverable')} due in the last ${model.windows.deliveryDays} days on time (${pct(share)}); ${d.late} late or overdue`,
    reasons: [{ message: `${plural(d.late, 'deliverable')} late or overdue`, facts: refs('deliverable', d.lateIds) }],
  };
}

/** At least `minMissed` of the evaluated targets (each metric's last two periods) missed. */
function targetsMissed({ signals: s, model }: AlertInput): AlertFinding | null {
  const t = s.targets;
  const missed = t.evaluated - t.met;
  if (missed < model.alerts.targetsMissed.minMissed) return null;
  return {
    kind: 'targets_missed',
    // Every target missed (two or more): critical.
    severity: t.met === 0 && t.evaluated >= 2 ? 'critical' : 'warning',
    message: `${missed} of ${plural(t.evaluated, 'target')} missed (the last two periods of each metric)`,
    reasons: [{ message: `${plural(missed, 'target')} missed`, facts: refs('target', t.missedIds) }],
  };
}

/** The incident severity total in the window reaches the threshold. */
function qualityIncidents({ signals: s, model }: AlertInput): AlertFinding | null {
  const i = s.incidents;
  if (i.severityTotal < model.alerts.qualityIncidents.minSeverityTotal) return null;
  return {
    kind: 'quality_incidents',
    // Enough to take the quality component to 0: critical.
    severity: i.severityTotal >= model.components.qualityCap ? 'critical' : 'warning',
    message: `${plural(i.count, 'quality incident')} in the last ${model.windows.incidentDays} days, severity ${i.severityTotal}`,
    reasons: [{ message: `${plural(i.count, 'incident')}`, facts: refs('incident', i.ids) }],
  };
}

/**
 * Exactly one engaged contact while more are known, or only one (or no) active contact known. No
 * engaged contact at all is not a thread too few but no contact: going_quiet says that.
 */
function singleThreaded({ signals: s, model }: AlertInput): AlertFinding | null {
  const t = s.touches;
  const days = model.windows.touchDays;
  if (t.activeContacts <= 1) {
    return {
      kind: 'single_threaded',
      // Nobody recorded at all is first a gap in the record (a contact who left raises champion_left too).
      severity: t.activeContacts === 0 ? 'info' : 'warning',
      message: t.activeContacts === 0 ? 'No active contact is known at this account' : 'Only one contact is known at this account',
      reasons: t.touches > 0 ? [{ message: `Touches in the last ${days} days`, facts: touchRefs(t.recentTouchIds) }] : [],
    };
  }
  if (t.engagedContacts !== 1) return null;
  return {
    kind: 'single_threaded',
    severity: 'warning',
    message: `Only 1 of ${t.activeContacts} contacts took part in a touch in the last ${days} days`,
    reasons: t.touches > 0 ? [{ message: `Touches in the last ${days} days`, facts: touchRefs(t.recentTouchIds) }] : [],
  };
}

/** A champion or decision maker left within the touch window. */
function championLeft({ signals: s, model }: AlertInput): AlertFinding | null {
  const left = s.contacts.keyLeftIds;
  if (left.length === 0) return null;
  const remaining = s.contacts.keyActive === 0 ? 'none remains' : `${s.contacts.keyActive} still there`;
  return {
    kind: 'champion_left',
    // Nobody with influence left at the account: critical.
    severity: s.contacts.keyActive === 0 ? 'critical' : 'warning',
    message: `${plural(left.length, 'champion or decision maker', 'champions or decision makers')} left in the last ${model.windows.touchDays} days; ${remaining}`,
    reasons: [{ message: 'Left the company', facts: refs('contact', left) }],
  };
}

/**
 * The highest score of the `days` days up to `asOf` (asOf − days + 1 … asOf; the day exactly `days`
 * ago is out), the latest of equal ones; null when none. What score_drop compares against — the
 * recompute's SQL (recompute.ts, loadPeaks) and the backfill pick their peak by the same window.
 */
export function peakWithin<T extends { asOf: string; score: number }>(history: readonly T[], asOf: string, days: number): T | null {
  const today = dayNumber(asOf);
  let peak: T | null = null;
  for (const h of history) {
    const day = dayNumber(h.asOf);
    if (day > today || day <= today - days) continue;
    if (peak === null || h.score > peak.score || (h.score === peak.score && h.asOf > peak.asOf)) peak = h;
  }
  return peak;
}

/**
 * The score is `points` or more below the highest score of the last `days` days of history; down
 * to SCORE_DROP_HOLD_SHARE of `points` it only holds an open alert open. A score without data (the
 * neutral one) fell from nothing: it is no score of the account's (decision 0024).
 */
function scoreDrop({ signals: s, health, history, model }: AlertInput): AlertFinding | null {
  if (!health.hasData) return null;
  const rule = model.alerts.scoreDrop;
  const peak = peakWithin(history, s.asOf, rule.days);
  if (peak === null) return null;
  const drop = Math.round((peak.score - health.score) * 10) / 10;
  if (drop < rule.points * SCORE_DROP_HOLD_SHARE) return null;
  // Where the points are lost now: the present components furthest below full marks.
  const weakest = health.components
    .filter((c) => c.present && c.value !== null && c.value < 1 && c.effectiveWeight > 0)
    .sort((a, b) => b.effectiveWeight * (1 - (b.value ?? 0)) - a.effectiveWeight * (1 - (a.value ?? 0)))
    .slice(0, 3);
  return {
    kind: 'score_drop',
    severity: drop >= 2 * rule.points ? 'critical' : 'warning',
    message: `The score fell ${drop} points to ${health.score}, from ${peak.score} on ${peak.asOf.slice(0, 10)} (the highest in the last ${rule.days} days)`,
    reasons: weakest.map(componentReason),
    ...(drop < rule.points ? { holdOnly: true as const } : {}),
  };
}

/** "a", "a and b", "a, b and c". */
const listOf = (parts: readonly string[]): string => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`);

/**
 * One poor area of too_cosy's message with its numbers, "delivery (3 of 9 on time)": the
 * components' labels ("Delivery on time", "Quality incidents") do not read as the subject of a
 * sentence, and one, two or three of them must.
 */
function slippingArea(key: HealthComponent['key'], s: AccountSignals, model: HealthModel): string {
  if (key === 'delivery') return `delivery (${s.delivery.onTime} of ${s.delivery.due} on time)`;
  if (key === 'targets') return `targets (${s.targets.met} of ${s.targets.evaluated} met)`;
  return `quality (${plural(s.incidents.count, 'incident')} in ${model.windows.incidentDays} days)`;
}

/**
 * Seed 001's complacency pattern: frequent, warm contact over poor delivery, targets or quality —
 * the relationship papering over the account. Frequent: `minTouches` in the cosy window. Warm: the
 * client starts a large share of the touches, or writes warmly (mean sentiment over enough messages).
 */
function tooCosy({ signals: s, health, model }: AlertInput): AlertFinding | null {
  const rule = model.alerts.tooCosy;
  const t = s.touches;
  if (t.touches30 < rule.minTouches) return null;
  const share = clientShares(s).now ?? 0;
  const isShareWarm = share >= rule.minClientShare;
  const isToneWarm = s.sentiment.scored >= rule.minScored && s.sentiment.mean !== null && s.sentiment.mean >= rule.minSentiment;
  if (!isShareWarm && !isToneWarm) return null;
  const poor = health.components.filter(
    (c) => (c.key === 'delivery' || c.key === 'targets' || c.key === 'quality') && c.present && c.value !== null && c.value < rule.poorBelow,
  );
  if (poor.length === 0) return null;
  const slipping = poor.map((c) => slippingArea(c.key, s, model));
  const warmth: string[] = [];
  if (isShareWarm) warmth.push(`the client started ${pct(share)} of touches`);
  if (isToneWarm && s.sentiment.mean !== null) warmth.push(`their messages average ${s.sentiment.mean >= 0 ? '+' : ''}${s.sentiment.mean.toFixed(2)} sentiment`);
  const reasons: AlertReason[] = [
    { message: `${t.touches30} touches in the last ${model.windows.cosyDays} days`, facts: touchRefs(t.recentTouchIds) },
  ];
  if (isToneWarm) reasons.push({ message: `Warm messages: mean sentiment over ${plural(s.sentiment.scored, 'client message')}`, facts: touchRefs(s.sentiment.touchIds) });
  reasons.push(...poor.map(componentReason));
  return {
    kind: 'too_cosy',
    severity: 'warning',
    message: `Frequent, warm contact (${t.touches30} touches in ${model.windows.cosyDays} days; ${warmth.join(', ')}) while ${listOf(slipping)} ${slipping.length === 1 && poor[0]?.key !== 'targets' ? 'is' : 'are'} slipping`,
    reasons,
  };
}

const RULES: Array<(input: AlertInput) => AlertFinding | null> = [
  goingQuiet,
  clientStoppedInitiating,
  deliverySlipping,
  targetsMissed,
  qualityIncidents,
  singleThreaded,
  championLeft,
  scoreDrop,
  tooCosy,
];

/** Every alert kind that holds for the account now, in ALERT_KINDS order, with its reasons. */
export function evaluateAlerts(input: AlertInput): AlertFinding[] {
  return RULES.map((rule) => rule(input)).filter((f): f is AlertFinding => f !== null);
}
