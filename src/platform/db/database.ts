import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient, type Transaction } from 'kysely';
import pg from 'pg';
import { sha1 } from '../ids.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { PGliteDialect, PREPARED_MARK } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';
/** What repos and use-cases receive: the database or a transaction on it. */
export type Db = Kysely<DB> | Transaction<DB>;

/**
 * An open database: Kysely over PGlite or over a pg pool, plus the few things Kysely does not
 * cover (multi-statement scripts for migrations, closing the lock).
 */
export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /** Runs a multi-statement SQL script on one connection (migrations). */
  runScript(script: string): Promise<void>;
  /** Runs `fn` while holding a cluster-wide lock (PostgreSQL advisory lock; PGlite is single-process). */
  withExclusiveLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /** PGlite only: the data folder as a tarball (tests start from a migrated snapshot). */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

// The same JavaScript types from both drivers: bigint counts and numeric money as numbers, dates
// as 'YYYY-MM-DD' strings (a date has no time zone; a Date object would invent one).
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, UUID_ARRAY: 2951 } as const;
const parseNumber = (value: string): number => Number(value);
const keepString = (value: string): string => value;
/**
 * uuid[] in text form: a uuid never needs quoting, so the list is the text between the braces split
 * by commas (NULL for a null element). node-postgres's general array parser reads it character by
 * character — about 10 µs per ten-id array (decision 0010; the raw facts' contact ids use it, the
 * signals now travel as JSON).
 */
export const parseUuidArray = (value: string): Array<string | null> =>
  value === '{}' ? [] : value.slice(1, -1).split(',').map((id) => (id === 'NULL' ? null : id));

/**
 * Put first in a statement that runs many times with different values for one row (the health
 * recompute of one account after a change): on PostgreSQL it becomes a named statement, parsed once
 * per connection; after five runs the server plans it once and keeps that generic plan when it costs
 * no more than the custom ones (for one id, match with `idIn`, not `= any(array)`: an array
 * parameter is estimated at ten ids and its generic plan never wins). Not for statements over many
 * rows: a generic plan does not know how many ids a chunk has, and the nightly recompute's chunks
 * ran 1.5–2× slower on it (decision 0011). On PGlite, the same by SQL: `PREPARE` once, then
 * `EXECUTE` with the values (pglite-dialect.ts, decision 0017).
 */
export const prepared = sql.raw(`${PREPARED_MARK} `);
/** `prepared` for the statement of one row, nothing for more. */
export const preparedWhen = (isOneRow: boolean) => (isOneRow ? prepared : sql.raw(''));
/** `column = any(ids)`, or `column = id` for one id (see `prepared`). */
export const idIn = (column: string, ids: readonly string[]) =>
  ids.length === 1 ? sql`${sql.ref(column)} = ${ids[0]}::uuid` : sql`${sql.ref(column)} = any(${[...ids]}::uuid[])`;

/**
 * The pool as Kysely sees it, with the statements marked `prepared` sent as named statements. One
 * wrapper per pg client, so Kysely's connection cache (by client) still holds.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  // A name per statement text, hashed once (the marked texts are a handful, run thousands of times).
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) names.set(text, (name = `rapport_${sha1(text)}`));
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        // A cursor (Kysely's streaming) passes through as it is.
        const query = (text: string | pg.Submittable, values?: unknown[]) =>
          typeof text !== 'string' ? client.query(text) : text.startsWith(PREPARED_MARK) ? client.query({ name: nameOf(text), text, values }) : client.query(text, values);
        wrapper = { query: query as unknown as PostgresPoolClient['query'], release: (error?: Error) => client.release(error) } as PostgresPoolClient;
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

export interface OpenDatabaseOptions {
  /** PostgreSQL server URL; when absent, PGlite in `dataDir` (or in memory when `dataDir` is absent). */
  url?: string;
  dataDir?: string;
  /** A PGlite data folder tarball to start from (tests use a migrated snapshot). */
  loadDataDir?: Blob;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPGlite(options);
}

async function openPGlite(options: OpenDatabaseOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  let dataDir: string | undefined;
  if (options.dataDir) {
    lock = acquireDataDirLock(resolve(options.dataDir));
    dataDir = join(resolve(options.dataDir), 'pgdata');
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [OID.INT8]: parseNumber, [OID.NUMERIC]: parseNumber, [OID.DATE]: keepString, [OID.UUID_ARRAY]: parseUuidArray },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<DB>({ dialect });
  return {
    kind: 'pglite',
    db,
    async runScript(script) {
      await dialect.runScript(script);
    },
    async withExclusiveLock(_key, fn) {
      return fn();
    },
    async dumpDataDir() {
      return pglite.dumpDataDir('none');
    },
    async close() {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID.INT8 || oid === OID.NUMERIC) return parseNumber;
      if (oid === OID.DATE) return keepString;
      if (oid === OID.UUID_ARRAY && format !== 'binary') return parseUuidArray;
      return pg.types.getTypeParser(oid, format);
    },
  };
  // JIT off for Rapport's connections: its statements are short (the recompute reads in chunks);
  // compiling one costs more than it saves (measured 0.15–0.7 s on the signals statement, decision 0010).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: types as pg.CustomTypesConfig, options: '-c jit=off' });
  // Fail fast with a clear error when the server cannot be reached.
  const probe = await pool.connect();
  probe.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    kind: 'postgres',
    db,
    async runScript(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    async withExclusiveLock(key, fn) {
      // A connection of its own, outside the pool, so `fn` can use the whole pool meanwhile.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        return await fn();
      } finally {
        await client.end();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}
