import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CreateAccountSchema } from '../../src/accounts/schemas.js';
import { createAccount } from '../../src/accounts/create-account.js';
import { markAccountLost } from '../../src/postmortems/mark-lost.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, textOf, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

const DAY_MS = 86_400_000;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA findings on the page as it is (decision 0022): rule ids and targets. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'"))) await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate<AxeResults>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })`);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The backtest screen of a new workspace: before any loss it says what to do in the product (mark a
 * client lost from its page, or import churned clients), and a lost account that never had data
 * before its loss is shown as such, not as a miss (decision 0013).
 */
describe.skipIf(!status.run)(`the backtest of a new workspace${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer('Brightside Agency');
    ({ browser, context, page } = await openSignedIn(server));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('before any loss, points to Mark as lost and to the import, with links', async () => {
    const { actor } = server.owner;
    await createAccount(server.rapport.deps, actor, CreateAccountSchema.parse({ name: 'Harbour Coffee', status: 'active' }));
    await page.goto('/losses/backtest');
    const empty = page.getByTestId('backtest-empty');
    await empty.waitFor();
    const text = await textOf(empty);
    expect(text).toContain('Mark as lost');
    expect(text).toContain('churn date');
    expect(text).not.toMatch(/api|POST/i);
    expect(await axeViolations(page)).toEqual([]);
    await empty.getByRole('link', { name: 'Import churned clients' }).click();
    await page.waitForURL(/\/import$/);
    await page.goto('/losses/backtest');
    await page.getByTestId('backtest-empty').getByRole('link', { name: 'Find the account in the portfolio' }).click();
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
  });

  it('shows a lost account without data before its loss as such, and counts its days apart', async () => {
    const { actor } = server.owner;
    const { deps } = server.rapport;
    // Created 20 days ago, never touched, no deliverable: 20 days of the neutral score (watch), no data.
    const today = Date.now();
    const quiet = await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Quiet Ltd', status: 'active', startedOn: dayOf(today - 20 * DAY_MS), cadenceDays: 30 }));
    await sql`update accounts set created_at = ${new Date(today - 20 * DAY_MS).toISOString()} where id = ${quiet.id}`.execute(deps.db);
    await markAccountLost(deps, actor, quiet.id, { lostOn: dayOf(today), reasons: ['unknown'], notes: '' });

    await page.goto('/losses/backtest');
    const row = page.getByRole('row', { name: /Quiet Ltd/ });
    await row.waitFor();
    const cells = await textOf(row);
    expect(cells).toContain('No data before the loss');
    expect(cells).not.toContain('Never at risk');
    expect(cells).not.toContain('below healthy');
    // Its 21 days and Harbour Coffee's one: no data, no prediction.
    expect(await textOf(page.getByTestId('backtest-no-data-A'))).toBe('22 of 22 days without data: no prediction');
    const card = await textOf(page.getByTestId('backtest-model-A'));
    expect(card).toContain('1 lost account without data before the loss, not counted');
    expect(card).toContain('no lost account had data before its loss');
    expect(card).not.toContain('never below healthy');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
