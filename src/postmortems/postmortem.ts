/**
 * The post-mortem of a lost account, pure: from what the database holds about the 180 days before
 * the loss (repo.ts reads it), the signals a person should have seen — late deliverables, missed
 * targets, incidents, gaps in contact, the client's share of the touches falling, the health score
 * and its alerts and whether anyone responded — each with the numbers, and one timeline of them.
 * Table-tested in postmortem.test.ts.
 *
 * Days are calendar days in UTC. The window is the 180 days D-179 … D for a loss on day D (the
 * windows of facts.ts), and "as of the loss" means the end of D: a deliverable not delivered by
 * then was overdue at the loss, whatever happened to it afterwards.
 */
import { deliverableLateness, targetMet, type DeliverableStatus } from '../delivery/delivery.js';
import { addDays, dayNumber } from '../health/summarize.js';
import { MIN_EARLIER_CLIENT_TOUCHES } from '../touchpoints/cadence.js';
import type { LossReason } from './reasons.js';

/** How far back a post-mortem looks. */
export const POSTMORTEM_DAYS = 180;
/** The longest gap between touches that is not a gap, for an account without a cadence target. */
export const DEFAULT_GAP_DAYS = 30;
/** The client-initiated share is counted per bucket of this many days (six in the window). */
export const BUCKET_DAYS = 30;

const DAY_MS = 86_400_000;

export interface PostmortemWindow {
  /** First and last day (the loss day) of the window, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  /** The window as instants: [start, end), the end being midnight after the loss day. */
  startAt: string;
  endAt: string;
}

/** The 180 days ending on the loss day. */
export function postmortemWindow(lostOn: string): PostmortemWindow {
  const from = addDays(lostOn, -(POSTMORTEM_DAYS - 1));
  return { from, to: lostOn, startAt: `${from}T00:00:00.000Z`, endAt: `${addDays(lostOn, 1)}T00:00:00.000Z` };
}

export interface UserRef {
  userId: string;
  name: string;
}

/** What repo.ts reads for a post-mortem. Times are ISO 8601 instants, days 'YYYY-MM-DD'. */
export interface PostmortemFacts {
  account: { id: string; name: string; cadenceDays: number | null; since: string };
  loss: { lostOn: string; reasons: LossReason[]; notes: string; recordedBy: UserRef | null; recordedAt: string };
  /** Touchpoints in the window, oldest first. */
  touchpoints: Array<{ id: string; occurredAt: string; direction: 'agency_initiated' | 'client_initiated' }>;
  /** The last touchpoint before the window, where a gap running into the window starts. */
  touchBefore: { id: string; occurredAt: string } | null;
  /** Deliverables due in the window. */
  deliverables: Array<{ id: string; projectId: string; projectName: string; title: string; dueAt: string; deliveredAt: string | null; status: DeliverableStatus }>;
  /** Targets whose period ended in the window. */
  targets: Array<{ id: string; projectId: string | null; projectName: string | null; metric: string; periodStart: string; periodEnd: string; goal: number; actual: number | null; higherIsBetter: boolean }>;
  /** Incidents in the window. */
  incidents: Array<{ id: string; deliverableId: string | null; deliverableTitle: string | null; kind: string; severity: number; description: string; occurredAt: string }>;
  /** The health score of each day of the window that has one (the day's last snapshot), oldest first. */
  health: Array<{ asOf: string; score: number; band: 'healthy' | 'watch' | 'at_risk'; modelVersion: number }>;
  /** Alerts raised in the window, oldest first, in their state now. */
  alerts: Array<{
    id: string;
    kind: string;
    severity: 'info' | 'warning' | 'critical';
    message: string;
    state: 'open' | 'acknowledged' | 'snoozed' | 'resolved';
    raisedOn: string;
    raisedAt: string;
    acknowledgedAt: string | null;
    acknowledgedBy: UserRef | null;
    snoozedUntil: string | null;
    resolvedAt: string | null;
    resolvedBy: UserRef | null;
    resolution: 'auto' | 'manual' | null;
    note: string;
  }>;
}

export interface LateDeliverable {
  id: string;
  projectId: string;
  projectName: string;
  title: string;
  dueAt: string;
  /** Null when it was not delivered by the loss (a delivery after the loss is not counted). */
  deliveredAt: string | null;
  /** Whole days late as of the loss, a started day counting as a day. */
  daysLate: number;
  state: 'delivered_late' | 'overdue';
}

export interface MissedTarget {
  id: string;
  projectId: string | null;
  projectName: string | null;
  metric: string;
  periodStart: string;
  periodEnd: string;
  goal: number;
  actual: number;
  higherIsBetter: boolean;
}

