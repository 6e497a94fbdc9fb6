import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DB_KIND } from '../../test/support/database.js';
import { createRapport, type Rapport } from '../app.js';
import { openForCommand } from '../cli/open.js';
import { loadConfig, type Config } from '../platform/config.js';
import { systemClock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { createUser } from '../workspaces/create-user.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { exitCodeOf, formatSummary, importFile } from './cli-import.js';
import { LOCAL_SECRET_HEADER, publishLocalServer, readServerInfo, serverFilePath } from './local-access.js';

/**
 * The function `rapport import` runs, both ways: opening the database itself, and, when a running
 * embedded server holds the data folder, through that server with the secret from server.json.
 */
const folder = mkdtempSync(join(tmpdir(), 'rapport-cli-import-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const ACCOUNTS = 'Id,Name,Industry,Website\n001X1,Contoso,Retail,contoso.test\n001X2,Fabrikam,Manufacturing,fabrikam.test\n';
const TOUCHPOINTS = ['accountName,channel,direction,occurredAt,subject', 'Contoso,call,out,2024-01-10T10:00:00Z,First', 'Fabrikam,email,in,2024-01-11T10:00:00Z,Second', 'Contoso,call,out,31/02/2024,Broken', 'Contoso,call'].join('\n');
/** A HubSpot companies export with the churn properties (decision 0021): two lost, one customer, one lost without a day. */
const CHURNED = [
  '"Record ID","Company name","Lifecycle Stage","Churn date","Churn reason"',
  '"901","Northwind","Former customer","2026-01-10","Price"',
  '"902","Tailspin","Churned","2025-11-02","Went in-house"',
  '"903","Wingtip","Customer","",""',
  '"904","Litware","Churned","",""',
].join('\n');
const file = (name: string, text: string) => {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
};

async function addWorkspace(deps: Deps, name: string): Promise<{ userId: string }> {
  const user = await createUser(deps, { email: `${name.toLowerCase().replace(/\W/g, '')}@owner.test`, password: 'long enough pw', name: `${name} Owner` });
  await createWorkspace(deps, { name, ownerUserId: user.id, ownerLabel: user.email });
  return { userId: user.id };
}

describe('directly on the database', () => {
  let database: Database;
  let deps: Deps;
  const config = loadConfig({ LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: join(folder, 'unused') });
  // The command's opener, handing over the test database (and leaving it open for the next test).
  const open = async () => ({ database: { ...database, close: async () => undefined }, deps });

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = { db: database.db, clock: systemClock };
  });
  afterAll(async () => database.close());

  it('with one workspace, imports into it as its first owner labelled cli', async () => {
    const { userId } = await addWorkspace(deps, 'Solo Agency');
    const accounts = await importFile({ file: file('accounts.csv', ACCOUNTS), dryRun: false, config, open });
    expect(accounts.via).toEqual({ kind: 'database' });
    expect(accounts.workspace).toEqual({ name: 'Solo Agency', slug: 'solo-agency' });
    expect(accounts.view).toMatchObject({ layout: 'salesforce_accounts', rowsImported: 2, createdBy: userId });

    const progress: number[] = [];
    const result = await importFile({ file: file('touchpoints.csv', TOUCHPOINTS), dryRun: false, config, open, onProgress: (p) => progress.push(p.rowsRead) });
    expect(result.view).toMatchObject({ status: 'done', rowsRead: 4, rowsImported: 2, rowsFailed: 2 });
    expect(progress.at(-1)).toBe(4);
    expect(exitCodeOf(result)).toBe(0);
    const summary = formatSummary(result, 1.25);
    expect(summary).toContain('Imported touchpoints.csv (Rapport touchpoints) into Solo Agency (solo-agency) in 1.3 s.');
    expect(summary).toContain('4 rows read: 2 imported, 0 already there (unchanged), 2 failed.');
    expect(summary).toContain('  line 4: occurredAt: not a date ("31/02/2024")');
    expect(summary).toContain("  line 5: the row has 2 of the header's 5 columns");
    const audit = await deps.db.selectFrom('audit_events').select(['actor_label', 'actor_user_id']).where('action', '=', 'import.completed').where('entity_id', '=', result.view.id).executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_label: 'cli', actor_user_id: userId });
  });

  it('with several workspaces, needs --workspace and lists them', async () => {
    await addWorkspace(deps, 'Second Agency');
    const error = await importFile({ file: file('accounts.csv', ACCOUNTS), dryRun: false, config, open }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).message).toBe('There are 2 workspaces: choose one with --workspace');
    expect((error as AppError).details).toEqual([
      { path: 'workspace', message: 'solo-agency (Solo Agency)' },
      { path: 'workspace', message: 'second-agency (Second Agency)' },
    ]);
    const named = await importFile({ file: file('accounts.csv', ACCOUNTS), workspace: 'Second Agency', dryRun: true, config, open });
    expect(named.view).toMatchObject({ dryRun: true, rowsImported: 2 });
    expect(formatSummary(named, 0.2)).toContain('a dry run, nothing was saved');
  });

  it('--currency is the currency of amounts whose row names none; without it they fail', async () => {
    const values = file('values.csv', 'name,value\nCli Franc,500\n');
    const without = await importFile({ file: values, workspace: 'solo-agency', dryRun: true, config, open });
    expect(without.view).toMatchObject({ layout: 'fields_accounts', rowsImported: 0, rowsFailed: 1 });
    const withCurrency = await importFile({ file: values, workspace: 'solo-agency', dryRun: false, currency: 'CHF', config, open });
    expect(withCurrency.view).toMatchObject({ rowsImported: 1, rowsFailed: 0 });
    const stored = await deps.db.selectFrom('accounts').select(['value_amount', 'value_currency']).where('name', '=', 'Cli Franc').executeTakeFirstOrThrow();
    expect(stored).toEqual({ value_amount: 500, value_currency: 'CHF' });
  });

  it('exits non-zero only when nothing could be imported', async () => {
    const bad = await importFile({ file: file('bad.csv', 'accountName,channel,direction,occurredAt\nNowhere,call,out,2024-01-01\n'), workspace: 'solo-agency', dryRun: false, config, open });
    expect(bad.view.rowsFailed).toBe(1);
    expect(exitCodeOf(bad)).toBe(65);
    const same = await importFile({ file: file('accounts.csv', ACCOUNTS), workspace: 'solo-agency', dryRun: false, config, open });
    expect(same.view).toMatchObject({ rowsImported: 0, rowsUnchanged: 2 });
    expect(exitCodeOf(same)).toBe(0);
  });

  it('shows the first 50 bad rows and says how many more', async () => {
    const lines = ['accountName,channel,direction,occurredAt'];
    for (let i = 0; i < 60; i++) lines.push(`Contoso,call,out,bad ${i}`);
    lines.push('Contoso,call,out,2024-02-02');
    const result = await importFile({ file: file('many.csv', lines.join('\n')), workspace: 'solo-agency', dryRun: false, config, open });
    const summary = formatSummary(result, 1);
    expect(summary.match(/^ {2}line \d+:/gm)).toHaveLength(50);
    expect(summary).toContain('  and 10 more');
  });

  it('says how many accounts it recorded lost, with their loss record', async () => {
    const dry = await importFile({ file: file('churned.csv', CHURNED), workspace: 'solo-agency', dryRun: true, config, open });
    expect(dry.view).toMatchObject({ rowsImported: 3, accountsMarkedLost: 2, rowsFailed: 1 });
    expect(formatSummary(dry, 0.1)).toContain('4 rows read: 3 would be imported (2 of them as lost accounts, with their loss record), 0 already there (unchanged), 1 failed.');
    const result = await importFile({ file: file('churned.csv', CHURNED), workspace: 'solo-agency', dryRun: false, config, open });
    expect(result.view).toMatchObject({ rowsImported: 3, accountsMarkedLost: 2, rowsFailed: 1 });
    expect(formatSummary(result, 0.1)).toContain('4 rows read: 3 imported (2 of them as lost accounts, with their loss record), 0 already there (unchanged), 1 failed.');
    const again = await importFile({ file: file('churned.csv', CHURNED), workspace: 'solo-agency', dryRun: false, config, open });
    expect(again.view).toMatchObject({ rowsImported: 0, accountsMarkedLost: 0, rowsUnchanged: 3 });
    expect(formatSummary(again, 0.1)).toContain('4 rows read: 0 imported, 3 already there (unchanged), 1 failed.');
  });

  it('a file that is not there, or not CSV of a known layout', async () => {
    await expect(importFile({ file: join(folder, 'missing.csv'), dryRun: false, config, open })).rejects.toMatchObject({ code: 'not_found' });
    await expect(importFile({ file: file('odd.csv', 'Client,Sector\nAcme,Beer\n'), workspace: 'solo-agency', dryRun: false, config, open })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('through a running server that holds the data folder', () => {
  let rapport: Rapport;
  let config: Config;
  let ownerId: string;
  let open: () => ReturnType<typeof openForCommand>;

  beforeAll(async () => {
    const dataDir = join(folder, 'data');
    config = loadConfig({ LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: dataDir, RAPPORT_SMTP_PORT: '0', HOST: '127.0.0.1', PORT: '0' });
    if (TEST_DB_KIND === 'pglite') {
      // The real thing: an embedded server on a data folder, whose lock turns the CLI away.
      rapport = await createRapport({ config, logger: pino({ level: 'silent' }), startJobs: false });
      open = () => openForCommand(config);
    } else {
      // On PostgreSQL nothing is locked; the opener says what the PGlite lock would say.
      rapport = await createRapport({ config, database: await createTestDatabase(), logger: pino({ level: 'silent' }), startJobs: false });
      open = async () => {
        throw new AppError('locked', `The data folder ${dataDir} is in use by another Rapport process`);
      };
    }
    ownerId = (await addWorkspace(rapport.deps, 'Served Agency')).userId;
    const address = await rapport.app.listen({ host: '127.0.0.1', port: 0 });
    publishLocalServer(rapport, address);
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await rapport?.close();
  });

  it('server.json holds the URL and a secret, readable only by its owner', () => {
    const info = readServerInfo(config.RAPPORT_DATA_DIR);
    expect(info).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), secret: expect.any(String), pid: process.pid });
    expect(statSync(serverFilePath(config.RAPPORT_DATA_DIR)).mode & 0o777).toBe(0o600);
  });

  it('the CLI is turned away by the lock and imports through the server instead, following its progress', async () => {
    if (TEST_DB_KIND === 'pglite') await expect(openForCommand(config)).rejects.toMatchObject({ code: 'locked' });
    await importFile({ file: file('served-accounts.csv', ACCOUNTS), dryRun: false, config, open, pollMs: 20 });
    const progress: number[] = [];
    const result = await importFile({ file: file('served.csv', TOUCHPOINTS), dryRun: false, config, open, pollMs: 20, onProgress: (p) => progress.push(p.rowsRead) });
    expect(result.via).toEqual({ kind: 'server', url: readServerInfo(config.RAPPORT_DATA_DIR)!.url });
    expect(result.view).toMatchObject({ status: 'done', layout: 'rapport_touchpoints', rowsRead: 4, rowsImported: 2, rowsFailed: 2, createdBy: ownerId });
    expect(result.view.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(exitCodeOf(result)).toBe(0);
    expect(formatSummary(result, 0.5)).toContain('through the running server at http://127.0.0.1:');
    const audit = await rapport.deps.db.selectFrom('audit_events').select(['actor_label']).where('action', '=', 'import.completed').where('entity_id', '=', result.view.id).executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe('cli');

    const again = await importFile({ file: file('served.csv', TOUCHPOINTS), dryRun: true, config, open, pollMs: 20 });
    expect(again.view).toMatchObject({ dryRun: true, rowsImported: 0, rowsUnchanged: 2, rowsFailed: 2 });

    // The server's answer carries the accounts recorded lost.
    const churned = await importFile({ file: file('served-churned.csv', CHURNED), dryRun: false, config, open, pollMs: 20 });
    expect(churned.view).toMatchObject({ rowsImported: 3, accountsMarkedLost: 2, rowsFailed: 1 });
    expect(formatSummary(churned, 0.5)).toContain('3 imported (2 of them as lost accounts, with their loss record)');
  });

  it('passes --workspace on, and the server answers for an unknown one', async () => {
    await expect(importFile({ file: file('served.csv', TOUCHPOINTS), workspace: 'nope', dryRun: false, config, open })).rejects.toMatchObject({ code: 'not_found', message: 'No workspace "nope"' });
  });

  it('a wrong secret is refused', async () => {
    const info = readServerInfo(config.RAPPORT_DATA_DIR)!;
    const res = await fetch(`${info.url}/api/imports`, { headers: { [LOCAL_SECRET_HEADER]: `${info.secret.slice(0, -2)}xx` } });
    expect(res.status).toBe(401);
    const ok = await fetch(`${info.url}/api/imports`, { headers: { [LOCAL_SECRET_HEADER]: info.secret } });
    expect(ok.status).toBe(200);
  });

  it('closing the server removes server.json', async () => {
    const path = serverFilePath(config.RAPPORT_DATA_DIR);
    expect(existsSync(path)).toBe(true);
    await rapport.close();
    closed = true;
    expect(existsSync(path)).toBe(false);
  });
});
