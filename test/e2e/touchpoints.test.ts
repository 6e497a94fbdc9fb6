import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { createContact } from '../../src/accounts/create-contact.js';
import { CreateAccountSchema, CreateContactSchema } from '../../src/accounts/schemas.js';
import { createTouchpoint } from '../../src/touchpoints/create-touchpoint.js';
import { CreateTouchpointSchema } from '../../src/touchpoints/schemas.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

const DAY_MS = 86_400_000;
const isoDate = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);

/**
 * Touchpoints and the attention board in Chromium: an account with a 7-day cadence that nobody
 * has touched for two months is going quiet; a touchpoint logged from its page with the keyboard
 * appears on the timeline at once, updates the cadence panel and each contact's last touch, and
 * takes the account off the board's "going quiet" list. Edit, filter and delete from the timeline.
 */
describe.skipIf(!status.run)(`touchpoints and attention${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let quietId = '';
  let busyId = '';

  beforeAll(async () => {
    server = await startServer();
    const { actor, userId } = server.owner;
    const deps = server.rapport.deps;
    const quiet = await createAccount(
      deps,
      actor,
      CreateAccountSchema.parse({
        name: 'Quiet Brewing',
        status: 'active',
        cadenceDays: 7,
        startedOn: isoDate(60 * DAY_MS),
        value: { amount: 9_000, currency: 'EUR' },
        owners: [{ userId, role: 'lead' }],
      }),
    );
    quietId = quiet.id;
    await createContact(deps, actor, quiet.id, CreateContactSchema.parse({ name: 'Jane Doe', emails: ['jane@quiet.example'], role: 'decision_maker', isPrimary: true }));
    await createContact(deps, actor, quiet.id, CreateContactSchema.parse({ name: 'Sam Porter', emails: ['sam@quiet.example'], role: 'champion' }));
    await createAccount(
      deps,
      actor,
      CreateAccountSchema.parse({ name: 'Steady Bakery', status: 'active', value: { amount: 3_000, currency: 'EUR' }, owners: [{ userId, role: 'lead' }] }),
    );
    // An archived account with a long history: more than a page of timeline, and off the board.
    const busy = await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Busy Archive Co', status: 'active' }));
    busyId = busy.id;
    for (let i = 0; i < 32; i++) {
      await createTouchpoint(
        deps,
        actor,
        CreateTouchpointSchema.parse({
          accountId: busy.id,
          channel: i % 2 ? 'email' : 'call',
          direction: i % 3 ? 'agency_initiated' : 'client_initiated',
          occurredAt: new Date(Date.now() - (i + 1) * DAY_MS).toISOString(),
          subject: `History ${String(i + 1).padStart(2, '0')}`,
        }),
      );
    }
    await server.rapport.deps.db.updateTable('accounts').set({ archived_at: new Date() }).where('id', '=', busy.id).execute();

    ({ browser, context, page } = await openSignedIn(server));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const goingQuiet = () => page.getByTestId('attention-going_quiet');

  it('lists the untouched account under Going quiet, with the reason in words', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Attention' }).click();
    await page.getByRole('heading', { name: 'Attention', level: 1 }).waitFor();
    const row = goingQuiet().locator('.attention-item', { hasText: 'Quiet Brewing' });
    await row.waitFor();
    const text = await textOf(row);
    // Its day as the app writes dates ("May 1, 2026"), like everything around it, not ISO.
    expect(text).toMatch(/Never touched since [A-Z][a-z]{2} \d{1,2}, \d{4}; the cadence is every 7 days \(\d+ days overdue\)/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).toContain('€9,000 / month');
    expect(text).toContain('Ada Lovelace (Lead)');
    // The owner filter narrows the board to that member's accounts.
    await page.getByLabel('Owner').selectOption({ label: 'Ada Lovelace' });
    await waitUntil(() => Promise.resolve(new URL(page.url()).searchParams.get('owner')), (v) => v === server.owner.userId, 'the owner in the URL');
    await goingQuiet().locator('.attention-item', { hasText: 'Quiet Brewing' }).waitFor();
    // Attention share: both accounts under their owner, value shares 75% and 25%.
    const share = page.getByTestId('attention-share');
    expect(await textOf(share.locator('tr', { hasText: 'Quiet Brewing' }))).toContain('75%');
    expect(await textOf(share.locator('tr', { hasText: 'Steady Bakery' }))).toContain('25%');
    await page.screenshot({ path: '/tmp/rapport-attention.png', fullPage: true });
  });

  it('shows an empty timeline that says what to do, and a cadence panel that says why', async () => {
    await goingQuiet().getByRole('link', { name: 'Quiet Brewing' }).click();
    await page.getByRole('heading', { name: /Quiet Brewing/, level: 1 }).waitFor();
    await page.getByTestId('timeline-empty').waitFor();
    expect(await textOf(page.getByTestId('timeline-empty'))).toContain('No touchpoints yet');
    const cadence = page.getByTestId('cadence-panel');
    await waitUntil(() => textOf(cadence), (t) => t.includes('Going quiet'), 'the cadence reasons');
    expect(await textOf(cadence.getByTestId('cadence-last-touch'))).toBe('Never');
    expect(await textOf(cadence.getByTestId('cadence-standing'))).toMatch(/^Touch every 7 days — \d+ days overdue$/);
    // The cadence is how often to be in touch: "target" is the delivery ledger's word (KPI targets), never the cadence's.
    expect(await textOf(cadence)).not.toMatch(/target/i);
    const details = page.getByRole('region', { name: 'Details' });
    expect(await textOf(details.locator('dt', { hasText: /^Cadence$/ }).locator('xpath=following-sibling::dd[1]'))).toBe('Touch every 7 days');
  });

  it('opens the form with t and closes it with Escape', async () => {
    await page.locator('body').press('t');
    const dialog = page.getByRole('dialog', { name: /Log a touchpoint with Quiet Brewing/ });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await waitUntil(() => page.getByRole('dialog').count(), (n) => n === 0, 'the dialog to close');
  });

  it('logs a touchpoint with the keyboard, showing the server’s field error first', async () => {
    await page.locator('body').press('t');
    const dialog = page.getByRole('dialog', { name: /Log a touchpoint/ });
    await dialog.waitFor();
    // Focus starts on the channel; 3 picks Meeting, c says the client started it.
    await page.keyboard.press('3');
    await page.keyboard.press('c');
    expect(await dialog.getByRole('radio', { name: /Meeting/ }).isChecked()).toBe(true);
    expect(await dialog.getByRole('radio', { name: /The client reached out/ }).isChecked()).toBe(true);
    // Tab past the direction to the first contact (Jane, a decision maker, sorts first) and tick her.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await dialog.getByRole('checkbox', { name: 'Jane Doe' }).isChecked()).toBe(true);
    await dialog.getByLabel('Subject').fill('Quarterly review');
    await dialog.getByLabel('Summary').fill('Jane asked for a new campaign plan by May.');
    await dialog.getByLabel('Duration (minutes)').fill('-5');
    await page.keyboard.press('Control+Enter');

    const duration = dialog.locator('.field', { has: page.getByLabel('Duration (minutes)') });
    await duration.locator('[data-field-error]').waitFor();
    expect(await textOf(duration.locator('[data-field-error]'))).toContain('Cannot be negative');
    expect(await dialog.getByLabel('Duration (minutes)').getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel('Duration (minutes)').fill('45');
    await dialog.getByLabel('Duration (minutes)').press('Control+Enter');
    await waitUntil(() => page.getByRole('dialog').count(), (n) => n === 0, 'the dialog to close after saving');

    const entry = page.locator('.tp', { hasText: 'Quarterly review' });
    await entry.waitFor();
    const text = await textOf(entry);
    expect(text).toContain('Meeting');
    expect(text).toContain('Client-initiated');
    expect(text).toContain('45 min');
    expect(text).toContain('With Jane Doe');
    expect(text).toContain('Team Ada Lovelace');
    expect(text).toContain('Logged by hand');
    expect(text).toContain('Jane asked for a new campaign plan by May.');
  });

  it('updates the cadence panel and the contact’s last touch', async () => {
    const cadence = page.getByTestId('cadence-panel');
    await waitUntil(() => textOf(cadence.getByTestId('cadence-last-touch')), (t) => t.startsWith('just now') || /minute/.test(t), 'the last touch');
    expect(await textOf(cadence.getByTestId('cadence-standing'))).toBe('Touch every 7 days — next touch due in 7 days');
    expect(await textOf(cadence)).not.toContain('Going quiet');
    const jane = page.locator('.contact', { hasText: 'Jane Doe' });
    await waitUntil(() => textOf(jane), (t) => t.includes('Last touch') && t.includes('last reached out'), 'Jane’s last touch');
    expect(await textOf(page.locator('.contact', { hasText: 'Sam Porter' }))).toContain('Not in any touchpoint yet');
    await page.screenshot({ path: '/tmp/rapport-account-timeline.png', fullPage: true });
  });

  it('edits the touchpoint from the timeline', async () => {
    await page.locator('.tp', { hasText: 'Quarterly review' }).getByRole('button', { name: 'Edit Quarterly review' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit touchpoint' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Subject').inputValue()).toBe('Quarterly review');
    expect(await dialog.getByRole('checkbox', { name: 'Jane Doe' }).isChecked()).toBe(true);
    await dialog.getByLabel('Subject').fill('Quarterly business review');
    await dialog.getByRole('checkbox', { name: 'Sam Porter' }).check();
    await dialog.getByRole('button', { name: 'Save touchpoint' }).click();
    await waitUntil(() => textOf(page.locator('.timeline__list')), (t) => t.includes('Quarterly business review') && t.includes('Jane Doe, Sam Porter'), 'the edited entry');
    expect(await page.locator('.tp').count()).toBe(1);
  });

  it('filters the timeline by channel and direction', async () => {
    await page.getByLabel('Channel', { exact: true }).selectOption('call');
    await page.getByText('Nothing matches these filters.').waitFor();
    await page.getByLabel('Channel', { exact: true }).selectOption('meeting');
    await page.locator('.tp', { hasText: 'Quarterly business review' }).waitFor();
    await page.getByRole('group', { name: 'Who started it' }).getByRole('button', { name: /Agency/ }).click();
    await page.getByText('Nothing matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Show everything' }).click();
    await page.locator('.tp', { hasText: 'Quarterly business review' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('takes the account off Going quiet on the attention board', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Attention' }).click();
    await page.getByRole('heading', { name: 'Attention', level: 1 }).waitFor();
    await waitUntil(() => textOf(page.locator('main')), (t) => t.includes('Attention share'), 'the board');
    expect(await goingQuiet().locator('.attention-item', { hasText: 'Quiet Brewing' }).count()).toBe(0);
    // All its touches are Quiet Brewing's: 100% of touches against 75% of value.
    const row = page.getByTestId('attention-share').locator('tr', { hasText: 'Quiet Brewing' });
    expect(await textOf(row)).toMatch(/100%.*75%.*\+25 pts/);
    const bakery = page.getByTestId('attention-share').locator('tr', { hasText: 'Steady Bakery' });
    expect(await textOf(bakery)).toContain('−25 pts');
    expect(await bakery.getAttribute('class')).toContain('share-table__row--under');
  });

  it('deletes the touchpoint after confirming, and the account is going quiet again', async () => {
    await page.goto(`/accounts/${quietId}`);
    const entry = page.locator('.tp', { hasText: 'Quarterly business review' });
    await entry.getByRole('button', { name: 'Delete Quarterly business review' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByTestId('timeline-empty').waitFor();
    await waitUntil(() => textOf(page.getByTestId('cadence-panel')), (t) => t.includes('Going quiet'), 'the cadence to say going quiet');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Attention' }).click();
    await goingQuiet().locator('.attention-item', { hasText: 'Quiet Brewing' }).waitFor();
  });

  it('loads more of a long timeline as it scrolls, and filters it by who started it', async () => {
    await page.goto(`/accounts/${busyId}`);
    await page.locator('.tp', { hasText: 'History 01' }).waitFor();
    // The first page holds 25; the rest arrive when the end of the list comes into view.
    await page.locator('.tp', { hasText: 'History 25' }).scrollIntoViewIfNeeded();
    await waitUntil(() => page.locator('.tp').count(), (n) => n === 32, 'all 32 entries');
    await page.getByText('That is everything.').waitFor();
    await page.getByRole('group', { name: 'Who started it' }).getByRole('button', { name: /Client/ }).click();
    // Every third one (1, 4, 7, … 31) was the client's: 11 of them.
    await waitUntil(() => page.locator('.tp').count(), (n) => n === 11, 'the client-initiated entries');
    expect(await page.locator('.tp--agency_initiated').count()).toBe(0);
  });

  it("on a new day, before the day's recompute: the board and the portfolio say their numbers are yesterday's, then update", async () => {
    // As if the day changed since the last run: every stored number a day older.
    const db = server.rapport.deps.db;
    await sql`update health_current set as_of = as_of - 1, computed_at = computed_at - interval '1 day' where workspace_id = ${server.owner.workspaceId}`.execute(db);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Attention' }).click();
    const boardNote = page.getByTestId('attention-freshness');
    expect(await textOf(boardNote)).toMatch(/^Touch counts as of yesterday .+ — updating$/);
    // The board still answers, with what moves with the date counted to now.
    await goingQuiet().locator('.attention-item', { hasText: 'Quiet Brewing' }).waitFor();
    // A fresh load: the portfolio's scores read at sign-in are still in the page's cache for a minute.
    await page.goto('/');
    const portfolioNote = page.getByTestId('portfolio-freshness');
    expect(await textOf(portfolioNote)).toMatch(/^Scores as of yesterday .+ — updating$/);
    // The queued day's recompute runs (no workers here), and the screen, reading again while it updates, drops the line.
    await server.rapport.jobs.drain();
    await waitUntil(() => portfolioNote.count(), (n) => n === 0, "the portfolio's line to go once the scores are today's", 20_000);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Attention' }).click();
    await goingQuiet().locator('.attention-item', { hasText: 'Quiet Brewing' }).waitFor();
    expect(await boardNote.count()).toBe(0);
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
