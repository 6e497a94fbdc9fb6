import type { Deps } from '../deps.js';
import type { JobQueue } from './queue.js';

export const MAINTENANCE_QUEUE = 'platform.maintenance';
const HOUR = 3600_000;

/**
 * Removes what has expired: sessions past their end, rate-limit windows long closed, and finished
 * jobs older than a week. Runs hourly through the job queue, so with many processes it runs once.
 */
export async function purgeExpired(deps: Deps): Promise<{ sessions: number; rateLimits: number; jobs: number }> {
  const now = deps.clock.now();
  const sessions = await deps.db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  const rateLimits = await deps.db
    .deleteFrom('rate_limits')
    .where('window_start', '<', new Date(now.getTime() - 24 * HOUR))
    .executeTakeFirst();
  const jobs = await deps.db
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'failed'])
    .where('finished_at', '<', new Date(now.getTime() - 7 * 24 * HOUR))
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
    jobs: Number(jobs.numDeletedRows),
  };
}

/** Registers the hourly purge and queues its first run. */
export async function scheduleMaintenance(deps: Deps, jobs: JobQueue): Promise<void> {
  jobs.register(MAINTENANCE_QUEUE, async () => {
    await purgeExpired(deps);
    await jobs.enqueue(deps.db, {
      queue: MAINTENANCE_QUEUE,
      dedupeKey: 'hourly',
      runAt: new Date(deps.clock.now().getTime() + HOUR),
    });
  });
  await jobs.enqueue(deps.db, { queue: MAINTENANCE_QUEUE, dedupeKey: 'hourly' });
}
