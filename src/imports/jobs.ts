import type { Deps } from '../platform/deps.js';
import type { JobQueue } from '../platform/jobs/queue.js';
import type { Logger } from '../platform/logger.js';
import { importsRepo } from './repo.js';
import { HEARTBEAT_MS } from './run-import.js';

/** The job that fails imports whose process stopped. */
export const IMPORTS_SWEEP_QUEUE = 'imports.sweep';
const EVERY_MS = 5 * 60_000;
/** Twenty heartbeats missed: the process is gone, not busy. */
export const SILENT_AFTER_MS = 20 * HEARTBEAT_MS;
export const ABANDONED_MESSAGE = 'The server running the import stopped before it finished; import the file again: rows already imported are skipped';

/**
 * Registers the sweep of abandoned imports and queues its first run; it queues itself every five
 * minutes, through the job queue, so with many processes one of them runs it. An import runs in
 * the process that took the upload (the file is on that machine); if the process dies, no other
 * can finish it, and without the sweep it would show "running" for ever (decision 0023). On PGlite
 * the routes fail every unfinished import at start as well: there is only ever one process.
 */
export async function scheduleImportSweep(deps: Deps, jobs: JobQueue, logger: Logger): Promise<void> {
  jobs.register(IMPORTS_SWEEP_QUEUE, async () => {
    const now = deps.clock.now();
    const failed = await importsRepo(deps.db).failUnfinished(now, ABANDONED_MESSAGE, new Date(now.getTime() - SILENT_AFTER_MS));
    if (failed > 0) logger.warn({ imports: failed }, 'imports whose process stopped marked failed');
    await jobs.enqueue(deps.db, { queue: IMPORTS_SWEEP_QUEUE, dedupeKey: 'sweep', runAt: new Date(now.getTime() + EVERY_MS) });
  });
  await jobs.enqueue(deps.db, { queue: IMPORTS_SWEEP_QUEUE, dedupeKey: 'sweep' });
}
