import { sql } from 'kysely';
import type { Deps } from '../platform/deps.js';
import { insertJob } from '../platform/jobs/queue.js';

/** The job queue's name for health recomputes of a workspace's changed accounts. */
export const HEALTH_QUEUE = 'health.recompute';

/**
 * Marks accounts whose facts changed (a touchpoint, deliverable, target, incident or contact was
 * written or removed) and queues one recompute job for the workspace. Call it inside the write's
 * transaction: the mark exists exactly when the change does. A burst of changes coalesces into one
 * job (dedupe key per workspace); the job recomputes every marked account.
 */
export async function accountFactsChanged(deps: Deps, workspaceId: string, accountIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return;
  const now = deps.clock.now();
  await sql`
    insert into health_dirty (workspace_id, account_id, changed_at)
    select ${workspaceId}::uuid, a.id, ${now}::timestamptz from accounts a
    where a.workspace_id = ${workspaceId} and a.id = any(${ids}::uuid[])
    on conflict (workspace_id, account_id) do update set changed_at = excluded.changed_at`.execute(deps.db);
  await insertJob(deps.db, now, { queue: HEALTH_QUEUE, workspaceId, payload: { workspaceId }, dedupeKey: `ws:${workspaceId}` });
}
