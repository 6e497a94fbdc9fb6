import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestStatus, launchBrowser, newPage, pageErrorsOf, signIn, startEmptyServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

const MAYA = { name: 'Maya Chen', email: 'maya@brightside.test', password: 'brightside-2026' };
const SAM = { email: 'sam@brightside.test', first: 'welcome-sam-1', own: 'sams-own-secret-7' };
/** A colleague who opened the setup at the same time as Maya, and sends it after her. */
const RAVI = { name: 'Ravi Shah', email: 'ravi@brightside.test', password: 'ravis-secret-42' };

/** A HubSpot contacts export with one bad e-mail: its preview must speak the mapping's words. */
const HUBSPOT_CONTACTS = [
  '"Record ID","First Name","Last Name","Email","Associated Company"',
  '"2001","Lena","Ortiz","lena@harbourcoffee.test","Harbour Coffee Roasters"',
  '"2002","Noor","Jansen","not-an-email","Harbour Coffee Roasters"',
].join('\n');

const HUBSPOT_COMPANIES = ['"Record ID","Company name","Industry"', '"3001","Tidewater Tea","Food & Beverage"', '"3002","Copperline Studios","Design"'].join('\n');

/**
 * The first hour of a new agency on an empty Rapport (no demo), as decision 0024 shapes it: the
 * first-run setup instead of a sign-in nobody can pass, a new account that says "not enough data
 * yet" instead of a score it does not have, an attention board that does not vouch for accounts
 * it cannot judge, a colleague who makes the first password their own, an import preview in the
 * mapping's words, and a portfolio that shows what the import brought in.
 */
