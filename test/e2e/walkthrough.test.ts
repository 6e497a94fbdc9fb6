import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LOGIN_LIMIT, LOGIN_WINDOW_MS, loginEmailKey } from '../../src/platform/auth/sessions.js';
import { takeRateLimit } from '../../src/platform/auth/rate-limit.js';
import { browserTestStatus, launchBrowser, newPage, pageErrorsOf, signIn, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

/**
 * The main path through the web app in Chromium, against a real server on a fresh database: sign
 * in, an empty portfolio, create an account, see it listed, open it, add contacts (and see the
 * server's field error for a bad e-mail), edit the account, and manage API tokens.
 */
describe.skipIf(!status.run)(`web app walkthrough${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server.baseURL));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('refuses a wrong password with a clear message, then signs in', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, server.owner.email, 'not the password');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await textOf(error)).toContain('do not match');

    // Past ten failures for one address, it is locked for the window: the message says to wait. The
    // ten failures are counted as the server counts them, on its database: the API suite checks the
    // counting (test/api/auth.test.ts), and ten tries through the page cost ten scrypt hashes, seconds
    // on a busy machine, for nothing this test looks at.
    for (let i = 0; i < LOGIN_LIMIT; i++) await takeRateLimit(server.rapport.deps, loginEmailKey('mallory@northwind.test'), LOGIN_LIMIT, LOGIN_WINDOW_MS);
    await signIn(page, 'mallory@northwind.test', 'one guess too many');
    await waitUntil(() => textOf(error), (t) => t.includes('Too many sign-in attempts'), 'the rate-limit message');
    expect(await textOf(error)).toMatch(/Wait \d+ minutes?/);

    await signIn(page, server.owner.email, server.owner.password);
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
    expect(await textOf(page.locator('header'))).toContain('Northwind Agency');
    expect(await textOf(page.locator('header'))).toContain('Ada Lovelace');
  });

  it('shows an empty portfolio that says what to do next', async () => {
    const empty = page.getByTestId('empty-state');
    await empty.waitFor();
    expect(await textOf(empty)).toContain('No accounts yet');
    await page.getByRole('link', { name: 'Create your first account' }).click();
    await page.getByRole('heading', { name: 'New account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/accounts/new');
  });

  it('creates an account, showing the server’s field error first', async () => {
    const form = page.getByRole('form', { name: 'Create account' });
    await form.getByLabel('Name', { exact: true }).fill('Acme Breweries');
    await form.getByLabel('Aliases').fill('Acme Lager\n@acmebrews');
    await form.getByLabel('Category').fill('beer');
    await form.getByLabel('Website').fill('not a website');
    await form.getByLabel('Monthly value').fill('12500');
    await form.getByLabel('Currency').fill('EUR');
    await form.getByLabel('Status').selectOption('active');
    await form.getByLabel('Cadence (days)').fill('14');
    await form.getByRole('button', { name: 'Add owner' }).click();
    await form.getByLabel('Notes').fill('Brewery group; three brands.');
    await form.getByRole('button', { name: 'Create account' }).click();

    // The server rejects the website; its message appears under the Website field.
    const websiteField = form.locator('.field', { has: page.getByLabel('Website') });
    await websiteField.locator('[data-field-error]').waitFor();
    expect(await textOf(websiteField.locator('[data-field-error]'))).toContain('Not a website address');
    expect(await form.getByLabel('Website').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Website').fill('acme-breweries.example');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: /Acme Breweries/ }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/accounts\/[0-9a-f-]{36}$/);
    const details = page.getByRole('region', { name: 'Details' });
    const text = await textOf(details);
    expect(text).toContain('beer');
    expect(text).toContain('€12,500 / month');
    expect(await textOf(details.locator('dt', { hasText: /^Cadence$/ }).locator('xpath=following-sibling::dd[1]'))).toBe('Touch every 14 days');
    expect(text).toContain('Ada Lovelace · Lead');
    expect(text).toContain('https://acme-breweries.example'.replace('https://', ''));
  });

  it('lists the new account in the portfolio and opens it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
    const row = page.locator('[role="grid"] [role="row"][data-account-id]', { hasText: 'Acme Breweries' });
    await row.waitFor();
    const rowText = await textOf(row);
    expect(rowText).toContain('beer');
    expect(rowText).toContain('Active');
    expect(rowText).toContain('€12,500');
    expect(rowText).toContain('Ada Lovelace');
    expect(await textOf(page.getByTestId('portfolio-count'))).toBe('1 account');
    await page.screenshot({ path: '/tmp/rapport-portfolio-one.png' });

    await row.click();
    await page.getByRole('heading', { name: /Acme Breweries/ }).waitFor();
    await page.getByText('No contacts yet.').waitFor();
  });

  it('adds a contact', async () => {
    await page.getByRole('button', { name: 'Add contact' }).click();
    const form = page.getByRole('form', { name: 'New contact' });
    await form.getByLabel('Name').fill('Jane Doe');
    await form.getByLabel('Title').fill('Head of Marketing');
    await form.getByLabel('E-mail').fill('jane@acme.example');
    await form.getByLabel('Phone').fill('+31 20 555 0100');
    await form.getByLabel('Role').selectOption('decision_maker');
    await form.getByLabel('Influence').selectOption('5');
    await form.getByLabel('Primary contact').check();
    // Three handle rows: one left empty (not sent), one too long. The server's message shows under
    // the row it is about, though the server numbers only the rows sent.
    for (let i = 0; i < 3; i++) await form.getByRole('button', { name: 'Add handle' }).click();
    await form.getByLabel('Handle 2').fill('@janedoe');
    await form.getByLabel('Network 3').selectOption('x');
    await form.getByLabel('Handle 3').fill(`@${'j'.repeat(210)}`);
    await form.getByRole('button', { name: 'Add contact' }).click();
    const thirdRow = form.locator('.subform__row', { has: page.getByLabel('Handle 3') });
    await thirdRow.locator('[data-field-error]').waitFor();
    expect(await form.locator('.subform__row.field--invalid').count()).toBe(1);
    expect(await form.getByLabel('Handle 3').getAttribute('aria-describedby')).toBe(await thirdRow.locator('[data-field-error]').getAttribute('id'));
    // Filling the empty row above does not move the message to another row.
    await form.getByLabel('Handle 1').fill('@jd');
    expect(await form.locator('.subform__row.field--invalid').count()).toBe(1);
    expect(await thirdRow.locator('[data-field-error]').count()).toBe(1);
    await form.getByRole('button', { name: 'Remove handle 3' }).click();
    expect(await form.getByLabel('Handle 3').count()).toBe(0);
    expect(await form.locator('.subform__row [data-field-error]').count()).toBe(0);
    await form.getByRole('button', { name: 'Add contact' }).click();

    const contact = page.locator('.contact', { hasText: 'Jane Doe' });
    await contact.waitFor();
    const text = await textOf(contact);
    expect(text).toContain('Decision maker');
    expect(text).toContain('jane@acme.example');
    expect(text).toContain('@janedoe');
    expect(text).toContain('@jd');
    expect(await contact.getByLabel('Primary contact').count()).toBe(1);
    await waitUntil(() => textOf(page.locator('#contacts-title')), (t) => t.includes('(1)'), 'the contact count');
  });

  it('shows the server’s message under the e-mail field for an invalid address', async () => {
    await page.getByRole('button', { name: 'Add contact' }).click();
    const form = page.getByRole('form', { name: 'New contact' });
    await form.getByLabel('Name').fill('Bob Builder');
    await form.getByLabel('E-mail').fill('bob@acme.example, not-an-email');
    await form.getByRole('button', { name: 'Add contact' }).click();

    const emailField = form.locator('.field', { has: page.getByLabel('E-mail') });
    const error = emailField.locator('[data-field-error]');
    await error.waitFor();
    const message = await textOf(error);
    expect(message).toContain('not-an-email');
    expect(message.toLowerCase()).toContain('not an e-mail address');
    expect(await form.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
    // Nothing else is flagged, and nothing was saved.
    expect(await form.locator('[data-field-error]').count()).toBe(1);
    expect(await page.locator('.contact', { hasText: 'Bob Builder' }).count()).toBe(0);

    // Editing the field does not rename the address the message is about.
    await form.getByLabel('E-mail').fill('bob@acme.example');
    expect(await textOf(error)).toBe(message);
    await form.getByLabel('Status').selectOption('left');
    await form.getByLabel('Left on').fill('2025-03-01');
    await form.getByRole('button', { name: 'Add contact' }).click();
    const bob = page.locator('.contact', { hasText: 'Bob Builder' });
    await bob.waitFor();
    expect(await textOf(bob)).toContain('Left Mar 1, 2025');
  });

  it('edits a contact and deletes one after confirming', async () => {
    const bob = page.locator('.contact', { hasText: 'Bob Builder' });
    await bob.getByRole('button', { name: 'Edit Bob Builder' }).click();
    const form = page.getByRole('form', { name: 'Edit Bob Builder' });
    await form.getByLabel('Title').fill('Former CFO');
    await form.getByLabel('Role').selectOption('finance');
    // Every form saves with Ctrl+Enter from any field.
    await form.getByLabel('Title').press('Control+Enter');
    await waitUntil(() => textOf(page.locator('.contact', { hasText: 'Bob Builder' })), (t) => t.includes('Former CFO') && t.includes('Finance'), 'the edited contact');

    await page.locator('.contact', { hasText: 'Bob Builder' }).getByRole('button', { name: 'Delete Bob Builder' }).click();
    await page.getByText('Delete Bob Builder for good?').waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await waitUntil(() => page.locator('.contact', { hasText: 'Bob Builder' }).count(), (n) => n === 0, 'the contact to disappear');
  });

  it('edits the account, showing a field error and then saving', async () => {
    await page.getByRole('button', { name: 'Edit account' }).click();
    const form = page.getByRole('form', { name: 'Save changes' });
    await form.getByLabel('Status').selectOption('at_risk');
    await form.getByLabel('Cadence (days)').fill('0');
    await form.getByRole('button', { name: 'Save changes' }).click();

    const cadence = form.locator('.field', { has: page.getByLabel('Cadence (days)') });
    await cadence.locator('[data-field-error]').waitFor();
    expect(await textOf(cadence.locator('[data-field-error]'))).toMatch(/>=\s*1|at least 1|too small/i);

    await form.getByLabel('Cadence (days)').fill('21');
    await form.getByLabel('Confidential').check();
    await form.getByRole('button', { name: 'Save changes' }).click();
    const details = page.getByRole('region', { name: 'Details' });
    await details.waitFor();
    const text = await textOf(details);
    expect(text).toContain('Flagged at risk');
    expect(await textOf(details.locator('dt', { hasText: /^Cadence$/ }).locator('xpath=following-sibling::dd[1]'))).toBe('Touch every 21 days');
    expect(await textOf(page.locator('h1'))).toContain('Confidential');
    await page.screenshot({ path: '/tmp/rapport-account.png', fullPage: true });
  });

  it('archives and restores the account', async () => {
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    expect(await textOf(page.locator('h1'))).toContain('Archived');
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Archive' }).waitFor();
    expect(await textOf(page.locator('h1'))).not.toContain('Archived');
  });

  it('creates an API token, shows its secret once, and revokes it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByLabel('Token name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByLabel('The new token');
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^rap_/);
    // The secret works as a bearer token.
    const me = await fetch(`${server.baseURL}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('The new token').count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await waitUntil(() => page.locator('[data-token-name="CRM sync"]').count(), (n) => n === 0, 'the token to be revoked');
  });

  it('adds a member from settings', async () => {
    const form = page.getByRole('form', { name: 'Add a member' });
    await form.getByLabel('E-mail').fill('grace@northwind.test');
    await form.getByLabel('Name').fill('Grace Hopper');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('First password').fill('short');
    await form.getByRole('button', { name: 'Add member' }).click();
    const passwordField = form.locator('.field', { has: page.getByLabel('First password') });
    await passwordField.locator('[data-field-error]').waitFor();
    expect(await textOf(passwordField.locator('[data-field-error]'))).toContain('at least 8 characters');
    // The field in error takes the focus, to be corrected at once.
    await waitUntil(() => form.getByLabel('First password').evaluate((el) => el === el.ownerDocument.activeElement), (focused) => focused, 'the password field to take the focus');

    // Ctrl+Enter adds from the keyboard; the form stays for the next member, emptied.
    await form.getByLabel('First password').fill('a longer password');
    await form.getByLabel('First password').press('Control+Enter');
    await page.locator('[data-member-email="grace@northwind.test"]').waitFor();
    expect(await textOf(form.getByRole('status'))).toContain('grace@northwind.test can now sign in');
    expect(await form.getByLabel('E-mail').inputValue()).toBe('');
    expect(await form.locator('[data-field-error]').count()).toBe(0);
  });

  it('refuses health bands that cross, naming both fields in their own words, and focuses the first', async () => {
    const form = page.getByRole('form', { name: 'Health model' });
    await form.getByLabel('At risk below').fill('80');
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    const healthy = form.locator('.field', { has: page.getByLabel('Healthy from') });
    await healthy.locator('[data-field-error]').waitFor();
    expect(await textOf(healthy.locator('[data-field-error]'))).toContain('Must be above 80, where at risk ends');
    expect(await textOf(form.locator('.field', { has: page.getByLabel('At risk below') }).locator('[data-field-error]'))).toContain('Must be below 70, where healthy begins');
    await waitUntil(() => form.getByLabel('Healthy from').evaluate((el) => el === el.ownerDocument.activeElement), (focused) => focused, 'Healthy from to take the focus');
    await form.getByLabel('At risk below').fill('45');
  });

  it('creates a second workspace and switches between workspaces from the header', async () => {
    await page.getByLabel('New workspace').fill('Second Agency');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    // The new workspace is empty and is now the one shown in the header's switcher.
    await page.getByTestId('empty-state').waitFor();
    const switcher = page.locator('header').getByLabel('Workspace');
    await waitUntil(() => textOf(switcher.locator('option:checked')), (t) => t === 'Second Agency', 'the switcher to show the new workspace');

    await switcher.selectOption({ label: 'Northwind Agency' });
    await page.locator('[role="row"][data-account-id]', { hasText: 'Acme Breweries' }).waitFor();
    expect(await textOf(page.getByTestId('portfolio-count'))).toBe('1 account');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
  });

  it('signs out, and a viewer sees no write buttons', async () => {
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, 'grace@northwind.test', 'a longer password');
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
    await page.locator('[role="row"][data-account-id]').first().waitFor();
    expect(await page.getByRole('link', { name: 'New account' }).count()).toBe(0);
    await page.locator('[role="row"][data-account-id]').first().click();
    await page.getByRole('heading', { name: /Acme Breweries/ }).waitFor();
    await page.getByText('Jane Doe').waitFor();
    expect(await page.getByRole('button', { name: 'Edit account' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add contact' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Edit / }).count()).toBe(0);
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
