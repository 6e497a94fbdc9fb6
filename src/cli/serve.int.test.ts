import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverFilePath } from '../imports/local-access.js';
import { EXIT_CODES } from '../platform/errors.js';
import { TEST_DB_KIND } from '../../test/support/database.js';

/**
 * `rapport serve` where it cannot start, as a first start often meets it: its port taken (another
 * program on 4000), the mail intake's port taken, or Rapport already running on the data folder.
 * Each says what to do and exits; none prints a stack trace or stays running. The real CLI from
 * the sources (tsx), on PGlite in a folder of its own: nothing here needs the test database.
 */
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `rapport serve …`; a process still running after a generous while is stopped and reported (code null). */
function serve(args: string[], env: Record<string, string>): Promise<Run> {
  const { DATABASE_URL: _url, ...rest } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', ...args], { env: { ...rest, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => {
    const stuck = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('exit', (code) => {
      clearTimeout(stuck);
      resolve({ code, stdout, stderr });
    });
  });
}

function hold(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve({ server, port: address.port });
      else reject(new Error('no port'));
    });
  });
}

describe.skipIf(TEST_DB_KIND === 'postgres')('rapport serve where it cannot start', { timeout: 60_000 }, () => {
  let dir = '';
  let taken: { server: Server; port: number };
  let free: { server: Server; port: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-serve-'));
    taken = await hold();
    // A port known to be free: held for a moment, then let go.
    free = await hold();
    await new Promise<void>((resolve) => free.server.close(() => resolve()));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => taken.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('its port taken: says so and how to choose another, exits at once, and seeds no demo (whose password it would show only once)', async () => {
    const dataDir = join(dir, 'web-port');
    const run = await serve(['--host', '127.0.0.1', '--port', String(taken.port)], { RAPPORT_DATA_DIR: dataDir, RAPPORT_SMTP_PORT: '0' });
    expect(run.code, run.stderr).toBe(EXIT_CODES.conflict);
    expect(run.stderr).toContain(`Rapport cannot start: port ${taken.port} on 127.0.0.1 is already in use`);
    expect(run.stderr).toContain(`--port ${taken.port + 1} (or PORT=${taken.port + 1})`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain('Sign in as');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('the mail intake’s port taken: names RAPPORT_SMTP_PORT and exits', async () => {
    const dataDir = join(dir, 'smtp-port');
    const run = await serve(['--host', '127.0.0.1', '--port', String(free.port)], { RAPPORT_DATA_DIR: dataDir, RAPPORT_SMTP_PORT: String(taken.port) });
    expect(run.code, run.stderr).toBe(EXIT_CODES.conflict);
    expect(run.stderr).toContain(`The mail intake (SMTP) cannot start: port ${taken.port} on 127.0.0.1 is already in use`);
    expect(run.stderr).toContain('RAPPORT_SMTP_PORT=');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('already running on the data folder: gives the running server’s address', async () => {
    // What a running server leaves there: its lock (this live process stands for it) and its address.
    const dataDir = join(dir, 'running');
    const url = 'http://127.0.0.1:4999';
    await import('node:fs/promises').then((fs) => fs.mkdir(dataDir, { recursive: true }));
    writeFileSync(join(dataDir, 'rapport.lock'), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    writeFileSync(serverFilePath(dataDir), JSON.stringify({ url, secret: 'x'.repeat(32), pid: process.pid, startedAt: new Date().toISOString() }));
    const run = await serve(['--host', '127.0.0.1', '--port', String(free.port)], { RAPPORT_DATA_DIR: dataDir, RAPPORT_SMTP_PORT: '0' });
    expect(run.code, run.stderr).toBe(EXIT_CODES.locked);
    expect(run.stderr).toContain(`Rapport is already running on the data folder ${dataDir}, at ${url}: open that address`);
  });
});
