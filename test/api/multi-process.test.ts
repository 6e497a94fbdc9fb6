import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.js';
import { MIGRATIONS } from '../../src/platform/db/migrations/index.js';
import { systemClock } from '../../src/platform/clock.js';
import { createUser } from '../../src/workspaces/create-user.js';
import { createWorkspace } from '../../src/workspaces/create-workspace.js';
import { TEST_DB_KIND } from '../support/database.js';
import { TEST_PASSWORD } from '../support/app.js';

/**
 * Two real Rapport processes (`rapport serve`, from the sources through tsx) started at the same
 * moment on one empty PostgreSQL database, as behind a load balancer: both migrate and come up;
 * a session, its sign-out and the login rate limit hold across them; a mail delivered to both
 * intakes is stored once; a change through one is scored by a worker. PGlite belongs to one
 * process by design, so this runs on PostgreSQL only.
 */
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

interface Server {
  child: ChildProcess;
  url: string;
  smtpPort: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startServer(databaseUrl: string): Promise<Server> {
  const [port, smtpPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--no-demo', '--host', '127.0.0.1', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, RAPPORT_SMTP_PORT: String(smtpPort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`rapport serve did not start: ${output}`)), 45_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is running at')) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}`, smtpPort });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`rapport serve exited with ${code}: ${output}`));
    });
  });
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(base: string, method: string, path: string, options: { cookie?: string; csrf?: string; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, headers: response.headers };
}

async function signIn(base: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await call(base, 'POST', '/api/auth/login', { body: { email, password: TEST_PASSWORD } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: res.body.csrfToken };
}

describe.skipIf(TEST_DB_KIND !== 'postgres')('several Rapport processes on one PostgreSQL', () => {
  const name = `rapport_mp_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  let databaseUrl = '';
  let a: Server | undefined;
  let b: Server | undefined;
  let email = '';

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    // At the same moment, on the empty database: both migrate (one waits for the other's lock).
    [a, b] = await Promise.all([startServer(databaseUrl), startServer(databaseUrl)]);
    const database = await openDatabase({ url: databaseUrl, poolSize: 1 });
    try {
      const deps = { db: database.db, clock: systemClock };
      email = `owner-${randomBytes(4).toString('hex')}@example.test`;
      const user = await createUser(deps, { email, password: TEST_PASSWORD, name: 'Owner' });
      await createWorkspace(deps, { name: 'Two Processes Agency', ownerUserId: user.id, ownerLabel: email });
    } finally {
      await database.close();
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all([stopServer(a), stopServer(b)]);
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  });

  const query = async <T,>(text: string, values: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('both came up on the empty database, and each migration was applied once', async () => {
    expect((await call(a!.url, 'GET', '/api/health')).status).toBe(200);
    expect((await call(b!.url, 'GET', '/api/health')).status).toBe(200);
    const rows = await query<{ id: string }>('select id from schema_migrations order by id');
    expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it('a session made on one works on the other, with its CSRF token; signing out on one ends it on both within 2 seconds', async () => {
    const session = await signIn(a!.url, email);
    expect((await call(b!.url, 'GET', '/api/me', { cookie: session.cookie })).body.user.email).toBe(email);
    expect((await call(b!.url, 'POST', '/api/accounts', { cookie: session.cookie, body: { name: 'No Token Co' } })).status).toBe(403);
    expect((await call(b!.url, 'POST', '/api/accounts', { ...session, body: { name: 'Across Co' } })).status).toBe(201);

    expect((await call(a!.url, 'POST', '/api/auth/logout', session)).status).toBe(204);
    expect((await call(a!.url, 'GET', '/api/me', { cookie: session.cookie })).status).toBe(401);
    // The other process may hold the resolved session for up to 2 seconds (decision 0005).
    const signedOutAt = Date.now();
    while ((await call(b!.url, 'GET', '/api/me', { cookie: session.cookie })).status !== 401) {
      expect(Date.now() - signedOutAt).toBeLessThan(3000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('counts login attempts over both: of 30 wrong passwords at once, half to each, 10 are checked', async () => {
    const target = `guess-${randomBytes(4).toString('hex')}@example.test`;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(i % 2 === 0 ? a!.url : b!.url, 'POST', '/api/auth/login', { body: { email: target, password: `wrong ${i}` } })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('stores a mail delivered to both intakes at once (a retry) once, and a worker scores the change', async () => {
    const session = await signIn(b!.url, email);
    const account = (await call(a!.url, 'POST', '/api/accounts', { ...session, body: { name: 'Mail Twice Co' } })).body;
    const contact = await call(a!.url, 'POST', `/api/accounts/${account.id}/contacts`, { ...session, body: { name: 'Mia Client', emails: ['mia@mailtwice.test'] } });
    expect(contact.status).toBe(201);
    const { address } = (await call(b!.url, 'GET', '/api/intake/address', { cookie: session.cookie })).body;
    const mail = { from: 'mia@mailtwice.test', to: 'me@agency.test', bcc: address, subject: 'Twice', text: 'The same message, sent twice', messageId: `<twice-${randomBytes(4).toString('hex')}@mailtwice.test>` };
    const send = (port: number) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail(mail);
    await Promise.all([send(a!.smtpPort), send(b!.smtpPort), send(a!.smtpPort), send(b!.smtpPort)]);

    const touches = await call(b!.url, 'GET', `/api/touchpoints?accountId=${account.id}`, { cookie: session.cookie });
    expect(touches.body.items.map((t: { subject: string }) => t.subject)).toEqual(['Twice']);

    // No read asks for the score: a worker of one of the processes scores it within a few polls.
    const deadline = Date.now() + 10_000;
    let current: Array<{ last_touch_at: Date | null }> = [];
    while (Date.now() < deadline) {
      current = await query('select last_touch_at from health_current where account_id = $1 and not exists (select 1 from health_dirty d where d.account_id = $1)', [account.id]);
      if (current[0]?.last_touch_at) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(current[0]?.last_touch_at).toBeInstanceOf(Date);
    expect(await query("select id from jobs where status = 'failed'")).toEqual([]);
  });
});
