import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_EMAIL } from '../../src/demo/seed-demo.js';
import { createUser } from '../../src/workspaces/create-user.js';
import { browserTestStatus, newPage, openDemo, pageErrorsOf, signIn, startEmptyServer, waitUntil, type TestServer } from './support.js';

const status = browserTestStatus();

const DEMO_PASSWORD = 'demo password for the accessibility test';
/** The engine, injected into the page as it is: @axe-core/playwright would need the full playwright package. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/**
 * WCAG 2.1, levels A and AA (axe tags the 2.0 criteria apart from those 2.1 added), and axe's best
 * practices: heading order, landmarks, one main, unique landmark names (decision 0022).
 */
const RULE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const SHOWN_NODES = 12;

/**
 * A screen has settled when nothing on it is still loading: no "Loading…" or "Working out…"
 * status, no skeleton row, no chart waiting for its library, and the network quiet.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await waitUntil(
    () =>
      page.evaluate<number>(
        `document.querySelectorAll('.skeleton, .health-chart--loading').length +
         [...document.querySelectorAll('[role=status]')].filter((e) => /^(Loading|Working out)/.test((e.textContent ?? '').trim())).length`,
      ),
    (n) => n === 0,
    'the screen to finish loading',
  );
}

/**
 * Each violation axe finds on the whole page as it is (nothing excluded), one entry per rule: its
 * id, impact and help, then each offending node's selector and what is wrong with it.
 */
async function violations(page: Page): Promise<string[]> {
  await settle(page);
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'"))) await page.addScriptTag({ content: AXE_SOURCE });
  const options: RunOptions = { runOnly: { type: 'tag', values: RULE_TAGS }, resultTypes: ['violations', 'incomplete'] };
  const results = await page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
  return [...results.violations.map((v) => {
    // A rule broken all over a screen is one cause: a dozen of its nodes say where.
    const nodes = v.nodes.slice(0, SHOWN_NODES).map((n) => {
      const why = [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean)[0] ?? '';
      return `    ${n.target.join(' ')}${why ? ` — ${why}` : ''}`;
    });
    if (v.nodes.length > SHOWN_NODES) nodes.push(`    … and ${v.nodes.length - SHOWN_NODES} more`);
    return [`${v.id} (${v.impact ?? 'no impact'}, ${v.nodes.length} ${v.nodes.length === 1 ? 'node' : 'nodes'}): ${v.help}`, ...nodes].join('\n');
  }), ...(await unreviewed(page, results.incomplete))];
}

/** One "needs review" node as the page checks it: its selector, and axe's reason. */
interface Incomplete {
  rule: string;
  target: string[];
  reason: string;
  expected: number | null;
}

/**
 * axe's "needs review" results (incomplete), settled by machine where a person looking would only
 * repeat a computation (decision 0022's table): whatever is left fails like a violation.
 * - color-contrast, when axe could not find the background (a chart's SVG text on its bands, a card
 *   under the sticky header, rows of a table that scrolls, a glyph it takes for an image): the
 *   node is scrolled into view, and its colour measured against what is painted beneath its middle,
 *   composited from the page up (HTML backgrounds, SVG shapes with their opacity). It must reach
 *   axe's expected ratio (4.5:1 or 3:1 for large text); a lone symbol (▲, ★, ↓) is a graphic, 3:1
 *   (1.4.11); an empty field is measured with its placeholder's colour. A background image, or a
 *   node nothing paints under, fails: a person must look.
 * - label-content-name-mismatch on a control whose visible text is a symbol (×): 2.5.3 is about
 *   words, and the name says what the symbol does ("Close", "Remove conflict with …").
 */
