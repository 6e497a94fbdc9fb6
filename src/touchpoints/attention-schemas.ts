import { z } from 'zod';
import { FreshnessSchema } from '../health/schemas.js';

export const AccountCadenceSchema = z.object({
  lastTouchAt: z.iso.datetime().nullable(),
  lastClientTouchAt: z.iso.datetime().nullable(),
  daysSinceLastTouch: z.number().int().nullable(),
  daysOverdue: z.number().int().nullable().describe('Days past the cadence (the days between touches the account is set to); null without a cadence'),
  clientShare90: z.number().nullable().describe('Share of touches the client started, last 90 days'),
  clientSharePrev90: z.number().nullable().describe('The same for the 90 days before'),
  engagedContacts90: z.number().int(),
  activeContacts: z.number().int(),
  touchesPerMonth: z.number(),
});

const ReasonSchema = z.object({ kind: z.enum(['going_quiet', 'client_stopped_initiating', 'single_threaded']), message: z.string() });

export const AttentionRowSchema = z.object({
  account: z.object({
    id: z.uuid(),
    name: z.string(),
    status: z.string(),
    value: z.object({ amount: z.number(), currency: z.string() }).nullable(),
    cadenceDays: z.number().int().nullable(),
    owners: z.array(z.object({ userId: z.uuid(), name: z.string(), role: z.string() })),
  }),
  reasons: z.array(ReasonSchema),
  cadence: AccountCadenceSchema,
});
export type AttentionRow = z.infer<typeof AttentionRowSchema>;

const ShareRowSchema = z.object({
  accountId: z.uuid(),
  name: z.string(),
  touches90: z.number().int(),
  value: z.number(),
  touchShare: z.number(),
  valueShare: z.number(),
  gap: z.number().describe('touchShare − valueShare: negative when the account pays more than the attention it gets'),
});

export const AttentionBoardSchema = z.object({
  asOf: z.iso.datetime().describe('Now: days since the last touch and days overdue are counted to this time'),
  freshness: FreshnessSchema.describe('How current the stored touch statistics (window counts, engaged contacts) are'),
  accountsConsidered: z.number().int(),
  accountsWithoutCadence: z.number().int().describe('Of those, the accounts with no cadence set: going quiet is not checked for them'),
  goingQuiet: z.array(AttentionRowSchema),
  stoppedInitiating: z.array(AttentionRowSchema),
  singleThreaded: z.array(AttentionRowSchema),
  attentionShare: z.object({
    currency: z.string().nullable().describe('The currency whose accounts are compared (with the accounts without a value); null when no account has a value'),
    currencies: z.array(z.object({ currency: z.string(), accounts: z.number().int() })).describe('Every currency the accounts are valued in, most accounts first'),
    totalTouches90: z.number().int(),
    totalValue: z.number(),
    owners: z.array(
      z.object({
        userId: z.uuid().nullable(),
        name: z.string(),
        touches90: z.number().int(),
        value: z.number(),
        touchShare: z.number(),
        valueShare: z.number(),
        accounts: z.array(ShareRowSchema),
      }),
    ),
  }),
});
export type AttentionBoard = z.infer<typeof AttentionBoardSchema>;

export const AttentionQuerySchema = z.strictObject({
  ownerId: z.uuid().optional().describe("Only this member's accounts"),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code, e.g. EUR')
    .optional()
    .describe('The attention share compares the accounts valued in this currency (default: the one most accounts are valued in)'),
});

export const AccountCadenceViewSchema = z.object({
  accountId: z.uuid(),
  asOf: z.iso.datetime(),
  cadenceDays: z.number().int().nullable(),
  cadence: AccountCadenceSchema,
  reasons: z.array(ReasonSchema),
  contacts: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      role: z.string(),
      status: z.string(),
      lastTouchAt: z.iso.datetime().nullable(),
      lastInitiatedAt: z.iso.datetime().nullable().describe('Last touch the client started with this contact in it'),
      touches90: z.number().int(),
    }),
  ),
});
