import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { pino } from 'pino';
import { createRapport, type Rapport } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { MIGRATIONS } from '../../src/platform/db/migrations/index.js';
import { PROJECT_ROOT } from '../../src/platform/version.js';
import { createUser } from '../../src/workspaces/create-user.js';
import { createWorkspace } from '../../src/workspaces/create-workspace.js';
import { DEMO_EMAIL, seedDemo } from '../../src/demo/seed-demo.js';
import type { Actor } from '../../src/platform/auth/roles.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const PASSWORD = 'correct horse battery staple';
const isCi = process.env.CI === 'true';

/**
 * Whether the browser tests can run here. Without Chromium they are skipped with a reason, except
 * under CI=true where a missing browser is a failure. A missing web build is always a failure:
 * the tests drive the real built app.
 */
export function browserTestStatus(): { run: true } | { run: false; reason: string } {
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web/index.html is missing: run `npm run build:web` before the browser tests (npm test does it for you)');
  }
  if (!existsSync(CHROMIUM_PATH)) {
    const reason = `${CHROMIUM_PATH} not found (install Debian's chromium package)`;
    if (isCi) throw new Error(`CI=true but ${reason}: the browser tests must run in CI`);
    return { run: false, reason };
  }
  return { run: true };
}

/** Headless Debian Chromium with the flags that keep it quiet and sandbox-free in containers. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Amsterdam' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // An uncaught error in the page is a bug in the app: the suites check none happened.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  pageErrors.set(page, errors);
  return { context, page };
}

const pageErrors = new WeakMap<Page, string[]>();
export const pageErrorsOf = (page: Page): string[] => pageErrors.get(page) ?? [];

const migrationsHash = createHash('sha256')
  .update(MIGRATIONS.map((m) => m.id + m.sql).join('\n'))
  .digest('hex')
  .slice(0, 16);

/**
 * A fresh in-memory PGlite, migrated. A fresh initdb costs seconds, so the first run saves the
 * migrated data folder to the same tarball the integration suite uses and later runs load it.
 */
async function openFreshDatabase(): Promise<Database> {
  const snapshot = join(tmpdir(), `rapport-test-pglite-${migrationsHash}.tar`);
  if (existsSync(snapshot)) return openDatabase({ loadDataDir: new Blob([readFileSync(snapshot)]) });
  const database = await openDatabase({});
  await migrate(database);
  if (database.dumpDataDir) {
    const blob = await database.dumpDataDir();
    const temporary = `${snapshot}.${process.pid}`;
    writeFileSync(temporary, Buffer.from(await blob.arrayBuffer()));
    renameSync(temporary, snapshot);
  }
  return database;
}

/**
 * The server's log: silent, unless RAPPORT_E2E_LOG names a file, where each request's line (with its
 * `responseTime` in ms) is appended: the way to see where a slow browser test spends its time.
 */
function serverLogger() {
  const file = process.env.RAPPORT_E2E_LOG;
  if (!file) return pino({ level: 'silent' });
  return pino({ level: 'info', base: { pid: process.pid } }, pino.destination({ dest: file, append: true, sync: true }));
}

export interface TestServer {
  rapport: Rapport;
  baseURL: string;
  /** The owner of a fresh, empty workspace. */
  owner: { email: string; password: string; userId: string; workspaceId: string; actor: Actor };
  close(): Promise<void>;
}

/**
 * A real Rapport listening on a free port, on a fresh database with nobody in it: what a new team
 * meets after `rapport serve --no-demo` (the first-run setup, decision 0024).
 */
export async function startEmptyServer(): Promise<Pick<TestServer, 'rapport' | 'baseURL' | 'close'>> {
  const database = await openFreshDatabase();
  const rapport = await createRapport({
    config: loadConfig({ LOG_LEVEL: 'silent', RAPPORT_SMTP_PORT: '0' }),
    database,
    logger: serverLogger(),
    startJobs: false,
  });
  await rapport.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = rapport.app.server.address() as AddressInfo;
  return { rapport, baseURL: `http://127.0.0.1:${port}`, close: () => rapport.close() };
}

/** A real Rapport listening on a free port, on a fresh database, with one user and workspace. */
export async function startServer(workspaceName = 'Northwind Agency'): Promise<TestServer> {
  const { rapport, baseURL } = await startEmptyServer();
  const email = 'ada@northwind.test';
  const user = await createUser(rapport.deps, { email, password: PASSWORD, name: 'Ada Lovelace' });
  const workspace = await createWorkspace(rapport.deps, { name: workspaceName, ownerUserId: user.id, ownerLabel: email });
  return {
    rapport,
    baseURL,
    owner: {
      email,
      password: PASSWORD,
      userId: user.id,
      workspaceId: workspace.id,
      actor: { workspaceId: workspace.id, userId: user.id, label: email, role: 'owner' },
    },
    close: () => rapport.close(),
  };
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Chromium with one page, signed in as the server's owner and on the portfolio: where most suites start. */
export async function openSignedIn(server: TestServer): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await launchBrowser();
  const { context, page } = await newPage(browser, server.baseURL);
  await page.goto('/');
  await signIn(page, server.owner.email, server.owner.password);
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  return { browser, context, page };
}

/**
 * A server with the demo workspace seeded, and Chromium signed in as the demo user on the
 * portfolio: where the suites that look at the demo's stories start. `accounts` maps each account's
 * name to its id. The demo's year of history takes seconds to seed (tens on a busy machine).
 */
export async function openDemo(password: string): Promise<{ server: TestServer; browser: Browser; context: BrowserContext; page: Page; accounts: Map<string, string> }> {
  const server = await startServer('Scratch workspace');
  await seedDemo(server.rapport.deps, { password });
  const rows = await server.rapport.deps.db.selectFrom('accounts').select(['id', 'name']).execute();
  const accounts = new Map(rows.map((row) => [row.name, row.id]));
  const browser = await launchBrowser();
  const { context, page } = await newPage(browser, server.baseURL);
  await page.goto('/');
  await signIn(page, DEMO_EMAIL, password);
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  return { server, browser, context, page, accounts };
}

/** Waits until `read` returns something `accept` likes; fails with the last value seen. */
export async function waitUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const textOf = async (locator: Locator): Promise<string> => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
