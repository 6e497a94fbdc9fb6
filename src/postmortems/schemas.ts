import { z } from 'zod';
import { AccountStatusSchema, DaySchema, IsoDateSchema } from '../accounts/schemas.js';
import { LOSS_REASONS } from './reasons.js';

export const LossReasonSchema = z.enum(LOSS_REASONS);

const Day = DaySchema;

export const MarkLostSchema = z.strictObject({
  lostOn: Day.describe('The day the account was lost; not after today in the time zone furthest ahead (UTC+14), nor before the account began'),
  reasons: z
    .array(LossReasonSchema)
    .min(1, 'Give at least one reason (unknown when no one knows)')
    .max(LOSS_REASONS.length)
    .superRefine((reasons, ctx) => {
      reasons.forEach((reason, i) => {
        if (reasons.indexOf(reason) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${reason} is listed twice` });
      });
    }),
  notes: z.string().max(20_000).default('').describe('What happened, in the words of the people who were there'),
});
export type MarkLostInput = z.infer<typeof MarkLostSchema>;

const UserRefSchema = z.object({ userId: z.uuid(), name: z.string() });

export const LossSchema = z.object({
  accountId: z.uuid(),
  accountName: z.string(),
  status: AccountStatusSchema.describe("The account's status now (lost once marked)"),
  lostOn: IsoDateSchema,
  reasons: z.array(LossReasonSchema),
  notes: z.string(),
  recordedBy: UserRefSchema.nullable(),
  recordedAt: z.iso.datetime(),
});
export type LossView = z.infer<typeof LossSchema>;

const BandSchema = z.enum(['healthy', 'watch', 'at_risk']);
const Instant = z.iso.datetime();

export const PostmortemSchema = z.object({
  account: z.object({ id: z.uuid(), name: z.string(), cadenceDays: z.number().int().nullable() }),
  loss: z.object({ lostOn: IsoDateSchema, reasons: z.array(LossReasonSchema), notes: z.string(), recordedBy: UserRefSchema.nullable(), recordedAt: Instant }),
  window: z.object({ from: IsoDateSchema, to: IsoDateSchema, days: z.number().int() }).describe('The days looked at: the 180 ending on the loss day (UTC)'),
  summary: z.object({
    deliverablesDue: z.number().int(),
    lateDeliverables: z.number().int(),
    targetsEvaluated: z.number().int(),
    missedTargets: z.number().int(),
    incidents: z.number().int(),
    incidentSeverityTotal: z.number().int(),
    touches: z.number().int(),
    contactGaps: z.number().int(),
    longestGapDays: z.number().int().nullable(),
    clientShareBefore: z.number().nullable().describe('Client-initiated share of the touches in the first 90 days of the window'),
    clientShareAfter: z.number().nullable().describe('The same over the last 90 days'),
    initiationDropped: z.boolean().describe('The share fell by half or more (with at least two client-started touches before)'),
    firstAtRiskOn: IsoDateSchema.nullable().describe('First day in the window the recorded health was at risk'),
    atRiskDaysBeforeLoss: z.number().int().nullable(),
    alertsRaised: z.number().int(),
    alertsActedOn: z.number().int(),
  }),
  lateDeliverables: z.array(
    z.object({
      id: z.uuid(),
      projectId: z.uuid(),
      projectName: z.string(),
      title: z.string(),
      dueAt: Instant,
      deliveredAt: Instant.nullable().describe('Null when not delivered by the loss'),
      daysLate: z.number().int(),
      state: z.enum(['delivered_late', 'overdue']),
    }),
  ),
  missedTargets: z.array(
    z.object({
      id: z.uuid(),
      projectId: z.uuid().nullable(),
      projectName: z.string().nullable(),
      metric: z.string(),
      periodStart: IsoDateSchema,
      periodEnd: IsoDateSchema,
      goal: z.number(),
      actual: z.number(),
      higherIsBetter: z.boolean(),
    }),
  ),
  incidents: z.array(
    z.object({
      id: z.uuid(),
      deliverableId: z.uuid().nullable(),
      deliverableTitle: z.string().nullable(),
      kind: z.string(),
      severity: z.number().int(),
      description: z.string(),
      occurredAt: Instant,
    }),
  ),
  contactGaps: z.array(
    z.object({
      from: Instant,
      to: Instant,
      days: z.number().int(),
      fromTouchId: z.uuid().nullable().describe('Null when the gap runs from the start of the window (or of the account)'),
      toTouchId: z.uuid().nullable().describe('Null when no touch came before the loss'),
      allowedDays: z.number().int().describe("The account's cadence target, else 30"),
    }),
  ),
  initiation: z.array(
    z.object({ from: IsoDateSchema, to: IsoDateSchema, touches: z.number().int(), clientTouches: z.number().int(), clientShare: z.number().nullable() }),
  ).describe('Touches and the client-initiated share per 30 days, oldest first'),
  health: z.array(z.object({ asOf: IsoDateSchema, score: z.number(), band: BandSchema, modelVersion: z.number().int() })).describe('The last recorded score of each day that has one'),
  alerts: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      severity: z.enum(['info', 'warning', 'critical']),
      message: z.string(),
      state: z.enum(['open', 'acknowledged', 'snoozed', 'resolved']),
      raisedOn: IsoDateSchema,
      raisedAt: Instant,
      acknowledgedAt: Instant.nullable(),
      acknowledgedBy: UserRefSchema.nullable(),
      snoozedUntil: Instant.nullable(),
      resolvedAt: Instant.nullable(),
      resolvedBy: UserRefSchema.nullable(),
      resolution: z.enum(['auto', 'manual']).nullable(),
      note: z.string(),
      response: z.enum(['resolved_manually', 'acknowledged', 'snoozed', 'none']),
      actedOn: z.boolean().describe('Someone acknowledged, snoozed or resolved it by hand'),
      actedBeforeLoss: z.boolean(),
    }),
  ),
  timeline: z.array(
    z.object({
      at: Instant,
      kind: z.enum(['late_deliverable', 'missed_target', 'incident', 'contact_gap', 'band_change', 'alert', 'lost']),
      refId: z.uuid().nullable(),
      message: z.string(),
    }),
  ),
});
export type PostmortemView = z.infer<typeof PostmortemSchema>;

export const LossReportQuerySchema = z
  .strictObject({
    from: Day.optional().describe('Losses on or after this day'),
    to: Day.optional().describe('Losses on or before this day'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'Cannot be before from', path: ['to'] });
export type LossReportQuery = z.infer<typeof LossReportQuerySchema>;

const MoneyTotalSchema = z.object({ currency: z.string(), amount: z.number() });
export const LossReportSchema = z.object({
  from: IsoDateSchema.nullable(),
  to: IsoDateSchema.nullable(),
  totals: z.object({ accounts: z.number().int(), value: z.array(MoneyTotalSchema).describe('Per currency') }),
  reasons: z.array(z.object({ reason: LossReasonSchema, accounts: z.number().int(), value: z.array(MoneyTotalSchema), share: z.number() })),
  accounts: z.array(
    z.object({
      accountId: z.uuid(),
      name: z.string(),
      lostOn: IsoDateSchema,
      reasons: z.array(LossReasonSchema),
      notes: z.string(),
      value: z.object({ amount: z.number(), currency: z.string() }).nullable(),
    }),
  ),
});
export type LossReportView = z.infer<typeof LossReportSchema>;

/** A model version in a query string: digits only (an empty value is not version 0). */
const Version = z
  .string()
  .regex(/^\d{1,9}$/, 'A model version: a whole number, 0 for the built-in default')
  .transform(Number);

export const BacktestQuerySchema = z.strictObject({
  model: Version.optional().describe('The model version to test (default: the one in force; 0 is the built-in default)'),
  compare: Version.optional().describe('A second version to test side by side'),
  horizon: z
    .string()
    .regex(/^\d{1,3}$/, 'Whole days')
    .transform(Number)
    .pipe(z.number().min(7, 'At least 7 days').max(365, 'At most 365 days'))
    .default(90)
    .describe('Days ahead an at-risk day must foresee the loss to count as right'),
});
export type BacktestQuery = z.infer<typeof BacktestQuerySchema>;

const BacktestModelSchema = z.object({
  version: z.number().int(),
  note: z.string(),
  precision: z.number().nullable().describe('Share of at-risk account-days followed by the loss within the horizon'),
  accountPrecision: z.number().nullable().describe('The same per account'),
  recall: z.number().nullable().describe('Share of lost accounts at risk on some day within the horizon before the loss'),
  medianLeadDays: z.number().nullable().describe('Median days from the first at-risk day to the loss'),
  medianWatchLeadDays: z.number().nullable().describe('Median days from the first day below healthy (watch or at risk) to the loss'),
  counts: z.object({
    noDataDays: z.number().int().describe('Account-days replayed on which the account had no data (the neutral score): no prediction, left out of every other count'),
    countedDays: z.number().int().describe('Account-days with data whose outcome is known'),
    atRiskDays: z.number().int(),
    truePositiveDays: z.number().int(),
    flaggedAccounts: z.number().int(),
    flaggedAccountsLost: z.number().int(),
    lostAccounts: z.number().int(),
    lostAccountsFlagged: z.number().int(),
    lostAccountsWithoutData: z.number().int().describe('Lost accounts without a day of data within the horizon before the loss: no prediction, left out of recall'),
  }),
  lost: z.array(
    z.object({
      accountId: z.uuid(),
      name: z.string(),
      lostOn: IsoDateSchema,
      firstAtRiskOn: IsoDateSchema.nullable().describe('First at-risk day within 180 days before the loss'),
      leadDays: z.number().int().nullable(),
      firstWatchOn: IsoDateSchema.nullable().describe('First day below healthy (watch or at risk) within 180 days before the loss'),
      watchLeadDays: z.number().int().nullable(),
      isFlaggedWithinHorizon: z.boolean(),
      hasDataWithinHorizon: z.boolean().describe('Had data on a day within the horizon before the loss; false: no prediction, left out of recall'),
    }),
  ),
});

export const BacktestSchema = z.object({
  asOf: IsoDateSchema.describe('Today (UTC): retained accounts are replayed up to this day'),
  horizonDays: z.number().int(),
  lookbackDays: z.number().int(),
  maxReplayDays: z.number().int().describe('Each account is replayed over at most this many days before its last'),
  accounts: z.object({ lost: z.number().int(), retained: z.number().int(), replayedDays: z.number().int() }),
  models: z.array(BacktestModelSchema).describe('The model tested, then the one compared with it'),
});
export type BacktestView = z.infer<typeof BacktestSchema>;
