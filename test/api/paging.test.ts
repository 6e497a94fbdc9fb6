import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { foldText } from '../../src/accounts/account.js';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';

const TOTAL = 130;
const LIMIT = 25;
const clock = fixedClock('2025-01-06T08:00:00Z');
let t: TestApp;
let owner: TestMember;

interface Row {
  id: string;
  name: string;
  status: string;
  value: { amount: number } | null;
  createdAt: string;
  updatedAt: string;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  owner = await t.newWorkspace('Paging Agency');
  // Many ties on purpose: repeated and case/diacritic-equal names, equal and missing values, and
  // several accounts created in the same millisecond, so the id tiebreak is what keeps the order.
  const stems = ['Acme', 'acme', 'Élan', 'Elan', 'Zeta', 'Beta', 'Omega', 'Müller', 'Muller', 'Delta'];
  for (let i = 0; i < TOTAL; i++) {
    const name = i % 4 === 0 ? stems[i % stems.length]! : `${stems[i % stems.length]} ${String(i % 17).padStart(2, '0')}`;
    const value = i % 5 === 0 ? undefined : { amount: [0, 100, 2500.5, 100, 99999.99, 7][i % 6]!, currency: 'EUR' };
    const status = ['active', 'prospect', 'at_risk', 'lost'][i % 4];
    // Lost only by marking it lost (with a day and reasons), after it was created active.
    const res = await t.request('POST', '/api/accounts', { token: owner.token, body: { name, status: status === 'lost' ? 'active' : status, cadenceDays: 3 + (i % 7) * 4, ...(value ? { value } : {}) } });
    expect(res.status).toBe(201);
    if (status === 'lost') {
      const lost = await t.request('POST', `/api/accounts/${res.body.id}/lost`, { token: owner.token, body: { lostOn: '2025-01-01', reasons: ['price'] } });
      expect(lost.status).toBe(201);
    }
    // Touches that spread the health scores (and raise some alerts): a few a week for some, none for others.
    for (let k = 0; k < i % 6; k++) {
      const touch = { accountId: res.body.id, channel: 'call', direction: k % 2 ? 'client_initiated' : 'agency_initiated', occurredAt: new Date(Date.parse('2025-01-05T10:00:00Z') - (i % 9) * k * 86_400_000).toISOString() };
      expect((await t.request('POST', '/api/touchpoints', { token: owner.token, body: touch })).status).toBe(201);
    }
    if (i % 3 === 2) clock.advance(1);
  }
  // Touch some accounts later so updatedAt differs from createdAt, again in tied batches.
  const all = await t.request('GET', `/api/accounts?limit=500`, { token: owner.token });
  for (const [index, row] of (all.body.items as Row[]).entries()) {
    if (index % 7 !== 0) continue;
    if (index % 2 === 0) clock.advance(5);
    expect((await t.request('PATCH', `/api/accounts/${row.id}`, { token: owner.token, body: { notes: 'touched' } })).status).toBe(200);
  }
}, 120_000);
afterAll(async () => t.close());

const byteCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
/** Each open account's score and unresolved alerts, as the portfolio's health column shows them. */
let health = new Map<string, { score: number; openAlerts: number }>();
const KEYS: Record<string, (row: Row, descending: boolean) => string | number> = {
  name: (r) => foldText(r.name),
  value: (r) => r.value?.amount ?? 0,
  updatedAt: (r) => r.updatedAt,
  createdAt: (r) => r.createdAt,
  // Accounts without a score (lost ones here) come last both ways.
  health: (r, descending) => health.get(r.id)?.score ?? (descending ? -1 : 1000),
  alerts: (r) => health.get(r.id)?.openAlerts ?? 0,
};

function expectedOrder(rows: Row[], sort: string): string[] {
  const descending = sort.startsWith('-');
  const keyOf = KEYS[descending ? sort.slice(1) : sort]!;
  const key = (r: Row) => keyOf(r, descending);
  const sorted = [...rows].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    const byKey = typeof a === 'number' && typeof b === 'number' ? a - b : byteCompare(String(a), String(b));
    return byKey !== 0 ? byKey : byteCompare(x.id, y.id);
  });
  if (descending) sorted.reverse();
  return sorted.map((r) => r.id);
}