async function unreviewed(page: Page, incomplete: AxeResults['incomplete']): Promise<string[]> {
  const left: string[] = [];
  const contrast: Incomplete[] = [];
  for (const result of incomplete) {
    for (const node of result.nodes) {
      const checks = [...node.any, ...node.all, ...node.none];
      const data = (checks.find((c) => c.data && typeof c.data === 'object')?.data ?? {}) as { messageKey?: string; expectedContrastRatio?: string };
      const target = node.target.map(String);
      if (result.id === 'color-contrast') {
        const expected = data.messageKey === 'nonBmp' ? 3 : Number.parseFloat(data.expectedContrastRatio ?? '');
        contrast.push({ rule: result.id, target, reason: data.messageKey ?? '', expected: Number.isFinite(expected) ? expected : null });
      } else if (result.id === 'label-content-name-mismatch' && /^[^\p{L}\p{N}]+$/u.test(node.html.replace(/<[^>]*>/g, '').trim())) {
        continue;
      } else {
        left.push(`needs review: ${result.id} at ${target.join(' ')} — ${checks.map((c) => c.message).filter(Boolean)[0] ?? result.help}`);
      }
    }
  }
  if (contrast.length > 0) {
    const measured = await page.evaluate<{ target: string; problem: string }[]>(`(${MEASURE_CONTRAST})(${JSON.stringify(contrast)})`);
    for (const m of measured) left.push(`needs review: color-contrast at ${m.target} — ${m.problem}`);
  }
  return left;
}

/**
 * In the page: each node's contrast against what is painted beneath it, composited. Returns the
 * nodes that fall short or cannot be measured. Scroll positions are put back afterwards.
 */
const MEASURE_CONTRAST = `(nodes) => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '');
    if (!m) return null;
    const [r, g, b, a] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a: a === undefined || Number.isNaN(a) ? 1 : a };
  };
  const over = (top, below) => ({ r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a), b: top.b * top.a + below.b * (1 - top.a), a: 1 });
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const SHAPES = new Set(['rect', 'path', 'circle', 'ellipse', 'polygon']);
  const opacityOf = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
  const scrolled = new Map();
  const problems = [];
  for (const node of nodes) {
    const where = node.target.join(' ');
    const el = document.querySelector(node.target[node.target.length - 1]);
    if (!el) { problems.push({ target: where, problem: 'not found to measure' }); continue; }
    for (let e = el.parentElement; e; e = e.parentElement) if (!scrolled.has(e)) scrolled.set(e, [e.scrollLeft, e.scrollTop]);
    if (!scrolled.has(window)) scrolled.set(window, [window.scrollX, window.scrollY]);
    el.scrollIntoView({ block: 'center', inline: 'center' });
    // An inline node that wraps: the middle of its first line (its bounding box's may be off it).
    const box = el.getClientRects()[0] ?? el.getBoundingClientRect();
    const stack = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    // The node, one of its children, or (SVG) the text element it is a part of: the first hit that is it.
    const at = stack.findIndex((e) => e === el || el.contains(e) || (e.tagName === 'text' && e.contains(el)));
    if (at < 0) { problems.push({ target: where, problem: 'covered by ' + (stack[0] ? stack[0].tagName.toLowerCase() + '.' + String(stack[0].className) : 'nothing') }); continue; }
    let background = { r: 255, g: 255, b: 255, a: 1 };
    let unknown = '';
    // What is painted under it: its own background, then the hits beneath it (not its children).
    for (const e of stack.slice(at).filter((e) => e === el || !el.contains(e)).reverse()) {
      const s = getComputedStyle(e);
      if (e instanceof SVGElement) {
        if (!SHAPES.has(e.tagName) || s.fill === 'none') continue;
        const fill = parse(s.fill);
        if (!fill) { unknown = 'an SVG fill that is not a colour'; break; }
        background = over({ ...fill, a: fill.a * Number(s.fillOpacity) * opacityOf(e) }, background);
      } else {
        if (s.backgroundImage !== 'none') { unknown = 'a background image under it'; break; }
        const bg = parse(s.backgroundColor);
        if (bg && bg.a > 0) background = over({ ...bg, a: bg.a * Number(s.opacity) }, background);
      }
    }
    if (unknown) { problems.push({ target: where, problem: unknown }); continue; }
    const s = getComputedStyle(el);
    const own = node.reason === 'emptyValue' ? getComputedStyle(el, '::placeholder').color : el instanceof SVGElement ? s.fill : s.color;
    const fg = parse(own);
    if (!fg) { problems.push({ target: where, problem: 'colour ' + own + ' not measurable' }); continue; }
    const fillOpacity = el instanceof SVGElement ? Number(s.fillOpacity) : 1;
    const shown = over({ ...fg, a: fg.a * fillOpacity * opacityOf(el) }, background);
    const r = ratio(shown, background);
    const expected = node.expected ?? 4.5;
    if (r < expected) problems.push({ target: where, problem: r.toFixed(2) + ':1 (' + own + ' on rgb(' + [background.r, background.g, background.b].map(Math.round).join(', ') + '), needs ' + expected + ':1' });
  }
  for (const [e, [x, y]] of scrolled) e === window ? window.scrollTo(x, y) : ((e.scrollLeft = x), (e.scrollTop = y));
  return problems;
}`;