export interface ContactGap {
  /** When the gap began: a touch, or the window's start (or the account's, if later) when there was none before. */
  from: string;
  /** When it ended: a touch, or the end of the loss day when none came. */
  to: string;
  days: number;
  fromTouchId: string | null;
  /** Null when no touch ended the gap before the loss. */
  toTouchId: string | null;
  /** The gap allowed: the account's cadence target, else 30 days. */
  allowedDays: number;
}

export interface InitiationBucket {
  from: string;
  to: string;
  touches: number;
  clientTouches: number;
  /** Client-initiated share, 0 … 1; null without touches. */
  clientShare: number | null;
}

/** How people responded to an alert: the strongest of what its record shows. */
export type AlertResponse = 'resolved_manually' | 'acknowledged' | 'snoozed' | 'none';

export interface PostmortemAlert {
  id: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  state: 'open' | 'acknowledged' | 'snoozed' | 'resolved';
  raisedOn: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: UserRef | null;
  snoozedUntil: string | null;
  resolvedAt: string | null;
  resolvedBy: UserRef | null;
  resolution: 'auto' | 'manual' | null;
  note: string;
  response: AlertResponse;
  /** Someone acknowledged, snoozed or resolved it by hand (an automatic resolution is no one acting). */
  actedOn: boolean;
  /** Someone acknowledged or resolved it by hand before the end of the loss day (a snooze has no time recorded). */
  actedBeforeLoss: boolean;
}

export type TimelineKind = 'late_deliverable' | 'missed_target' | 'incident' | 'contact_gap' | 'band_change' | 'alert' | 'lost';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  /** The id of the deliverable, target, incident, alert or account it is about; null for a gap or band change. */
  refId: string | null;
  message: string;
}

export interface Postmortem {
  account: { id: string; name: string; cadenceDays: number | null };
  loss: PostmortemFacts['loss'];
  window: { from: string; to: string; days: number };
  summary: {
    deliverablesDue: number;
    lateDeliverables: number;
    targetsEvaluated: number;
    missedTargets: number;
    incidents: number;
    incidentSeverityTotal: number;
    touches: number;
    contactGaps: number;
    longestGapDays: number | null;
    /** Client-initiated share over the first and the last 90 days of the window; null without touches. */
    clientShareBefore: number | null;
    clientShareAfter: number | null;
    /** The share fell by half or more, with at least two client-started touches in the first 90 days (the attention board's rule). */
    initiationDropped: boolean;
    /** The first day of the window the health score was at risk; null when it never was (or was never scored). */
    firstAtRiskOn: string | null;
    /** Days from that day to the loss. */
    atRiskDaysBeforeLoss: number | null;
    alertsRaised: number;
    alertsActedOn: number;
  };
  lateDeliverables: LateDeliverable[];
  missedTargets: MissedTarget[];
  incidents: PostmortemFacts['incidents'];
  contactGaps: ContactGap[];
  initiation: InitiationBucket[];
  health: PostmortemFacts['health'];
  alerts: PostmortemAlert[];
  /** Every signal above in the order it happened, ending with the loss. */
  timeline: TimelineEntry[];
}

const ms = (iso: string): number => Date.parse(iso);
const wholeDays = (from: string, to: string): number => Math.floor((ms(to) - ms(from)) / DAY_MS);
const dayOf = (iso: string): string => new Date(ms(iso)).toISOString().slice(0, 10);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const byTime = <T>(at: (x: T) => string) => (a: T, b: T) => ms(at(a)) - ms(at(b));

/** Deliverables of the window that were late as of the loss: delivered after their due time, or not delivered by the loss. */
export function lateDeliverables(facts: Pick<PostmortemFacts, 'deliverables'>, window: PostmortemWindow): LateDeliverable[] {
  const asOf = new Date(window.endAt);
  const late: LateDeliverable[] = [];
  for (const d of facts.deliverables) {
    // What happened after the loss was not known at the loss.
    const deliveredAt = d.deliveredAt !== null && ms(d.deliveredAt) < ms(window.endAt) ? d.deliveredAt : null;
    const lateness = deliverableLateness({ status: d.status, dueAt: new Date(d.dueAt), deliveredAt: deliveredAt ? new Date(deliveredAt) : null }, asOf);
    if ((lateness.state === 'delivered_late' || lateness.state === 'overdue') && lateness.daysLate !== null) {
      late.push({ id: d.id, projectId: d.projectId, projectName: d.projectName, title: d.title, dueAt: d.dueAt, deliveredAt, daysLate: lateness.daysLate, state: lateness.state });
    }
  }
  return late.sort(byTime((d) => d.dueAt));
}

/** Targets whose period ended in the window with an actual that missed the goal. */
export function missedTargets(facts: Pick<PostmortemFacts, 'targets'>): MissedTarget[] {
  const missed: MissedTarget[] = [];
  for (const t of facts.targets) {
    if (t.actual !== null && targetMet(t) === false) missed.push({ ...t, actual: t.actual });
  }
  return missed.sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : a.metric.localeCompare(b.metric)));
}

