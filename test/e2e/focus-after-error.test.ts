import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserTestStatus, launchBrowser, newPage, pageErrorsOf, signIn, startServer, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

/**
 * On a busy machine the browser may draw a frame before React renders what a failed save set: a
 * form that moved the focus from a requestAnimationFrame queued in its catch found no field in error
 * yet, and the focus stayed on the button (the walkthrough's "adds a member" failed that way under
 * CPU load, and the viewer's sign-in after it for want of the member). Here every animation frame
 * comes at once, before React's render — an order the browser may choose — so the forms must move
 * the focus once their messages are drawn, whatever the order.
 */
describe.skipIf(!status.run)(`the focus after a refused save, when frames come before React renders${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server.baseURL));
    // A frame queued now runs in a microtask: before the task in which React renders a state set now.
    await context.addInitScript(`{
      let id = 0;
      window.requestAnimationFrame = (callback) => {
        queueMicrotask(() => callback(performance.now()));
        return ++id;
      };
    }`);
    await page.goto('/');
    await signIn(page, server.owner.email, server.owner.password);
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const isFocused = (locator: Locator) => locator.evaluate((el) => el === el.ownerDocument.activeElement);

  it('a form that saves through SaveForm (adding a member) focuses its field in error', async () => {
    const form = page.getByRole('form', { name: 'Add a member' });
    await form.getByLabel('E-mail').fill('grace@northwind.test');
    await form.getByLabel('First password').fill('short');
    await form.getByRole('button', { name: 'Add member' }).click();
    await form.locator('.field', { has: page.getByLabel('First password') }).locator('[data-field-error]').waitFor();
    await waitUntil(() => isFocused(form.getByLabel('First password')), (focused) => focused, 'the password field to take the focus');

    // A second refusal moves the focus again, from wherever it was.
    await form.getByLabel('E-mail').focus();
    await form.getByRole('button', { name: 'Add member' }).click();
    await waitUntil(() => isFocused(form.getByLabel('First password')), (focused) => focused, 'the password field to take the focus again');
    expect(await form.locator('[data-field-error]').count()).toBe(1);
  });

  it('the health model form focuses its first field in error', async () => {
    const form = page.getByRole('form', { name: 'Health model' });
    await form.getByLabel('At risk below').fill('80');
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    await form.locator('.field', { has: page.getByLabel('Healthy from') }).locator('[data-field-error]').waitFor();
    await waitUntil(() => isFocused(form.getByLabel('Healthy from')), (focused) => focused, 'Healthy from to take the focus');
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
