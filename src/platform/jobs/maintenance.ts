import { sql } from 'kysely';
import type { Deps } from '../deps.js';
import type { Logger } from '../logger.js';
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

/** What `vacuumWhereNeeded` did to one table. */
export interface TableUpkeep {
  table: string;
  /** `vacuum (analyze)`: dead rows reclaimed, the visibility map set (index-only scans), statistics refreshed. */
  vacuumed: boolean;
  /** Statistics refreshed (by `analyze` alone, or by the vacuum). */
  analyzed: boolean;
}

/**
 * PostgreSQL's autovacuum, for PGlite: PGlite runs one standalone backend, with no autovacuum
 * worker, so its tables would never lose their dead rows (every nightly recompute rewrites each
 * account's current score), never set their visibility map (index-only scans would read the heap),
 * and never get planner statistics. So this applies autovacuum's default thresholds to Rapport's
 * tables, from the statistics PGlite does keep (`pg_stat_user_tables`), one table at a time:
 * - vacuum (and analyze) when dead rows exceed 50 + 20% of the table, or rows inserted since the
 *   last vacuum exceed 1,000 + 20% (PostgreSQL 13's insert threshold: it sets the visibility map);
 * - analyze alone when rows changed since the last analyze exceed 50 + 10%;
 * - a table's own autovacuum settings replace these numbers, as on a server (the tables read by
 *   index-only scans over their newest rows are vacuumed after a fixed number of inserts: 0016).
 * On a PostgreSQL server, autovacuum does this; the hourly job runs it on PGlite only (decision 0015).
 */
export async function vacuumWhereNeeded(deps: Deps): Promise<TableUpkeep[]> {
  // A table's own settings (`alter table … set (autovacuum_…)`, migration 0016) before the defaults.
  const setting = (name: string, fallback: number) =>
    sql`coalesce((select o.option_value::float8 from pg_options_to_table(c.reloptions) o where o.option_name = ${name}), ${fallback})`;
  const { rows } = await sql<{ table: string; vacuum: boolean; analyze: boolean }>`
    select s.relname as table,
           (s.n_dead_tup > ${setting('autovacuum_vacuum_threshold', 50)} + ${setting('autovacuum_vacuum_scale_factor', 0.2)} * greatest(c.reltuples, 0)
            or s.n_ins_since_vacuum > ${setting('autovacuum_vacuum_insert_threshold', 1000)} + ${setting('autovacuum_vacuum_insert_scale_factor', 0.2)} * greatest(c.reltuples, 0)) as vacuum,
           s.n_mod_since_analyze > ${setting('autovacuum_analyze_threshold', 50)} + ${setting('autovacuum_analyze_scale_factor', 0.1)} * greatest(c.reltuples, 0) as analyze
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = 'public'
    order by s.relname`.execute(deps.db);
  const done: TableUpkeep[] = [];
  for (const row of rows) {
    if (!row.vacuum && !row.analyze) continue;
    if (row.vacuum) await sql`vacuum (analyze) ${sql.table(row.table)}`.execute(deps.db);
    else await sql`analyze ${sql.table(row.table)}`.execute(deps.db);
    done.push({ table: row.table, vacuumed: row.vacuum, analyzed: true });
  }
  return done;
}

/**
 * Registers the hourly upkeep and queues its first run: the purge of what expired, and on PGlite
 * (`vacuum: true`) the vacuum and analyze of the tables that need it.
 */
export async function scheduleMaintenance(deps: Deps, jobs: JobQueue, options: { vacuum: boolean; logger?: Logger }): Promise<void> {
  jobs.register(MAINTENANCE_QUEUE, async () => {
    await purgeExpired(deps);
    if (options.vacuum) {
      const tables = await vacuumWhereNeeded(deps);
      if (tables.length > 0) options.logger?.info({ tables: tables.map((t) => `${t.table}${t.vacuumed ? '' : ' (analyze)'}`) }, 'vacuumed');
    }
    await jobs.enqueue(deps.db, {
      queue: MAINTENANCE_QUEUE,
      dedupeKey: 'hourly',
      runAt: new Date(deps.clock.now().getTime() + HOUR),
    });
  });
  await jobs.enqueue(deps.db, { queue: MAINTENANCE_QUEUE, dedupeKey: 'hourly' });
}
