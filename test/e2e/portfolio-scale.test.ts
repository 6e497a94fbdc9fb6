import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { inTransaction } from '../../src/platform/deps.js';
import { accountsRepo } from '../../src/accounts/repo.js';
import { searchTextOf } from '../../src/accounts/account.js';
import { createAccount } from '../../src/accounts/create-account.js';
import { CreateAccountSchema } from '../../src/accounts/schemas.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

const BULK = 2_000;
const CATEGORIES = ['beer', 'fintech', 'fashion', 'travel', 'telecom', 'food'];
const STATUSES = ['active', 'active', 'prospect', 'at_risk', 'lost'] as const;
const rowSelector = '[role="grid"] [role="row"][data-account-id]';

/** A shortcut help section's [keys, action] pairs, as shown. */
const keysOf = (section: Locator) =>
  section.locator('dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? '']));

/** "Account 0042": zero-padded so name order is number order. */
const nameOf = (i: number) => `Account ${String(i).padStart(4, '0')}`;

/**
 * The portfolio at scale: 2,000 accounts seeded straight into the database (plus a few made by
 * the createAccount use-case), then search, filter, sort, infinite scroll and keyboard control.
 */
describe.skipIf(!status.run)(`portfolio with ${BULK} accounts${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let atRiskCount = 0;
  let atRiskTelecomCount = 0;

  beforeAll(async () => {
    server = await startServer();
    const { workspaceId, userId, actor } = server.owner;
    const deps = server.rapport.deps;
    // Bulk rows through the repo in one transaction (the use-case would take ~7 ms each).
    await inTransaction(deps, async (tx) => {
      const repo = accountsRepo(tx.db);
      const at = new Date('2025-01-01T00:00:00Z');
      for (let i = 0; i < BULK; i++) {
        const id = randomUUID();
        const name = nameOf(i);
        const status = STATUSES[i % STATUSES.length] ?? 'active';
        if (status === 'at_risk') atRiskCount++;
        if (status === 'at_risk' && CATEGORIES[i % CATEGORIES.length] === 'telecom') atRiskTelecomCount++;
        await repo.insertAccount(
          workspaceId,
          id,
          {
            id,
            name,
            aliases: [],
            searchText: searchTextOf(name, []),
            category: CATEGORIES[i % CATEGORIES.length] ?? null,
            website: null,
            valueAmount: 1_000 + ((i * 37) % 20_000),
            valueCurrency: 'EUR',
            status,
            startedOn: null,
            cadenceDays: 30,
            isConfidential: i % 97 === 0,
            notes: '',
            archivedAt: null,
          },
          new Date(at.getTime() + i * 60_000),
        );
        if (i % 10 === 0) await repo.replaceOwners(workspaceId, id, [{ userId, role: 'lead' }]);
      }
    });
    // A few through the real use-case: aliases to search by, and the top value.
    const zephyr = await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Zephyr Holdings', aliases: ['Windward Ales'], category: 'beer', status: 'active', value: { amount: 99_000, currency: 'EUR' } }));
    await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Aurora Telecom', category: 'telecom', status: 'at_risk', conflictIds: [zephyr.id] }));
    atRiskCount++;
    atRiskTelecomCount++;

    ({ browser, context, page } = await openSignedIn(server));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('renders the portfolio with the total, and only the visible rows in the DOM', async () => {
    const started = Date.now();
    await page.goto('/');
    await page.locator(rowSelector).first().waitFor();
    const firstRowMs = Date.now() - started;
    console.info(`portfolio: first row ${firstRowMs} ms after navigation (${BULK + 2} accounts)`);
    await waitUntil(() => textOf(page.getByTestId('portfolio-count')), (t) => t === `${(BULK + 2).toLocaleString('en-US')} accounts`, 'the total');
    const rendered = await page.locator(rowSelector).count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(80);
    // Sorted by name: Account 0000 first.
    expect(await textOf(page.locator(rowSelector).first())).toContain('Account 0000');
    await page.screenshot({ path: '/tmp/rapport-portfolio.png' });
  });

  it('loads further pages while scrolling to the end', async () => {
    const grid = page.getByTestId('account-table');
    // Scroll in steps to the bottom; pages of 200 load as the end comes near.
    await waitUntil(
      async () => {
        await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
        return page.locator(rowSelector, { hasText: 'Zephyr Holdings' }).count();
      },
      (n) => n === 1,
      'the last account after scrolling',
      30_000,
    );
    expect(await page.locator(rowSelector).count()).toBeLessThan(80);
    await grid.evaluate((el) => el.scrollTo({ top: 0 }));
  });

  it('searches names and aliases, and says how to get out of an empty result', async () => {
    const search = page.getByLabel('Search accounts');
    await search.fill('windward');
    await waitUntil(() => textOf(page.getByTestId('portfolio-count')), (t) => t === '1 matching account', 'one match');
    expect(await textOf(page.locator(rowSelector).first())).toContain('Zephyr Holdings');
    expect(new URL(page.url()).searchParams.get('q')).toBe('windward');

    await search.fill('Account 01');
    await waitUntil(() => textOf(page.getByTestId('portfolio-count')), (t) => t === '100 matching accounts', 'a hundred matches');

    await search.fill('no such account anywhere');
    const empty = page.getByTestId('empty-state');
    await empty.waitFor();
    expect(await textOf(empty)).toContain('No accounts match');
    await empty.getByRole('button', { name: 'Clear filters' }).click();
    await waitUntil(() => textOf(page.getByTestId('portfolio-count')), (t) => t.startsWith('2,002'), 'the full list again');
    expect(await search.inputValue()).toBe('');
  });

  it('filters by status and category from the facets', async () => {
    await page.getByRole('button', { name: /^Flagged at risk/ }).click();
    await waitUntil(() => textOf(page.getByTestId('portfolio-count')), (t) => t === `${atRiskCount} matching accounts`, 'the at-risk count');
    const statuses = await page.locator(`${rowSelector} .badge--status`).allTextContents();
    expect(new Set(statuses)).toEqual(new Set(['Flagged at risk']));

    await page.getByLabel('Category').selectOption('telecom');
    await waitUntil(() => textOf(page.getByTestId('portfolio-count')), (t) => t === `${atRiskTelecomCount} matching accounts`, 'the at-risk telecom count');
    const rows = await page.locator(rowSelector).allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes('telecom') && r.includes('Flagged at risk'))).toBe(true);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitUntil(() => textOf(page.getByTestId('portfolio-count')), (t) => t === '2,002 accounts', 'no filters');
  });

  it('sorts by value from the column header', async () => {
    await page.getByRole('columnheader', { name: /Value/ }).getByRole('button').click();
    await waitUntil(() => textOf(page.locator(rowSelector).first()), (t) => t.includes('Zephyr Holdings'), 'the most valuable account first');
    expect(await page.getByRole('columnheader', { name: /Value/ }).getAttribute('aria-sort')).toBe('descending');
    await page.getByRole('columnheader', { name: /Name/ }).getByRole('button').click();
    await waitUntil(() => textOf(page.locator(rowSelector).first()), (t) => t.includes('Account 0000'), 'name order again');
  });

  it('moves through rows with the keyboard and opens one with Enter', async () => {
    await page.locator('h1').click();
    await page.keyboard.press('/');
    expect(await page.getByLabel('Search accounts').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    const highlighted = page.locator(`${rowSelector}[aria-selected="true"]`);
    expect(await textOf(highlighted)).toContain('Account 0002');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Account 0002/ }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/accounts\/[0-9a-f-]{36}$/);

    // Back to the list; `n` opens the new-account form.
    await page.goBack();
    await page.locator(rowSelector).first().waitFor();
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'New account' }).waitFor();
  });

  it('keeps keyboard moves and Enter past the first page loaded, even while the next page is on its way', async () => {
    // The second page is held back until every key has been pressed: keys typed faster than the
    // network still count. The highlight moves onto a placeholder row, and Enter there opens the
    // account once its page lands.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldPages = 0;
    await page.route(/\/api\/accounts\?.*cursor=/, async (route) => {
      heldPages++;
      await held;
      await route.continue();
    });
    try {
      await page.goto('/');
      await page.locator(rowSelector).first().waitFor();
      await page.locator('h1').click();
      for (let i = 0; i < 230; i++) await page.keyboard.press('j');
      const highlighted = page.locator('[role="row"][aria-selected="true"]');
      expect(await highlighted.getAttribute('aria-rowindex')).toBe('231');
      expect(await highlighted.getAttribute('data-account-id')).toBeNull();
      expect(await textOf(highlighted)).toBe('Loading account 230');
      expect(await page.getByRole('grid').getAttribute('aria-activedescendant')).toBe(await highlighted.getAttribute('id'));
      expect(heldPages).toBeGreaterThan(0);
      await page.keyboard.press('Enter');
      expect(new URL(page.url()).pathname).toBe('/');
    } finally {
      release();
    }
    await page.getByRole('heading', { name: /Account 0229/ }).waitFor();
    await page.unrouteAll({ behavior: 'wait' });

    // Coming back lands at the same place in the list.
    await page.goBack();
    await page.locator(rowSelector, { hasText: 'Account 0229' }).waitFor();
    expect(await textOf(page.locator(`${rowSelector}[aria-selected="true"]`))).toContain('Account 0229');
  });

  it('shows the keyboard shortcuts with ?, this page first, and keeps the keys from the page behind', async () => {
    await page.goto('/');
    await page.locator(rowSelector).first().waitFor();
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await textOf(help.locator('h3').first())).toBe('Portfolio This page');
    expect(await keysOf(help.locator('section', { hasText: 'Alerts' }))).toContainEqual(['a', 'Acknowledge the selected alert']);
    // j belongs to the dialog now, not to the list behind it.
    await page.keyboard.press('j');
    expect(await page.locator('[role="row"][aria-selected="true"]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await waitUntil(() => help.count(), (n) => n === 0, 'the help to close');
    await page.keyboard.press('j');
    expect(await textOf(page.locator(`${rowSelector}[aria-selected="true"]`))).toContain('Account 0000');

    // The header's button opens it too; on an account's page, that page's keys come first.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Account 0000/ }).waitFor();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await help.waitFor();
    expect(await textOf(help.locator('h3').first())).toBe('Account This page');
    expect(await keysOf(help.locator('section').first())).toContainEqual(['g', 'Add a target']);
    await help.getByRole('button', { name: 'Close' }).click();
    await waitUntil(() => help.count(), (n) => n === 0, 'the help to close');
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
