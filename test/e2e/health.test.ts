import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { CreateAccountSchema } from '../../src/accounts/schemas.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

const DAY_MS = 86_400_000;
const isoDate = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
/** A datetime-local value `days` ago at 17:00 in the browser's time zone (the test context's is Amsterdam; a day back is a day back anywhere). */
const localDueValue = (daysAgo: number) => `${isoDate(daysAgo * DAY_MS)}T17:00`;

/**
 * Health, alerts and post-mortem in Chromium, on a fresh workspace: an account gets a project and a
 * deliverable due in the past through the delivery forms (keys p and d, Ctrl+Enter, the server's
 * field error at its field); the health panel shows the delivery component with the late facts
 * behind it; a second late deliverable raises "delivery slipping", which the portfolio counts and
 * which is acknowledged with the keyboard on the alerts screen; marking the account lost opens its
 * post-mortem, with the late work, the alert and who acknowledged it; the loss report counts it.
 */
describe.skipIf(!status.run)(`health, alerts and post-mortem${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let accountId = '';

  beforeAll(async () => {
    server = await startServer();
    const { actor, userId } = server.owner;
    const account = await createAccount(
      server.rapport.deps,
      actor,
      CreateAccountSchema.parse({
        name: 'Harbor Lights Cafe',
        status: 'active',
        cadenceDays: 14,
        startedOn: isoDate(200 * DAY_MS),
        value: { amount: 7_500, currency: 'EUR' },
        owners: [{ userId, role: 'lead' }],
      }),
    );
    accountId = account.id;
    ({ browser, context, page } = await openSignedIn(server));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const healthPanel = () => page.getByTestId('health-panel');
  const delivery = () => page.getByTestId('delivery-section');

  it('shows the health panel and an empty ledger that says what to record', async () => {
    await page.goto(`/accounts/${accountId}`);
    await page.getByRole('heading', { name: /Harbor Lights Cafe/, level: 1 }).waitFor();
    await waitUntil(() => textOf(healthPanel()), (t) => t.includes('What makes up the score'), 'the health panel');
    expect(await textOf(healthPanel())).toMatch(/Healthy|Watch|At risk/);
    await delivery().getByTestId('delivery-empty').waitFor();
    expect(await textOf(delivery())).toContain('Nothing in the ledger yet');
  });

  it('adds a project with p and a deliverable due in the past with d, showing the server’s field error first', async () => {
    await page.locator('body').press('p');
    const projectDialog = page.getByRole('dialog', { name: /Add a project for Harbor Lights Cafe/ });
    await projectDialog.waitFor();
    // Focus starts on the name.
    await page.keyboard.type('Spring menu launch');
    await page.keyboard.press('Control+Enter');
    await waitUntil(() => page.getByRole('dialog').count(), (n) => n === 0, 'the project dialog to close');
    await delivery().getByRole('heading', { name: 'Spring menu launch' }).waitFor();

    await page.locator('body').press('d');
    const dialog = page.getByRole('dialog', { name: /Add a deliverable/ });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Project').inputValue()).not.toBe('');
    // By default due a week ahead at 17:00 (in the browser's zone), never already past.
    const defaultDue = await dialog.getByLabel('Due').inputValue();
    expect(defaultDue).toMatch(/T17:00$/);
    expect(await page.evaluate((v) => (new Date(v).getTime() - Date.now()) / 86_400_000, defaultDue)).toBeGreaterThan(6);
    await dialog.getByLabel('Due').fill(localDueValue(10));
    // No title: the server's message appears under the title field.
    await dialog.getByLabel('Due').press('Control+Enter');
    const title = dialog.locator('.field', { has: page.getByLabel('Title') });
    await title.locator('[data-field-error]').waitFor();
    expect(await textOf(title.locator('[data-field-error]'))).toContain('Title is required');
    expect(await dialog.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel('Title').fill('Menu photography');
    await dialog.getByLabel('Title').press('Control+Enter');
    await waitUntil(() => page.getByRole('dialog').count(), (n) => n === 0, 'the deliverable dialog to close');
    const row = delivery().locator('tr', { hasText: 'Menu photography' });
    await row.waitFor();
    // Late by the started days since it was due: 10, or 11 once 17:00 has passed today.
    expect(await textOf(row)).toMatch(/Overdue · 1[01] days/);
    expect(await row.locator('.badge--deliverable-overdue').count()).toBe(1);
  });

  it('shows the delivery component with the late deliverable behind it', async () => {
    const component = healthPanel().locator('[data-component="delivery"]');
    await waitUntil(() => textOf(component), (t) => t.includes('0 of 1 deliverable due in the last 90 days on time'), 'the delivery component');
    expect(await textOf(component)).toMatch(/0 \/ \d+(\.\d)? pts/);
    await component.getByRole('button', { name: /Show the fact behind it/ }).click();
    const fact = component.getByRole('link', { name: 'Menu photography' });
    await fact.waitFor();
    // The fact links to its row in the ledger, which is brought into view and focused.
    await fact.click();
    await waitUntil(() => page.locator(':focus').getAttribute('id'), (id) => Boolean(id?.startsWith('deliverable-')), 'the deliverable row focused');
    // One component missing (no surveys): the weights were renormalised, and the panel says so.
    expect(await textOf(healthPanel().getByTestId('health-note'))).toContain('renormalised');
    await page.screenshot({ path: '/tmp/rapport-health-panel.png', fullPage: true });
  });

  it('raises delivery slipping after a second late deliverable, on the account and in the portfolio', async () => {
    await page.locator('body').press('d');
    const dialog = page.getByRole('dialog', { name: /Add a deliverable/ });
    await dialog.waitFor();
    await dialog.getByLabel('Title').fill('Opening-week social posts');
    await dialog.getByLabel('Due').fill(localDueValue(5));
    await dialog.getByLabel('Due').press('Control+Enter');
    await waitUntil(() => page.getByRole('dialog').count(), (n) => n === 0, 'the dialog to close');

    const alerts = page.getByTestId('account-alerts');
    const slipping = alerts.getByTestId('alert-card').filter({ hasText: 'Delivery slipping' });
    await slipping.waitFor();
    expect(await textOf(slipping)).toMatch(/0 of 2 deliverables due in the last 90 days on time/);
    expect(await textOf(slipping)).toContain('Nobody has acted on it yet.');
    await waitUntil(() => textOf(healthPanel().locator('[data-component="delivery"]')), (t) => t.includes('0 of 2 deliverables'), 'the component to follow');

    // The header counts unresolved alerts; the portfolio shows the score and the alert count.
    await waitUntil(() => textOf(page.getByTestId('alert-count')), (t) => Number(t) >= 1, 'the header count');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio', exact: true }).click();
    const row = page.locator(`[role="row"][data-account-id="${accountId}"]`);
    await row.waitFor();
    await waitUntil(() => row.locator('.score').count(), (n) => n === 1, 'the score in the portfolio');
    // The count says how many are critical, and is red when any is (amber for warnings at most).
    const count = /^([1-9]\d*) to work on, (?:([1-9]\d*) critical|(warnings at most)|information only)$/.exec(await textOf(row.locator('.alert-count')));
    expect(count).not.toBeNull();
    expect(await row.locator('.alert-count').getAttribute('class')).toContain(count![2] ? 'alert-count--critical' : count![3] ? 'alert-count--warning' : 'alert-count--info');
  });

  it('acknowledges the alert with the keyboard on the alerts screen, with a note', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Alerts/ }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    const card = page.getByTestId('alert-card').filter({ hasText: 'Delivery slipping' });
    await card.waitFor();
    expect(await textOf(card)).toContain('Harbor Lights Cafe');
    // Its reasons link to the facts behind them.
    expect(await card.getByRole('link', { name: 'Menu photography' }).getAttribute('href')).toMatch(new RegExp(`/accounts/${accountId}#deliverable-`));

    // j moves through the list to the alert; a opens the acknowledge form with the note focused.
    const cards = page.getByTestId('alert-card');
    const count = await cards.count();
    let index = -1;
    for (let i = 0; i < count; i++) {
      if ((await textOf(cards.nth(i))).includes('Delivery slipping')) index = i;
    }
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    for (let i = 0; i <= index; i++) await page.keyboard.press('j');
    await waitUntil(() => card.getAttribute('class'), (c) => Boolean(c?.includes('alert-card--selected')), 'the alert selected');
    await page.keyboard.press('a');
    const note = card.getByLabel('Note (optional)');
    await note.waitFor();
    await waitUntil(() => note.evaluate((el) => el === el.ownerDocument.activeElement), (focused) => focused, 'the note to have the focus');
    await page.keyboard.type('Called Sam; photos come Friday');
    await page.keyboard.press('Enter');
    await waitUntil(() => textOf(card), (t) => t.includes('Acknowledged by Ada Lovelace'), 'the acknowledgement');
    expect(await textOf(card)).toContain('Called Sam; photos come Friday');
    expect(await card.locator('.badge--alert-acknowledged').count()).toBe(1);

    // s on the selected alert offers when to bring it back; Escape leaves it as it was.
    await page.keyboard.press('s');
    await card.getByRole('radio', { name: /Tomorrow/ }).waitFor();
    expect(await card.getByRole('radio', { name: /Next week/ }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await waitUntil(() => card.getByRole('radio').count(), (n) => n === 0, 'the snooze form to close');
    await page.screenshot({ path: '/tmp/rapport-alerts.png', fullPage: true });
  });

  it('marks the account lost (reasons required) and opens its post-mortem', async () => {
    await page.goto(`/accounts/${accountId}`);
    await page.getByRole('button', { name: 'Mark as lost' }).click();
    const dialog = page.getByRole('dialog', { name: /Mark Harbor Lights Cafe as lost/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    const reasons = dialog.locator('fieldset', { hasText: 'Why' });
    await reasons.locator('[data-field-error]').waitFor();
    expect(await textOf(reasons.locator('[data-field-error]'))).toContain('Give at least one reason');
    // Keys toggle the reasons: 2 is quality of work.
    await dialog.getByRole('checkbox', { name: /Price/ }).focus();
    await page.keyboard.press('2');
    expect(await dialog.getByRole('checkbox', { name: /Quality of work/ }).isChecked()).toBe(true);
    await dialog.getByLabel('What happened').fill('Two late deliveries in opening month; they moved to an agency nearby.');
    await page.keyboard.press('Control+Enter');

    await page.waitForURL(`**/accounts/${accountId}/postmortem`);
    const pm = page.getByTestId('postmortem');
    await pm.getByRole('heading', { name: 'Post-mortem: Harbor Lights Cafe' }).waitFor();
    const text = await textOf(pm);
    expect(text).toContain('Quality of work');
    expect(text).toContain('Two late deliveries in opening month');
    expect(text).toMatch(/Late deliverables\s*2 of 2/);
    expect(text).toMatch(/Alerts acted on\s*1 of \d+/);
    const alertRow = pm.locator('tr', { hasText: 'Delivery slipping' });
    expect(await textOf(alertRow)).toMatch(/Acknowledged.*Ada Lovelace/);
    expect(await textOf(pm.locator('section', { hasText: 'Late deliverables (2)' }))).toContain('Menu photography');
    await pm.getByTestId('postmortem-chart').locator('svg').first().waitFor();
    await page.screenshot({ path: '/tmp/rapport-postmortem.png', fullPage: true });
  });

  it('counts the loss in the loss reasons report, and the account page says it was lost', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Losses' }).click();
    await page.getByRole('heading', { name: 'Lost accounts', level: 1 }).waitFor();
    const reasons = page.locator('table', { hasText: 'Reason' }).first();
    await reasons.locator('tr', { hasText: 'Quality of work' }).waitFor();
    expect(await textOf(reasons.locator('tr', { hasText: 'Quality of work' }))).toMatch(/Quality of work\s*1\s*100%\s*€7,500/);
    await page.getByRole('link', { name: 'Harbor Lights Cafe' }).click();
    await page.waitForURL(`**/accounts/${accountId}/postmortem`);
    await page.getByRole('link', { name: 'Harbor Lights Cafe' }).first().click();
    await page.getByTestId('lost-banner').waitFor();
    expect(await textOf(page.getByTestId('lost-banner'))).toMatch(/Lost on .*Quality of work/);
  });

  it('shows every main link whole at 1280 and at 900 px wide (at 900 on a row of its own)', async () => {
    try {
      for (const width of [1280, 900]) {
        await page.setViewportSize({ width, height: 900 });
        const nav = page.getByRole('navigation', { name: 'Main' });
        const hidden = await nav.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return [...el.querySelectorAll('a')].filter((a) => {
            const r = a.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.right > el.ownerDocument.documentElement.clientWidth;
          }).map((a) => a.textContent);
        });
        expect(hidden, `links cut off at ${width} px`).toEqual([]);
        expect(await nav.getByRole('link').count()).toBeGreaterThanOrEqual(6);
        // The portfolio still fills the window below the header, whatever its height.
        const headerHeight = await page.locator('header.header').evaluate((el) => el.getBoundingClientRect().height);
        const cssHeight = await page.locator('html').evaluate((el) => parseFloat(el.ownerDocument.defaultView!.getComputedStyle(el).getPropertyValue('--header-height')));
        expect(Math.abs(headerHeight - cssHeight), `header ${headerHeight} px against --header-height ${cssHeight} px at ${width}`).toBeLessThanOrEqual(1);
      }
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