/**
 * What the focused element shows: null when nothing has the focus; otherwise the element and, when
 * it can hardly be seen, why. The focus ring is an outline (the stylesheet's :focus-visible, or a
 * label's for the hidden input it holds); it must have a width and not be cut off by a box that
 * clips its overflow. Evaluated in the page, as a string: the test code has no DOM types.
 */
const FOCUS_RING = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('value') || '').replace(/\\s+/g, ' ').trim().slice(0, 50);
  const what = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + name + '"';
  // A control hidden in its label (a chip's radio, the file input) shows the focus on the label.
  const own = el.getBoundingClientRect();
  const holder = own.width <= 1 || own.height <= 1 ? el.closest('label') : el;
  const ringed = holder && getComputedStyle(holder).outlineStyle !== 'none' && parseFloat(getComputedStyle(holder).outlineWidth) > 0 ? holder : null;
  if (!ringed) return { what, problem: 'no focus outline' };
  const style = getComputedStyle(ringed);
  const grow = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset || '0');
  const r = ringed.getBoundingClientRect();
  const ring = { left: r.left - grow, top: r.top - grow, right: r.right + grow, bottom: r.bottom + grow };
  for (let box = ringed.parentElement; box; box = box.parentElement) {
    const s = getComputedStyle(box);
    if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
    const b = box.getBoundingClientRect();
    // A ring cut on one side still shows; cut on two or more it reads as a line, or nothing.
    const cut = [ring.left < b.left - 0.5, ring.top < b.top - 0.5, ring.right > b.right + 0.5, ring.bottom > b.bottom + 0.5].filter(Boolean).length;
    if (cut >= 2) return { what, problem: 'focus outline clipped by ' + box.tagName.toLowerCase() + '.' + String(box.className).trim().split(/\\s+/).join('.') };
  }
  return { what, problem: '' };
})()`;

/** Where the focus is: inside the open dialog, on the page behind it, or nowhere (the browser's own controls). */
const FOCUS_PLACE = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return 'nowhere';
  return el.closest('dialog[open]') ? 'dialog' : 'page: ' + el.tagName.toLowerCase() + ' ' + (el.textContent || '').trim().slice(0, 40);
})()`;

/**
 * Every screen of the demo workspace, and the states a person opens on them (dialogs, the
 * account's forms, alerts in every state), checked by axe-core against WCAG 2.1 A and AA and axe's
 * best practices: any violation fails, listed with the rule, its impact and the nodes. The
 * portfolio, an account page and the post-mortem are checked again at 900 px, where the layout
 * folds. By keyboard: the focus ring shows on every tab stop, and each dialog keeps the focus
 * inside and gives it back on closing (decision 0022).
 */
