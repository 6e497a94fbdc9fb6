import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { createContact } from '../../src/accounts/create-contact.js';
import { CreateAccountSchema, CreateContactSchema } from '../../src/accounts/schemas.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

const DAY_MS = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();

/**
 * Rapport's own touchpoint CSV. The first row's summary spans two physical lines (quoted), so the
 * bad row — a date nobody can read — starts on line 4, not 3: the report must say 4.
 */
const CSV = [
  'externalId,accountName,channel,direction,occurredAt,durationMinutes,subject,summary,contactEmails',
  `crm-1,Quiet Brewing,call,client_initiated,${daysAgo(3)},30,Intro call,"Talked budgets.`,
  `Next step: proposal",jane@quiet.example`,
  'crm-2,Quiet Brewing,meeting,agency_initiated,31/02/2024,60,Workshop,Bad date,jane@quiet.example',
  `crm-3,Quiet Brewing,email,agency_initiated,${daysAgo(1)},,Proposal sent,PDF attached,jane@quiet.example`,
  '',
].join('\r\n');

/**
 * The import screen in Chromium: choose a CSV, see the detected layout and the preview with the bad
 * row flagged, a dry run and then the real import with the progress bar finishing, the counts and
 * the bad row reported by its line; the recent imports; the touchpoints on the account's timeline;
 * and a second import of the same file changing nothing.
 */
