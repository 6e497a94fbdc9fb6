import { z } from 'zod';
import { DirectionSchema } from '../touchpoints/schemas.js';
import { pageLimit } from '../platform/validation.js';

export const IntakeAddressSchema = z.object({
  address: z.string().describe('BCC or forward mail to this address to log it; keep it secret'),
  domain: z.string(),
  smtp: z.object({
    enabled: z.boolean().describe('Whether this server runs the SMTP intake (RAPPORT_SMTP_PORT ≠ 0)'),
    host: z.string(),
    port: z.number().int(),
  }),
});
export type IntakeAddressView = z.infer<typeof IntakeAddressSchema>;

export const UNMATCHED_STATUSES = ['pending', 'assigned', 'discarded'] as const;

export const ListUnmatchedMailsQuerySchema = z.strictObject({
  status: z.enum(UNMATCHED_STATUSES).default('pending'),
  limit: pageLimit(200, 50),
  cursor: z.string().max(500).optional(),
});
export type ListUnmatchedMailsQuery = z.infer<typeof ListUnmatchedMailsQuerySchema>;

export const UnmatchedMailSchema = z.object({
  id: z.uuid(),
  messageId: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  snippet: z.string().describe('The start of the text, for a list'),
  bodyText: z.string().describe('The text as kept (up to 5,000 characters)'),
  sentAt: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  status: z.enum(UNMATCHED_STATUSES),
  touchpointId: z.uuid().nullable(),
});
export type UnmatchedMailView = z.infer<typeof UnmatchedMailSchema>;
export const UnmatchedMailPageSchema = z.object({ items: z.array(UnmatchedMailSchema), nextCursor: z.string().nullable() });

export const AssignUnmatchedMailSchema = z.strictObject({
  accountId: z.uuid(),
  contactIds: z.array(z.uuid()).max(100).optional().describe("Default: the account's contacts among the mail's addresses"),
  direction: DirectionSchema.optional().describe('Default: agency_initiated when a team member sent it, else client_initiated'),
});
export type AssignUnmatchedMailInput = z.infer<typeof AssignUnmatchedMailSchema>;
