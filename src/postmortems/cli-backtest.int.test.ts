import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DB_KIND } from '../../test/support/database.js';
import { createRapport, type Rapport } from '../app.js';
import { CreateAccountSchema } from '../accounts/schemas.js';
import { createAccount } from '../accounts/create-account.js';
import { openForCommand } from '../cli/open.js';
import { loadConfig, type Config } from '../platform/config.js';
import { systemClock } from '../platform/clock.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Database } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { createUser } from '../workspaces/create-user.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { publishLocalServer } from '../imports/local-access.js';
import { backtest, BacktestCommandOptionsSchema, formatBacktest } from './cli-backtest.js';
import { markAccountLost } from './mark-lost.js';
import type { BacktestProgress } from './run-backtest.js';

/**
 * The function `rapport backtest` runs, both ways: on the database directly (with progress), and,
 * when a running embedded server holds the data folder, through that server's API.
 */
const folder = mkdtempSync(join(tmpdir(), 'rapport-cli-backtest-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * A workspace with one lost and one retained account; the lost one had a call from the client 30
 * days before its loss, so there are days to replay before it (the plumbing is what is tested here).
 */
async function addWorkspace(deps: Deps, name: string): Promise<Actor> {
  const user = await createUser(deps, { email: `${name.toLowerCase().replace(/\W/g, '')}@owner.test`, password: 'long enough pw', name: `${name} Owner` });
  const workspace = await createWorkspace(deps, { name, ownerUserId: user.id, ownerLabel: user.email });
  const actor: Actor = { workspaceId: workspace.id, userId: user.id, role: 'owner', label: user.email };
  const today = new Date().toISOString().slice(0, 10);
  const startedOn = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const lost = await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Lost Ltd', status: 'active', startedOn }));
  await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Kept Ltd', status: 'active', startedOn }));
  await sql`insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, source, created_at, updated_at)
    values (${workspace.id}, ${randomUUID()}, ${lost.id}, 'call', 'client_initiated', ${`${startedOn}T10:00:00Z`}, 'api', now(), now())`.execute(deps.db);
  await markAccountLost(deps, actor, lost.id, { lostOn: today, reasons: ['price'], notes: '' });
  return actor;
}

describe('command options', () => {
  it.each([
    [{}, { horizon: 90, json: false }],
    [{ model: '2', compare: '0', horizon: '30', json: true, workspace: ' acme ' }, { model: 2, compare: 0, horizon: 30, json: true, workspace: 'acme' }],
  ])('%j → %j', (raw, parsed) => {
    expect(BacktestCommandOptionsSchema.parse(raw)).toEqual(parsed);
  });
  it.each([{ model: 'latest' }, { compare: '-1' }, { horizon: '3' }, { horizon: '366' }, { horizon: 'ninety' }])('%j is refused', (raw) => {
    expect(BacktestCommandOptionsSchema.safeParse(raw).success).toBe(false);
  });
});

describe('the table', () => {
  it('with no loss yet, says what to do in the product, not in the API', () => {
    const counts = { noDataDays: 3, countedDays: 0, atRiskDays: 0, truePositiveDays: 0, flaggedAccounts: 0, flaggedAccountsLost: 0, lostAccounts: 0, lostAccountsFlagged: 0, lostAccountsWithoutData: 0 };
    const model = { version: 0, note: 'Built-in default', precision: null, accountPrecision: null, recall: null, medianLeadDays: null, medianWatchLeadDays: null, counts, lost: [] };
    const view = { asOf: '2026-07-15', horizonDays: 90, lookbackDays: 180, maxReplayDays: 1095, accounts: { lost: 0, retained: 3, replayedDays: 3 }, models: [model] };
    const text = formatBacktest({ view, via: { kind: 'database' }, workspace: { name: 'New Agency', slug: 'new-agency' } });
    expect(text).toContain('No account is marked lost yet');
    expect(text).toContain('(Mark as lost)');
    expect(text).toContain('rapport import FILE');
    expect(text).not.toMatch(/\/api\/|POST/);
  });
});

describe('directly on the database', () => {
  let database: Database;
  let deps: Deps;
  let solo: Actor;
  const config = loadConfig({ LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: join(folder, 'unused') });
  const open = async () => ({ database: { ...database, close: async () => undefined }, deps });

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = { db: database.db, clock: systemClock };
    solo = await addWorkspace(deps, 'Solo Agency');
  });
  afterAll(async () => database.close());

  it('replays the only workspace with progress, and prints a readable table', async () => {
    const progress: BacktestProgress[] = [];
    const result = await backtest(BacktestCommandOptionsSchema.parse({ compare: '0' }), { config, open, onProgress: (p) => progress.push(p) });
    expect(result.via).toEqual({ kind: 'database' });
    expect(result.workspace).toEqual({ name: 'Solo Agency', slug: 'solo-agency' });
    expect(result.view.accounts).toMatchObject({ lost: 1, retained: 1 });
    expect(result.view.models.map((m) => m.version)).toEqual([0, 0]);
    expect(progress[0]).toEqual({ accountsDone: 0, accountsTotal: 2, daysReplayed: 0 });
    expect(progress.at(-1)).toMatchObject({ accountsDone: 2, accountsTotal: 2 });
    const text = formatBacktest(result);
    expect(text).toContain('Backtest of the health model in Solo Agency (solo-agency), as of ');
    expect(text).toContain('1 lost and 1 retained accounts');
    // 30 days of data before the loss, never at risk: in recall's denominator, not its numerator.
    expect(text).toMatch(/Recall: lost accounts flagged in time +0% \(0 of 1\) +0% \(0 of 1\)/);
    expect(text).toMatch(/Median lead time: first below healthy +– +–/);
    expect(text).toMatch(/Lost account +Lost on +First at risk, model 0 +First below healthy, model 0 +First at risk, model 0 +First below healthy, model 0/);
    expect(text).toMatch(/Lost Ltd +\d{4}-\d\d-\d\d +never at risk +never below healthy +never at risk +never below healthy/);
    // Kept Ltd has no fact: its one day (today) had no data, and predicted nothing.
    expect(result.view.accounts.replayedDays).toBe(32);
    expect(text).toMatch(/Account-days without data: no prediction +1 of 32 +1 of 32/);
    expect(text).toMatch(/Lost accounts without data in the 90 days before +0 of 1 +0 of 1/);
  });

  it('tells a lost account without data apart from one never at risk', async () => {
    // Lost on its first day, with no fact at all: a day of the neutral score, no prediction.
    const today = new Date().toISOString().slice(0, 10);
    const gone = await createAccount(deps, solo, CreateAccountSchema.parse({ name: 'Gone Ltd', status: 'active', startedOn: today }));
    await markAccountLost(deps, solo, gone.id, { lostOn: today, reasons: ['unknown'], notes: '' });
    const result = await backtest(BacktestCommandOptionsSchema.parse({}), { config, open });
    expect(result.view.models[0]?.counts).toMatchObject({ noDataDays: 2, lostAccounts: 1, lostAccountsWithoutData: 1 });
    const text = formatBacktest(result);
    expect(text).toMatch(/Recall: lost accounts flagged in time +0% \(0 of 1\)/);
    expect(text).toMatch(/Lost accounts without data in the 90 days before +1 of 2/);
    expect(text).toMatch(/Gone Ltd +\d{4}-\d\d-\d\d +no data in the last 90 days +no data/);
    expect(text).toMatch(/Lost Ltd +\d{4}-\d\d-\d\d +never at risk +never below healthy/);
  });

  it('with several workspaces, needs --workspace', async () => {
    await addWorkspace(deps, 'Second Agency');
    await expect(backtest(BacktestCommandOptionsSchema.parse({}), { config, open })).rejects.toMatchObject({ code: 'invalid_input', message: 'There are 2 workspaces: choose one with --workspace' });
    const named = await backtest(BacktestCommandOptionsSchema.parse({ workspace: 'second-agency' }), { config, open });
    expect(named.workspace?.slug).toBe('second-agency');
    await expect(backtest(BacktestCommandOptionsSchema.parse({ workspace: 'second-agency', model: '4' }), { config, open })).rejects.toMatchObject({ code: 'invalid_input', details: [{ path: 'model' }] });
  });
});

