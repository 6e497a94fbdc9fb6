import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/support/database.js';
import { openDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

const ALL_IDS = MIGRATIONS.map((m) => m.id);

async function appliedIds(database: Database): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from schema_migrations order by id`.execute(database.db);
  return rows.map((r) => r.id);
}

async function tableNames(database: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`.execute(database.db);
  return rows.map((r) => r.name);
}

describe('migrate', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('has migrations with unique, ordered ids', () => {
    expect(new Set(ALL_IDS).size).toBe(ALL_IDS.length);
    expect([...ALL_IDS].sort()).toEqual(ALL_IDS);
  });

  it('applies nothing on a migrated database', async () => {
    expect(await migrate(database)).toEqual([]);
    expect(await appliedIds(database)).toEqual(ALL_IDS);
  });

  it('from an empty schema applies every migration once, then nothing', async () => {
    await database.runScript('drop schema public cascade; create schema public;');
    expect(await tableNames(database)).toEqual([]);

    expect(await migrate(database)).toEqual(ALL_IDS);
    const tables = await tableNames(database);
    expect(tables).toEqual(expect.arrayContaining(['users', 'workspaces', 'memberships', 'sessions', 'api_tokens', 'jobs', 'audit_events', 'accounts', 'contacts', 'schema_migrations']));

    expect(await migrate(database)).toEqual([]);
    expect(await migrate(database)).toEqual([]);
    expect(await appliedIds(database)).toEqual(ALL_IDS);
    expect(await tableNames(database)).toEqual(tables);
  });

  it('every table a workspace owns carries workspace_id in its primary key', async () => {
    const { rows } = await sql<{ table_name: string; columns: string }>`
      select tc.table_name, string_agg(kcu.column_name, ',' order by kcu.ordinal_position) as columns
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu
        on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
      where tc.table_schema = 'public' and tc.constraint_type = 'PRIMARY KEY'
      group by tc.table_name`.execute(database.db);
    const keys = Object.fromEntries(rows.map((r) => [r.table_name, r.columns.split(',')]));
    for (const table of ['accounts', 'account_owners', 'account_conflicts', 'contacts', 'audit_events', 'memberships']) {
      expect(keys[table], table).toContain('workspace_id');
    }
  });
});

// Several processes starting at once on one PostgreSQL server queue on an advisory lock, and
// only one of them applies the migrations.
describe.skipIf(TEST_DB_KIND !== 'postgres')('migrate on PostgreSQL, concurrently', () => {
  const url = process.env.TEST_DATABASE_URL ?? '';
  const name = `rapport_mig_${randomBytes(5).toString('hex')}`;
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
  });
  afterAll(async () => {
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  });

  it('three processes migrating an empty database at once apply each migration exactly once', async () => {
    const target = new URL(url);
    target.pathname = `/${name}`;
    const databases = await Promise.all([0, 1, 2].map(() => openDatabase({ url: target.toString(), poolSize: 2 })));
    try {
      const results = await Promise.all(databases.map((d) => migrate(d)));
      expect(results.flat().sort()).toEqual([...ALL_IDS].sort());
      expect(results.filter((r) => r.length > 0)).toHaveLength(1);
      expect(await appliedIds(databases[0]!)).toEqual(ALL_IDS);
    } finally {
      await Promise.all(databases.map((d) => d.close()));
    }
  });
});
