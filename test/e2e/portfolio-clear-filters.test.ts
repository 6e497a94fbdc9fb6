import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { CreateAccountSchema } from '../../src/accounts/schemas.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

/** The focused element: its tag and its accessible label or text. */
const FOCUSED = "(() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()} ${e.getAttribute('aria-label') ?? e.id ?? ''}` : 'none'; })()";

/**
 * "Clear filters", by keyboard: the toolbar's button and the empty state's both go away once the
 * filters are clear, and the focus went with them to the page's start (the body): the next Tab
 * began again at "Skip to content". It now lands in the search box.
 */
describe.skipIf(!status.run)(`clearing the portfolio's filters by keyboard${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    const { actor, userId } = server.owner;
    for (const name of ['Harbour Coffee Roasters', 'Lantern Ferries']) {
      await createAccount(server.rapport.deps, actor, CreateAccountSchema.parse({ name, status: 'active', owners: [{ userId, role: 'lead' }] }));
    }
    ({ browser, context, page } = await openSignedIn(server));
    await page.locator('[role="grid"] [role="row"][data-account-id]').first().waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const count = () => textOf(page.getByTestId('portfolio-count'));

  it("the toolbar's Clear filters leaves the focus in the search box", async () => {
    await page.getByRole('button', { name: /^Prospect/ }).click();
    await waitUntil(count, (t) => t === '0 matching accounts', 'the filter to apply');
    const clear = page.getByRole('search').getByRole('button', { name: 'Clear filters' });
    await clear.focus();
    await page.keyboard.press('Enter');
    await waitUntil(count, (t) => t === '2 accounts', 'the filters to clear');
    expect(await page.evaluate<string>(FOCUSED)).toBe('input portfolio-search');
  });

  it("the empty state's Clear filters too", async () => {
    await page.keyboard.type('nothing like this');
    await page.getByTestId('empty-state').waitFor();
    await page.getByTestId('empty-state').getByRole('button', { name: 'Clear filters' }).focus();
    await page.keyboard.press('Enter');
    await waitUntil(count, (t) => t === '2 accounts', 'the filters to clear');
    expect(await page.evaluate<string>(FOCUSED)).toBe('input portfolio-search');
    expect(await page.getByLabel('Search accounts').inputValue()).toBe('');
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