/**
 * Periods without a touch longer than the account allows (its cadence target, else 30 days):
 * between consecutive touches, from the last touch before the window (or the window's start, or
 * the account's start if later) to the first in it, and from the last touch to the end of the loss day.
 */
export function contactGaps(facts: Pick<PostmortemFacts, 'account' | 'touchpoints' | 'touchBefore'>, window: PostmortemWindow): ContactGap[] {
  const allowedDays = facts.account.cadenceDays ?? DEFAULT_GAP_DAYS;
  const sinceAt = `${facts.account.since}T00:00:00.000Z`;
  const start = facts.touchBefore
    ? { at: facts.touchBefore.occurredAt, id: facts.touchBefore.id as string | null }
    : { at: ms(sinceAt) > ms(window.startAt) ? sinceAt : window.startAt, id: null };
  const points = [start, ...[...facts.touchpoints].sort(byTime((t) => t.occurredAt)).map((t) => ({ at: t.occurredAt, id: t.id as string | null })), { at: window.endAt, id: null }];
  const gaps: ContactGap[] = [];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1]!;
    const to = points[i]!;
    // An account that started after the loss day has no gap to report.
    if (ms(from.at) >= ms(window.endAt)) break;
    const days = wholeDays(from.at, to.at);
    if (days > allowedDays) gaps.push({ from: from.at, to: to.at, days, fromTouchId: from.id, toTouchId: to.id, allowedDays });
  }
  return gaps;
}

/** The client-initiated share of the touches in each 30-day bucket of the window, oldest first. */
export function initiationBuckets(facts: Pick<PostmortemFacts, 'touchpoints'>, window: PostmortemWindow): InitiationBucket[] {
  const first = dayNumber(window.from);
  const buckets: InitiationBucket[] = [];
  for (let start = 0; start < POSTMORTEM_DAYS; start += BUCKET_DAYS) {
    buckets.push({ from: addDays(window.from, start), to: addDays(window.from, Math.min(start + BUCKET_DAYS, POSTMORTEM_DAYS) - 1), touches: 0, clientTouches: 0, clientShare: null });
  }
  for (const t of facts.touchpoints) {
    const bucket = buckets[Math.floor((dayNumber(t.occurredAt) - first) / BUCKET_DAYS)];
    if (!bucket) continue;
    bucket.touches++;
    if (t.direction === 'client_initiated') bucket.clientTouches++;
  }
  for (const b of buckets) b.clientShare = b.touches > 0 ? b.clientTouches / b.touches : null;
  return buckets;
}

/** The strongest response an alert's record shows, and whether it came before the loss was over. */
export function alertResponse(alert: PostmortemFacts['alerts'][number], window: PostmortemWindow): { response: AlertResponse; actedOn: boolean; actedBeforeLoss: boolean } {
  const manual = alert.resolution === 'manual';
  const response: AlertResponse = manual ? 'resolved_manually' : alert.acknowledgedAt ? 'acknowledged' : alert.snoozedUntil ? 'snoozed' : 'none';
  const times = [alert.acknowledgedAt, manual ? alert.resolvedAt : null].filter((t): t is string => t !== null);
  return { response, actedOn: response !== 'none', actedBeforeLoss: times.some((t) => ms(t) < ms(window.endAt)) };
}

const BAND_WORDS = { healthy: 'healthy', watch: 'watch', at_risk: 'at risk' } as const;

