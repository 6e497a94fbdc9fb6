import type { Deps } from '../platform/deps.js';
import type { JobQueue } from '../platform/jobs/queue.js';
import type { Logger } from '../platform/logger.js';
import { HEALTH_QUEUE } from './changed.js';
import { recomputeHealth, staleAccounts } from './recompute.js';

/** The nightly recompute of every workspace: daily snapshots, and scores that moved with time alone. */
export const HEALTH_NIGHTLY_QUEUE = 'health.nightly';

/** Five past midnight UTC after `now`. */
export function nextNightlyRun(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 5));
  return next;
}

/**
 * Registers the health jobs: `health.recompute` (a workspace's changed accounts, queued by
 * accountFactsChanged; `{ all: true }` recomputes every open account, after a model change) and
 * `health.nightly` (every workspace's out-of-date accounts, then queues itself for the next night).
 * The first nightly run is queued now, so a process that starts after midnight catches up at once.
 */
export async function scheduleHealth(deps: Deps, jobs: JobQueue, logger: Logger): Promise<void> {
  jobs.register(HEALTH_QUEUE, async (job) => {
    const workspaceId = String(job.payload.workspaceId ?? job.workspaceId);
    const ids = job.payload.all === true ? undefined : await changedAccounts(deps, workspaceId);
    if (ids && ids.length === 0) return;
    const result = await recomputeHealth(deps, workspaceId, ids ? { ids } : { all: true }, { cause: ids ? 'change' : 'recompute' });
    logger.debug({ workspaceId, ...result }, 'health recomputed');
  });
  jobs.register(HEALTH_NIGHTLY_QUEUE, async () => {
    const workspaces = await deps.db.selectFrom('workspaces').select('id').execute();
    for (const { id } of workspaces) {
      const stale = await staleAccounts(deps, id);
      if (stale.length === 0) continue;
      const result = await recomputeHealth(deps, id, { ids: stale }, { cause: 'daily' });
      logger.info({ workspaceId: id, ...result }, 'nightly health recompute');
    }
    await jobs.enqueue(deps.db, { queue: HEALTH_NIGHTLY_QUEUE, dedupeKey: 'nightly', runAt: nextNightlyRun(deps.clock.now()) });
  });
  await jobs.enqueue(deps.db, { queue: HEALTH_NIGHTLY_QUEUE, dedupeKey: 'nightly' });
}

async function changedAccounts(deps: Deps, workspaceId: string): Promise<string[]> {
  const rows = await deps.db.selectFrom('health_dirty').select('account_id').where('workspace_id', '=', workspaceId).execute();
  return rows.map((r) => r.account_id);
}
