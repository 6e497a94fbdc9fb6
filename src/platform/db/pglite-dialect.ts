import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import { sha1 } from '../ids.js';

/** Put first in a statement's text by `prepared` (database.ts): parse and plan it once per connection. */
export const PREPARED_MARK = '/* prepared */';
/** Past this many marked texts (a handful in practice), a new one runs unprepared rather than grow the list. */
const MAX_PREPARED = 100;

/**
 * Kysely dialect for an in-process PGlite. PGlite is one connection, so a transaction must own it
 * until it ends: a mutex hands the single connection to one Kysely caller at a time (the same
 * pattern Kysely's own SQLite driver uses). Queries still interleave between requests, only not
 * inside someone else's transaction. See docs/decisions/0001-pglite-default.md.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;
  readonly #mutex = new Mutex();

  constructor(private readonly pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite);
  }
  async init(): Promise<void> {
    await this.pglite.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }
  async destroy(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  /** Statement text → the name it was prepared under, in this (the only) session. */
  readonly #prepared = new Map<string, string>();
  constructor(private readonly pglite: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const name = compiled.sql.startsWith(PREPARED_MARK) ? await this.#prepare(compiled.sql) : undefined;
    const result = name
      ? await this.pglite.query<R>(executeText(name, compiled.parameters))
      : await this.pglite.query<R>(compiled.sql, [...compiled.parameters]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && result.fields.length === 0 ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on PGlite; page with a cursor instead.');
  }

  /**
   * PGlite's query() sends each statement unnamed, so the server parses and plans it at every run:
   * for the recompute of one account, planning its signals statement took longer than running it.
   * A marked statement is prepared once by SQL (`PREPARE`, which outlives a rolled-back
   * transaction) and run by `EXECUTE`; after five runs the server may keep a generic plan, as it
   * does for the named statements node-postgres sends to a PostgreSQL server (decision 0017).
   */
  async #prepare(text: string): Promise<string | undefined> {
    const known = this.#prepared.get(text);
    if (known || this.#prepared.size >= MAX_PREPARED) return known;
    // Quoted where it is used: a base64url hash may hold '-'.
    const name = `"rapport_${sha1(text)}"`;
    await this.pglite.exec(`prepare ${name} as ${text}`);
    this.#prepared.set(text, name);
    return name;
  }
}

/**
 * `EXECUTE name(…)` with the values written as quoted literals. `EXECUTE` takes no bound
 * parameters, so each value travels as the text a bind message would carry, and the server reads
 * it with the input function of the type it inferred for that parameter, as it does a bound one.
 */
export function executeText(name: string, values: readonly unknown[]): string {
  return values.length === 0 ? `execute ${name}` : `execute ${name}(${values.map(sqlLiteral).join(', ')})`;
}

/** A value as a quoted SQL literal of its text form (standard_conforming_strings: only ' is doubled). */
export function sqlLiteral(value: unknown): string {
  return value === null || value === undefined ? 'null' : quote(textOf(value));
}

const quote = (text: string) => {
  // A NUL would end the statement's text early; PostgreSQL's text cannot hold one anyway.
  if (text.includes('\0')) throw new TypeError('A statement value contains a NUL character');
  return `'${text.replaceAll("'", "''")}'`;
};

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayText(value);
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  return JSON.stringify(value);
}

/** A PostgreSQL array's text form: every element double-quoted (\ and " escaped), NULL for null. */
function arrayText(items: readonly unknown[]): string {
  const element = (item: unknown): string => {
    if (item === null || item === undefined) return 'NULL';
    if (Array.isArray(item)) return arrayText(item);
    return `"${textOf(item).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  };
  return `{${items.map(element).join(',')}}`;
}

/** A FIFO mutex: waiters are served in arrival order. */
class Mutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];
  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
