import { sql } from 'kysely';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';

/**
 * Fixed-window counters in the database, so every Rapport process behind a load balancer shares
 * them. `assertUnderRateLimit` only reads; `hitRateLimit` counts one hit.
 */
export async function assertUnderRateLimit(deps: Deps, key: string, limit: number, windowMs: number): Promise<void> {
  const now = deps.clock.now();
  const row = await deps.db.selectFrom('rate_limits').select(['hits', 'window_start']).where('key', '=', key).executeTakeFirst();
  if (!row) return;
  const windowEnds = new Date(row.window_start).getTime() + windowMs;
  if (windowEnds <= now.getTime() || row.hits < limit) return;
  const retryAfter = Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
  throw new AppError('rate_limited', `Too many attempts; try again in ${retryAfter} s`, [{ path: 'retryAfter', message: String(retryAfter) }]);
}

/** Counts a hit against `key`, starting a new window when the last one has closed. */
export async function hitRateLimit(deps: Deps, key: string, windowMs: number): Promise<void> {
  const now = deps.clock.now();
  const windowStartedBefore = new Date(now.getTime() - windowMs);
  await sql`
    insert into rate_limits (key, window_start, hits) values (${key}, ${now}, 1)
    on conflict (key) do update set
      hits = case when rate_limits.window_start <= ${windowStartedBefore} then 1 else rate_limits.hits + 1 end,
      window_start = case when rate_limits.window_start <= ${windowStartedBefore} then ${now} else rate_limits.window_start end`.execute(deps.db);
}

/** Forgets the counter, e.g. after a successful login. */
export async function clearRateLimit(deps: Deps, key: string): Promise<void> {
  await deps.db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