describe.skipIf(!status.run)(`import screen${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hasImports = false;
  let accountId = '';

  beforeAll(async () => {
    server = await startServer();
    const paths = Object.keys(((await (await fetch(`${server.baseURL}/api/openapi.json`)).json()) as { paths: Record<string, unknown> }).paths);
    hasImports = paths.includes('/api/imports') && paths.includes('/api/imports/preview');
    if (!hasImports) console.warn('Skipping the import browser tests: the server has no /api/imports routes yet');

    const { actor } = server.owner;
    const deps = server.rapport.deps;
    const account = await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Quiet Brewing', status: 'active', cadenceDays: 14 }));
    accountId = account.id;
    await createContact(deps, actor, account.id, CreateContactSchema.parse({ name: 'Jane Doe', emails: ['jane@quiet.example'] }));
    // The workspace's accounts are mostly in GBP: the currency the screen suggests for amounts without one.
    await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Pound Partners', status: 'active', value: { amount: 900, currency: 'GBP' } }));

    ({ browser, context, page } = await openSignedIn(server));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const chooseFile = () => page.getByLabel('File to import').setInputFiles({ name: 'touchpoints.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  const job = () => page.getByTestId('import-job');
  const waitDone = () => waitUntil(() => job().getAttribute('data-status'), (s) => s === 'done' || s === 'failed', 'the import to finish', 20_000);

  it('previews the file: layout, mapping and the bad row flagged by line', async (ctx) => {
    if (!hasImports) ctx.skip();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import', level: 1 }).waitFor();
    await page.getByText('No imports yet.').waitFor();
    await chooseFile();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await textOf(page.getByTestId('import-layout'))).toBe('Rapport touchpoints');
    // Each column is mapped to the field of the same name, and can be changed.
    expect(await preview.getByLabel('occurredAt', { exact: true }).inputValue()).toBe('occurredAt');
    const bad = preview.locator('tr[data-line="4"]');
    await bad.waitFor();
    expect(await textOf(bad)).toContain('Problem');
    expect(await textOf(preview.locator('tr[data-line="2"]'))).toContain('New');
  });

  it('runs a dry run to the end: counts and the bad row by line, nothing saved', async (ctx) => {
    if (!hasImports) ctx.skip();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await job().waitFor();
    expect(await waitDone()).toBe('done');
    expect(await textOf(job().getByRole('heading', { level: 2 }))).toContain('Dry run of touchpoints.csv');
    expect(await textOf(page.getByTestId('rows-imported'))).toBe('2');
    expect(await textOf(page.getByTestId('rows-failed'))).toBe('1');
    const bad = page.getByTestId('import-errors').locator('tbody tr');
    expect(await bad.count()).toBe(1);
    expect(await bad.getAttribute('data-line')).toBe('4');
    expect(await textOf(bad.locator('td').first())).toBe('4');
    expect(await textOf(bad.locator('td').last())).toContain('occurredAt: not a date ("31/02/2024")');
    expect(await job().getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    const timeline = (await (await fetch(`${server.baseURL}/api/accounts/${accountId}/timeline`, { headers: await authHeaders() })).json()) as { items: unknown[] };
    expect(timeline.items).toHaveLength(0);
  });

  it('imports for real, with the progress bar finishing and the bad row reported by line', async (ctx) => {
    if (!hasImports) ctx.skip();
    await page.getByRole('button', { name: 'Import it for real' }).click();
    await waitUntil(() => textOf(job().getByRole('heading', { level: 2 })), (t) => t.startsWith('Import of'), 'the real import');
    expect(await waitDone()).toBe('done');
    expect(await textOf(page.getByTestId('rows-read'))).toBe('3');
    expect(await textOf(page.getByTestId('rows-imported'))).toBe('2');
    expect(await textOf(page.getByTestId('rows-failed'))).toBe('1');
    const report = page.getByTestId('import-errors');
    const row = report.locator('tr[data-line="4"]');
    expect(await textOf(row)).toMatch(/occurredAt/);
    expect(await report.locator('tbody tr').count()).toBe(1);
    await waitUntil(() => page.locator('[aria-labelledby="recent-title"] tbody tr').count(), (n) => n === 2, 'two recent imports');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(400); // the bar's last stretch is animated
    await page.screenshot({ path: '/tmp/rapport-import.png', fullPage: true });
  });

  it('shows the imported touchpoints on the account’s timeline', async (ctx) => {
    if (!hasImports) ctx.skip();
    await page.goto(`/accounts/${accountId}`);
    const entry = page.locator('.tp', { hasText: 'Intro call' });
    await entry.waitFor();
    const text = await textOf(entry);
    expect(text).toContain('CSV import');
    expect(text).toContain('Client-initiated');
    expect(text).toContain('With Jane Doe');
    expect(text).toContain('Talked budgets.');
    expect(await page.locator('.tp').count()).toBe(2);
  });

  it('imports the same file again and changes nothing', async (ctx) => {
    if (!hasImports) ctx.skip();
    await page.goto('/import');
    await chooseFile();
    await page.getByTestId('import-preview').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await waitUntil(() => textOf(job().getByRole('heading', { level: 2 })), (t) => t.startsWith('Import of'), 'the import');
    await waitUntil(() => textOf(page.getByTestId('rows-unchanged')), (t) => t === '2', 'two unchanged rows', 20_000);
    expect(await waitDone()).toBe('done');
    expect(await textOf(page.getByTestId('rows-imported'))).toBe('0');
  });

  it('previews again when a column is mapped differently', async (ctx) => {
    if (!hasImports) ctx.skip();
    const preview = page.getByTestId('import-preview');
    expect(await textOf(preview.locator('tr[data-line="2"]'))).toContain('Talked budgets.');
    await preview.getByLabel('summary', { exact: true }).selectOption('');
    await waitUntil(() => textOf(preview.locator('tr[data-line="2"]')), (t) => !t.includes('Talked budgets.'), 'the summary to leave the preview');
    await waitUntil(() => textOf(preview.locator('summary')), (t) => t.includes('8 of 9 columns'), 'the mapping count');
  });

  const chooseCsv = (name: string, text: string) => page.getByLabel('File to import').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  const groupsOf = (select: ReturnType<Page['getByLabel']>) => select.locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label') ?? ''));

  it('recognises a header of Rapport field names, offers the fields of that kind by their labels, and shows the currency it will apply', async (ctx) => {
    if (!hasImports) ctx.skip();
    await page.goto('/import');
    await chooseCsv('accounts.csv', 'name,category,value\nField Brewing,Beer,1200\nField Tea,Tea,EUR 300\nField Wine,Wine,\n');
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await textOf(page.getByTestId('import-layout'))).toBe('Accounts (Rapport field names)');
    const value = preview.getByLabel('value', { exact: true });
    expect(await value.inputValue()).toBe('value');
    expect(await textOf(value.locator('option:checked'))).toBe('Monthly value');
    // Only the account fields, labelled: no contact, touchpoint or ledger field to mistake for one.
    expect(await groupsOf(value)).toEqual(['Accounts']);
    expect(await value.locator('option').allTextContents()).not.toContain('annualValue');
    // The currency for amounts without one is shown, selected, before anything is imported: the workspace's usual one.
    const currency = page.getByTestId('import-currency');
    await waitUntil(() => currency.inputValue(), (v) => v === 'GBP', 'the suggested currency');
    expect(await textOf(preview.locator('.import__options'))).toContain('GBP is what most of your accounts use');
    await waitUntil(() => textOf(preview.locator('tr[data-line="2"]')), (t) => t.includes('1200 GBP (chosen for the file)'), 'the currency applied in the preview');
    for (const line of [2, 3, 4]) expect(await textOf(preview.locator(`tr[data-line="${line}"]`))).toContain('New');
    expect(await textOf(preview.locator('tr[data-line="3"]'))).toContain('300 EUR');
    expect(await preview.getByTestId('import-problems').count()).toBe(0);

    await currency.selectOption('USD');
    await waitUntil(() => textOf(preview.locator('tr[data-line="2"]')), (t) => t.includes('1200 USD (chosen for the file)'), 'the chosen currency in the preview');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await waitUntil(() => textOf(job().getByRole('heading', { level: 2 })), (t) => t.startsWith('Import of accounts.csv'), 'the import');
    expect(await waitDone()).toBe('done');
    expect(await textOf(page.getByTestId('rows-imported'))).toBe('3');
    const accounts = (await (await fetch(`${server.baseURL}/api/accounts?limit=10&sort=name`, { headers: await authHeaders() })).json()) as { items: Array<{ name: string; value: unknown }> };
    expect(accounts.items.filter((a) => a.name.startsWith('Field ')).map((a) => [a.name, a.value])).toEqual([
      ['Field Brewing', { amount: 1200, currency: 'USD' }],
      ['Field Tea', { amount: 300, currency: 'EUR' }],
      ['Field Wine', null],
    ]);
  });

  it('an unknown header: the problem in words, no verdict on the rows, every kind offered until one is chosen', async (ctx) => {
    if (!hasImports) ctx.skip();
    await page.goto('/import');
    await chooseCsv('clients.csv', 'Client,Sector\nAcme,Beer\nGlobex,Tea\n');
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await textOf(page.getByTestId('import-layout'))).toBe('Not recognised');
    const problems = page.getByTestId('import-problems');
    expect(await textOf(problems.locator('li'))).toBe('The columns match no layout Rapport knows: map them to fields');
    expect(await problems.locator('li').getAttribute('data-path')).toBe('header');
    const row = preview.locator('tr[data-line="2"]');
    expect(await textOf(row)).toContain('Not checked yet');
    expect(await textOf(row)).not.toContain('Problem');
    expect(await preview.getByRole('columnheader', { name: 'Problems' }).count()).toBe(0);
    expect(await preview.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);

    const client = preview.getByLabel('Client', { exact: true });
    expect(await groupsOf(client)).toEqual(['Accounts', 'Contacts', 'Touchpoints', 'Deliverables', 'KPI targets', 'Quality incidents']);
    // "Full name" of the contacts group: the same key as an account's name, the group decides.
    await client.selectOption({ label: 'Full name' });
    await waitUntil(() => textOf(page.getByTestId('import-layout')), (t) => t === 'Contacts (your column mapping)', 'contacts');
    await waitUntil(() => groupsOf(client), (g) => g.join() === 'Contacts', 'only the contact fields');
    await waitUntil(() => textOf(problems), (t) => t.includes('Map a column to accountExternalId or accountName'), 'the missing account');
    expect(await textOf(problems)).not.toContain('mapping:');
    const sector = preview.getByLabel('Sector', { exact: true });
    await sector.selectOption({ label: 'E-mail' });
    await waitUntil(() => sector.inputValue(), (v) => v === 'email', 'the e-mail mapping');

    await preview.getByLabel('Rows become').selectOption('accounts');
    await waitUntil(() => textOf(page.getByTestId('import-layout')), (t) => t === 'Accounts (your column mapping)', 'accounts');
    // A name is an account's field too and stays; an e-mail is not, and its column is left out.
    await waitUntil(() => groupsOf(client), (g) => g.join() === 'Accounts', 'only the account fields');
    expect(await textOf(client.locator('option:checked'))).toBe('Name');
    expect(await sector.inputValue()).toBe('');
    await sector.selectOption({ label: 'Category' });
    await waitUntil(() => textOf(row), (t) => t.includes('New'), 'a verdict on the row');
    expect(await problems.count()).toBe(0);
    expect(await preview.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(false);
  });

  it('a HubSpot export of churned clients: the loss columns mapped by their labels, each lost row\'s loss and what will happen to it, then the loss records', async (ctx) => {
    if (!hasImports) ctx.skip();
    await page.goto('/import');
    const churned = [
      '"Record ID","Company name","Lifecycle Stage","Churn date","Churn reason"',
      '"901","Gone Brewing","Former customer","2025-03-01","Price;Went in-house"',
      '"902","Vanished Tea","Churned","",""',
      '"903","Staying Wine","Customer","",""',
    ].join('\r\n');
    await chooseCsv('churned.csv', churned);
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await textOf(page.getByTestId('import-layout'))).toBe('HubSpot companies');
    expect(await textOf(preview.getByLabel('Churn date', { exact: true }).locator('option:checked'))).toBe('Day it was lost (churn date)');
    expect(await textOf(preview.getByLabel('Churn reason', { exact: true }).locator('option:checked'))).toBe('Why it was lost (loss reasons)');
    const gone = preview.locator('tr[data-line="2"]');
    await gone.waitFor();
    const goneText = await textOf(gone);
    expect(goneText).toContain('New');
    expect(goneText).toContain('Created lost on 2025-03-01, with its loss record');
    // The reasons as the loss report names them.
    expect(goneText).toContain('Price, Taken in-house');
    expect(goneText).toContain('Churn reason: Price;Went in-house');
    expect(await textOf(preview.locator('tr[data-line="3"]'))).toContain('Churn date: a lost account needs the day it was lost, and this row has none');
    expect(await textOf(preview.locator('tr[data-line="4"]'))).toContain('New');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await waitUntil(() => textOf(job().getByRole('heading', { level: 2 })), (t) => t.startsWith('Import of churned.csv'), 'the import');
    expect(await waitDone()).toBe('done');
    expect(await textOf(page.getByTestId('rows-imported'))).toBe('2');
    // Of the two imported, one is an account recorded lost with its loss record (decision 0021).
    expect(await textOf(page.getByTestId('accounts-marked-lost'))).toBe('1');
    expect(await textOf(job().getByRole('status').filter({ hasText: 'Finished' }))).toContain('2 rows imported (1 of them as a lost account, with its loss record)');
    expect(await textOf(page.getByTestId('rows-failed'))).toBe('1');
    expect(await page.getByTestId('import-errors').locator('tbody tr').getAttribute('data-line')).toBe('3');
    const report = (await (await fetch(`${server.baseURL}/api/postmortems/reasons`, { headers: await authHeaders() })).json()) as { accounts: Array<{ name: string; lostOn: string; reasons: string[] }> };
    expect(report.accounts.map((a) => [a.name, a.lostOn, a.reasons])).toEqual([['Gone Brewing', '2025-03-01', ['price', 'in_housing']]]);
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });

  /** The browser's session, for reading the API from the test. */
  async function authHeaders(): Promise<Record<string, string>> {
    const cookies = await context.cookies();
    return { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  }
});
