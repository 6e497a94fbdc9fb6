import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/support/database.js';
import { idIn, prepared, preparedWhen, type Database } from './database.js';

describe('prepared statements', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  const square = (n: number) => sql<{ n: number }>`${prepared}select ${n}::int * ${n}::int as n`.execute(database.db);

  it('answer each run with its own values (eight runs: PostgreSQL plans the first five afresh, then may keep a generic plan)', async () => {
    const answers: number[] = [];
    for (let n = 1; n <= 8; n++) answers.push((await square(n)).rows[0]!.n);
    expect(answers).toEqual([1, 4, 9, 16, 25, 36, 49, 64]);
  });

  it(`are named statements on ${TEST_DB_KIND === 'postgres' ? 'PostgreSQL' : 'PGlite (PREPARE and EXECUTE)'}, parsed once per connection`, async () => {
    const countPrepared = async () =>
      database.db.connection().execute(async (db) => {
        await sql`${prepared}select 1 as one`.execute(db);
        await sql`${prepared}select 1 as one`.execute(db);
        await sql`select 2 as two`.execute(db);
        const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db);
        return rows.map((r) => r.statement.trim());
      });
    const statements = await countPrepared();
    expect(statements.filter((s) => s.endsWith('select 1 as one'))).toHaveLength(1);
    expect(statements.some((s) => s.includes('select 2 as two'))).toBe(false);
  });

  it('carry every kind of value as a bound parameter would', async () => {
    const tricky = [
      "it's a \"quote\" and a \\ backslash",
      '',
      'line\nbreak, tab\t, ünïcödé, emoji 🎉, $1, -- not a comment, /* nor this */',
    ];
    const row = async (mark: typeof prepared | ReturnType<typeof sql.raw>) =>
      (
        await sql<Record<string, unknown>>`${mark}select ${tricky[0]}::text as a, ${tricky[1]}::text as b, ${tricky[2]}::text as c,
            ${-12.5}::float8 as n, ${true}::boolean as t, ${null}::text as z, ${new Date('2026-06-01T12:34:56.789Z')}::timestamptz as d,
            ${['x"y', 'a\\b', 'c,d', '{e}']}::text[] as arr, ${'{"k":"it\'s"}'}::jsonb as j`.execute(database.db)
      ).rows[0];
    const bound = await row(sql.raw(''));
    for (let i = 0; i < 7; i++) expect(await row(prepared)).toEqual(bound);
    expect(bound).toMatchObject({ a: tricky[0], b: '', c: tricky[2], n: -12.5, t: true, z: null, arr: ['x"y', 'a\\b', 'c,d', '{e}'], j: { k: "it's" } });
  });

  const preparedTexts = async (): Promise<string[]> =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(database.db)).rows.map((r) => r.statement);

  it.runIf(TEST_DB_KIND === 'pglite')('on PGlite include unmarked plain statements with a few scalar values, not those with an array or many values', async () => {
    const tag = `t${Date.now()}`;
    await sql`select ${tag}::text as scalar_one`.execute(database.db);
    await sql`select ${[tag]}::text[] as array_one`.execute(database.db);
    await sql`select ${sql.join(Array.from({ length: 65 }, (_, i) => sql`${i}::int`))} as many_values`.execute(database.db);
    const texts = await preparedTexts();
    expect(texts.some((t) => t.includes('as scalar_one'))).toBe(true);
    expect(texts.some((t) => t.includes('as array_one'))).toBe(false);
    expect(texts.some((t) => t.includes('as many_values'))).toBe(false);
  });

  it.runIf(TEST_DB_KIND === 'pglite')('on PGlite are dropped after a script, so a table it changed cannot fail their next run', async () => {
    await database.runScript('create table prepared_probe (a int primary key); insert into prepared_probe values (1);');
    const read = () => sql<Record<string, unknown>>`select * from prepared_probe where a = ${1}`.execute(database.db);
    expect((await read()).rows).toEqual([{ a: 1 }]);
    await database.runScript('alter table prepared_probe add column b text;');
    // Still prepared, its next run would fail: "cached plan must not change result type".
    expect((await read()).rows).toEqual([{ a: 1, b: null }]);
    await database.runScript('drop table prepared_probe;');
  });

  it.runIf(TEST_DB_KIND === 'pglite')('on PGlite are capped at 200, the least recently run dropped first', async () => {
    const run = (n: number) => sql<{ n: number }>`select ${n}::int as ${sql.raw(`capped_${n}`)}`.execute(database.db);
    for (let n = 0; n < 230; n++) await run(n);
    const capped = (await preparedTexts()).filter((t) => t.includes(' as capped_'));
    expect((await preparedTexts()).length).toBeLessThanOrEqual(200);
    expect(capped.some((t) => t.endsWith(' as capped_229'))).toBe(true);
    expect(capped.some((t) => t.endsWith(' as capped_0'))).toBe(false);
    // A dropped one is prepared again when it runs again.
    expect((await run(0)).rows[0]).toEqual({ capped_0: 0 });
  });

  it('are marked only for one row, and one id is matched as a scalar (an array parameter would keep the generic plan from winning)', async () => {
    const text = (isOneRow: boolean) => sql`${preparedWhen(isOneRow)}select 1`.compile(database.db).sql;
    expect(text(true)).toMatch(/^\/\* prepared \*\/ select 1$/);
    expect(text(false)).toBe('select 1');
    expect(sql`${idIn('a.id', ['x'])}`.compile(database.db).sql).toBe('"a"."id" = $1::uuid');
    expect(sql`${idIn('a.id', ['x', 'y'])}`.compile(database.db).sql).toBe('"a"."id" = any($1::uuid[])');
  });
});
