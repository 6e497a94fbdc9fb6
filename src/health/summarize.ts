/**
 * From one account's raw facts to its signals as of a day, pure. The incremental recompute calls
 * it for one account; the backtest replays it day by day (postmortems/backtest.ts); the full
 * recompute gets the same numbers from SQL (signals-sql.ts), held to this function by a test.
 *
 * No look-ahead, by construction: every fact is read through the day it is dated on, and nothing
 * dated after the end of `asOf` (UTC) is counted — a touch booked ahead, a deliverable due later,
 * a target period not yet over, a contact added or leaving later. Two things the facts carry
 * without a date are read as they are now: a deliverable's cancellation and a target's actual.
 *
 * The rules, with windows of N whole days as of D being D-N+1 … D (facts.ts):
 * - touches: by `occurredAt`; the touch window, the one before it, and the cosy window;
 * - deliverables: due in the delivery window; on time when delivered at or before the due time,
 *   late when delivered after it or not delivered by the end of `asOf`; cancelled ones are left out;
 * - targets: per metric, its last two periods ended on or before `asOf` that have an actual; met
 *   when the actual reaches the goal (at or above it, or at or below it for lower-is-better);
 * - incidents: in the incident window;
 * - contacts: active as of D when known by D and not left by D (status 'left' without a date
 *   counts as left always); engaged when active and in a touch of the touch window; key contacts
 *   (champions, decision makers) who left within the touch window.
 * Id lists hold at most 10, newest first, ties by id descending (the order the SQL uses).
 */
import type { AccountFacts, AccountSignals } from './facts.js';
import type { HealthModel } from './model.js';

const DAY_MS = 86_400_000;
/** The most ids a signal keeps as the facts behind it. */
export const MAX_FACT_IDS = 10;

/** The UTC day number (days since 1970-01-01) of a 'YYYY-MM-DD' date or an ISO 8601 instant. */
export function dayNumber(dateOrInstant: string): number {
  return Math.floor(Date.parse(dateOrInstant) / DAY_MS);
}

/** The 'YYYY-MM-DD' of a UTC day number. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day `days` after (or before, when negative) a 'YYYY-MM-DD' day. */
export function addDays(day: string, days: number): string {
  return dayString(dayNumber(day) + days);
}

/**
 * The first day Rapport has a record of an account: the day its record was created (`createdOn`),
 * or the day of its earliest dated fact — a touch, a deliverable's due date, an incident, a target
 * period's end — when an import brought older history. A replay of the score (backtest, backfill)
 * starts here: before it, "no touch" means nothing was recorded, not that the client went quiet.
 * (The relationship's start date, `since`, may be years earlier: a CRM's "customer since".)
 */
export function recordedFrom(facts: AccountFacts, createdOn: string): string {
  let first = dayNumber(createdOn);
  const consider = (iso: string) => {
    const day = dayNumber(iso);
    if (day < first) first = day;
  };
  for (const t of facts.touchpoints) consider(t.occurredAt);
  for (const d of facts.deliverables) consider(d.dueAt);
  for (const i of facts.incidents) consider(i.occurredAt);
  for (const g of facts.targets) consider(g.periodEnd);
  return dayString(first);
}

const KEY_ROLES = new Set(['champion', 'decision_maker']);

/** Newest first, ties by id descending. */
const newestFirst = (a: { ms: number; id: string }, b: { ms: number; id: string }) =>
  b.ms - a.ms || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Facts parsed and sorted once (times to milliseconds and day numbers, lists newest first), so a
 * replay over many days does not parse every date again each day. Build it with `prepareFacts`.
 */
export interface PreparedFacts {
  account: AccountFacts['account'];
  touchpoints: Array<{ id: string; ms: number; day: number; isClient: boolean; contactIds: string[]; sentiment: number | null }>;
  /** Not cancelled; latest due first. */
  deliverables: Array<{ id: string; ms: number; day: number; deliveredMs: number | null }>;
  /** Per metric, the periods with an actual, latest period end first. */
  targetsByMetric: Array<Array<{ id: string; ms: number; day: number; isMet: boolean }>>;
  incidents: Array<{ id: string; ms: number; day: number; severity: number }>;
  contacts: Array<{ id: string; isKey: boolean; knownDay: number; leftDay: number | null; hasLeftUndated: boolean }>;
}

