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
/** Prepared texts kept at once; past it, the least recently run one is deallocated. */
const MAX_PREPARED = 200;
/** An unmarked statement with more values than this (a bulk insert) runs unprepared: one text per batch size, and a long EXECUTE to parse. */
const MAX_UNMARKED_VALUES = 64;
const PLAIN_DML = /^\s*(select|insert|update|delete|with)\s/i;

/**
 * Whether PGlite prepares a statement (decision 0018): one marked `prepared`, or any plain
 * select, insert, update, delete or with that carries a few scalar values. A statement with an
 * array value is left to its mark: it serves a chunk of ids, where a generic plan loses
 * (decision 0011). Statements without values (transaction control, DDL, fixed reads) are not.
 */
export function isPrepared(text: string, values: readonly unknown[]): boolean {
  if (text.startsWith(PREPARED_MARK)) return true;
  return values.length > 0 && values.length <= MAX_UNMARKED_VALUES && !values.some(Array.isArray) && PLAIN_DML.test(text);
}

/**
 * Kysely dialect for an in-process PGlite. PGlite is one connection, so a transaction must own it
 * until it ends: a mutex hands the single connection to one Kysely caller at a time (the same
 * pattern Kysely's own SQLite driver uses). Queries still interleave between requests, only not
 * inside someone else's transaction. See docs/decisions/0001-pglite-default.md.
 */
export class PGliteDialect implements Dialect {
  readonly #driver: PGliteDriver;
  constructor(pglite: PGlite) {
    this.#driver = new PGliteDriver(pglite);
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return this.#driver;
  }
  /** Runs a script (statements without values) when the connection is free, then drops the prepared statements it may have made stale. */
  async runScript(script: string): Promise<void> {
    return this.#driver.runScript(script);
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
  async runScript(script: string): Promise<void> {
    await this.#mutex.lock();
    try {
      await this.pglite.exec(script);
    } finally {
      // Even after a failed script: part of it may have run.
      this.#connection.forgetPrepared();
      this.#mutex.unlock();
    }
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
  /** Statement text → the name it was prepared under, in this (the only) session; least recently run first. */
  readonly #prepared = new Map<string, string>();
  /** Statements may be prepared on the server that #prepared no longer lists. */
  #stale = false;
  constructor(private readonly pglite: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const name = isPrepared(compiled.sql, compiled.parameters) ? await this.#prepare(compiled.sql) : undefined;
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
   * A statement is prepared once by SQL (`PREPARE`, which outlives a rolled-back transaction) and
   * run by `EXECUTE`; after five runs the server may keep a generic plan, as it does for the named
   * statements node-postgres sends to a PostgreSQL server (decisions 0017, 0018).
   */
  async #prepare(text: string): Promise<string> {
    if (this.#stale) {
      await this.pglite.exec('deallocate all');
      this.#stale = false;
    }
    const known = this.#prepared.get(text);
    if (known) {
      this.#prepared.delete(text);
      this.#prepared.set(text, known);
      return known;
    }
    if (this.#prepared.size >= MAX_PREPARED) {
      const [oldestText, oldest] = this.#prepared.entries().next().value!;
      this.#prepared.delete(oldestText);
      await this.pglite.exec(`deallocate ${oldest}`);
    }
    // Quoted where it is used: a base64url hash may hold '-'.
    const name = `"rapport_${sha1(text)}"`;
    await this.pglite.exec(`prepare ${name} as ${text}`);
    this.#prepared.set(text, name);
    return name;
  }

  /**
   * Drops every prepared statement, after a script that may have changed the tables they read (a
   * changed result type would fail their next run). The server's are deallocated before the next
   * one is prepared: a failed script may have left its transaction aborted until the rollback.
   */
  forgetPrepared(): void {
    this.#prepared.clear();
    this.#stale = true;
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
