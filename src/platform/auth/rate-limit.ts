import { sql } from 'kysely';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';

/**
 * Counts a hit against `key` in a fixed window and throws `rate_limited` past `limit`. The counter
 * lives in the database, so every Rapport process behind a load balancer shares it.
 */
export async function hitRateLimit(deps: Deps, key: string, limit: number, windowMs: number): Promise<void> {
  const now = deps.clock.now();
  const windowStartedBefore = new Date(now.getTime() - windowMs);
  const { rows } = await sql<{ hits: number; window_start: Date }>`
    insert into rate_limits (key, window_start, hits) values (${key}, ${now}, 1)
    on conflict (key) do update set
      hits = case when rate_limits.window_start <= ${windowStartedBefore} then 1 else rate_limits.hits + 1 end,
      window_start = case when rate_limits.window_start <= ${windowStartedBefore} then ${now} else rate_limits.window_start end
    returning hits, window_start`.execute(deps.db);
  const row = rows[0];
  if (row && row.hits > limit) {
    const retryAfter = Math.max(1, Math.ceil((new Date(row.window_start).getTime() + windowMs - now.getTime()) / 1000));
    throw new AppError('rate_limited', `Too many attempts; try again in ${retryAfter} s`, [
      { path: 'retryAfter', message: String(retryAfter) },
    ]);
  }
}

/** Forgets the counter, e.g. after a successful login. */
export async function clearRateLimit(deps: Deps, key: string): Promise<void> {
  await deps.db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
