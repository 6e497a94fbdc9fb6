import { z } from 'zod';
import { CurrencySchema, DaySchema, MoneyAmountSchema } from '../accounts/schemas.js';
import { StoredTimeSchema as DateTime, pageLimit } from '../platform/validation.js';
import { DELIVERABLE_STATES, DELIVERABLE_STATUSES, INCIDENT_KINDS, PROJECT_STATUSES } from './delivery.js';

export const ProjectStatusSchema = z.enum(PROJECT_STATUSES);
export const DeliverableStatusSchema = z.enum(DELIVERABLE_STATUSES);
export const DeliverableStateSchema = z.enum(DELIVERABLE_STATES);
export const IncidentKindSchema = z.enum(INCIDENT_KINDS);

const Day = DaySchema;
const Text = (max: number) => z.string().trim().max(max);
/** Goals and actuals: any finite number a person would write down (JSON has no NaN or Infinity). */
const Measure = z.number().min(-1e12, 'At least -1,000,000,000,000').max(1e12, 'At most 1,000,000,000,000');
const Limit = pageLimit(500, 50);
const Cursor = z.string().max(500).optional();

/** Optional versions of every field, at least one of them sent: the body of a PATCH. */
function patchOf<T extends Record<string, z.ZodType>>(fields: T) {
  return z
    .strictObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> })
    .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
}

export const BudgetSchema = z.strictObject({ amount: MoneyAmountSchema, currency: CurrencySchema });

// ---------- Projects ----------

const projectFields = {
  accountId: z.uuid(),
  name: Text(200).min(1, 'Name is required'),
  brief: z.string().max(20_000).describe('What the client asked for'),
  budget: BudgetSchema.nullable(),
  startsOn: Day.nullable(),
  endsOn: Day.nullable().describe('Not before startsOn'),
  status: ProjectStatusSchema,
};

export const CreateProjectSchema = z.strictObject({
  accountId: projectFields.accountId,
  name: projectFields.name,
  brief: projectFields.brief.default(''),
  budget: projectFields.budget.optional(),
  startsOn: projectFields.startsOn.optional(),
  endsOn: projectFields.endsOn.optional(),
  status: projectFields.status.default('planned'),
});
export type CreateProjectInput = z.infer<typeof CreateProjectSchema>;

export const UpdateProjectSchema = patchOf(projectFields).describe('Moving a project to another account moves its deliverables, their incidents and its targets with it');
export type UpdateProjectInput = z.infer<typeof UpdateProjectSchema>;

export const ListProjectsQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  status: ProjectStatusSchema.optional(),
  from: Day.optional().describe('Running on or after this day (ends on it or later, or has no end)'),
  to: Day.optional().describe('Running before this day (starts before it, or has no start)'),
  limit: Limit,
  cursor: Cursor,
});
export type ListProjectsQuery = z.infer<typeof ListProjectsQuerySchema>;

export const ProjectSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  name: z.string(),
  brief: z.string(),
  budget: z.object({ amount: z.number(), currency: z.string() }).nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  status: ProjectStatusSchema,
  deliverableCount: z.number().int(),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProjectView = z.infer<typeof ProjectSchema>;
export const ProjectPageSchema = z.object({ items: z.array(ProjectSchema), nextCursor: z.string().nullable() });

// ---------- Deliverables ----------

const deliverableFields = {
  projectId: z.uuid().describe("The deliverable's account is its project's"),
  title: Text(300).min(1, 'Title is required'),
  ownerId: z.uuid().nullable().describe('A member of the workspace'),
  dueAt: DateTime,
  deliveredAt: DateTime.nullable().describe('Setting it marks the deliverable delivered'),
  approvedAt: DateTime.nullable().describe('Setting it marks the deliverable approved; not before deliveredAt'),
  status: DeliverableStatusSchema.describe('delivered/approved stamp their time (now) when none is sent; planned, in_progress and cancelled clear both'),
  notes: z.string().max(20_000),
};

export const CreateDeliverableSchema = z.strictObject({
  projectId: deliverableFields.projectId,
  title: deliverableFields.title,
  ownerId: deliverableFields.ownerId.optional(),
  dueAt: deliverableFields.dueAt,
  deliveredAt: deliverableFields.deliveredAt.optional(),
  approvedAt: deliverableFields.approvedAt.optional(),
  status: deliverableFields.status.optional().describe('Without one: approved, delivered or planned, by the times sent'),
  notes: deliverableFields.notes.default(''),
});
export type CreateDeliverableInput = z.infer<typeof CreateDeliverableSchema>;

export const UpdateDeliverableSchema = patchOf(deliverableFields);
export type UpdateDeliverableInput = z.infer<typeof UpdateDeliverableSchema>;

export const ListDeliverablesQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  projectId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  status: DeliverableStatusSchema.optional(),
  state: DeliverableStateSchema.optional().describe('Lateness as of now'),
  from: DateTime.optional().describe('Due at or after'),
  to: DateTime.optional().describe('Due before'),
  sort: z.enum(['dueAt', '-dueAt']).default('-dueAt').describe('dueAt: soonest due first'),
  limit: Limit,
  cursor: Cursor,
});
export type ListDeliverablesQuery = z.infer<typeof ListDeliverablesQuerySchema>;

