import { createHash } from 'node:crypto';
import { existsSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { MIGRATIONS } from '../../src/platform/db/migrations/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}

const migrationsHash = createHash('sha256')
  .update(MIGRATIONS.map((m) => m.id + m.sql).join('\n'))
  .digest('hex')
  .slice(0, 16);

/**
 * Prepares what every integration test file starts from: a migrated PGlite data folder saved as a
 * tarball (a fresh initdb costs seconds and hundreds of MB; loading the tarball is fast), and on
 * PostgreSQL a migrated template database that each file clones.
 */
export default async function setup(project: TestProject): Promise<void> {
  const snapshot = join(tmpdir(), `rapport-test-pglite-${migrationsHash}.tar`);
  if (!existsSync(snapshot)) {
    const database = await openDatabase({});
    await migrate(database);
    const blob = await dumpDataDir(database);
    const temporary = `${snapshot}.${process.pid}`;
    writeFileSync(temporary, Buffer.from(await blob.arrayBuffer()));
    renameSync(temporary, snapshot);
    await database.close();
  }
  project.provide('pgliteSnapshot', snapshot);

  const url = process.env.TEST_DATABASE_URL;
  const wantsPostgres = project.config.name === 'postgres';
  if (wantsPostgres) {
    if (!url) throw new Error('TEST_DATABASE_URL is not set: the postgres project needs a PostgreSQL server');
    const template = `rapport_template_${migrationsHash}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${template}`);
      const templateUrl = new URL(url);
      templateUrl.pathname = `/${template}`;
      const database = await openDatabase({ url: templateUrl.toString(), poolSize: 1 });
      await migrate(database);
      await database.close();
    }
    await admin.end();
    project.provide('postgresTemplate', template);
  } else {
    project.provide('postgresTemplate', '');
  }
}

async function dumpDataDir(database: Awaited<ReturnType<typeof openDatabase>>): Promise<Blob> {
  if (!database.dumpDataDir) throw new Error('Only PGlite databases can be dumped');
  return database.dumpDataDir();
}
