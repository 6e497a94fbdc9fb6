import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { createContact } from '../../src/accounts/create-contact.js';
import { CreateAccountSchema, CreateContactSchema } from '../../src/accounts/schemas.js';
import { createTouchpoint } from '../../src/touchpoints/create-touchpoint.js';
import { CreateTouchpointSchema } from '../../src/touchpoints/schemas.js';
import { actOnAlert } from '../../src/health/act-on-alert.js';
import { ensureFreshAccount } from '../../src/health/recompute.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

const DAY_MS = 86_400_000;
const isoDate = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
/** A day as the app shows it in the test browser's locale (en-US): "Oct 9, 2026". */
const shown = (day: string) => new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/**
 * The alerts screen as one works through it. Two accounts never touched on a weekly cadence (each
 * going quiet, critical, and with no contact known, info) and one with a single contact and three
 * touches (single-threaded, warning): five alerts. The heading and the header's badge count the
 * same alerts; a snooze takes an alert out of the list, and the focus goes to the next card; an
 * acknowledgement keeps it, and the focus on it; Cancel and Escape give the focus back to the
 * button; a snoozed alert does not offer Acknowledge again; the days in the messages read as the
 * rest of the app's dates; the buttons that show the facts say what they show.
 */
describe.skipIf(!status.run)(`working through alerts${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let threadId = '';
  const startedOn = isoDate(60 * DAY_MS);

  beforeAll(async () => {
    server = await startServer();
    const { actor, userId } = server.owner;
    const deps = server.rapport.deps;
    for (const name of ['Quiet Harbour', 'Calm Cove']) {
      await createAccount(deps, actor, CreateAccountSchema.parse({ name, status: 'active', cadenceDays: 7, startedOn, owners: [{ userId, role: 'lead' }] }));
    }
    const thread = await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'One Thread Ltd', status: 'active', owners: [{ userId, role: 'lead' }] }));
    threadId = thread.id;
    await createContact(deps, actor, thread.id, CreateContactSchema.parse({ name: 'Jane Doe', emails: ['jane@thread.example'], role: 'champion' }));
    for (let i = 0; i < 3; i++) {
      await createTouchpoint(
        deps,
        actor,
        CreateTouchpointSchema.parse({ accountId: thread.id, channel: 'call', direction: 'agency_initiated', occurredAt: new Date(Date.now() - (i + 2) * DAY_MS).toISOString(), subject: `Call ${i + 1}` }),
      );
    }
    ({ browser, context, page } = await openSignedIn(server));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const cards = () => page.getByTestId('alert-card');
  const summary = () => textOf(page.getByTestId('alerts-summary'));
  const badge = () => textOf(page.getByTestId('alert-count'));
  /** The alert whose card holds the focus (the card itself or something in it), or null. */
  const focusedAlert = () => page.evaluate<string | null>("document.activeElement?.closest('[data-alert-id]')?.getAttribute('data-alert-id') ?? null");
  /** "button Resolve …": the focused element's tag and text. */
  const focusedTag = () => page.evaluate<string>("`${document.activeElement?.tagName.toLowerCase()} ${document.activeElement?.textContent?.trim() ?? ''}`");
  const idOf = (card: Locator) => card.getAttribute('data-alert-id');
  const idsShown = async () => Promise.all((await cards().all()).map((c) => c.getAttribute('data-alert-id')));

  it('the heading and the header badge count the same alerts, and say which', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Alerts/ }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await waitUntil(() => cards().count(), (n) => n === 5, 'five alerts');
    expect(await summary()).toBe('5 alerts open or acknowledged · 5 nobody has acted on');
    await waitUntil(badge, (t) => t === '5', 'the badge to count 5');
    // The badge's colour is the most severe alert it counts, and its link says the same in words.
    expect(await page.getByRole('link', { name: 'Alerts, 5 open or acknowledged: 2 critical, 1 warning, 2 info' }).count()).toBe(1);
    expect(await page.getByTestId('alert-count').getAttribute('data-severity')).toBe('critical');
    // The default list is the working list: Open and Acknowledged on, Snoozed and Resolved off.
    const chip = (name: RegExp) => page.getByRole('group', { name: 'State' }).getByRole('button', { name });
    expect(await chip(/^Open/).getAttribute('aria-pressed')).toBe('true');
    expect(await chip(/^Acknowledged/).getAttribute('aria-pressed')).toBe('true');
    expect(await chip(/^Snoozed/).getAttribute('aria-pressed')).toBe('false');
  });

  it('writes the days in alert messages as the app writes dates', async () => {
    const quiet = cards().filter({ hasText: 'Quiet Harbour' }).filter({ hasText: 'Going quiet' });
    const message = await textOf(quiet.locator('.alert-card__message'));
    expect(message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(message).toContain(`Never touched since ${shown(startedOn)}`);
    expect(message).toContain(`a touch was due by ${shown(new Date(Date.parse(`${startedOn}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10))}`);
  });

  it('j, s, Enter snoozes the first alert: it leaves the list and the focus goes to the next card', async () => {
    const before = await idsShown();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await waitUntil(() => cards().first().getAttribute('class'), (c) => Boolean(c?.includes('alert-card--selected')), 'the first alert selected');
    await page.keyboard.press('s');
    await cards().first().getByRole('radio', { name: /Tomorrow/ }).waitFor();
    await page.keyboard.press('Enter');
    await waitUntil(() => cards().count(), (n) => n === 4, 'the snoozed alert to leave the list');
    expect(await idsShown()).toEqual(before.slice(1));
    await waitUntil(focusedAlert, (id) => id === before[1], 'the focus on the next card');
    expect(await cards().first().getAttribute('class')).toContain('alert-card--selected');
    expect(await summary()).toBe('4 alerts open or acknowledged · 4 nobody has acted on · 1 snoozed');
    await waitUntil(badge, (t) => t === '4', 'the badge to count 4');
  });

  it('a acknowledges the focused card: it stays, and so does the focus', async () => {
    const id = await idOf(cards().first());
    await page.keyboard.press('a');
    const note = cards().first().getByLabel('Note (optional)');
    await note.waitFor();
    await waitUntil(() => note.evaluate((el) => el === el.ownerDocument.activeElement), (focused) => focused, 'the note to have the focus');
    await page.keyboard.press('Enter');
    await waitUntil(() => textOf(cards().first()), (t) => t.includes('Acknowledged by Ada Lovelace'), 'the acknowledgement');
    await waitUntil(focusedAlert, (focused) => focused === id, 'the focus on the same card');
    expect(await cards().first().getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0);
    expect(await summary()).toBe('4 alerts open or acknowledged · 3 nobody has acted on · 1 snoozed');
  });

  it('Escape in an action form gives the focus back to its button; so does Cancel', async () => {
    const card = cards().first();
    await page.keyboard.press('r');
    await card.getByLabel('Note (optional)').waitFor();
    await page.keyboard.press('Escape');
    await waitUntil(focusedTag, (t) => /^button Resolve/.test(t), 'the focus on Resolve');
    expect(await focusedAlert()).toBe(await idOf(card));

    const second = cards().nth(1);
    await second.getByRole('button', { name: /^Snooze/ }).click();
    await second.getByRole('radio', { name: /Tomorrow/ }).waitFor();
    await second.getByRole('button', { name: 'Cancel' }).click();
    await waitUntil(focusedTag, (t) => /^button Snooze/.test(t), 'the focus on Snooze');
    expect(await focusedAlert()).toBe(await idOf(second));
  });

  it('resolving with the mouse moves the focus to the card that took its place', async () => {
    const before = await idsShown();
    const third = cards().nth(2);
    await third.getByRole('button', { name: /^Resolve/ }).click();
    await third.getByRole('button', { name: 'Resolve', exact: true }).click();
    await waitUntil(() => cards().count(), (n) => n === 3, 'the resolved alert to leave the list');
    await waitUntil(focusedAlert, (id) => id === before[3], 'the focus on the card after it');
  });

  it('a snoozed alert, once acknowledged by its snooze, does not offer Acknowledge again', async () => {
    await page.getByRole('group', { name: 'State' }).getByRole('button', { name: /^Snoozed/ }).click();
    const snoozed = cards().filter({ has: page.locator('.badge--alert-snoozed') });
    await snoozed.waitFor();
    expect(await textOf(snoozed)).toMatch(/Acknowledged by Ada Lovelace .*snoozed until/);
    expect(await snoozed.getByRole('button', { name: /^Snooze/ }).count()).toBe(1);
    expect(await snoozed.getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0);
    // Nor the key: select it and press a.
    await snoozed.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await page.keyboard.press('s');
    await snoozed.getByRole('radio', { name: /Tomorrow/ }).waitFor();
    expect(await snoozed.getByLabel('Note (optional)').count()).toBe(1);
    expect(await snoozed.locator('form').getAttribute('aria-label')).toBe('Snooze this alert');
    await page.keyboard.press('Escape');
    // The heading still counts the working list, whatever chips are on.
    expect(await summary()).toMatch(/^3 alerts open or acknowledged/);
  });

  it('on the account page, the facts button says what it shows, and the focus stays on an acknowledged card', async () => {
    await page.goto(`/accounts/${threadId}`);
    const alerts = page.getByTestId('account-alerts');
    const card = alerts.getByTestId('alert-card').filter({ hasText: 'Single-threaded' });
    await card.waitFor();
    const show = card.getByRole('button', { name: 'Show the 3 touchpoints' });
    expect(await show.getAttribute('aria-expanded')).toBe('false');
    await show.click();
    const hide = card.getByRole('button', { name: 'Hide the 3 touchpoints' });
    expect(await hide.getAttribute('aria-expanded')).toBe('true');
    await card.getByRole('link', { name: /Call 1/ }).waitFor();

    await card.getByRole('button', { name: /^Acknowledge/ }).click();
    await card.getByLabel('Note (optional)').fill('Meeting the team next week');
    await card.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await waitUntil(() => textOf(card), (t) => t.includes('Acknowledged by Ada Lovelace'), 'the acknowledgement');
    await waitUntil(focusedAlert, (id) => id !== null, 'the focus on the card');
    expect(await focusedAlert()).toBe(await idOf(card));
  });

  it("on the snoozed alert's account page: it sits apart, folded and not counted, and comes back when the snooze ends", async () => {
    const db = server.rapport.deps.db;
    const snoozedAlert = await db.selectFrom('alerts').select(['id', 'account_id']).where('state', '=', 'snoozed').executeTakeFirstOrThrow();
    const others = await db
      .selectFrom('alerts')
      .select(['severity'])
      .where('account_id', '=', snoozedAlert.account_id)
      .where('state', 'in', ['open', 'acknowledged'])
      .execute();
    await page.goto(`/accounts/${snoozedAlert.account_id}`);
    const alerts = page.getByTestId('account-alerts');
    const snoozed = alerts.getByTestId('account-alerts-snoozed');
    await snoozed.waitFor();
    expect(await textOf(snoozed.locator('summary'))).toMatch(/^Snoozed \(1\) · back on /);
    // Folded: its card is not shown until the group is opened.
    expect(await snoozed.getAttribute('open')).toBeNull();
    expect(await alerts.getByTestId('alert-card').filter({ hasText: 'Going quiet' }).isVisible()).toBe(false);
    const count = alerts.getByTestId('account-alert-count');
    if (others.length === 0) {
      expect(await count.count()).toBe(0);
      expect(await textOf(alerts.locator('.account-alerts__none'))).toContain('1 snoozed alert comes back when its snooze ends');
    } else {
      // What is left is information only (single-threaded, nobody known): neutral, not red, and said so.
      expect(others.every((a) => a.severity === 'info')).toBe(true);
      expect(await count.getAttribute('data-severity')).toBe('info');
      expect(await textOf(count)).toBe(`${others.length} to work on: ${others.length} info`);
    }
    await snoozed.locator('summary').click();
    await snoozed.getByTestId('alert-card').filter({ hasText: 'Going quiet' }).waitFor();

    // The snooze ends (its time moved to a minute ago): back among the alerts to work on, counted, red.
    await db.updateTable('alerts').set({ snoozed_until: new Date(Date.now() - 60_000) }).where('id', '=', snoozedAlert.id).execute();
    await page.reload();
    await alerts.getByTestId('alert-card').filter({ hasText: 'Going quiet' }).waitFor();
    expect(await alerts.getByTestId('account-alerts-snoozed').count()).toBe(0);
    expect(await alerts.getByTestId('account-alert-count').getAttribute('data-severity')).toBe('critical');
    expect(await textOf(alerts.getByTestId('account-alert-count'))).toMatch(new RegExp(`^${others.length + 1} to work on: 1 critical`));
  });

  it('on the account page, acting on a card in the snoozed group moves the focus within that group, then to the heading', async () => {
    // An account never touched on a weekly cadence, with nobody known: going quiet and no contact known,
    // both snoozed (the first back in two hours, the other in three; "Next week" is later than both).
    const deps = server.rapport.deps;
    const { actor, userId, workspaceId } = server.owner;
    const account = await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Folded Fjord', status: 'active', cadenceDays: 7, startedOn, owners: [{ userId, role: 'lead' }] }));
    await ensureFreshAccount(deps, workspaceId, account.id);
    const raised = await deps.db.selectFrom('alerts').select('id').where('account_id', '=', account.id).where('state', '=', 'open').orderBy('severity').execute();
    expect(raised.length).toBe(2);
    const [first, second] = raised.map((a) => a.id);
    await actOnAlert(deps, actor, first!, { action: 'snooze', until: new Date(Date.now() + 2 * 3_600_000).toISOString() });
    await actOnAlert(deps, actor, second!, { action: 'snooze', until: new Date(Date.now() + 3 * 3_600_000).toISOString() });

    await page.goto(`/accounts/${account.id}`);
    const alerts = page.getByTestId('account-alerts');
    const group = alerts.getByTestId('account-alerts-snoozed');
    await group.locator('summary').click();
    const inGroup = group.getByTestId('alert-card');
    await waitUntil(() => inGroup.count(), (n) => n === 2, 'both cards in the snoozed group');
    const groupIds = async () => Promise.all((await inGroup.all()).map((c) => c.getAttribute('data-alert-id')));
    expect(await groupIds()).toEqual([first, second]);
    /** Whether the focus is on a card of the snoozed group. */
    const focusInGroup = () => page.evaluate<boolean>("Boolean(document.activeElement?.closest('[data-testid=account-alerts-snoozed]'))");

    // Snoozed again, for a week: the card stays in the group (now after the other), and the focus on it.
    const card = (id: string) => group.locator(`[data-alert-id="${id}"]`);
    await card(first!).getByRole('button', { name: /^Snooze/ }).click();
    await card(first!).getByRole('radio', { name: /Next week/ }).check();
    await card(first!).getByRole('button', { name: 'Snooze', exact: true }).click();
    await waitUntil(groupIds, (ids) => ids[0] === second && ids[1] === first, 'the card snoozed again to move after the other');
    await waitUntil(focusedAlert, (id) => id === first, 'the focus on the card snoozed again');
    expect(await focusInGroup()).toBe(true);

    // Resolving the group's last card: the focus goes to the card before it, in the group.
    await card(first!).getByRole('button', { name: /^Resolve/ }).click();
    await card(first!).getByRole('button', { name: 'Resolve', exact: true }).click();
    await waitUntil(() => inGroup.count(), (n) => n === 1, 'the resolved card to leave the group');
    await waitUntil(focusedAlert, (id) => id === second, 'the focus on the card before it');
    expect(await focusInGroup()).toBe(true);

    // Resolving the group's only card (a snooze acknowledged it, so it offers Snooze and Resolve): the
    // group is gone, and the focus goes to the section's heading (not to <body>, nor down the page).
    expect(await card(second!).getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0);
    await card(second!).getByRole('button', { name: /^Resolve/ }).click();
    await card(second!).getByRole('button', { name: 'Resolve', exact: true }).click();
    await waitUntil(() => alerts.getByTestId('account-alerts-snoozed').count(), (n) => n === 0, 'the snoozed group to go');
    await waitUntil(focusedTag, (t) => /^h2 Alerts/.test(t), 'the focus on the Alerts heading');
  });

  it("on a new day, before the day's recompute: the alerts say they are yesterday's, then update", async () => {
    // As if the day changed since the last run: every stored number a day older.
    await sql`update health_current set as_of = as_of - 1, computed_at = computed_at - interval '1 day' where workspace_id = ${server.owner.workspaceId}`.execute(
      server.rapport.deps.db,
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Alerts/ }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    const note = page.getByTestId('alerts-freshness');
    await note.waitFor();
    expect(await textOf(note)).toMatch(/^Alerts as of yesterday .+ — updating$/);
    // The list still answers from the stored alerts.
    await waitUntil(() => cards().count(), (n) => n > 0, 'the alerts');
    // The queued day's recompute runs (no workers here), and the screen, reading again while it updates, drops the line.
    await server.rapport.jobs.drain();
    await waitUntil(() => note.count(), (n) => n === 0, "the alerts' line to go once they are today's", 20_000);
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
