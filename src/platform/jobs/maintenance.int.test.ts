import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/support/database.js';
import { fixedClock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { Deps } from '../deps.js';
import { vacuumWhereNeeded } from './maintenance.js';

// PGlite has no autovacuum worker (one standalone backend): the hourly job vacuums and analyzes
// for it. On a PostgreSQL server autovacuum does, and the job leaves it alone.
describe.skipIf(TEST_DB_KIND !== 'pglite')('vacuumWhereNeeded on PGlite', () => {
  let database: Database;
  let deps: Deps;
  // The counters PGlite keeps are flushed at the end of a transaction at most once a second; the
  // job runs an hour apart, the test a few statements apart.
  const flushStats = () => sql`select pg_stat_force_next_flush()`.execute(deps.db);
  const upkeep = async () => {
    await flushStats();
    await sql`select 1`.execute(deps.db);
    return (await vacuumWhereNeeded(deps)).filter((t) => t.table === 'upkeep_probe');
  };
  const probeStats = async () =>
    (
      await sql<{ dead: number; vacuums: number; analyzes: number }>`
        select n_dead_tup::int as dead, vacuum_count::int as vacuums, analyze_count::int as analyzes
        from pg_stat_user_tables where relname = 'upkeep_probe'`.execute(deps.db)
    ).rows[0]!;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = { db: database.db, clock: fixedClock(new Date('2026-06-01T12:00:00Z')) };
    await database.runScript('create table upkeep_probe (id int primary key, v int not null)');
  });
  afterAll(async () => database.close());

  it('vacuums a table after many inserts (so index-only scans need not read the heap), then leaves it', async () => {
    await sql`insert into upkeep_probe select g, 0 from generate_series(1, 2000) g`.execute(deps.db);
    expect(await upkeep()).toEqual([{ table: 'upkeep_probe', vacuumed: true, analyzed: true }]);
    const after = await probeStats();
    expect(after.vacuums).toBe(1);
    const { rows } = await sql<{ reltuples: number }>`select reltuples::int as reltuples from pg_class where relname = 'upkeep_probe'`.execute(deps.db);
    expect(rows[0]!.reltuples).toBe(2000);
    expect(await upkeep()).toEqual([]);
  });

  it('vacuums when dead rows pass 50 + 20% of the table, and reclaims them', async () => {
    // 400 dead of 2,000: under 450, so statistics only (400 changed > 50 + 10% = 250).
    await sql`update upkeep_probe set v = 1 where id <= 400`.execute(deps.db);
    expect(await upkeep()).toEqual([{ table: 'upkeep_probe', vacuumed: false, analyzed: true }]);
    expect((await probeStats()).dead).toBe(400);
    // 100 more: 500 dead.
    await sql`update upkeep_probe set v = 1 where id > 1900`.execute(deps.db);
    expect(await upkeep()).toEqual([{ table: 'upkeep_probe', vacuumed: true, analyzed: true }]);
    await flushStats();
    await sql`select 1`.execute(deps.db);
    expect(await probeStats()).toMatchObject({ dead: 0, vacuums: 2 });
  });

  it('leaves a table with few changes alone', async () => {
    await sql`update upkeep_probe set v = 2 where id <= 40`.execute(deps.db);
    expect(await upkeep()).toEqual([]);
  });

  it("follows a table's own autovacuum settings, as a server does (migration 0016 sets them on the tables read by their newest rows)", async () => {
    // 300 inserts into 2,000 rows: under the default 1,000 + 20%, over this table's 200 + 0%.
    await sql`insert into upkeep_probe select g, 0 from generate_series(2001, 2300) g`.execute(deps.db);
    expect(await upkeep()).toEqual([{ table: 'upkeep_probe', vacuumed: false, analyzed: true }]);
    await sql`alter table upkeep_probe set (autovacuum_vacuum_insert_threshold = 200, autovacuum_vacuum_insert_scale_factor = 0)`.execute(deps.db);
    expect(await upkeep()).toEqual([{ table: 'upkeep_probe', vacuumed: true, analyzed: true }]);
    const { rows } = await sql<{ table: string }>`
      select c.relname as table from pg_class c
      where c.relname in ('touchpoints', 'touchpoint_contacts', 'health_snapshots')
        and 'autovacuum_vacuum_insert_scale_factor=0' = any(c.reloptions)
      order by c.relname`.execute(deps.db);
    expect(rows.map((r) => r.table)).toEqual(['health_snapshots', 'touchpoint_contacts', 'touchpoints']);
  });
});
