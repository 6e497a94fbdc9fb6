import { z } from 'zod';
import { StoredTimeSchema as DateTime, pageLimit } from '../platform/validation.js';
import { CHANNELS, DIRECTIONS, SOURCES } from './touchpoint.js';
import { DeliverableSchema, IncidentSchema, ProjectSchema, TargetSchema } from '../delivery/schemas.js';

export const ChannelSchema = z.enum(CHANNELS);
export const DirectionSchema = z.enum(DIRECTIONS);
export const SourceSchema = z.enum(SOURCES);

const touchpointFields = {
  accountId: z.uuid(),
  channel: ChannelSchema,
  direction: DirectionSchema,
  occurredAt: DateTime,
  durationMinutes: z.number().int('Whole minutes').min(0, 'Cannot be negative').max(100_000).nullable(),
  contactIds: z.array(z.uuid()).max(100),
  memberIds: z.array(z.uuid()).max(50),
  subject: z.string().trim().max(500),
  summary: z.string().max(20_000),
};

export const CreateTouchpointSchema = z.strictObject({
  accountId: touchpointFields.accountId,
  channel: touchpointFields.channel,
  direction: touchpointFields.direction,
  occurredAt: touchpointFields.occurredAt,
  durationMinutes: touchpointFields.durationMinutes.optional(),
  contactIds: touchpointFields.contactIds.default([]),
  memberIds: touchpointFields.memberIds.default([]),
  subject: touchpointFields.subject.default(''),
  summary: touchpointFields.summary.default(''),
  source: z.enum(['manual', 'api']).default('api').describe('manual when a person typed it in the web app'),
  externalId: z.string().trim().min(1).max(500).optional().describe('Your id for it: sending the same one again returns the stored touchpoint'),
});
export type CreateTouchpointInput = z.infer<typeof CreateTouchpointSchema>;

export const UpdateTouchpointSchema = z
  .strictObject(
    Object.fromEntries(Object.entries(touchpointFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof touchpointFields]: z.ZodOptional<(typeof touchpointFields)[K]>;
    },
  )
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export type UpdateTouchpointInput = z.infer<typeof UpdateTouchpointSchema>;

export const ListTouchpointsQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  channel: ChannelSchema.optional(),
  direction: DirectionSchema.optional(),
  from: DateTime.optional().describe('Occurred at or after'),
  to: DateTime.optional().describe('Occurred before'),
  limit: pageLimit(500, 50),
  cursor: z.string().max(500).optional(),
});
export type ListTouchpointsQuery = z.infer<typeof ListTouchpointsQuerySchema>;

export const TouchpointSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  channel: ChannelSchema,
  direction: DirectionSchema,
  occurredAt: z.iso.datetime(),
  durationMinutes: z.number().int().nullable(),
  subject: z.string(),
  summary: z.string(),
  source: SourceSchema,
  externalId: z.string().nullable(),
  contacts: z.array(z.object({ id: z.uuid(), name: z.string() })),
  members: z.array(z.object({ userId: z.uuid(), name: z.string() })),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TouchpointView = z.infer<typeof TouchpointSchema>;
export const TouchpointPageSchema = z.object({ items: z.array(TouchpointSchema), nextCursor: z.string().nullable() });

/**
 * What an account's timeline holds, each entry at its time: a touchpoint when it happened, a
 * project at its start day, a deliverable when delivered (else when due), a target at the end of
 * its period, an incident when it happened (days at midnight UTC). Surveys and alerts join later.
 */
export const TIMELINE_KINDS = ['touchpoint', 'project', 'deliverable', 'target', 'incident'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export const TimelineQuerySchema = z.strictObject({
  kind: z.enum(TIMELINE_KINDS).optional().describe('Only entries of this kind'),
  channel: ChannelSchema.optional().describe('Only touchpoints, of this channel'),
  direction: DirectionSchema.optional().describe('Only touchpoints, started this way'),
  limit: pageLimit(200, 50),
  cursor: z.string().max(500).optional(),
});
const At = z.iso.datetime();
/** One entry: its kind, its time, and the record of that kind (the field named like the kind). */
export const TimelineEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('touchpoint'), at: At, touchpoint: TouchpointSchema }),
  z.object({ kind: z.literal('project'), at: At.describe("The project's start day"), project: ProjectSchema }),
  z.object({ kind: z.literal('deliverable'), at: At.describe('When delivered, else when due'), deliverable: DeliverableSchema }),
  z.object({ kind: z.literal('target'), at: At.describe("The end day of the target's period"), target: TargetSchema }),
  z.object({ kind: z.literal('incident'), at: At, incident: IncidentSchema }),
]);
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
export const TimelinePageSchema = z.object({ items: z.array(TimelineEntrySchema), nextCursor: z.string().nullable() });
