import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { getAccount } from '../accounts/get-account.js';
import { touchpointsRepo } from './repo.js';
import type { z } from 'zod';
import type { TimelinePageSchema, TimelineQuerySchema } from './schemas.js';

/**
 * An account's timeline, newest first: touchpoints now; deliverables, incidents, survey answers
 * and alerts join it as those capabilities arrive, each entry with its kind and time.
 */
export async function getTimeline(
  deps: Deps,
  actor: Pick<Actor, 'workspaceId'>,
  accountId: string,
  query: z.infer<typeof TimelineQuerySchema>,
): Promise<z.infer<typeof TimelinePageSchema>> {
  await getAccount(deps, actor, accountId);
  const page = await touchpointsRepo(deps.db).listTouchpoints(actor.workspaceId, {
    accountId,
    channel: query.channel,
    direction: query.direction,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.items.map((touchpoint) => ({ kind: 'touchpoint' as const, at: touchpoint.occurredAt, touchpoint })), nextCursor: page.nextCursor };
}
