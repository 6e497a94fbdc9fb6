/**
 * What the health score and the alert rules read about one account. Two shapes:
 *
 * - `AccountFacts`: the raw facts (touchpoints, deliverables, targets, incidents, contacts), as the
 *   incremental recompute and the backtest load them for one account. `summarizeFacts(facts, asOf,
 *   model)` (summarize.ts, pure) turns them into signals using only what is dated on or before the
 *   day `asOf` — the backtest's guarantee of no look-ahead.
 * - `AccountSignals`: the per-account aggregates as of one day. The full recompute computes them for
 *   every account with one SQL statement (signals-sql.ts); a test holds the SQL and
 *   `summarizeFacts` to the same answer on the same data.
 *
 * `computeHealth(signals, model)` and the alert rules are pure functions of signals (plus, for the
 * alerts that look back, the score history).
 *
 * Days are calendar days in UTC ('YYYY-MM-DD'). "As of day D" includes everything dated on D; a
 * window of N days as of D is the days D-N+1 … D. Times are ISO 8601 strings.
 */

export type FactKind = 'touchpoint' | 'deliverable' | 'target' | 'incident' | 'contact' | 'survey_answer';

/** A link from a number on screen to the fact behind it. */
export interface FactRef {
  kind: FactKind;
  id: string;
}

export interface AccountFacts {
  account: {
    id: string;
    /** Days between touches the account should get; null when no target is set. */
    cadenceDays: number | null;
    /** The day the relationship started (the account's start date, else the day it was created). */
    since: string;
  };
  contacts: Array<{
    id: string;
    role: 'decision_maker' | 'champion' | 'user' | 'finance' | 'other';
    status: 'active' | 'left';
    /** The day the contact left (status 'left'); null when unknown or still there. */
    leftOn: string | null;
    /** The day the contact was added (created_at's day): a contact is known from then on. */
    knownFrom: string;
  }>;
  touchpoints: Array<{
    id: string;
    occurredAt: string;
    direction: 'agency_initiated' | 'client_initiated';
    contactIds: string[];
    /** Lexicon sentiment of subject and summary, -1 … 1 (see sentiment.ts); null when no word scored. */
    sentiment: number | null;
  }>;
  deliverables: Array<{
    id: string;
    projectId: string;
    title: string;
    dueAt: string;
    deliveredAt: string | null;
    approvedAt: string | null;
    status: string;
  }>;
  targets: Array<{
    id: string;
    metric: string;
    periodStart: string;
    periodEnd: string;
    goal: number;
    actual: number | null;
    higherIsBetter: boolean;
  }>;
  incidents: Array<{
    id: string;
    kind: 'report_error' | 'missed_deadline' | 'rework' | 'missed_meeting' | 'complaint' | 'other';
    severity: 1 | 2 | 3;
    occurredAt: string;
  }>;
}

/**
 * One account's aggregates as of a day; every count is over the model's windows. Every id list
 * holds at most 10 ids, newest first (by the fact's own date: occurredAt, dueAt, periodEnd, leftOn),
 * ties broken by id descending — the SQL orders `<date> desc, id desc` to match summarize.ts.
 */
export interface AccountSignals {
  accountId: string;
  /** The day these signals describe. */
  asOf: string;
  cadenceDays: number | null;
  since: string;
  touches: {
    lastTouchAt: string | null;
    lastTouchId: string | null;
    lastClientTouchAt: string | null;
    lastClientTouchId: string | null;
    /** Touches in the touch window (model.windows.touchDays) and those the client started. */
    touches: number;
    clientTouches: number;
    /** The same over the window before it (for the trend of the client-initiated share). */
    touchesPrev: number;
    clientTouchesPrev: number;
    /** Touches in the cosy window (model.windows.cosyDays, 30 by default): how frequent contact is now, for too_cosy. */
    touches30: number;
    /**
     * Distinct active contacts in a touch of the touch window, and active contacts known. Active as
     * of asOf: knownFrom ≤ asOf and not left (leftOn ≤ asOf; status 'left' with no leftOn: always left).
     */
    engagedContacts: number;
    activeContacts: number;
    /** Up to 10 of the newest touch ids in the window (the facts behind recency and breadth). */
    recentTouchIds: string[];
  };
  sentiment: {
    /** Client-initiated touches in the touch window that have a sentiment, and their mean (-1 … 1). */
    scored: number;
    mean: number | null;
    /** Up to 10 of them, newest first. */
    touchIds: string[];
  };
  delivery: {
    /** Deliverables due in the delivery window (due on or before asOf), except those with status 'cancelled'. */
    due: number;
    /** Of those, delivered on or before their due time. */
    onTime: number;
    /** Of those, delivered late or still not delivered. */
    late: number;
    /** Up to 10 late ones, latest due first, and up to 10 on-time ones. */
    lateIds: string[];
    onTimeIds: string[];
  };
  targets: {
    /** Per metric, its last two periods with periodEnd ≤ asOf that have an actual (no window: a metric's latest two). */
    evaluated: number;
    met: number;
    missedIds: string[];
    metIds: string[];
  };
  incidents: {
    /** Incidents in the incident window; the sum of their severities (1–3). */
    count: number;
    severityTotal: number;
    ids: string[];
  };
  contacts: {
    /** Champions and decision makers known by asOf whose leftOn is within the touch window. */
    keyLeftIds: string[];
    /** Active champions and decision makers known. */
    keyActive: number;
  };
  /** Placeholder until surveys exist (issue 5): always null for now. */
  survey: null;
}