export const DeliverableSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectName: z.string(),
  accountId: z.uuid(),
  accountName: z.string(),
  title: z.string(),
  owner: z.object({ userId: z.uuid(), name: z.string() }).nullable(),
  dueAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
  approvedAt: z.iso.datetime().nullable(),
  status: DeliverableStatusSchema,
  state: DeliverableStateSchema.describe('Lateness as of now'),
  daysLate: z.number().int().nullable().describe('Whole days late, a started day counting; 0 when on time; null while not yet due and when cancelled'),
  notes: z.string(),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type DeliverableView = z.infer<typeof DeliverableSchema>;
export const DeliverablePageSchema = z.object({ items: z.array(DeliverableSchema), nextCursor: z.string().nullable() });

// ---------- Targets ----------

const targetFields = {
  accountId: z.uuid(),
  projectId: z.uuid().nullable().describe("One of the account's projects"),
  metric: Text(200).min(1, 'Metric is required').describe('e.g. Organic sessions, CPA (EUR)'),
  periodStart: Day,
  periodEnd: Day.describe('Not before periodStart'),
  goal: Measure,
  actual: Measure.nullable().describe('null until measured'),
  higherIsBetter: z.boolean().describe('false for costs, response times and the like'),
};

export const CreateTargetSchema = z.strictObject({
  accountId: targetFields.accountId,
  projectId: targetFields.projectId.optional(),
  metric: targetFields.metric,
  periodStart: targetFields.periodStart,
  periodEnd: targetFields.periodEnd,
  goal: targetFields.goal,
  actual: targetFields.actual.optional(),
  higherIsBetter: targetFields.higherIsBetter.default(true),
});
export type CreateTargetInput = z.infer<typeof CreateTargetSchema>;

export const UpdateTargetSchema = patchOf(targetFields);
export type UpdateTargetInput = z.infer<typeof UpdateTargetSchema>;

export const ListTargetsQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  projectId: z.uuid().optional(),
  met: z.enum(['true', 'false', 'pending']).optional().describe('pending: no actual yet'),
  from: Day.optional().describe('Period ending on or after'),
  to: Day.optional().describe('Period ending before'),
  limit: Limit,
  cursor: Cursor,
});
export type ListTargetsQuery = z.infer<typeof ListTargetsQuerySchema>;

export const TargetSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  projectId: z.uuid().nullable(),
  projectName: z.string().nullable(),
  metric: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  goal: z.number(),
  actual: z.number().nullable(),
  higherIsBetter: z.boolean(),
  met: z.boolean().nullable().describe('null while the actual is missing'),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TargetView = z.infer<typeof TargetSchema>;
export const TargetPageSchema = z.object({ items: z.array(TargetSchema), nextCursor: z.string().nullable() });

// ---------- Incidents ----------

const incidentFields = {
  accountId: z.uuid(),
  deliverableId: z.uuid().nullable().describe("One of the account's deliverables"),
  kind: IncidentKindSchema,
  severity: z.number().int('1, 2 or 3').min(1, '1, 2 or 3').max(3, '1, 2 or 3').describe('1 minor, 2 notable, 3 serious'),
  description: z.string().max(20_000),
  occurredAt: DateTime,
};

export const CreateIncidentSchema = z.strictObject({
  accountId: incidentFields.accountId,
  deliverableId: incidentFields.deliverableId.optional(),
  kind: incidentFields.kind,
  severity: incidentFields.severity,
  description: incidentFields.description.default(''),
  occurredAt: incidentFields.occurredAt,
});
export type CreateIncidentInput = z.infer<typeof CreateIncidentSchema>;

export const UpdateIncidentSchema = patchOf(incidentFields);
export type UpdateIncidentInput = z.infer<typeof UpdateIncidentSchema>;

export const ListIncidentsQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  projectId: z.uuid().optional().describe("Incidents about the project's deliverables"),
  deliverableId: z.uuid().optional(),
  kind: IncidentKindSchema.optional(),
  minSeverity: z.string().regex(/^[1-3]$/, '1, 2 or 3').transform(Number).optional(),
  from: DateTime.optional().describe('Occurred at or after'),
  to: DateTime.optional().describe('Occurred before'),
  limit: Limit,
  cursor: Cursor,
});
export type ListIncidentsQuery = z.infer<typeof ListIncidentsQuerySchema>;

export const IncidentSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  deliverableId: z.uuid().nullable(),
  deliverableTitle: z.string().nullable(),
  kind: IncidentKindSchema,
  severity: z.number().int(),
  description: z.string(),
  occurredAt: z.iso.datetime(),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type IncidentView = z.infer<typeof IncidentSchema>;
export const IncidentPageSchema = z.object({ items: z.array(IncidentSchema), nextCursor: z.string().nullable() });
