import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { AppError } from '../errors.js';
import { openDatabase } from './database.js';
import { acquireDataDirLock } from './lock.js';
import { TEST_DB_KIND } from '../../../test/support/database.js';

const databaseModule = fileURLToPath(new URL('./database.ts', import.meta.url));

/** A second Rapport: a Node process (through tsx) that opens `dataDir` and holds it until stdin closes. */
const HOLDER = `
import { readFileSync } from 'node:fs';
const { openDatabase } = await import(process.argv[1]);
const db = await openDatabase({ dataDir: process.argv[2], loadDataDir: new Blob([readFileSync(process.argv[3])]) });
process.stdout.write('ready ' + process.pid + '\\n');
process.stdin.resume();
process.stdin.on('end', async () => { await db.close(); process.exit(0); });
`;

function startHolder(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', HOLDER, databaseModule, dataDir, inject('pgliteSnapshot')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`holder did not start: ${output}`)), 45_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`holder exited with ${code}: ${output}`));
    });
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

async function expectLocked(action: () => Promise<unknown>, pid?: number): Promise<void> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe('locked');
  if (pid !== undefined) expect((caught as AppError).message).toContain(`pid ${pid}`);
}

/** A pid that belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await exited(child);
  return child.pid!;
}

// The lock protects PGlite's data folder; a PostgreSQL server needs none, so this runs once, on PGlite.
describe.skipIf(TEST_DB_KIND !== 'pglite')('PGlite data folder lock', () => {
  let root: string;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rapport-lock-'));
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a second process with code locked, and takes over once the holder is dead', async () => {
    const dataDir = join(root, 'shared');
    const holder = await startHolder(dataDir);
    children.push(holder);
    const lockFile = join(dataDir, 'rapport.lock');
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: holder.pid, host: hostname() });

    await expectLocked(() => openDatabase({ dataDir }), holder.pid);
    await expectLocked(async () => acquireDataDirLock(dataDir), holder.pid);
    // Refusing did not disturb the holder's lock.
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(holder.pid);

    // The holder dies without cleaning up: its lock is stale and the next process takes over.
    holder.kill('SIGKILL');
    await exited(holder);
    expect(existsSync(lockFile)).toBe(true);
    const database = await openDatabase({ dataDir });
    try {
      expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
      const { rows } = await sql<{ n: number }>`select count(*) as n from schema_migrations`.execute(database.db);
      expect(Number(rows[0]?.n)).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  }, 90_000);

  it('refuses a second open within the same process', async () => {
    const dataDir = join(root, 'same-process');
    const first = acquireDataDirLock(dataDir);
    try {
      await expectLocked(() => openDatabase({ dataDir }), process.pid);
      // It says what to do, and promises nothing the server does not do: only import goes through it.
      const message = await openDatabase({ dataDir }).then(
        () => '',
        (error: unknown) => (error as Error).message,
      );
      expect(message).toContain('Stop that process first');
      expect(message).toContain('`rapport import` and `rapport backtest` work through a running server');
      expect(message).not.toContain('accepts the same commands');
    } finally {
      first.release();
    }
    const again = acquireDataDirLock(dataDir);
    again.release();
  });

  it('takes over a stale lock file left by a dead pid', async () => {
    const dataDir = join(root, 'stale');
    const first = acquireDataDirLock(dataDir);
    const lockFile = first.path;
    const pid = await deadPid();
    writeFileSync(lockFile, JSON.stringify({ pid, host: hostname(), since: '2020-01-01T00:00:00.000Z' }));
    const lock = acquireDataDirLock(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    // Releasing twice is harmless and does not remove someone else's lock.
    const next = acquireDataDirLock(dataDir);
    lock.release();
    expect(existsSync(lockFile)).toBe(true);
    next.release();
  });
});
