import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/database.js';

let snapshot: Blob | undefined;

/** Which database the integration suite runs on in this project: PGlite or a PostgreSQL server. */
export const TEST_DB_KIND: 'pglite' | 'postgres' = process.env.RAPPORT_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/**
 * A fresh, migrated, empty database for one test file: PGlite loaded from the migrated snapshot,
 * or a new PostgreSQL database cloned from the migrated template. Closing it drops what it made.
 */
export async function createTestDatabase(): Promise<Database> {
  if (TEST_DB_KIND === 'pglite') {
    snapshot ??= new Blob([readFileSync(inject('pgliteSnapshot'))]);
    return openDatabase({ loadDataDir: snapshot });
  }
  const url = process.env.TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  if (!url || !template) throw new Error('TEST_DATABASE_URL and the template database are needed on postgres');
  const name = `rapport_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      break;
    } catch (error) {
      // Two files cloning the template at the same instant can collide; try again shortly.
      if (attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ url: dbUrl.toString(), poolSize: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}