export function prepareFacts(facts: AccountFacts): PreparedFacts {
  const touchpoints = facts.touchpoints
    .map((t) => {
      const ms = Date.parse(t.occurredAt);
      return { id: t.id, ms, day: Math.floor(ms / DAY_MS), isClient: t.direction === 'client_initiated', contactIds: t.contactIds, sentiment: t.sentiment };
    })
    .sort(newestFirst);
  const deliverables = facts.deliverables
    .filter((d) => d.status !== 'cancelled')
    .map((d) => {
      const ms = Date.parse(d.dueAt);
      return { id: d.id, ms, day: Math.floor(ms / DAY_MS), deliveredMs: d.deliveredAt === null ? null : Date.parse(d.deliveredAt) };
    })
    .sort(newestFirst);
  const metrics = new Map<string, PreparedFacts['targetsByMetric'][number]>();
  for (const t of facts.targets) {
    if (t.actual === null) continue;
    const ms = Date.parse(t.periodEnd);
    const isMet = t.higherIsBetter ? t.actual >= t.goal : t.actual <= t.goal;
    const list = metrics.get(t.metric) ?? [];
    list.push({ id: t.id, ms, day: Math.floor(ms / DAY_MS), isMet });
    metrics.set(t.metric, list);
  }
  const incidents = facts.incidents
    .map((i) => {
      const ms = Date.parse(i.occurredAt);
      return { id: i.id, ms, day: Math.floor(ms / DAY_MS), severity: i.severity };
    })
    .sort(newestFirst);
  const contacts = facts.contacts.map((c) => ({
    id: c.id,
    isKey: KEY_ROLES.has(c.role),
    knownDay: dayNumber(c.knownFrom),
    leftDay: c.leftOn === null ? null : dayNumber(c.leftOn),
    hasLeftUndated: c.status === 'left' && c.leftOn === null,
  }));
  return { account: facts.account, touchpoints, deliverables, targetsByMetric: [...metrics.values()].map((l) => l.sort(newestFirst)), incidents, contacts };
}

/** The signals of one account as of the end of day `asOf` ('YYYY-MM-DD', UTC). */
export function summarizeFacts(facts: AccountFacts, asOf: string, model: HealthModel): AccountSignals {
  return summarizePrepared(prepareFacts(facts), asOf, model);
}

/**
 * The index of the first item dated on or before `day` in a list sorted newest first (binary
 * search: a replay of early days skips the facts still ahead of them without reading each).
 */