async function walk(query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url = `/api/accounts?${query}&limit=${LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await t.request('GET', url, { token: owner.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(LIMIT);
    ids.push(...res.body.items.map((r: Row) => r.id));
    cursor = res.body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return { ids, pages };
}

describe('cursor paging', () => {
  let everything: Row[];
  beforeAll(async () => {
    const res = await t.request('GET', '/api/accounts?limit=500&withTotal=true', { token: owner.token });
    everything = res.body.items;
    expect(everything).toHaveLength(TOTAL);
    expect(res.body.total).toBe(TOTAL);
    expect(res.body.nextCursor).toBeNull();
    // Scores computed, then every third alert resolved by hand, so the alert counts differ too.
    expect((await t.request('GET', '/api/health/portfolio', { token: owner.token })).status).toBe(200);
    const alerts = await t.request('GET', '/api/alerts?limit=500', { token: owner.token });
    for (const [i, alert] of (alerts.body.items as Array<{ id: string }>).entries()) {
      if (i % 3 === 0) expect((await t.request('POST', `/api/alerts/${alert.id}/resolve`, { token: owner.token })).status).toBe(200);
    }
    const portfolio = await t.request('GET', '/api/health/portfolio', { token: owner.token });
    health = new Map(portfolio.body.items.map((h: { accountId: string; score: number; openAlerts: number }) => [h.accountId, h]));
    // Several scores and alert counts, each shared by many accounts: the order is not the id order by accident, and ties take the id.
    expect(new Set([...health.values()].map((h) => h.score)).size).toBeGreaterThanOrEqual(3);
    expect(new Set([...health.values()].map((h) => h.openAlerts)).size).toBeGreaterThanOrEqual(2);
  });

  it.each(['name', '-name', 'value', '-value', 'updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'health', '-health', 'alerts', '-alerts'])(
    'sort=%s visits every account exactly once, in order',
    async (sort) => {
      const { ids, pages } = await walk(`sort=${sort}`);
      expect(pages).toBe(Math.ceil(TOTAL / LIMIT));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(TOTAL);
      expect(ids).toEqual(expectedOrder(everything, sort));
      // One big page gives the same order as the walk.
      const single = await t.request('GET', `/api/accounts?sort=${sort}&limit=500`, { token: owner.token });
      expect(single.body.items.map((r: Row) => r.id)).toEqual(ids);
    },
  );

  it.each(['name', '-value', 'createdAt'])('sort=%s pages a filtered list too (status=active,lost)', async (sort) => {
    const { ids } = await walk(`sort=${sort}&status=active,lost`);
    const expected = expectedOrder(everything.filter((r) => r.status === 'active' || r.status === 'lost'), sort);
    expect(expected.length).toBeGreaterThan(LIMIT);
    expect(ids).toEqual(expected);
  });

  it('a page ends exactly at the last item: the final page has no next cursor', async () => {
    const res = await t.request('GET', `/api/accounts?limit=${TOTAL}`, { token: owner.token });
    expect(res.body.items).toHaveLength(TOTAL);
    expect(res.body.nextCursor).toBeNull();
    const short = await t.request('GET', `/api/accounts?limit=${TOTAL - 1}`, { token: owner.token });
    expect(short.body.nextCursor).toEqual(expect.any(String));
  });

  it('the keyset cursor neither skips nor repeats when accounts are added before it meanwhile', async () => {
    const first = await t.request('GET', `/api/accounts?sort=name&limit=${LIMIT}`, { token: owner.token });
    const created = await t.request('POST', '/api/accounts', { token: owner.token, body: { name: 'AAA Newcomer' } });
    expect(created.status).toBe(201);
    const rest = await t.request('GET', `/api/accounts?sort=name&limit=500&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: owner.token });
    const seen = [...first.body.items, ...rest.body.items].map((r: Row) => r.id);
    expect(seen).toHaveLength(TOTAL);
    expect(new Set(seen).size).toBe(TOTAL);
    expect(seen).not.toContain(created.body.id);
    await t.request('DELETE', `/api/accounts/${created.body.id}`, { token: owner.token });
  });
});