describe('through a running server that holds the data folder', () => {
  let rapport: Rapport;
  let config: Config;
  let open: () => ReturnType<typeof openForCommand>;

  beforeAll(async () => {
    const dataDir = join(folder, 'data');
    config = loadConfig({ LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: dataDir, RAPPORT_SMTP_PORT: '0', HOST: '127.0.0.1', PORT: '0' });
    if (TEST_DB_KIND === 'pglite') {
      rapport = await createRapport({ config, logger: pino({ level: 'silent' }), startJobs: false });
      open = () => openForCommand(config);
    } else {
      rapport = await createRapport({ config, database: await createTestDatabase(), logger: pino({ level: 'silent' }), startJobs: false });
      open = async () => {
        throw new AppError('locked', `The data folder ${dataDir} is in use by another Rapport process`);
      };
    }
    await addWorkspace(rapport.deps, 'Served Agency');
    publishLocalServer(rapport, await rapport.app.listen({ host: '127.0.0.1', port: 0 }));
  });
  afterAll(async () => rapport?.close());

  it('is turned away by the lock and asks the server instead', async () => {
    const servers: string[] = [];
    const result = await backtest(BacktestCommandOptionsSchema.parse({ horizon: '60' }), { config, open, onServer: (url) => servers.push(url) });
    expect(result.via).toMatchObject({ kind: 'server', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(servers).toEqual([result.via.kind === 'server' ? result.via.url : '']);
    expect(result.view).toMatchObject({ horizonDays: 60, accounts: { lost: 1, retained: 1 } });
    expect(formatBacktest(result)).toContain('through the running server at http://127.0.0.1:');
  });

  it("the server's errors come back as the same AppError", async () => {
    await expect(backtest(BacktestCommandOptionsSchema.parse({ workspace: 'nope' }), { config, open })).rejects.toMatchObject({ code: 'not_found', message: 'No workspace "nope"' });
    await expect(backtest(BacktestCommandOptionsSchema.parse({ model: '9' }), { config, open })).rejects.toMatchObject({ code: 'invalid_input', details: [{ path: 'model' }] });
  });

  it('without server.json, says how to get on', async () => {
    const bare = loadConfig({ LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: join(folder, 'elsewhere') });
    const locked = async (): Promise<never> => {
      throw new AppError('locked', 'The data folder is in use by another Rapport process');
    };
    await expect(backtest(BacktestCommandOptionsSchema.parse({}), { config: bare, open: locked })).rejects.toMatchObject({ code: 'locked', message: expect.stringContaining('stop it, or set DATABASE_URL') });
  });
});
