import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { createContact } from '../../src/accounts/create-contact.js';
import { CreateAccountSchema, CreateContactSchema } from '../../src/accounts/schemas.js';
import { createDeliverable } from '../../src/delivery/create-deliverable.js';
import { createProject } from '../../src/delivery/create-project.js';
import { createTarget } from '../../src/delivery/create-target.js';
import { CreateDeliverableSchema, CreateProjectSchema, CreateTargetSchema } from '../../src/delivery/schemas.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

/** What the focus is on: its tag and accessible text, enough to tell a button from the page. */
const FOCUSED = `(() => { const a = document.activeElement; if (!a || a === document.body) return 'body'; return a.tagName.toLowerCase() + ':' + (a.getAttribute('aria-label') ?? a.textContent ?? '').replace(/\\s+/g, ' ').trim().slice(0, 60); })()`;

/**
 * The account page as an account manager uses it every day, by keyboard: what they typed is never
 * thrown away by a reflex, and the focus stays where they work.
 */
describe.skipIf(!status.run)(`the account page${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let accountId = '';
  let pressKitId = '';
  let mediaListId = '';
  let runningTargetId = '';

  beforeAll(async () => {
    server = await startServer();
    const { actor, userId } = server.owner;
    const deps = server.rapport.deps;
    const account = await createAccount(
      deps,
      actor,
      CreateAccountSchema.parse({ name: 'Harbour Coffee', status: 'active', cadenceDays: 14, owners: [{ userId, role: 'lead' }], value: { amount: 4_000, currency: 'EUR' } }),
    );
    accountId = account.id;
    await createContact(deps, actor, account.id, CreateContactSchema.parse({ name: 'Mia Brandt', emails: ['mia@harbour.example'], role: 'decision_maker', isPrimary: true }));
    const project = await createProject(deps, actor, CreateProjectSchema.parse({ accountId: account.id, name: 'Autumn campaign', status: 'active' }));
    const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    pressKitId = (await createDeliverable(deps, actor, CreateDeliverableSchema.parse({ projectId: project.id, title: 'Press kit', dueAt: due(-3) }))).id;
    mediaListId = (await createDeliverable(deps, actor, CreateDeliverableSchema.parse({ projectId: project.id, title: 'Media list', dueAt: due(5) }))).id;
    await createTarget(
      deps,
      actor,
      CreateTargetSchema.parse({ accountId: account.id, projectId: project.id, metric: 'Share of voice (%)', periodStart: '2026-10-01', periodEnd: '2026-10-31', goal: 19.5, actual: 21 }),
    );
    // A period still running, already behind: the ledger says Missed, the score does not read it before the period ends.
    const day = (days: number) => due(days).slice(0, 10);
    runningTargetId = (
      await createTarget(deps, actor, CreateTargetSchema.parse({ accountId: account.id, metric: 'Newsletter sign-ups', periodStart: day(-10), periodEnd: day(20), goal: 400, actual: 120 }))
    ).id;
    ({ browser, context, page } = await openSignedIn(server));
    await page.goto(`/accounts/${accountId}`);
    await page.getByRole('heading', { name: 'Harbour Coffee', level: 1 }).waitFor();
    await page.getByTestId('delivery-section').getByRole('button', { name: 'Autumn campaign', exact: true }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('asks before Escape or × throws away a half-written touchpoint, and keeps it on "Keep editing"', async () => {
    await page.locator('body').press('t');
    const dialog = page.getByRole('dialog', { name: /Log a touchpoint with Harbour Coffee/ });
    await dialog.waitFor();
    await dialog.getByLabel('Subject').fill('Escalation about the launch date');
    await dialog.getByLabel('Summary').fill('Mia wants the launch moved a week; we agreed to send a plan by Friday.');

    // Escape by reflex: the dialog stays, asks, and the focus is on the safe answer.
    await page.keyboard.press('Escape');
    const question = dialog.getByRole('group', { name: 'Close and lose what you typed?' });
    await question.waitFor();
    expect(await page.evaluate<string>(FOCUSED)).toBe('button:Keep editing');
    // A second Escape keeps editing too: the text is all there.
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await dialog.getByLabel('Subject').inputValue()).toBe('Escalation about the launch date');
    expect(await dialog.getByLabel('Summary').inputValue()).toContain('plan by Friday');

    // × asks the same; Discard closes, and the next form starts empty.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await question.getByRole('button', { name: 'Discard' }).click();
    await waitUntil(() => page.getByRole('dialog').count(), (n) => n === 0, 'the dialog to close');
    await page.locator('body').press('t');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Subject').inputValue()).toBe('');
    // Nothing typed: Escape closes at once.
    await page.keyboard.press('Escape');
    await waitUntil(() => page.getByRole('dialog').count(), (n) => n === 0, 'the untouched dialog to close');
  });

  it('asks the same in the ledger’s forms (a deliverable half-typed)', async () => {
    await page.locator('body').press('d');
    const dialog = page.getByRole('dialog', { name: /Add a deliverable for Harbour Coffee/ });
    await dialog.waitFor();
    await dialog.getByLabel('Title').fill('Launch plan');
    await page.keyboard.press('Escape');
    await dialog.getByRole('group', { name: 'Close and lose what you typed?' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Launch plan');
    // Cancel is a deliberate choice: it closes without asking.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await waitUntil(() => page.getByRole('dialog').count(), (n) => n === 0, 'the dialog to close on Cancel');
    expect(pageErrorsOf(page)).toEqual([]);
  });

  it('after a save by keyboard, the focus is on what was saved: the logged touchpoint, the new target, the Edit account button', async () => {
    const focusedId = () => page.evaluate<string>('document.activeElement?.id ?? ""');
    await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
    await page.locator('body').press('t');
    const dialog = page.getByRole('dialog', { name: /Log a touchpoint/ });
    await dialog.getByLabel('Subject').fill('Launch plan agreed');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await waitUntil(focusedId, (id) => id.startsWith('touchpoint-'), 'the focus on the logged touchpoint');
    expect(await page.locator(`#${await focusedId()}`).textContent()).toContain('Launch plan agreed');

    await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
    await page.locator('body').press('g');
    const target = page.getByRole('dialog', { name: /Add a target/ });
    await target.getByLabel('Metric').fill('Press mentions');
    await target.getByLabel('Goal').fill('12');
    await page.keyboard.press('Control+Enter');
    await target.waitFor({ state: 'detached' });
    await waitUntil(focusedId, (id) => id.startsWith('target-'), 'the focus on the new target');
    expect(await page.locator(`#${await focusedId()}`).textContent()).toContain('Press mentions');

    await page.getByRole('button', { name: 'Edit account' }).click();
    await page.getByRole('region', { name: 'Edit account' }).getByLabel('Notes').fill('Prefers calls before 10.');
    await page.keyboard.press('Control+Enter');
    await waitUntil(focusedId, (id) => id === 'edit-account', 'the focus back on Edit account');
  });

  it('keeps the focus in the ledger by keyboard: on the row once delivered, on the next row once one is deleted', async () => {
    const focusedId = () => page.evaluate<string>('document.activeElement?.id ?? ""');
    const pressKit = page.locator(`#deliverable-${pressKitId}`);
    await pressKit.getByRole('button', { name: 'Delivered Press kit' }).focus();
    await page.keyboard.press('Enter');
    await waitUntil(() => pressKit.textContent(), (text) => /Delivered late/.test(text ?? ''), 'the press kit delivered late');
    // The button went with the work delivered: the focus is on its row, not back at the top of the page.
    await waitUntil(focusedId, (id) => id === `deliverable-${pressKitId}`, 'the focus on the delivered row');

    // Asked to delete, then Cancel: the focus goes back to the Delete button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(FOCUSED)).toBe('button:Delete Press kit');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>(FOCUSED)).toBe('button:Delete');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitUntil(() => page.evaluate<string>(FOCUSED), (f) => f === 'button:Delete Press kit', 'the focus back on Delete after Cancel');

    // Delete for good: the focus moves to the next deliverable.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await pressKit.waitFor({ state: 'detached' });
    await waitUntil(focusedId, (id) => id === `deliverable-${mediaListId}`, 'the focus on the next deliverable');
    // And the next Tab is in that row: its Delivered button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(FOCUSED)).toBe('button:Delivered Media list');
    expect(pageErrorsOf(page)).toEqual([]);
  });

  it('keeps a contact being edited when another contact form opens, and puts the focus back on the contact after Cancel', async () => {
    const contacts = page.getByRole('region', { name: /Contacts/ });
    await contacts.getByRole('button', { name: 'Edit Mia Brandt' }).click();
    const edit = contacts.getByRole('form', { name: 'Edit Mia Brandt' });
    await edit.getByLabel('Title').fill('Head of Marketing, DACH');
    // Adding someone else meanwhile: the edit stays open with what was typed.
    await contacts.getByRole('button', { name: 'Add contact' }).click();
    const add = contacts.getByRole('form', { name: 'New contact' });
    await add.getByLabel('Name').waitFor();
    expect(await edit.getByLabel('Title').inputValue()).toBe('Head of Marketing, DACH');
    await add.getByRole('button', { name: 'Cancel' }).click();
    await waitUntil(() => page.evaluate<string>(FOCUSED), (f) => f === 'button:Add contact', 'the focus on Add contact');
    // Cancel on the edit: the focus on the contact, not the top of the page.
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await waitUntil(() => page.evaluate<string>('document.activeElement?.id ?? ""'), (id) => id.startsWith('contact-'), 'the focus on the contact');
  });

  it('says of a target whose period is still running that the score reads it when the period ends', async () => {
    const running = page.locator(`#target-${runningTargetId}`);
    expect(await running.textContent()).toMatch(/Missed\s*in the score from .+, when the period ends/);
    const ended = page.getByRole('row', { name: /Share of voice/ });
    expect(await ended.textContent()).not.toContain('in the score from');
  });

  it('fits a phone: at 390 px nothing pans the page sideways, and every action of the page is on screen', async () => {
    const phone = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 390, height: 844 }, storageState: await context.storageState() });
    try {
      const small = await phone.newPage();
      await small.goto(`/accounts/${accountId}`);
      await small.getByRole('button', { name: 'Edit Share of voice (%)' }).waitFor({ state: 'attached' });
      await small.getByRole('button', { name: 'Delete Mia Brandt' }).waitFor();
      const width = await small.evaluate<{ page: number; screen: number }>('({ page: document.documentElement.scrollWidth, screen: document.documentElement.clientWidth })');
      expect(width.page).toBe(width.screen);
      for (const name of ['Log touchpoint', 'Edit account', 'Mark as lost', 'Archive', 'Edit Mia Brandt', 'Delete Mia Brandt']) {
        const box = await small.getByRole('button', { name, exact: true }).boundingBox();
        const right = (box?.x ?? Infinity) + (box?.width ?? 0);
        expect({ name, onScreen: right <= 390 }).toEqual({ name, onScreen: true });
      }
      // The ledger's tables scroll in their card: their buttons are still reached by Tab.
      await small.getByRole('button', { name: 'Delete Share of voice (%)' }).focus();
      expect(await small.evaluate<number>('document.documentElement.scrollLeft')).toBe(0);
    } finally {
      await phone.close();
    }
  });

  it('puts the focus on the Contacts heading once its last contact is deleted', async () => {
    const contacts = page.getByRole('region', { name: /Contacts/ });
    await contacts.getByRole('button', { name: 'Delete Mia Brandt' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await contacts.getByText('No contacts yet.').waitFor();
    await waitUntil(() => page.evaluate<string>('document.activeElement?.id ?? ""'), (id) => id === 'contacts-title', 'the focus on the Contacts heading');
  });
});
