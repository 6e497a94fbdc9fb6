import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addMember } from '../../src/workspaces/add-member.js';
import { createApiToken } from '../../src/workspaces/api-tokens.js';
import { browserTestStatus, newPage, openSignedIn, pageErrorsOf, signIn, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

/**
 * A HubSpot companies export saved again by Excel on Windows: Windows-1252, one byte for each of
 * ü, ä, é, è and €. Read as UTF-8 each became U+FFFD, in the preview and in the stored names.
 */
const EXCEL_CSV = Buffer.concat([
  Buffer.from('"Record ID","Company name","Industry"\r\n"401","M'),
  Buffer.from([0xfc]),
  Buffer.from('ller B'),
  Buffer.from([0xe4]),
  Buffer.from('ckerei","Food"\r\n"402","Caf'),
  Buffer.from([0xe9]),
  Buffer.from(' Cr'),
  Buffer.from([0xe8]),
  Buffer.from('me ('),
  Buffer.from([0x80]),
  Buffer.from(')","Food"\r\n'),
  // A row without a company name: read, and not imported, for that reason.
  Buffer.from('"403","","Food"\r\n'),
]);

/**
 * The first hour's imports and settings in Chromium: a new team's CRM export as their machine saved
 * it, and the screens of that hour on a phone.
 */
describe.skipIf(!status.run)(`first-hour imports${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer('Brightside Agency');
    ({ browser, context, page } = await openSignedIn(server));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('a Windows-1252 CSV (Excel on Windows) is previewed and imported with its accents', async () => {
    await page.goto('/import');
    await page.getByRole('heading', { name: 'Import', level: 1 }).waitFor();
    await page.getByLabel('File to import').setInputFiles({ name: 'hubspot-companies.csv', mimeType: 'text/csv', buffer: EXCEL_CSV });
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await textOf(page.getByTestId('import-layout'))).toBe('HubSpot companies');
    expect(await textOf(preview.locator('tr[data-line="2"]'))).toContain('Müller Bäckerei');
    expect(await textOf(preview.locator('tr[data-line="3"]'))).toContain('Café Crème (€)');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const job = page.getByTestId('import-job');
    await job.waitFor();
    expect(await waitUntil(() => job.getAttribute('data-status'), (s) => s === 'done' || s === 'failed', 'the import to finish', 20_000)).toBe('done');
    // The bad row was read well enough to say what is wrong with it: it was not imported, and why.
    expect(await textOf(job.locator('.alert--success'))).toContain('1 row was not imported; it is listed below by line, with the reason.');
    expect(await textOf(page.getByTestId('import-errors').locator('tr[data-line="4"]'))).toContain('an account needs a name');
    const names = await server.rapport.deps.db.selectFrom('accounts').select('name').where('workspace_id', '=', server.owner.workspaceId).orderBy('name').execute();
    expect(names.map((a) => a.name)).toEqual(['Café Crème (€)', 'Müller Bäckerei']);
    expect(pageErrorsOf(page)).toEqual([]);
  });

  it('on a phone (390 px) the import and settings screens fit the window: their tables scroll sideways in a box, not the whole page', async () => {
    const { actor } = server.owner;
    await addMember(server.rapport.deps, actor, { email: 'lena.marquardt-oberholzer@brightside-agency.test', name: 'Lena Marquardt-Oberholzer', role: 'admin', password: 'a first password' });
    await createApiToken(server.rapport.deps, actor, { name: 'CRM sync from the old HubSpot portal' });
    const phone = await newPage(browser, server.baseURL);
    try {
      await phone.page.setViewportSize({ width: 390, height: 844 });
      await phone.page.goto('/');
      await signIn(phone.page, server.owner.email, server.owner.password);
      await phone.page.getByRole('heading', { name: 'Portfolio' }).waitFor();
      const overflow = () => phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

      await phone.page.goto('/import');
      await phone.page.getByRole('button', { name: 'hubspot-companies.csv' }).waitFor();
      expect(await overflow()).toBe(0);
      // The table scrolls in a box of its own, which the keyboard can scroll too.
      await phone.page.getByRole('region', { name: 'Table of recent imports' }).waitFor();

      await phone.page.goto('/settings');
      await phone.page.getByText('lena.marquardt-oberholzer@brightside-agency.test').waitFor();
      await phone.page.getByText('CRM sync from the old HubSpot portal', { exact: true }).first().waitFor();
      expect(await overflow()).toBe(0);
      await phone.page.getByRole('region', { name: 'Table of members' }).waitFor();
      await phone.page.getByRole('region', { name: 'Table of API tokens' }).waitFor();
      expect(pageErrorsOf(phone.page)).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
