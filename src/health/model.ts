import { z } from 'zod';

/**
 * The health model: the windows the signals are counted over, the weight of each score component,
 * the score bands, and the thresholds of the alert rules. A workspace may save its own (versioned
 * in `health_models`); without one, `DEFAULT_MODEL` (version 0) applies. The schema is strict and
 * every number is bounded, so a model that would make the score meaningless (all weights zero, a
 * "healthy" band below "watch", a window of a million days) is refused at the edge as a 400.
 *
 * Everything that reads the model is pure: summarize.ts (windows), score.ts (weights, bands,
 * component shapes), alert-rules.ts (alerts).
 */

/** Whole days, bounded. */
const Days = (min: number, max: number) => z.number().int('Whole days').min(min).max(max);
/** A share, 0 … 1. */
const Share = z.number().min(0).max(1);
const Count = (max: number) => z.number().int('A whole number').min(1).max(max);

export const COMPONENT_KEYS = ['delivery', 'targets', 'quality', 'recency', 'breadth', 'initiation', 'sentiment', 'survey'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

const Weight = z.number().min(0, 'Cannot be negative').max(100, 'At most 100');

export const HealthModelSchema = z.strictObject({
  windows: z.strictObject({
    /** Touches, client-initiated share (and the window before, for its trend), engaged contacts, sentiment, contacts who left. */
    touchDays: Days(7, 365),
    /** Deliverables due in this window are judged on time or late. */
    deliveryDays: Days(7, 730),
    /** Quality incidents in this window count against the account. */
    incidentDays: Days(7, 730),
    /** "Frequent contact now", for too_cosy. */
    cosyDays: Days(7, 180),
  }),
  /** Relative weights; only their ratios matter. Components without data drop out and the rest are renormalised. */
  weights: z
    .strictObject({
      delivery: Weight,
      targets: Weight,
      quality: Weight,
      recency: Weight,
      breadth: Weight,
      initiation: Weight,
      sentiment: Weight,
      survey: Weight,
    })
    // Survey answers do not exist yet (its component is always empty): a model weighing only them
    // would give every account the same constant score.
    .refine(({ survey: _survey, ...w }) => Object.values(w).some((v) => v > 0), 'At least one weight other than survey must be above 0'),
  /**
   * A score at or above `healthy` is healthy, at or above `watch` is watch, else at_risk. Whole
   * points, so the neutral score midway between them (score.ts) is exact and always in watch.
   */
  bands: z
    .strictObject({ healthy: z.number().int('Whole points').min(1).max(100), watch: z.number().int('Whole points').min(0).max(99) })
    // Named at both fields, in the words of the bands: a person may have changed either one.
    .superRefine((b, ctx) => {
      if (b.healthy > b.watch) return;
      ctx.addIssue({ code: 'custom', path: ['healthy'], message: `Must be above ${b.watch}, where at risk ends (healthy from ${b.healthy} would leave no watch band)` });
      ctx.addIssue({ code: 'custom', path: ['watch'], message: `Must be below ${b.healthy}, where healthy begins` });
    }),
  /** How the raw signals become component values (0 … 1). */
  components: z.strictObject({
    /** Incident severity total (1–3 each) in the incident window at which quality reaches 0. */
    qualityCap: Count(100),
    /** The cadence recency is judged against when the account has no cadence target. */
    defaultCadenceDays: Days(1, 3650),
    /** Recency is 1 within the cadence and falls linearly to 0 when this many cadences have passed since the last touch. */
    recencyZeroAt: z.number().gt(1).max(10),
    /** Engaged contacts that earn full marks for breadth (fewer when fewer are known). */
    breadthTarget: Count(20),
    /** The client-initiated share that earns full marks for its level. */
    initiationTargetShare: z.number().min(0.05).max(1),
  }),
  alerts: z.strictObject({
    /** Holds when the on-time share is below `onTimeBelow` with at least `minDue` due, or when at least `minLate` are late. */
    deliverySlipping: z.strictObject({ onTimeBelow: Share, minDue: Count(100), minLate: Count(100) }),
    /** Holds when at least `minMissed` of the evaluated targets were missed. */
    targetsMissed: z.strictObject({ minMissed: Count(100) }),
    /** Holds when the incident severity total reaches `minSeverityTotal`. */
    qualityIncidents: z.strictObject({ minSeverityTotal: Count(300) }),
    /** Holds when the score is at least `points` below the highest score of the last `days` days. */
    scoreDrop: z.strictObject({ points: z.number().min(1).max(100), days: Days(1, 365) }),
    /**
     * Holds when contact is frequent (`minTouches` in the cosy window) and warm (the client started at
     * least `minClientShare` of the touch window's touches, or the mean sentiment of its messages is at
     * least `minSentiment` over at least `minScored` of them) while delivery, targets or quality is poor
     * (that component's value is below `poorBelow`).
     */
    tooCosy: z.strictObject({
      minTouches: Count(1000),
      minClientShare: Share,
      minSentiment: z.number().min(-1).max(1),
      minScored: Count(1000),
      poorBelow: Share,
    }),
  }),
});

export type HealthModel = z.infer<typeof HealthModelSchema>;

/**
 * The built-in model (version 0). Why each value:
 */
export const DEFAULT_MODEL: HealthModel = {
  windows: {
    // A quarter: the attention board's window (touchpoints/cadence.ts WINDOW_DAYS), so the board and
    // the score agree on what "the last 90 days" means; long enough for a monthly deliverable or report.
    touchDays: 90,
    deliveryDays: 90,
    incidentDays: 90,
    // "Now", for how frequent contact is: a month.
    cosyDays: 30,
  },
  weights: {
    // The objective record first (seed 001: "late is late, even when the client won't mind"): with
    // every deliverable of the quarter late and all else perfect, an account falls out of healthy
    // (100 − 30/95 ≈ 68.4), which a lighter delivery weight would not do.
    delivery: 30,
    targets: 15,
    quality: 10,
    // Contact: recency against the cadence counts most of the relationship side; who starts the
    // touches matters (seed 000: a facade kept up by agency-initiated contact).
    recency: 15,
    breadth: 10,
    initiation: 10,
    // A word lexicon is a rough reading of tone: a light weight.
    sentiment: 5,
    // Surveys do not exist yet (issue 5): absent on every account until then, and renormalised away.
    survey: 5,
  },
  // 70+ healthy, 45–69.9 watch, under 45 at risk: an account that loses a third of its delivery and
  // goes quiet lands in watch; one that also misses targets and has incidents lands at risk.
  bands: { healthy: 70, watch: 45 },
  components: {
    // Two severe incidents (3 + 3) or six minor ones in a quarter take quality to 0.
    qualityCap: 6,
    // Monthly contact when no target is set.
    defaultCadenceDays: 30,
    // Three cadences since the last touch (two overdue) is as quiet as it gets.
    recencyZeroAt: 3,
    // Three people engaged is a well-threaded account (decision maker, champion, a user).
    breadthTarget: 3,
    // A client who starts three touches in ten is fully engaged; more is not better.
    initiationTargetShare: 0.3,
  },
  alerts: {
    // Fewer than 4 in 5 on time once 2 are due, or 2 late whatever the share.
    deliverySlipping: { onTimeBelow: 0.8, minDue: 2, minLate: 2 },
    // A missed target is worth a look: targets are few (two periods per metric).
    targetsMissed: { minMissed: 1 },
    // One severe incident (3), or a moderate and a minor one, in the incident window.
    qualityIncidents: { minSeverityTotal: 3 },
    // 15 points below the month's best.
    scoreDrop: { points: 15, days: 30 },
    // Six touches a month (more than weekly) is frequent; a client who starts 40% of touches, or
    // writes at a mean sentiment of +0.2 (mildly positive words on average) over 3 messages, is warm;
    // delivery, targets or quality under 0.75 (fewer than 3 in 4 on time or met, incident severity 2
    // of the cap 6) is poor.
    tooCosy: { minTouches: 6, minClientShare: 0.4, minSentiment: 0.2, minScored: 3, poorBelow: 0.75 },
  },
};
