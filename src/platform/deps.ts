import type { Clock } from './clock.js';
import type { Db } from './db/database.js';

/** What most use-cases need: a database (or transaction) and the time. Passed explicitly, never imported. */
export interface Deps {
  db: Db;
  clock: Clock;
  /**
   * Tells this process's job workers that a job is ready, so a sleeping one claims it now rather
   * than at its next poll (up to a second later). Call it once the job is committed: a worker woken
   * before that finds nothing and sleeps again. Absent where no workers run here (the CLI, tests
   * that drain by hand); other processes find the job at their next poll.
   */
  wakeJobs?: () => void;
}

/**
 * Runs `fn` in a transaction, or in the caller's transaction when `deps.db` already is one, so a
 * use-case can be composed into a larger one without nesting transactions.
 */
export async function inTransaction<T>(deps: Deps, fn: (tx: Deps) => Promise<T>): Promise<T> {
  if (deps.db.isTransaction) return fn(deps);
  return deps.db.transaction().execute((trx) => fn({ ...deps, db: trx }));
}