/** Assembles the post-mortem from its facts. */
export function assemblePostmortem(facts: PostmortemFacts): Postmortem {
  const window = postmortemWindow(facts.loss.lostOn);
  const late = lateDeliverables(facts, window);
  const missed = missedTargets(facts);
  const incidents = [...facts.incidents].sort(byTime((i) => i.occurredAt));
  const gaps = contactGaps(facts, window);
  const initiation = initiationBuckets(facts, window);
  const health = [...facts.health].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const alerts: PostmortemAlert[] = [...facts.alerts].sort(byTime((a) => a.raisedAt)).map((a) => ({ ...a, ...alertResponse(a, window) }));

  const half = POSTMORTEM_DAYS / BUCKET_DAYS / 2;
  const sum = (bs: InitiationBucket[], key: 'touches' | 'clientTouches') => bs.reduce((n, b) => n + b[key], 0);
  const before = initiation.slice(0, half);
  const after = initiation.slice(half);
  const shareOf = (bs: InitiationBucket[]) => (sum(bs, 'touches') > 0 ? sum(bs, 'clientTouches') / sum(bs, 'touches') : null);
  const clientShareBefore = shareOf(before);
  const clientShareAfter = shareOf(after);
  const initiationDropped = clientShareBefore !== null && sum(before, 'clientTouches') >= MIN_EARLIER_CLIENT_TOUCHES && (clientShareAfter ?? 0) <= clientShareBefore / 2;
  const firstAtRiskOn = health.find((h) => h.band === 'at_risk')?.asOf ?? null;

  const timeline: TimelineEntry[] = [];
  for (const d of late) {
    const how = d.deliveredAt ? `delivered ${plural(d.daysLate, 'day')} late` : `not delivered by the loss (${plural(d.daysLate, 'day')} overdue)`;
    timeline.push({ at: d.dueAt, kind: 'late_deliverable', refId: d.id, message: `${d.title} (${d.projectName}) was due ${dayOf(d.dueAt)}: ${how}` });
  }
  for (const t of missed) {
    const direction = t.higherIsBetter ? 'at least' : 'at most';
    timeline.push({ at: `${t.periodEnd}T00:00:00.000Z`, kind: 'missed_target', refId: t.id, message: `Target missed: ${t.metric} was ${t.actual} for ${t.periodStart} … ${t.periodEnd}; the goal was ${direction} ${t.goal}` });
  }
  for (const i of incidents) {
    const what = i.description ? `: ${i.description}` : '';
    timeline.push({ at: i.occurredAt, kind: 'incident', refId: i.id, message: `Incident (${i.kind.replace(/_/g, ' ')}, severity ${i.severity})${what}` });
  }
  for (const g of gaps) {
    const ended = g.toTouchId ? `until ${dayOf(g.to)}` : 'until the loss';
    timeline.push({
      at: ms(g.from) < ms(window.startAt) ? window.startAt : g.from,
      kind: 'contact_gap',
      refId: null,
      message: `No touch for ${g.days} days (from ${dayOf(g.from)} ${ended}); at most ${g.allowedDays} were expected`,
    });
  }
  for (let i = 1; i < health.length; i++) {
    const previous = health[i - 1]!;
    const current = health[i]!;
    if (previous.band === current.band) continue;
    timeline.push({ at: `${current.asOf}T00:00:00.000Z`, kind: 'band_change', refId: null, message: `Health went from ${BAND_WORDS[previous.band]} to ${BAND_WORDS[current.band]} (score ${previous.score} → ${current.score})` });
  }
  for (const a of alerts) {
    const who = (u: UserRef | null) => (u ? ` by ${u.name}` : '');
    const response =
      a.response === 'resolved_manually'
        ? `resolved${who(a.resolvedBy)} on ${dayOf(a.resolvedAt ?? a.raisedAt)}`
        : a.response === 'acknowledged'
          ? `acknowledged${who(a.acknowledgedBy)} on ${dayOf(a.acknowledgedAt ?? a.raisedAt)}`
          : a.response === 'snoozed'
            ? 'snoozed'
            : a.resolution === 'auto'
              ? 'no one responded; it cleared by itself'
              : 'no one responded';
    timeline.push({ at: a.raisedAt, kind: 'alert', refId: a.id, message: `Alert (${a.severity}): ${a.message} — ${response}` });
  }
  const reasons = facts.loss.reasons.map((r) => r.replace(/_/g, ' ')).join(', ');
  timeline.push({ at: window.endAt, kind: 'lost', refId: facts.account.id, message: `Lost on ${facts.loss.lostOn} (${reasons})` });
  // Stable: entries at the same time keep the order of the kinds above.
  timeline.sort(byTime((e) => e.at));

  return {
    account: { id: facts.account.id, name: facts.account.name, cadenceDays: facts.account.cadenceDays },
    loss: facts.loss,
    window: { from: window.from, to: window.to, days: POSTMORTEM_DAYS },
    summary: {
      deliverablesDue: facts.deliverables.filter((d) => d.status !== 'cancelled').length,
      lateDeliverables: late.length,
      targetsEvaluated: facts.targets.filter((t) => t.actual !== null).length,
      missedTargets: missed.length,
      incidents: incidents.length,
      incidentSeverityTotal: incidents.reduce((n, i) => n + i.severity, 0),
      touches: facts.touchpoints.length,
      contactGaps: gaps.length,
      longestGapDays: gaps.length > 0 ? Math.max(...gaps.map((g) => g.days)) : null,
      clientShareBefore,
      clientShareAfter,
      initiationDropped,
      firstAtRiskOn,
      atRiskDaysBeforeLoss: firstAtRiskOn === null ? null : dayNumber(facts.loss.lostOn) - dayNumber(firstAtRiskOn),
      alertsRaised: alerts.length,
      alertsActedOn: alerts.filter((a) => a.actedOn).length,
    },
    lateDeliverables: late,
    missedTargets: missed,
    incidents,
    contactGaps: gaps,
    initiation,
    health,
    alerts,
    timeline,
  };
}
