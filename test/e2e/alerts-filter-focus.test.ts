import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { CreateAccountSchema } from '../../src/accounts/schemas.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

const DAY_MS = 86_400_000;
/** The focused element: its tag and its accessible name as the page gives it (aria-label, else its text). */
const FOCUSED = "(() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()} ${e.getAttribute('aria-label') ?? (e.textContent ?? '').trim()}` : 'none'; })()";

/**
 * The alerts screen's filters by keyboard. Choosing an account swaps its picker for a chip, and
 * the chip's × swaps it back; the empty state's buttons go away with it. Each time the focus went
 * to the page's start (the body), and the next Tab began again at "Skip to content". It now goes to
 * what took the place: the chip's ×, the picker, or the "Alerts" heading.
 */
describe.skipIf(!status.run)(`the alerts screen's filters by keyboard${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    const { actor, userId } = server.owner;
    const startedOn = new Date(Date.now() - 60 * DAY_MS).toISOString().slice(0, 10);
    for (const name of ['Quiet Harbour', 'Calm Cove']) {
      await createAccount(server.rapport.deps, actor, CreateAccountSchema.parse({ name, status: 'active', cadenceDays: 7, startedOn, owners: [{ userId, role: 'lead' }] }));
    }
    ({ browser, context, page } = await openSignedIn(server));
    await page.goto('/alerts');
    await page.getByTestId('alert-card').first().waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const focused = () => page.evaluate<string>(FOCUSED);
  const summary = () => textOf(page.getByTestId('alerts-summary'));

  it('choosing an account leaves the focus on its chip, and removing the chip on the picker', async () => {
    // The page's first show puts the focus nowhere in particular.
    expect(await focused()).not.toBe('input Account');
    const picker = page.getByRole('combobox', { name: 'Account' });
    await picker.focus();
    await page.keyboard.type('Quiet');
    await page.getByRole('option', { name: /Quiet Harbour/ }).waitFor();
    await page.keyboard.press('Enter');
    await waitUntil(summary, (t) => t.includes('matching the filters'), 'the account filter');
    expect(await focused()).toBe('button Show every account');
    await page.keyboard.press('Enter');
    await waitUntil(summary, (t) => !t.includes('matching the filters'), 'every account again');
    expect(await focused()).toMatch(/^input /);
    const pickerId = await page.getByRole('combobox', { name: 'Account' }).getAttribute('id');
    expect(await page.evaluate<string | null>('document.activeElement?.id ?? null')).toBe(pickerId);
  });

  it("the empty state's Clear filters leaves the focus on the heading", async () => {
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('score_drop');
    await page.getByTestId('alerts-empty').waitFor();
    await page.getByTestId('alerts-empty').getByRole('button', { name: 'Clear filters' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('alert-card').first().waitFor();
    expect(await focused()).toBe('h1 Alerts');
    // From there, j selects the first alert.
    await page.keyboard.press('j');
    expect(await page.locator('.alert-card--selected').count()).toBe(1);
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
