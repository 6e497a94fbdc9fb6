import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { createContact } from '../../src/accounts/create-contact.js';
import { CreateAccountSchema, CreateContactSchema } from '../../src/accounts/schemas.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, textOf, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

/**
 * Mail intake in Chromium: the intake address in Settings (copy, rotate), and the unmatched-mail
 * queue — two mails put straight into the queue's table, one assigned to an account through the
 * searchable picker (its contact pre-checked by address) and then seen on that account's
 * timeline, the other discarded, leaving the empty state.
 */
describe.skipIf(!status.run)(`mail intake${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hasIntake = false;

  beforeAll(async () => {
    server = await startServer();
    const paths = Object.keys(((await (await fetch(`${server.baseURL}/api/openapi.json`)).json()) as { paths: Record<string, unknown> }).paths);
    hasIntake = paths.includes('/api/intake/unmatched');
    if (!hasIntake) console.warn('Skipping the mail intake browser tests: the server has no /api/intake routes');

    const { actor, workspaceId } = server.owner;
    const deps = server.rapport.deps;
    const harbor = await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Harbor Logistics', aliases: ['Harbor Freight Lines'], status: 'active' }));
    await createContact(deps, actor, harbor.id, CreateContactSchema.parse({ name: 'Olivia Chen', emails: ['olivia@harbor.example'], role: 'champion' }));
    await createContact(deps, actor, harbor.id, CreateContactSchema.parse({ name: 'Mark Tan', emails: ['mark@harbor.example'], role: 'finance' }));
    await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Hartley Foods', status: 'active' }));

    // Two mails in the queue, as the SMTP intake leaves them when no contact matched on arrival.
    const queue = (subject: string, from: string, body: string, minutesAgo: number) =>
      deps.db
        .insertInto('unmatched_mails')
        .values({
          workspace_id: workspaceId,
          id: randomUUID(),
          message_id: `${randomUUID()}@mail.example`,
          from_address: from,
          to_addresses: ['ada@northwind.test'],
          cc_addresses: [],
          subject,
          body_text: body,
          sent_at: new Date(Date.now() - minutesAgo * 60_000),
          received_at: new Date(Date.now() - minutesAgo * 60_000),
        })
        .execute();
    await queue('Re: Q3 shipping campaign', 'olivia@harbor.example', 'Hi Ada,\n\nThe new brief looks good — can we meet on Thursday?\n\nOlivia', 30);
    await queue('Newsletter: 10 tips for agencies', 'news@spam.example', 'Unsubscribe any time.', 10);

    ({ browser, context, page } = await openSignedIn(server));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows the intake address in Settings, with a how-to, and rotates it', async (ctx) => {
    if (!hasIntake) ctx.skip();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const address = page.getByLabel('Intake address');
    await address.waitFor();
    const before = await address.inputValue();
    expect(before).toMatch(/^log\+[0-9a-f]{32}@/);
    expect(await textOf(page.getByRole('region', { name: 'Mail intake' }))).toContain('BCC or forward mail to this address');
    await page.getByRole('button', { name: 'Rotate address' }).click();
    await page.getByRole('button', { name: 'Rotate address' }).click();
    await waitUntil(() => address.inputValue(), (v) => v !== before && v.startsWith('log+'), 'a new address');
  });

  it('counts the waiting mail in the header and lists it', async (ctx) => {
    if (!hasIntake) ctx.skip();
    await waitUntil(() => textOf(page.getByTestId('unmatched-count')), (t) => t === '2', 'the count badge');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Unmatched mail/ }).click();
    await page.getByRole('heading', { name: 'Unmatched mail', level: 1 }).waitFor();
    const mail = page.locator('.mail', { hasText: 'Re: Q3 shipping campaign' });
    await mail.waitFor();
    const text = await textOf(mail);
    expect(text).toContain('olivia@harbor.example');
    expect(text).toContain('ada@northwind.test');
    expect(text).toContain('The new brief looks good');
    expect(await page.locator('.mail').count()).toBe(2);
  });

  it('assigns a mail to an account found by the picker, its contact pre-checked by address', async (ctx) => {
    if (!hasIntake) ctx.skip();
    const mail = page.locator('.mail', { hasText: 'Re: Q3 shipping campaign' });
    await mail.getByRole('button', { name: /Assign to account/ }).click();
    const picker = mail.getByRole('combobox', { name: 'Account' });
    await picker.fill('Har');
    // Both accounts match "Har"; arrows move, Enter chooses.
    await mail.getByRole('option', { name: /Hartley Foods/ }).waitFor();
    await mail.getByRole('option', { name: /Harbor Logistics/ }).waitFor();
    await picker.fill('Harbor Freight');
    await waitUntil(() => mail.getByRole('option').count(), (n) => n === 1, 'one match by alias');
    await picker.press('Enter');
    await mail.getByText('Account: Harbor Logistics').waitFor();
    const olivia = mail.getByRole('checkbox', { name: /Olivia Chen/ });
    await waitUntil(() => olivia.isChecked(), (v) => v, 'Olivia pre-checked');
    expect(await mail.getByRole('checkbox', { name: /Mark Tan/ }).isChecked()).toBe(false);
    expect(await mail.getByRole('radio', { name: 'Client-initiated' }).isChecked()).toBe(true);
    await page.screenshot({ path: '/tmp/rapport-unmatched.png', fullPage: true });
    await mail.getByRole('button', { name: 'Assign', exact: true }).click();

    await page.getByText('Assigned “Re: Q3 shipping campaign” to Harbor Logistics.').waitFor();
    await waitUntil(() => page.locator('.mail').count(), (n) => n === 1, 'the mail to leave the queue');
    await waitUntil(() => textOf(page.getByTestId('unmatched-count')), (t) => t === '1', 'the count to drop');
  });

  it('shows the assigned mail on the account’s timeline', async (ctx) => {
    if (!hasIntake) ctx.skip();
    await page.getByRole('link', { name: 'Open the account' }).click();
    await page.getByRole('heading', { name: /Harbor Logistics/, level: 1 }).waitFor();
    const entry = page.locator('.tp', { hasText: 'Re: Q3 shipping campaign' });
    await entry.waitFor();
    const text = await textOf(entry);
    expect(text).toContain('E-mail');
    expect(text).toContain('Client-initiated');
    expect(text).toContain('E-mail intake');
    expect(text).toContain('With Olivia Chen');
    await waitUntil(() => textOf(page.locator('.contact', { hasText: 'Olivia Chen' })), (t) => t.includes('last reached out'), 'Olivia’s last touch');
  });

  it('discards the other mail and shows the empty state', async (ctx) => {
    if (!hasIntake) ctx.skip();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Unmatched mail/ }).click();
    const mail = page.locator('.mail', { hasText: 'Newsletter' });
    await mail.getByRole('button', { name: /Discard/ }).click();
    await mail.getByRole('button', { name: 'Discard', exact: true }).click();
    const empty = page.getByTestId('unmatched-empty');
    await empty.waitFor();
    expect(await textOf(empty)).toContain('BCCs or forwards');
    await waitUntil(() => page.getByTestId('unmatched-count').count(), (n) => n === 0, 'the badge to go');
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
