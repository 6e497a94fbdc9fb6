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

  // 0009 ends the manual resolutions made before it whose kind was raised again since (on the day
  // they were resolved, in UTC) and leaves the others standing, so its unique index can be built.
  it('0009 ends the manual resolutions superseded before it and keeps the standing ones', async () => {
    await database.runScript('drop schema public cascade; create schema public;');
    const before = MIGRATIONS.findIndex((m) => m.id === '0009-alert-dismissals');
    expect(before).toBeGreaterThan(0);
    await database.runScript('create table schema_migrations (id text primary key, applied_at timestamptz not null default now())');
    for (const m of MIGRATIONS.slice(0, before)) await database.runScript(`begin;\n${m.sql}\ninsert into schema_migrations (id) values ('${m.id}');\ncommit;`);

    const ws = '00000000-0000-4000-8000-000000000001';
    const [acme, beta] = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1'];
    await database.runScript(`
      insert into workspaces (id, name, slug) values ('${ws}', 'W', 'w');
      insert into accounts (workspace_id, id, name, sort_name, search_text, status) values
        ('${ws}', '${acme}', 'Acme', 'acme', 'acme', 'active'), ('${ws}', '${beta}', 'Beta', 'beta', 'beta', 'active');`);
    const alert = (n: number, account: string, kind: string, raisedAt: string, resolvedAt: string | null, resolution: 'auto' | 'manual' | null) =>
      `('${ws}', '00000000-0000-4000-8000-${String(n).padStart(12, '0')}', '${account}', '${kind}', '${resolvedAt ? 'resolved' : 'open'}', 'warning', 'm', '[]',
        '${raisedAt.slice(0, 10)}', '${raisedAt}', '${raisedAt}', ${resolvedAt ? `'${resolvedAt}'` : 'null'}, ${resolution ? `'${resolution}'` : 'null'})`;
    await database.runScript(`
      insert into alerts (workspace_id, id, account_id, kind, state, severity, message, reasons, raised_on, raised_at, updated_at, resolved_at, resolution) values
        ${alert(1, acme, 'going_quiet', '2026-01-05T10:00:00Z', '2026-01-10T23:30:00Z', 'manual')},
        ${alert(2, acme, 'going_quiet', '2026-02-01T08:00:00Z', null, null)},
        ${alert(3, acme, 'delivery_slipping', '2026-01-05T10:00:00Z', '2026-01-12T09:00:00Z', 'manual')},
        ${alert(4, acme, 'delivery_slipping', '2026-02-01T08:00:00Z', '2026-03-01T09:00:00Z', 'manual')},
        ${alert(5, acme, 'targets_missed', '2026-01-05T10:00:00Z', '2026-01-20T09:00:00Z', 'manual')},
        ${alert(6, beta, 'targets_missed', '2026-02-01T08:00:00Z', null, null)},
        ${alert(7, acme, 'too_cosy', '2026-01-05T10:00:00Z', '2026-01-20T09:00:00Z', 'auto')},
        ${alert(8, acme, 'too_cosy', '2026-02-01T08:00:00Z', null, null)};`);

    expect(await migrate(database)).toEqual(ALL_IDS.slice(before));
    const { rows } = await sql<{ n: string; cleared_on: string | null }>`
      select right(id::text, 1) as n, cleared_on::text from alerts order by id`.execute(database.db);
    expect(Object.fromEntries(rows.map((r) => [r.n, r.cleared_on]))).toEqual({
      1: '2026-01-10', // raised again after the manual resolve: ended that day (UTC, not the next)
      2: null,
      3: '2026-01-12', // resolved by hand again later: the earlier one ends, the later one stands
      4: null,
      5: null, // the same kind raised on another account does not end it
      6: null,
      7: null, // resolved by the recompute, not by hand: no dismissal to end
      8: null,
    });
    // The standing dismissals are the ones the unique index now holds to one per account and kind.
    await expect(
      database.runScript(`insert into alerts (workspace_id, id, account_id, kind, state, severity, message, reasons, raised_on, raised_at, updated_at, resolved_at, resolution)
        values ${alert(9, acme, 'delivery_slipping', '2026-03-05T08:00:00Z', '2026-03-06T09:00:00Z', 'manual')}`),
    ).rejects.toThrow(/alerts_dismissed_idx/);
  });

  // 0010 dates the touchpoints and unmatched mails the intake stored with an unstorable Date
  // header (from the year 10000 on, or before 1900) when they were stored or received.
  it('0010 dates a mail stored outside 1900–9999 when it was stored, its contacts’ copies too, and leaves the others', async () => {
    await database.runScript('drop schema public cascade; create schema public;');
    const before = MIGRATIONS.findIndex((m) => m.id === '0010-mail-dates');
    expect(before).toBeGreaterThan(0);
    await database.runScript('create table schema_migrations (id text primary key, applied_at timestamptz not null default now())');
    for (const m of MIGRATIONS.slice(0, before)) await database.runScript(`begin;\n${m.sql}\ninsert into schema_migrations (id) values ('${m.id}');\ncommit;`);
    const ws = '00000000-0000-4000-8000-000000000001';
    const acme = '00000000-0000-4000-8000-0000000000a1';
    const contact = '00000000-0000-4000-8000-0000000000c1';
    const tp = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const stored = '2026-05-01T09:00:00Z';
    await database.runScript(`
      insert into workspaces (id, name, slug) values ('${ws}', 'W', 'w');
      insert into accounts (workspace_id, id, name, sort_name, search_text, status) values ('${ws}', '${acme}', 'Acme', 'acme', 'acme', 'active');
      insert into contacts (workspace_id, id, account_id, name, sort_name) values ('${ws}', '${contact}', '${acme}', 'Bob', 'bob');
      insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, source, created_at) values
        ('${ws}', '${tp(1)}', '${acme}', 'email', 'client_initiated', '10000-01-01T00:00:00Z', 'email', '${stored}'),
        ('${ws}', '${tp(2)}', '${acme}', 'email', 'client_initiated', '1800-01-01T00:00:00Z', 'email', '${stored}'),
        ('${ws}', '${tp(3)}', '${acme}', 'email', 'client_initiated', '2026-04-30T08:00:00Z', 'email', '${stored}');
      insert into touchpoint_contacts (workspace_id, touchpoint_id, contact_id, occurred_at, direction) values
        ('${ws}', '${tp(1)}', '${contact}', '10000-01-01T00:00:00Z', 'client_initiated'), ('${ws}', '${tp(3)}', '${contact}', '2026-04-30T08:00:00Z', 'client_initiated');
      insert into unmatched_mails (workspace_id, id, message_id, from_address, sent_at, received_at) values
        ('${ws}', '${tp(4)}', 'a@x', 'a@x.test', '10000-01-01T00:00:00Z', '${stored}'),
        ('${ws}', '${tp(5)}', 'b@x', 'b@x.test', '2026-04-30T08:00:00Z', '${stored}');`);

    expect(await migrate(database)).toEqual(ALL_IDS.slice(before));
    const times = async (query: string) =>
      Object.fromEntries((await sql.raw<{ id: string; at: Date }>(query).execute(database.db)).rows.map((r) => [r.id.slice(-1), r.at.toISOString()]));
    expect(await times('select id::text, occurred_at as at from touchpoints')).toEqual({ 1: '2026-05-01T09:00:00.000Z', 2: '2026-05-01T09:00:00.000Z', 3: '2026-04-30T08:00:00.000Z' });
    expect(await times('select touchpoint_id::text as id, occurred_at as at from touchpoint_contacts')).toEqual({ 1: '2026-05-01T09:00:00.000Z', 3: '2026-04-30T08:00:00.000Z' });
    expect(await times('select id::text, sent_at as at from unmatched_mails')).toEqual({ 4: '2026-05-01T09:00:00.000Z', 5: '2026-04-30T08:00:00.000Z' });
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
