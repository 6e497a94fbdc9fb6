import { z } from 'zod';
import { IsoDateSchema } from '../accounts/schemas.js';
import { COMPONENT_KEYS, HealthModelSchema } from './model.js';
import { ALERT_KINDS } from './alert-rules.js';
import { pageLimit } from '../platform/validation.js';
import { SEVERITY_ORDER } from './alert-counts.js';
import { FreshnessSchema } from './freshness-schema.js';

export const BAND_VALUES = ['healthy', 'watch', 'at_risk'] as const;
export { ALERT_KINDS };
export const ALERT_STATES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export const FACT_KINDS = ['touchpoint', 'deliverable', 'target', 'incident', 'contact', 'survey_answer'] as const;

export const BandSchema = z.enum(BAND_VALUES);
export const AlertKindSchema = z.enum(ALERT_KINDS);
export const AlertStateSchema = z.enum(ALERT_STATES);
export const SeveritySchema = z.enum(SEVERITY_ORDER);

export const FactViewSchema = z.object({
  kind: z.enum(FACT_KINDS),
  id: z.uuid(),
  label: z.string(),
  at: z.iso.datetime().nullable(),
});

export const ComponentViewSchema = z.object({
  key: z.enum(COMPONENT_KEYS),
  label: z.string(),
  value: z.number().nullable().describe('0 … 1; null when the account has no data for it'),
  weight: z.number().describe('As configured in the model'),
  effectiveWeight: z.number().describe('After renormalising over the components with data'),
  contribution: z.number().describe('Points of the score; the contributions add up to the score'),
  present: z.boolean(),
  detail: z.string(),
  facts: z.array(FactViewSchema),
});

export const AccountHealthSchema = z.object({
  accountId: z.uuid(),
  asOf: IsoDateSchema,
  score: z.number(),
  band: BandSchema,
  modelVersion: z.number().int(),
  computedAt: z.iso.datetime(),
  components: z.array(ComponentViewSchema),
  missing: z.array(z.enum(COMPONENT_KEYS)),
  hasData: z.boolean().describe('Whether any weighted component has data; false: the score is the neutral one of a new account with no facts yet'),
  note: z.string(),
});
export type AccountHealthView = z.infer<typeof AccountHealthSchema>;

export const HealthHistoryQuerySchema = z.strictObject({
  from: IsoDateSchema.optional().describe('First day (default: 365 days ago)'),
  to: IsoDateSchema.optional().describe('Last day (default: today)'),
});

export const SnapshotSchema = z.object({
  id: z.uuid(),
  asOf: IsoDateSchema,
  score: z.number(),
  band: BandSchema,
  modelVersion: z.number().int(),
  cause: z.enum(['change', 'daily', 'recompute']),
  computedAt: z.iso.datetime(),
});
export const HealthHistorySchema = z.object({ accountId: z.uuid(), items: z.array(SnapshotSchema) });

export const HealthChangeQuerySchema = z.strictObject({
  from: z.uuid().optional().describe('The earlier snapshot (default: the last one before `to` that differs from it)'),
  to: z.uuid().optional().describe('The later snapshot (default: the latest)'),
});

export const HealthChangeSchema = z.object({
  accountId: z.uuid(),
  from: SnapshotSchema.nullable(),
  to: SnapshotSchema.nullable(),
  scoreDelta: z.number(),
  components: z.array(
    z.object({
      key: z.enum(COMPONENT_KEYS),
      label: z.string(),
      before: z.number().describe('Contribution in points before'),
      after: z.number(),
      delta: z.number(),
      valueBefore: z.number().nullable(),
      valueAfter: z.number().nullable(),
      added: z.array(FactViewSchema).describe('Facts behind the component now that were not before'),
      removed: z.array(FactViewSchema).describe('Facts behind it before that are not now'),
    }),
  ),
});

export const VersionedModelSchema = z.object({
  version: z.number().int().describe('0 is the built-in default'),
  model: HealthModelSchema,
  note: z.string(),
  createdAt: z.iso.datetime().nullable(),
  createdBy: z.uuid().nullable(),
});
export const ModelVersionsSchema = z.object({ current: z.number().int(), items: z.array(VersionedModelSchema) });

export const SaveModelSchema = z.strictObject({
  model: HealthModelSchema,
  note: z.string().trim().max(500).default(''),
});