describe.skipIf(!status.run)(`accessibility of every screen${status.run ? '' : ` (skipped: ${status.reason})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const accounts = new Map<string, string>();
  const accountId = (name: string) => {
    const id = accounts.get(name);
    if (!id) throw new Error(`the demo has no account named ${name}`);
    return id;
  };

  beforeAll(async () => {
    let demo: Map<string, string>;
    ({ server, browser, context, page, accounts: demo } = await openDemo(DEMO_PASSWORD));
    for (const [name, id] of demo) accounts.set(name, id);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  /** Opens a path and waits for its first heading. */
  const open = async (path: string, heading: string | RegExp) => {
    await page.goto(path);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };

  describe('signed out', () => {
    it('sign-in', async () => {
      const fresh = await newPage(browser, server.baseURL);
      try {
        await fresh.page.goto('/');
        await fresh.page.getByRole('button', { name: 'Sign in' }).waitFor();
        expect(await violations(fresh.page)).toEqual([]);
        // And with the error a wrong password gets.
        await signIn(fresh.page, DEMO_EMAIL, 'not the password at all');
        await fresh.page.getByRole('alert').waitFor();
        expect(await violations(fresh.page)).toEqual([]);
      } finally {
        await fresh.context.close();
      }
    });

    it('first-run setup on an empty Rapport, its errors, and a new account with no data yet', async () => {
      const empty = await startEmptyServer();
      const fresh = await newPage(browser, empty.baseURL);
      try {
        await fresh.page.goto('/');
        await fresh.page.getByRole('heading', { name: 'Set up your workspace' }).waitFor();
        expect(await violations(fresh.page)).toEqual([]);
        await fresh.page.getByRole('button', { name: 'Create workspace' }).click();
        await fresh.page.locator('[aria-invalid=true]').first().waitFor();
        expect(await violations(fresh.page)).toEqual([]);
        await fresh.page.getByLabel('Your name').fill('Maya Chen');
        await fresh.page.getByLabel('Work e-mail').fill('maya@brightside.test');
        await fresh.page.getByLabel('Password').fill(DEMO_PASSWORD);
        await fresh.page.getByLabel('Workspace name').fill('Brightside Agency');
        await fresh.page.getByRole('button', { name: 'Create workspace' }).click();
        await fresh.page.getByRole('link', { name: 'Create your first account' }).click();
        await fresh.page.getByRole('form', { name: 'Create account' }).getByLabel('Name', { exact: true }).fill('Harbour Coffee Roasters');
        await fresh.page.keyboard.press('Control+Enter');
        await fresh.page.getByTestId('health-no-data').waitFor();
        expect(await violations(fresh.page)).toEqual([]);
        await fresh.page.getByRole('link', { name: 'Portfolio', exact: true }).first().click();
        await fresh.page.getByText('no data yet').waitFor();
        expect(await violations(fresh.page)).toEqual([]);
      } finally {
        await fresh.context.close();
        await empty.close();
      }
    });

    it('welcome, for someone in no workspace yet', async () => {
      const email = 'newcomer@northwind.test';
      await createUser(server.rapport.deps, { email, password: DEMO_PASSWORD, name: 'Nadia Newcomer' });
      const fresh = await newPage(browser, server.baseURL);
      try {
        await fresh.page.goto('/');
        await signIn(fresh.page, email, DEMO_PASSWORD);
        await fresh.page.getByRole('heading', { name: /^Welcome/ }).waitFor();
        expect(await violations(fresh.page)).toEqual([]);
      } finally {
        await fresh.context.close();
      }
    });
  });

  describe('at 1366 px', () => {
    it('portfolio', async () => {
      await open('/', 'Portfolio');
      await page.getByTestId('account-table').locator('[data-account-id]').first().waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('the shortcuts help (?)', async () => {
      await open('/', 'Portfolio');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press('Escape');
    });

    it('attention board', async () => {
      await open('/attention', 'Attention');
      expect(await violations(page)).toEqual([]);
    });

    for (const [story, name] of [
      ['slipping, at risk', 'Sunnybrae Cereals'],
      ['cosy, late work nobody minded', 'Marigold & Finch'],
      ['the champion left', 'Copperline Lager'],
      ['confidential', 'Project Kestrel'],
      ['a prospect', 'Brackenridge Craft Ales'],
      ['lost', 'Tillwise'],
    ] as const) {
      it(`account page: ${name} (${story}), with its health panel and timeline`, async () => {
        await open(`/accounts/${accountId(name)}`, new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        await page.getByTestId('health-panel').waitFor();
        await page.getByRole('heading', { name: 'Timeline' }).waitFor();
        expect(await violations(page)).toEqual([]);
      });
    }

    it('account page: the history table and the facts behind a component', async () => {
      await open(`/accounts/${accountId('Sunnybrae Cereals')}`, /^Sunnybrae/);
      await page.getByText('Show the history as a table').click();
      await page.getByRole('button', { name: /^Show the .*behind it$/ }).first().click();
      expect(await violations(page)).toEqual([]);
    });

    it('account page: the edit form', async () => {
      await open(`/accounts/${accountId('Sunnybrae Cereals')}`, /^Sunnybrae/);
      await page.getByRole('button', { name: 'Edit account' }).click();
      await page.getByRole('heading', { name: 'Edit account' }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Cancel' }).click();
    });

    it('the log-touchpoint dialog (t)', async () => {
      await open(`/accounts/${accountId('Sunnybrae Cereals')}`, /^Sunnybrae/);
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      await page.keyboard.press('t');
      await page.getByRole('dialog', { name: /^Log a touchpoint/ }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press('Escape');
    });

    for (const [key, title] of [
      ['p', /^Add a project/],
      ['d', /^Add a deliverable/],
      ['g', /^Add a target/],
      ['i', /^Record an incident/],
    ] as const) {
      it(`the ledger's dialog on ${key}`, async () => {
        await open(`/accounts/${accountId('Sunnybrae Cereals')}`, /^Sunnybrae/);
        await page.getByTestId('delivery-section').getByRole('heading', { name: 'Delivery' }).waitFor();
        await page.locator('body').click({ position: { x: 5, y: 5 } });
        await page.keyboard.press(key);
        await page.getByRole('dialog', { name: title }).waitFor();
        expect(await violations(page)).toEqual([]);
        await page.keyboard.press('Escape');
      });
    }

    it('account page: the new-contact form, and the errors of an empty one', async () => {
      await open(`/accounts/${accountId('Sunnybrae Cereals')}`, /^Sunnybrae/);
      await page.getByRole('button', { name: 'Add contact' }).click();
      await page.getByRole('heading', { name: 'New contact' }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Add contact' }).last().click();
      await page.locator('[aria-invalid=true]').first().waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('the mark-lost dialog', async () => {
      await open(`/accounts/${accountId('Sunnybrae Cereals')}`, /^Sunnybrae/);
      await page.getByRole('button', { name: 'Mark as lost' }).click();
      await page.getByRole('dialog', { name: /as lost$/ }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press('Escape');
    });

    it('alerts', async () => {
      await open('/alerts', 'Alerts');
      await page.getByTestId('alert-card').first().waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('alerts: every state shown, snoozed and resolved ones too', async () => {
      await open('/alerts', 'Alerts');
      const chips = page.getByRole('group', { name: 'State' });
      for (const name of [/^Snoozed/, /^Resolved/]) {
        const chip = chips.getByRole('button', { name });
        if ((await chip.getAttribute('aria-pressed')) !== 'true') await chip.click();
      }
      await page.locator('.badge--alert-resolved').first().waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('alerts: an action form open on a card', async () => {
      await open('/alerts', 'Alerts');
      const card = page.getByTestId('alert-card').first();
      await card.getByRole('button', { name: /^Snooze/ }).click();
      await card.getByRole('radio', { name: /Tomorrow/ }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press('Escape');
    });

    it('post-mortem of the lost account', async () => {
      await open(`/accounts/${accountId('Tillwise')}/postmortem`, /^Post-mortem/);
      await page.getByTestId('postmortem-chart').locator('svg.recharts-surface').first().waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('losses report', async () => {
      await open('/losses', 'Lost accounts');
      await page.getByRole('heading', { name: 'Reasons' }).waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('losses backtest', async () => {
      await open('/losses/backtest', 'Lost accounts');
      await page.getByRole('heading', { name: 'Each lost account' }).waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('import', async () => {
      await open('/import', 'Import');
      expect(await violations(page)).toEqual([]);
    });

    it('import: the preview of a file and its column mapping', async () => {
      const csv = 'Name,Status,Value,Currency\nHarbour Lights,active,1200,EUR\nQuay Street,prospect,,\n';
      await page.getByTestId('dropzone').locator('input[type=file]').setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByTestId('import-preview').waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('unmatched mail', async () => {
      await open('/inbox/unmatched', 'Unmatched mail');
      expect(await violations(page)).toEqual([]);
    });

    it('unmatched mail: assigning one, with the account picker open', async () => {
      await open('/inbox/unmatched', 'Unmatched mail');
      await page.getByRole('button', { name: /^Assign to account/ }).first().click();
      const picker = page.getByRole('combobox', { name: 'Account' });
      await picker.fill('Sunny');
      await page.getByRole('option', { name: /Sunnybrae/ }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press('Escape');
    });

    it('settings: every section', async () => {
      await open('/settings', 'Settings');
      for (const section of ['Workspace', 'Members', 'Mail intake', 'Health model', 'API tokens', 'You']) {
        await page.getByRole('heading', { name: section, level: 2 }).waitFor();
      }
      expect(await violations(page)).toEqual([]);
    });

    it('settings: a new token, its secret shown once', async () => {
      await open('/settings', 'Settings');
      await page.getByLabel('Token name').fill('CRM sync');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByText(/Token “CRM sync” created/).waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('new account, and the errors of an empty one', async () => {
      await open('/accounts/new', 'New account');
      expect(await violations(page)).toEqual([]);
      await page.getByRole('button', { name: /^Create account/ }).click();
      await page.locator('[aria-invalid=true]').first().waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('portfolio: nothing matches the search', async () => {
      await open('/?q=zzzz-no-such-account', 'Portfolio');
      await page.getByTestId('empty-state').waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('not found', async () => {
      await open('/no/such/page', 'There is nothing here');
      expect(await violations(page)).toEqual([]);
    });
  });

  describe('at 900 px', () => {
    beforeAll(async () => {
      await page.setViewportSize({ width: 900, height: 900 });
    });
    afterAll(async () => {
      await page.setViewportSize({ width: 1366, height: 900 });
    });

    it('portfolio', async () => {
      await open('/', 'Portfolio');
      await page.getByTestId('account-table').locator('[data-account-id]').first().waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('account page', async () => {
      await open(`/accounts/${accountId('Sunnybrae Cereals')}`, /^Sunnybrae/);
      await page.getByTestId('health-panel').waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('post-mortem', async () => {
      await open(`/accounts/${accountId('Tillwise')}/postmortem`, /^Post-mortem/);
      await page.getByTestId('postmortem-chart').locator('svg.recharts-surface').first().waitFor();
      expect(await violations(page)).toEqual([]);
    });
  });

  describe('by keyboard', () => {
    /**
     * Tabs through a screen from its top, up to `limit` stops, and lists each stop whose focus
     * cannot be seen.
     */
    const unseenFocus = async (limit: number) => {
      await settle(page);
      await page.evaluate("document.activeElement instanceof HTMLElement && document.activeElement.blur(); window.scrollTo(0, 0)");
      const unseen: string[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        const focus = await page.evaluate<{ what: string; problem: string } | null>(FOCUS_RING);
        if (!focus) continue;
        if (focus.problem && !seen.has(focus.what)) unseen.push(`${focus.what}: ${focus.problem}`);
        seen.add(focus.what);
      }
      return unseen;
    };

    for (const [screen, path, heading] of [
      ['portfolio', '/', 'Portfolio'],
      ['account page', 'Sunnybrae Cereals', /^Sunnybrae/],
      ['alerts', '/alerts', 'Alerts'],
      ['attention board', '/attention', 'Attention'],
      ['post-mortem', 'Tillwise postmortem', /^Post-mortem/],
      ['losses report', '/losses', 'Lost accounts'],
      ['unmatched mail', '/inbox/unmatched', 'Unmatched mail'],
      ['import', '/import', 'Import'],
      ['settings', '/settings', 'Settings'],
      ['new account', '/accounts/new', 'New account'],
    ] as const) {
      it(`shows where the focus is on every tab stop: ${screen}`, async () => {
        const url = path.startsWith('/') ? path : path.endsWith('postmortem') ? `/accounts/${accountId('Tillwise')}/postmortem` : `/accounts/${accountId(path)}`;
        await open(url, heading);
        expect(await unseenFocus(80)).toEqual([]);
      });
    }

    /**
     * Opens a dialog with `openIt` from the focused element, then checks: the focus starts inside
     * it; Tab and Shift+Tab keep it there, wrapping around, and each stop shows it; Escape
     * closes it and gives the focus back to the element that opened it.
     */
    const checkDialog = async (name: string | RegExp, opener: () => Promise<void>, openIt: () => Promise<void>) => {
      await opener();
      const before = await page.evaluate<string>('document.activeElement?.outerHTML.slice(0, 120) ?? ""');
      await openIt();
      const dialog = page.getByRole('dialog', { name });
      await dialog.waitFor();
      await waitUntil(() => page.evaluate<string>(FOCUS_PLACE), (place) => place === 'dialog', 'the focus inside the dialog');
      const places = new Set<string>();
      const unseen = new Set<string>();
      for (const key of ['Tab', 'Shift+Tab']) {
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press(key);
          places.add(await page.evaluate<string>(FOCUS_PLACE));
          const focus = await page.evaluate<{ what: string; problem: string } | null>(FOCUS_RING);
          if (focus?.problem) unseen.add(`${focus.what}: ${focus.problem}`);
        }
      }
      // Not to the page behind, nor out to the browser's toolbar: round and round the dialog.
      expect([...places]).toEqual(['dialog']);
      expect([...unseen]).toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await waitUntil(() => page.evaluate<string>('document.activeElement?.outerHTML.slice(0, 120) ?? ""'), (now) => now === before, 'the focus back on the opener');
    };

    it('the skip link is the first stop and moves the focus into the page, so the next Tab is past the header', async () => {
      await open('/', 'Portfolio');
      await settle(page);
      await page.evaluate("document.activeElement instanceof HTMLElement && document.activeElement.blur(); window.scrollTo(0, 0)");
      await page.keyboard.press('Tab');
      expect(await page.evaluate<string>('document.activeElement?.textContent?.trim() ?? ""')).toMatch(/^Skip to/);
      await page.keyboard.press('Enter');
      await waitUntil(() => page.evaluate<string>('document.activeElement?.id ?? ""'), (id) => id === 'main', 'the focus on the main region');
      await page.keyboard.press('Tab');
      expect(await page.evaluate<boolean>("Boolean(document.activeElement?.closest('main'))")).toBe(true);
    });

    it('the shortcuts help keeps the focus and gives it back to its button', async () => {
      await open('/', 'Portfolio');
      await settle(page);
      const button = page.getByRole('button', { name: 'Keyboard shortcuts' });
      await checkDialog('Keyboard shortcuts', () => button.focus(), () => page.keyboard.press('Enter'));
    });

    it('the shortcuts help opened with ? gives the focus back to the list', async () => {
      await open('/', 'Portfolio');
      await settle(page);
      await page.getByTestId('account-table').focus();
      await checkDialog('Keyboard shortcuts', async () => undefined, () => page.keyboard.press('?'));
    });

    it('the log-touchpoint, ledger and mark-lost dialogs keep the focus and give it back', async () => {
      await open(`/accounts/${accountId('Sunnybrae Cereals')}`, /^Sunnybrae/);
      await settle(page);
      const head = page.locator('.page-head__actions');
      await checkDialog(/^Log a touchpoint/, () => head.getByRole('button', { name: /^Log touchpoint/ }).focus(), () => page.keyboard.press('Enter'));
      await checkDialog(/as lost$/, () => head.getByRole('button', { name: 'Mark as lost' }).focus(), () => page.keyboard.press('Enter'));
      const delivery = page.getByTestId('delivery-section');
      await checkDialog(/^Add a deliverable/, () => delivery.getByRole('button', { name: /Deliverable/ }).first().focus(), () => page.keyboard.press('Enter'));
      await checkDialog(/^Record an incident/, () => delivery.getByRole('button', { name: /Incident/ }).first().focus(), () => page.keyboard.press('Enter'));
    });

    it('the edit-touchpoint dialog keeps the focus and gives it back to its row', async () => {
      await open(`/accounts/${accountId('Sunnybrae Cereals')}`, /^Sunnybrae/);
      await settle(page);
      const edit = page.locator('[data-touchpoint-id]').first().getByRole('button', { name: /^Edit/ });
      await checkDialog('Edit touchpoint', () => edit.focus(), () => page.keyboard.press('Enter'));
    });
  });

  it('raised no errors in the page', () => {
    expect(pageErrorsOf(page)).toEqual([]);
  });
});
