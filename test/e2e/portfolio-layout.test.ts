import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/create-account.js';
import { CreateAccountSchema } from '../../src/accounts/schemas.js';
import { browserTestStatus, openSignedIn, pageErrorsOf, startServer, type TestServer } from './support.js';

const status = browserTestStatus();
if (!status.run) console.warn(`Skipping browser tests: ${status.reason}`);

/** A column heading as laid out: its text, and where its content lies beyond the cell's box (px). */
interface HeadingFit {
  text: string;
  /** How far the heading's content reaches past the cell's left and right inner edges (its padding), > 0 when cut. */
  overLeft: number;
  overRight: number;
  /** scrollWidth − clientWidth of the cell: > 0 when its text is cut short on the right. */
  overflow: number;
}

/** Every column heading of the portfolio, measured in the page (a script: this project's types have no DOM). */
const MEASURE_HEADINGS = `(() => {
  const cells = [...document.querySelectorAll('[role="grid"] [role="columnheader"]')];
  const headings = cells.map((cell) => {
    const box = cell.getBoundingClientRect();
    const style = getComputedStyle(cell);
    const range = document.createRange();
    range.selectNodeContents(cell);
    const content = range.getBoundingClientRect();
    return {
      text: (cell.textContent ?? '').replace(/[▲▼↕]/g, '').trim(),
      overLeft: box.left + parseFloat(style.paddingLeft) - content.left,
      overRight: content.right - (box.right - parseFloat(style.paddingRight)),
      overflow: cell.scrollWidth - cell.clientWidth,
    };
  });
  const grid = document.querySelector('[role="grid"]');
  return { headings, gridOverflow: grid ? grid.scrollWidth - grid.clientWidth : 0 };
})()`;

const measureHeadings = (page: Page) => page.evaluate<{ headings: HeadingFit[]; gridOverflow: number }>(MEASURE_HEADINGS);

/**
 * The badges of the rows (status, confidential, alerts) that reach past their cell's inner edge,
 * each with how far: a badge has no ellipsis, so one cut short reads "Flagged at r".
 */
const MEASURE_BADGES = `(() => {
  const cut = [];
  for (const cell of document.querySelectorAll('[role="grid"] [role="row"][data-account-id] [role="gridcell"]')) {
    const box = cell.getBoundingClientRect();
    const style = getComputedStyle(cell);
    for (const badge of cell.querySelectorAll('.badge')) {
      const over = badge.getBoundingClientRect().right - (box.right - parseFloat(style.paddingRight));
      if (over > 0.5) cut.push((badge.textContent ?? '').trim() + ' (' + over.toFixed(1) + ' px)');
    }
  }
  return cut;
})()`;

/** The headings cut short, each with how much: empty when all fit (half a pixel of rounding allowed). */
const clipped = (headings: HeadingFit[]) =>
  headings.filter((h) => h.overLeft > 0.5 || h.overRight > 0.5 || h.overflow > 0).map((h) => `${h.text} (${Math.max(h.overLeft, h.overRight, h.overflow).toFixed(1)} px)`);

/**
 * The portfolio's column headings at the widths people's screens have: none is cut short (the
 * Contacts heading was, at 1280 px), nor is a row's badge (the status "Flagged at risk" was), and
 * on a laptop or wider the table needs no sideways scroll.
 * Below that (900 px) the table scrolls sideways, with every heading still whole.
 */
describe.skipIf(!status.run)(`portfolio column headings${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    const { deps } = server.rapport;
    const { actor, userId } = server.owner;
    await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Harbour Coffee Roasters', category: 'food', status: 'active', value: { amount: 12_500, currency: 'EUR' }, owners: [{ userId, role: 'lead' }] }));
    await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'Lantern Ferries', category: 'travel', status: 'at_risk', value: { amount: 9_000, currency: 'EUR' }, owners: [{ userId, role: 'lead' }] }));
    ({ browser, context, page } = await openSignedIn(server));
    await page.locator('[role="grid"] [role="row"][data-account-id]').first().waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  for (const width of [1280, 1366, 1440]) {
    it(`shows every heading whole at ${width} px, without sideways scrolling`, async () => {
      await page.setViewportSize({ width, height: 900 });
      const { headings, gridOverflow } = await measureHeadings(page);
      expect(headings.map((h) => h.text)).toEqual(['Name', 'Category', 'Status', 'Health', 'Alerts', 'Value', 'Owners', 'Contacts', 'Updated']);
      expect(clipped(headings)).toEqual([]);
      expect(gridOverflow).toBe(0);
      // And the rows' badges: the status column held "Flagged at risk" to "Flagged at r" at 1280 px.
      expect(await page.evaluate<string[]>(MEASURE_BADGES)).toEqual([]);
    });
  }

  it('scrolls sideways at 900 px, every heading still whole', async () => {
    await page.setViewportSize({ width: 900, height: 900 });
    const { headings, gridOverflow } = await measureHeadings(page);
    expect(clipped(headings)).toEqual([]);
    expect(gridOverflow).toBeGreaterThan(0);
    // The last column can be scrolled into view.
    const grid = page.getByTestId('account-table');
    await page.evaluate("document.querySelector('[role=\"grid\"]').scrollLeft = 1e6");
    const updated = page.getByRole('columnheader', { name: /Updated/ });
    const [gridBox, cellBox] = await Promise.all([grid.boundingBox(), updated.boundingBox()]);
    expect(cellBox && gridBox && cellBox.x + cellBox.width <= gridBox.x + gridBox.width + 0.5).toBe(true);
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