export const RecomputeAcceptedSchema = z.object({ queued: z.boolean(), accounts: z.number().int().describe('Open accounts the recompute will cover') });

export { FreshnessSchema } from './freshness-schema.js';

export const PortfolioHealthSchema = z.object({
  asOf: IsoDateSchema,
  freshness: FreshnessSchema,
  items: z.array(
    z.object({
      accountId: z.uuid(),
      score: z.number(),
      band: BandSchema,
      hasData: z.boolean().describe('Whether any weighted component has data; false: the neutral score of an account with no facts yet'),
      delta30: z.number().nullable().describe('Score change over 30 days; null without a score then'),
      trend: z.array(z.number()).describe('One score a day over the last 30 days (the last known on each day), oldest first; shorter when the history is'),
      openAlerts: z
        .number()
        .int()
        .describe('Alerts to work on: open or acknowledged. A snoozed alert counts again once its snooze has ended; resolved ones do not count'),
      criticalAlerts: z.number().int().describe('How many of the counted alerts are critical'),
      alertSeverity: SeveritySchema.nullable().describe('The highest severity among the counted alerts (null without any): the colour of the count'),
    }),
  ),
});

// ---------- Alerts ----------

export const AlertReasonSchema = z.object({ message: z.string(), facts: z.array(FactViewSchema) });

export const AlertSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  kind: AlertKindSchema,
  state: AlertStateSchema,
  severity: SeveritySchema,
  message: z.string(),
  reasons: z.array(AlertReasonSchema),
  raisedOn: IsoDateSchema,
  raisedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  acknowledgedAt: z.iso.datetime().nullable(),
  acknowledgedBy: z.object({ userId: z.uuid(), name: z.string() }).nullable(),
  snoozedUntil: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: z.object({ userId: z.uuid(), name: z.string() }).nullable(),
  resolution: z.enum(['auto', 'manual']).nullable(),
  clearedOn: IsoDateSchema.nullable().describe(
    'Resolved by hand: the day its rule was first found no longer holding. While null, no new alert of its kind opens for the account unless the rule finds it worse',
  ),
  note: z.string(),
});
export type AlertView = z.infer<typeof AlertSchema>;

const csv = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string()
    .max(500)
    .transform((v, ctx) => {
      const parts = [...new Set(v.split(',').map((p) => p.trim()).filter((p) => p !== ''))];
      const bad = parts.filter((p) => !(values as readonly string[]).includes(p));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `Unknown ${what}: ${bad.join(', ')} (one of ${values.join(', ')})` });
        return z.NEVER;
      }
      return parts as Array<T[number]>;
    });

export const ListAlertsQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  kind: csv(ALERT_KINDS, 'kind').optional().describe('Comma-separated kinds'),
  state: csv(ALERT_STATES, 'state')
    .optional()
    .describe('Comma-separated states (default: open, acknowledged, snoozed). An alert whose snooze has ended is open'),
  sort: z
    .enum(['newest', 'severity'])
    .default('newest')
    .describe('newest: newest first (the default); severity: critical first, then warning, then info, newest first within each. Paged either way'),
  limit: pageLimit(500, 100),
  cursor: z.string().max(500).optional().describe('nextCursor of the page before, asked with the same filters and sort'),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuerySchema>;
export const AlertPageSchema = z.object({
  items: z.array(AlertSchema),
  nextCursor: z.string().nullable(),
  counts: z.record(z.string(), z.number().int()).describe('Alerts per state matching the account and kind filters (whatever states are listed)'),
  severities: z
    .record(z.string(), z.partialRecord(SeveritySchema, z.number().int()))
    .describe('The same counts per state, split by severity: { open: { critical: 1, info: 2 }, … }'),
  freshness: FreshnessSchema.optional().describe(
    "How current the stored alerts are (decision 0027): on every read of the workspace's alerts; absent when filtered by account, whose alerts are brought to today before the read",
  ),
});

export const AlertNoteSchema = z.strictObject({ note: z.string().trim().max(2000).optional() });
export const SnoozeAlertSchema = z.strictObject({
  until: z.iso
    .datetime({ offset: true, message: 'An ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z' })
    .describe('When the alert opens again if it still holds'),
  note: z.string().trim().max(2000).optional(),
});