describe.skipIf(!status.run)(`the first hour on an empty workspace${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: Pick<TestServer, 'rapport' | 'baseURL' | 'close'>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let rivalContext: BrowserContext;
  let rival: Page;
  let accountUrl: string;

  beforeAll(async () => {
    server = await startEmptyServer();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server.baseURL));
    // A second visitor has the setup open before anyone has sent it.
    ({ context: rivalContext, page: rival } = await newPage(browser, server.baseURL));
    await rival.goto('/');
    await rival.getByRole('heading', { name: 'Set up your workspace' }).waitFor();
  });

  afterAll(async () => {
    await rivalContext?.close();
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('opens on the setup, not on a sign-in nobody can pass, and says what is wrong field by field', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up your workspace' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    // The logo's letter is the stylesheet's: the element holds no second one.
    expect(await page.locator('.sign-in__brand .header__logo').textContent()).toBe('');

    await page.getByLabel('Your name').fill(MAYA.name);
    await page.getByLabel('Work e-mail').fill('maya@brightside');
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Workspace name').fill('Brightside Agency');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    const email = page.getByLabel('Work e-mail');
    await page.locator('[data-field-error]').first().waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    // The first field in error has the focus: correct it and go on from the keyboard.
    await waitUntil(() => email.evaluate((el) => el === el.ownerDocument.activeElement), (focused) => focused, 'the focus on the e-mail field');

    await email.fill(MAYA.email);
    await page.getByLabel('Password').fill(MAYA.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
    expect(await textOf(page.locator('header'))).toContain('Brightside Agency');
    expect(await textOf(page.getByTestId('empty-state'))).toContain('No accounts yet');
  });

  it('tells the visitor who sent the setup second that someone else just did, and takes them to sign in with their e-mail', async () => {
    await rival.getByLabel('Your name').fill(RAVI.name);
    await rival.getByLabel('Work e-mail').fill(RAVI.email);
    await rival.getByLabel('Password').fill(RAVI.password);
    await rival.getByLabel('Workspace name').fill('Brightside');
    await rival.getByRole('button', { name: 'Create workspace' }).click();

    await rival.getByRole('heading', { name: 'Sign in' }).waitFor();
    const notice = rival.getByTestId('setup-taken');
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await textOf(notice)).toContain('Someone else has just set up this Rapport, so your workspace was not created.');
    expect(await textOf(notice)).toContain('ask them to add you (Settings → Members)');
    // The e-mail they typed is kept, and the password takes the focus.
    expect(await rival.getByLabel('E-mail').inputValue()).toBe(RAVI.email);
    const password = rival.getByLabel('Password');
    await waitUntil(() => password.evaluate((el) => el === el.ownerDocument.activeElement), (focused) => focused, 'the focus on the password');
    // The setup is closed: it is not offered again, and nothing of Ravi's was made.
    expect(await rival.getByRole('button', { name: 'Set up your workspace' }).count()).toBe(0);
    expect(await rival.getByRole('heading', { name: 'Set up your workspace' }).count()).toBe(0);
    const users = await server.rapport.deps.db.selectFrom('users').select('email').execute();
    expect(users.map((u) => u.email)).toEqual([MAYA.email]);

    // Had it been Ravi in another window, the sign-in is one password away.
    await rival.getByLabel('E-mail').fill(MAYA.email);
    await password.fill(MAYA.password);
    await rival.keyboard.press('Enter');
    await rival.getByRole('heading', { name: 'Portfolio' }).waitFor();
    expect(await textOf(rival.locator('header'))).toContain('Brightside Agency');
    expect(pageErrorsOf(rival)).toEqual([]);
  });

  it('shows a new account without data as "not enough data yet", on its page and in the portfolio', async () => {
    await page.getByRole('link', { name: 'Create your first account' }).click();
    const form = page.getByRole('form', { name: 'Create account' });
    await form.getByLabel('Name', { exact: true }).fill('Harbour Coffee Roasters');
    await form.getByLabel('Status').selectOption('active');
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    accountUrl = new URL(page.url()).pathname;

    const noData = page.getByTestId('health-no-data');
    await noData.waitFor();
    const panel = await textOf(page.getByTestId('health-panel'));
    expect(panel).toContain('Not enough data yet');
    expect(panel).toContain('Log a touchpoint');
    // The model's neutral number is no verdict: neither it nor a band is shown.
    expect(panel).not.toMatch(/\b58\b|57\.5|Watch/);

    await page.getByRole('link', { name: 'Portfolio', exact: true }).first().click();
    const row = page.locator('[role="row"][data-account-id]', { hasText: 'Harbour Coffee Roasters' });
    await row.getByText('no data yet').waitFor();
    expect(await textOf(row)).not.toContain('Watch');

    // Its first fact gives it a real score.
    await page.goto(accountUrl);
    await page.getByTestId('health-no-data').waitFor();
    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Subject').fill('Kick-off call');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('What makes up the score').waitFor();
    expect(await page.getByTestId('health-no-data').count()).toBe(0);
  });

  it('does not vouch for accounts without a cadence on the attention board', async () => {
    await page.goto('/attention');
    const quiet = page.getByTestId('attention-going_quiet');
    await quiet.waitFor();
    const text = await textOf(quiet);
    expect(text).toContain('No account has a cadence yet');
    expect(text).not.toContain('has been in touch on time');
  });

  it('adds a colleague with a first password, which they then make their own', async () => {
    await page.goto('/settings');
    const add = page.getByRole('form', { name: 'Add a member' });
    await add.getByLabel('E-mail').fill(SAM.email);
    await add.getByLabel('Name').fill('Sam Patel');
    await add.getByLabel('First password').fill(SAM.first);
    await add.getByRole('button', { name: 'Add member' }).click();
    const added = add.getByRole('status');
    await added.waitFor();
    expect(await textOf(added)).toContain('they make it their own under Settings → You');

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    // A workspace exists now: the sign-in form, and no setup to claim.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('button', { name: 'Set up your workspace' }).count()).toBe(0);
    await signIn(page, SAM.email, SAM.first);
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();

    await page.goto('/settings');
    const change = page.getByRole('form', { name: 'Change your password' });
    await change.getByLabel('Current password').fill('not my password');
    await change.getByLabel('New password').fill(SAM.own);
    await change.getByRole('button', { name: 'Change password' }).click();
    await change.locator('[data-field-error]').waitFor();
    expect(await textOf(change.locator('[data-field-error]'))).toContain('not your current password');
    await change.getByLabel('Current password').fill(SAM.first);
    await change.getByRole('button', { name: 'Change password' }).click();
    await change.getByRole('status').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, SAM.email, SAM.first);
    await page.getByTestId('sign-in-error').waitFor();
    await signIn(page, SAM.email, SAM.own);
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  });

  it('previews a CRM export in the words of the mapping, not in field keys', async () => {
    // From the portfolio, as a person goes: what it showed stays in the app's memory meanwhile.
    await page.goto('/');
    await page.locator('[role="row"][data-account-id]', { hasText: 'Harbour Coffee Roasters' }).waitFor();
    expect(await textOf(page.getByTestId('portfolio-count'))).toBe('1 account');
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByLabel('File to import').setInputFiles({ name: 'hubspot-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(HUBSPOT_CONTACTS, 'utf8') });
    const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Line' }) });
    await table.waitFor();
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['ID in your system', 'E-mails', 'Account']));
    for (const key of ['externalId', 'emails', 'firstName', 'accountName']) expect(headers).not.toContain(key);
  });

  it('shows what an import brought in on the portfolio at once', async () => {
    await page.getByLabel('File to import').setInputFiles({ name: 'hubspot-companies.csv', mimeType: 'text/csv', buffer: Buffer.from(HUBSPOT_COMPANIES, 'utf8') });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Finished:').waitFor();
    await page.getByRole('link', { name: 'Portfolio', exact: true }).click();
    await page.locator('[role="row"][data-account-id]', { hasText: 'Tidewater Tea' }).waitFor();
    expect(await textOf(page.getByTestId('portfolio-count'))).toBe('3 accounts');
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
