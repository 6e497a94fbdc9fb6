import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { browserTestStatus, launchBrowser, newPage, pageErrorsOf, startEmptyServer, textOf, type TestServer } from './support.js';

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

/**
 * A first try of Rapport with its demo (`npm start`): the sign-in page names the demo's user and
 * where its password was printed, and fills in the e-mail, so nobody has to scroll back through a
 * terminal for an address they never saw. Once a team has set Rapport up, the page no longer says
 * it (test/api/setup.test.ts).
 */
describe.skipIf(!status.run)(`the sign-in page beside the demo${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: Pick<TestServer, 'rapport' | 'baseURL' | 'close'>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startEmptyServer();
    await seedDemo(server.rapport.deps, { password: 'the demo password' });
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server.baseURL));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it("names the demo's sign-in, fills in its e-mail and leaves the focus on the password", async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const hint = page.getByTestId('demo-hint');
    expect(await textOf(hint)).toContain('Sign in as demo@rapport.test with the password that rapport serve (or npm start) printed');
    await hint.getByRole('button', { name: 'Use the demo’s e-mail' }).click();
    expect(await page.getByLabel('E-mail').inputValue()).toBe('demo@rapport.test');
    expect(await page.evaluate('document.activeElement?.id')).toBe('sign-in-password');
    await page.keyboard.type('the demo password');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