function firstOnOrBefore(list: ReadonlyArray<{ day: number }>, day: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.day ?? -Infinity) > day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `summarizeFacts` over facts already prepared (the backtest prepares once and replays every day). */
export function summarizePrepared(facts: PreparedFacts, asOf: string, model: HealthModel): AccountSignals {
  const today = dayNumber(asOf);
  const { touchDays, deliveryDays, incidentDays, cosyDays } = model.windows;
  const touchFrom = today - touchDays + 1;
  const prevFrom = touchFrom - touchDays;
  const cosyFrom = today - cosyDays + 1;

  // Contacts as of the day: known by then, and not left by then.
  const active = new Set<string>();
  let keyActive = 0;
  const keyLeft: Array<{ id: string; ms: number }> = [];
  for (const c of facts.contacts) {
    if (c.knownDay > today) continue;
    const hasLeft = c.hasLeftUndated || (c.leftDay !== null && c.leftDay <= today);
    if (!hasLeft) {
      active.add(c.id);
      if (c.isKey) keyActive += 1;
    } else if (c.isKey && c.leftDay !== null && c.leftDay >= touchFrom) {
      keyLeft.push({ id: c.id, ms: c.leftDay }); // sorted by the day left, like every list (newestFirst)
    }
  }

  // Touches, newest first: the first ones on or before the day are the last touches.
  let lastTouch: (typeof facts.touchpoints)[number] | null = null;
  let lastClientTouch: (typeof facts.touchpoints)[number] | null = null;
  let touches = 0, clientTouches = 0, touchesPrev = 0, clientTouchesPrev = 0, touches30 = 0;
  let scored = 0, sentimentSum = 0;
  const recentTouchIds: string[] = [];
  const sentimentIds: string[] = [];
  const engaged = new Set<string>();
  for (let i = firstOnOrBefore(facts.touchpoints, today); i < facts.touchpoints.length; i++) {
    const t = facts.touchpoints[i] as (typeof facts.touchpoints)[number];
    if (t.day < prevFrom && t.day < cosyFrom && lastClientTouch !== null) break;
    lastTouch ??= t;
    if (t.isClient) lastClientTouch ??= t;
    if (t.day >= cosyFrom) touches30 += 1;
    if (t.day >= touchFrom) {
      touches += 1;
      if (recentTouchIds.length < MAX_FACT_IDS) recentTouchIds.push(t.id);
      for (const id of t.contactIds) if (active.has(id)) engaged.add(id);
      if (t.isClient) {
        clientTouches += 1;
        if (t.sentiment !== null) {
          scored += 1;
          sentimentSum += t.sentiment;
          if (sentimentIds.length < MAX_FACT_IDS) sentimentIds.push(t.id);
        }
      }
    } else if (t.day >= prevFrom) {
      touchesPrev += 1;
      if (t.isClient) clientTouchesPrev += 1;
    }
  }

  // Deliverables due in the window, latest due first.
  const endOfDayMs = (today + 1) * DAY_MS;
  const deliveryFrom = today - deliveryDays + 1;
  let due = 0, onTime = 0;
  const lateIds: string[] = [];
  const onTimeIds: string[] = [];
  for (let i = firstOnOrBefore(facts.deliverables, today); i < facts.deliverables.length; i++) {
    const d = facts.deliverables[i] as (typeof facts.deliverables)[number];
    if (d.day < deliveryFrom) break;
    due += 1;
    const isOnTime = d.deliveredMs !== null && d.deliveredMs <= d.ms && d.deliveredMs < endOfDayMs;
    if (isOnTime) {
      onTime += 1;
      if (onTimeIds.length < MAX_FACT_IDS) onTimeIds.push(d.id);
    } else if (lateIds.length < MAX_FACT_IDS) {
      lateIds.push(d.id);
    }
  }

  // Targets: each metric's last two periods over by the day.
  const evaluatedTargets: Array<{ id: string; ms: number; isMet: boolean }> = [];
  for (const periods of facts.targetsByMetric) {
    let taken = 0;
    for (const p of periods) {
      if (taken === 2) break;
      if (p.day > today) continue;
      evaluatedTargets.push(p);
      taken += 1;
    }
  }
  evaluatedTargets.sort(newestFirst);
  const met = evaluatedTargets.filter((t) => t.isMet);
  const missed = evaluatedTargets.filter((t) => !t.isMet);

  // Incidents in the window.
  const incidentFrom = today - incidentDays + 1;
  let incidentCount = 0, severityTotal = 0;
  const incidentIds: string[] = [];
  for (let k = firstOnOrBefore(facts.incidents, today); k < facts.incidents.length; k++) {
    const i = facts.incidents[k] as (typeof facts.incidents)[number];
    if (i.day < incidentFrom) break;
    incidentCount += 1;
    severityTotal += i.severity;
    if (incidentIds.length < MAX_FACT_IDS) incidentIds.push(i.id);
  }

  return {
    accountId: facts.account.id,
    asOf,
    cadenceDays: facts.account.cadenceDays,
    since: facts.account.since,
    touches: {
      lastTouchAt: lastTouch ? new Date(lastTouch.ms).toISOString() : null,
      lastTouchId: lastTouch?.id ?? null,
      lastClientTouchAt: lastClientTouch ? new Date(lastClientTouch.ms).toISOString() : null,
      lastClientTouchId: lastClientTouch?.id ?? null,
      touches,
      clientTouches,
      touchesPrev,
      clientTouchesPrev,
      touches30,
      engagedContacts: engaged.size,
      activeContacts: active.size,
      recentTouchIds,
    },
    sentiment: { scored, mean: scored > 0 ? sentimentSum / scored : null, touchIds: sentimentIds },
    delivery: { due, onTime, late: due - onTime, lateIds, onTimeIds },
    targets: {
      evaluated: evaluatedTargets.length,
      met: met.length,
      missedIds: missed.slice(0, MAX_FACT_IDS).map((t) => t.id),
      metIds: met.slice(0, MAX_FACT_IDS).map((t) => t.id),
    },
    incidents: { count: incidentCount, severityTotal, ids: incidentIds },
    contacts: { keyLeftIds: keyLeft.sort(newestFirst).slice(0, MAX_FACT_IDS).map((c) => c.id), keyActive },
    survey: null,
  };
}
