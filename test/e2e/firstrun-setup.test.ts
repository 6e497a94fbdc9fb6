import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestStatus, launchBrowser, newPage, pageErrorsOf, startEmptyServer, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

/**
 * The first forms of a new Rapport, from the keyboard alone: the setup and the sign-in send with
 * Ctrl+Enter, as every form does (the shortcuts help and the README say so).
 */
describe.skipIf(!status.run)(`first-run forms from the keyboard${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: Pick<TestServer, 'rapport' | 'baseURL' | 'close'>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startEmptyServer();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server.baseURL));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('the setup is sent with Ctrl+Enter, and so is the sign-in', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up your workspace' }).waitFor();
    // The focus starts in the first field; Tab moves on (each field's hint is no stop).
    await page.keyboard.type('Kim Firstrun');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kim@brightside.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type('a long first password');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Brightside Agency');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail').fill('kim@brightside.test');
    await page.getByLabel('Password').fill('a long first password');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
