import type { Clock } from './clock.js';
import type { Db } from './db/database.js';

/** What most use-cases need: a database (or transaction) and the time. Passed explicitly, never imported. */
export interface Deps {
  db: Db;
  clock: Clock;
}

/**
 * Runs `fn` in a transaction, or in the caller's transaction when `deps.db` already is one, so a
 * use-case can be composed into a larger one without nesting transactions.
 */
export async function inTransaction<T>(deps: Deps, fn: (tx: Deps) => Promise<T>): Promise<T> {
  if (deps.db.isTransaction) return fn(deps);
  return deps.db.transaction().execute((trx) => fn({ ...deps, db: trx }));
}
