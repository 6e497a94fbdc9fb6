import type { Deps } from '../platform/deps.js';
import type { JobQueue } from '../platform/jobs/queue.js';
import type { Logger } from '../platform/logger.js';
import { HEALTH_QUEUE } from './changed.js';
import { HEALTH_DAY_QUEUE, queueDayRecompute, recomputeHealth, staleAccounts, type RecomputeResult } from './recompute.js';

/** The nightly run: queues every workspace's day (daily snapshots, and scores that moved with time alone). */
export const HEALTH_NIGHTLY_QUEUE = 'health.nightly';

/** Five past midnight UTC after `now`. */
export function nextNightlyRun(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 5));
  return next;
}

/**
 * The day's recompute of one workspace (the `health.daily` job): every account scored on an earlier
 * day, or marked, or never scored, with cause 'daily'. Returns nothing to do as null.
 */
export async function recomputeDay(deps: Deps, workspaceId: string): Promise<RecomputeResult | null> {
  const stale = await staleAccounts(deps, workspaceId);
  if (stale.length === 0) return null;
  return recomputeHealth(deps, workspaceId, { ids: stale }, { cause: 'daily' });
}

/**
 * Registers the health jobs: `health.recompute` (a workspace's changed accounts, queued by
 * accountFactsChanged; `{ all: true }` recomputes every open account, after a model change),
 * `health.daily` (one workspace's day: recomputeDay, queued by the nightly run or by a read that
 * found yesterday's numbers) and `health.nightly` (queues every workspace's day, then itself for
 * the next night). The first nightly run is queued now, so a process that starts after midnight
 * catches up at once.
 */
export async function scheduleHealth(deps: Deps, jobs: JobQueue, logger: Logger): Promise<void> {
  jobs.register(HEALTH_QUEUE, async (job) => {
    const workspaceId = String(job.payload.workspaceId ?? job.workspaceId);
    const ids = job.payload.all === true ? undefined : await changedAccounts(deps, workspaceId);
    if (ids && ids.length === 0) return;
    const result = await recomputeHealth(deps, workspaceId, ids ? { ids } : { all: true }, { cause: ids ? 'change' : 'recompute' });
    logger.debug({ workspaceId, ...result }, 'health recomputed');
  });
  jobs.register(HEALTH_DAY_QUEUE, async (job) => {
    const workspaceId = String(job.payload.workspaceId ?? job.workspaceId);
    const result = await recomputeDay(deps, workspaceId);
    if (result) logger.info({ workspaceId, ...result }, 'daily health recompute');
  });
  jobs.register(HEALTH_NIGHTLY_QUEUE, async () => {
    // One job per workspace: workers (and processes) share them, and a read's request for the same
    // day coalesces with its workspace's.
    const workspaces = await deps.db.selectFrom('workspaces').select('id').execute();
    for (const { id } of workspaces) await queueDayRecompute(deps.db, deps.clock.now(), id);
    await jobs.enqueue(deps.db, { queue: HEALTH_NIGHTLY_QUEUE, dedupeKey: 'nightly', runAt: nextNightlyRun(deps.clock.now()) });
  });
  await jobs.enqueue(deps.db, { queue: HEALTH_NIGHTLY_QUEUE, dedupeKey: 'nightly' });
}

async function changedAccounts(deps: Deps, workspaceId: string): Promise<string[]> {
  const rows = await deps.db.selectFrom('health_dirty').select('account_id').where('workspace_id', '=', workspaceId).execute();
  return rows.map((r) => r.account_id);
}
