import { sql } from 'kysely';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';

/**
 * Fixed-window counters in the database, so every Rapport process behind a load balancer shares
 * them. `takeRateLimit` counts one attempt, or refuses it when the window is full.
 */
export async function takeRateLimit(deps: Deps, key: string, limit: number, windowMs: number): Promise<void> {
  const now = deps.clock.now();
  const windowStartedBefore = new Date(now.getTime() - windowMs);
  // One statement, the row locked while it counts: attempts at the same moment, on any process,
  // each see the others' hits. Reading the count first and adding the hit after the attempt (as
  // before) let every attempt of a burst pass the check before any was counted.
  const { rows } = await sql<{ hits: number }>`
    insert into rate_limits (key, window_start, hits) values (${key}, ${now}, 1)
    on conflict (key) do update set
      hits = case when rate_limits.window_start <= ${windowStartedBefore} then 1 else rate_limits.hits + 1 end,
      window_start = case when rate_limits.window_start <= ${windowStartedBefore} then ${now} else rate_limits.window_start end
    where rate_limits.window_start <= ${windowStartedBefore} or rate_limits.hits < ${limit}
    returning hits`.execute(deps.db);
  if (rows.length > 0) return;
  const row = await deps.db.selectFrom('rate_limits').select('window_start').where('key', '=', key).executeTakeFirst();
  const windowEnds = row ? new Date(row.window_start).getTime() + windowMs : now.getTime();
  const retryAfter = Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
  throw new AppError('rate_limited', `Too many attempts; try again in ${retryAfter} s`, [{ path: 'retryAfter', message: String(retryAfter) }]);
}

/** Takes back one attempt counted by `takeRateLimit`: one that turned out not to count (a success). */
export async function returnRateLimit(deps: Deps, key: string): Promise<void> {
  await deps.db
    .updateTable('rate_limits')
    .set((eb) => ({ hits: eb('hits', '-', 1) }))
    .where('key', '=', key)
    .where('hits', '>', 0)
    .execute();
}

/** Forgets the counter, e.g. after a successful login. */
export async function clearRateLimit(deps: Deps, key: string): Promise<void> {
  await deps.db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
