import { sql } from 'kysely';
import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

const MIGRATION_LOCK_KEY = 72_1001;

/**
 * Applies pending migrations in order, each in its own transaction together with its bookkeeping
 * row. Safe to call from several processes at once on PostgreSQL: they queue on an advisory lock
 * and the later ones find nothing left to do.
 */
export async function migrate(database: Database): Promise<string[]> {
  return database.withExclusiveLock(MIGRATION_LOCK_KEY, async () => {
    await database.runScript(
      'create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())',
    );
    const { rows } = await sql<{ id: string }>`select id from schema_migrations`.execute(database.db);
    const applied = new Set(rows.map((r) => r.id));
    const done: string[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      const record = `insert into schema_migrations (id) values ('${migration.id.replace(/'/g, "''")}');`;
      try {
        await database.runScript(`begin;\n${migration.sql}\n${record}\ncommit;`);
      } catch (error) {
        await database.runScript('rollback').catch(() => undefined);
        throw new Error(`Migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(migration.id);
    }
    return done;
  });
}
