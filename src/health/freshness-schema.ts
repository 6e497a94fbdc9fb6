import { z } from 'zod';

/**
 * How current the stored numbers of a portfolio-wide read are (`Freshness` in recompute.ts is this
 * schema's type; decision 0027). In a file of its own, without the accounts' schemas: the accounts list carries it too, and
 * accounts/schemas.ts importing health/schemas.ts (which imports accounts/schemas.ts) would be an
 * import cycle. A response field only, so a plain ISO date is enough for `asOf`.
 */
export const FreshnessSchema = z
  .object({
    asOf: z.iso.date().nullable().describe("The day of the oldest stored numbers among the open accounts: today, or an earlier day until the day's recompute has reached them all; null without an open account"),
    computedAt: z.iso.datetime().nullable().describe('When the oldest of them was computed; null without an open account'),
    updating: z.boolean().describe("Some are from an earlier day and the day's recompute is queued or running: read again for today's"),
  })
  .describe('How current the stored scores, touch statistics and alerts are');
