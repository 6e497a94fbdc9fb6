import { describe, expect, it } from 'vitest';
import { computeAttentionShare, type ShareAccount } from './attention-share.js';

const ANA = { userId: 'u-ana', name: 'Ana' };
const BEN = { userId: 'u-ben', name: 'Ben' };
const CARL = { userId: 'u-carl', name: 'Carl' };

const account = (accountId: string, touches90: number, value: number | null, owners: ShareAccount['owners'] = [ANA], currency = 'EUR'): ShareAccount => ({
  accountId,
  name: accountId.toUpperCase(),
  touches90,
  value,
  currency: value === null ? null : currency,
  owners,
});

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
/** Every distinct account row once, whichever owners list it. */
const distinctRows = (result: ReturnType<typeof computeAttentionShare>) => [...new Map(result.owners.flatMap((o) => o.accounts).map((r) => [r.accountId, r])).values()];

describe('computeAttentionShare: totals', () => {
  it.each<[string, ShareAccount[], number, number]>([
    ['no accounts', [], 0, 0],
    ['one account', [account('a', 10, 1000)], 10, 1000],
    ['several accounts', [account('a', 10, 1000), account('b', 30, 3000), account('c', 0, 500)], 40, 4500],
    ['a missing value counts as 0', [account('a', 5, null), account('b', 5, 200)], 10, 200],
    ['an account with two owners is counted once', [account('a', 10, 1000, [ANA, BEN]), account('b', 10, 1000, [BEN])], 20, 2000],
    ['no touches anywhere', [account('a', 0, 100), account('b', 0, 300)], 0, 400],
    ['no value anywhere', [account('a', 4, 0), account('b', 6, null)], 10, 0],
  ])('%s', (_label, accounts, touches, value) => {
    const result = computeAttentionShare(accounts);
    expect(result.totalTouches90).toBe(touches);
    expect(result.totalValue).toBe(value);
  });

  it('no accounts → no owners', () => {
    expect(computeAttentionShare([])).toEqual({ currency: null, currencies: [], totalTouches90: 0, totalValue: 0, owners: [] });
  });
});

describe('computeAttentionShare: one currency at a time (no exchange rates)', () => {
  const mixed = [
    account('eur1', 10, 1000, [ANA], 'EUR'),
    account('eur2', 10, 3000, [BEN], 'EUR'),
    account('gbp1', 30, 5000, [ANA], 'GBP'),
    account('usd1', 5, 900, [BEN], 'USD'),
    account('usd2', 5, 100, [BEN], 'USD'),
    account('prospect', 20, null, [ANA]),
  ];
  const ids = (result: ReturnType<typeof computeAttentionShare>) => distinctRows(result).map((r) => r.accountId).sort();

  it('compares the accounts of the currency most are valued in (a tie: the first code), with those without a value; lists every currency', () => {
    const result = computeAttentionShare(mixed);
    expect(result.currencies).toEqual([{ currency: 'EUR', accounts: 2 }, { currency: 'USD', accounts: 2 }, { currency: 'GBP', accounts: 1 }]);
    expect(result.currency).toBe('EUR');
    expect(ids(result)).toEqual(['eur1', 'eur2', 'prospect']);
    expect(result).toMatchObject({ totalTouches90: 40, totalValue: 4000 });
  });

  it('compares another currency when asked, and falls back to the default for one no account is valued in', () => {
    const usd = computeAttentionShare(mixed, 'USD');
    expect(usd.currency).toBe('USD');
    expect(ids(usd)).toEqual(['prospect', 'usd1', 'usd2']);
    expect(usd).toMatchObject({ totalTouches90: 30, totalValue: 1000 });
    expect(computeAttentionShare(mixed, 'CHF').currency).toBe('EUR');
  });

  it('never adds amounts of two currencies: each total is of one currency', () => {
    for (const c of ['EUR', 'GBP', 'USD']) {
      const result = computeAttentionShare(mixed, c);
      expect(result.totalValue).toBe(sum(mixed.filter((a) => a.currency === c).map((a) => a.value ?? 0)));
    }
  });
});

describe('computeAttentionShare: per account', () => {
  it('each account gets its share of touches and of value, and the gap between them', () => {
    const result = computeAttentionShare([account('a', 30, 1000), account('b', 10, 3000)]);
    const rows = Object.fromEntries(result.owners[0]!.accounts.map((r) => [r.accountId, r]));
    expect(rows.a).toEqual({ accountId: 'a', name: 'A', touches90: 30, value: 1000, touchShare: 0.75, valueShare: 0.25, gap: 0.5 });
    expect(rows.b).toEqual({ accountId: 'b', name: 'B', touches90: 10, value: 3000, touchShare: 0.25, valueShare: 0.75, gap: -0.5 });
  });

  it.each<[string, ShareAccount[]]>([
    ['two accounts', [account('a', 1, 1), account('b', 2, 2)]],
    ['thirds that do not add up in binary', [account('a', 1, 1), account('b', 1, 1), account('c', 1, 1)]],
    ['many owners, some shared, some unowned', [account('a', 7, 100, [ANA, BEN]), account('b', 3, 900, [BEN]), account('c', 11, 0, []), account('d', 0, 250, [CARL, ANA])]],
    ['uneven values', [account('a', 123, 45.67), account('b', 89, 1234.5), account('c', 1, 0.01)]],
  ])('touch shares and value shares of distinct accounts each sum to 1: %s', (_label, accounts) => {
    const rows = distinctRows(computeAttentionShare(accounts));
    expect(rows).toHaveLength(accounts.length);
    expect(sum(rows.map((r) => r.touchShare))).toBeCloseTo(1, 12);
    expect(sum(rows.map((r) => r.valueShare))).toBeCloseTo(1, 12);
    expect(sum(rows.map((r) => r.gap))).toBeCloseTo(0, 12);
  });

  it('zero touches anywhere: every touch share is 0 (not NaN)', () => {
    const rows = distinctRows(computeAttentionShare([account('a', 0, 100), account('b', 0, 300)]));
    expect(rows.map((r) => r.touchShare)).toEqual([0, 0]);
    expect(rows.map((r) => r.valueShare).sort()).toEqual([0.25, 0.75]);
  });

  it('zero value anywhere: every value share is 0 (not NaN)', () => {
    const rows = distinctRows(computeAttentionShare([account('a', 1, 0), account('b', 3, null)]));
    expect(rows.map((r) => r.valueShare)).toEqual([0, 0]);
    expect(rows.every((r) => Number.isFinite(r.gap))).toBe(true);
  });

  it('an account without value that gets touches shows a positive gap; a paying account without touches a negative one', () => {
    const rows = Object.fromEntries(distinctRows(computeAttentionShare([account('free', 10, null), account('paying', 0, 5000)])).map((r) => [r.accountId, r]));
    expect(rows.free).toMatchObject({ value: 0, touchShare: 1, valueShare: 0, gap: 1 });
    expect(rows.paying).toMatchObject({ touches90: 0, touchShare: 0, valueShare: 1, gap: -1 });
  });

  it("lists each owner's accounts from the most under-served (lowest gap) up, ties by name", () => {
    const result = computeAttentionShare([account('x', 10, 100), account('y', 0, 900), account('m', 5, 500), account('k', 5, 500)]);
    expect(result.owners[0]!.accounts.map((r) => r.accountId)).toEqual(['y', 'k', 'm', 'x']);
  });
});

describe('computeAttentionShare: per owner', () => {
  it("an account with two owners appears under each, counted in each owner's totals", () => {
    const result = computeAttentionShare([account('shared', 10, 1000, [ANA, BEN]), account('anas', 30, 3000, [ANA])]);
    const byName = Object.fromEntries(result.owners.map((o) => [o.name, o]));
    expect(byName.Ana).toMatchObject({ userId: 'u-ana', touches90: 40, value: 4000, touchShare: 1, valueShare: 1 });
    expect(byName.Ana!.accounts.map((r) => r.accountId).sort()).toEqual(['anas', 'shared']);
    expect(byName.Ben).toMatchObject({ userId: 'u-ben', touches90: 10, value: 1000, touchShare: 0.25, valueShare: 0.25 });
    expect(byName.Ben!.accounts.map((r) => r.accountId)).toEqual(['shared']);
    // The same row (same shares against the whole portfolio) under both owners.
    expect(byName.Ben!.accounts[0]).toEqual(byName.Ana!.accounts.find((r) => r.accountId === 'shared'));
  });

  it('unowned accounts are gathered under "No owner", listed last', () => {
    const result = computeAttentionShare([account('orphan', 4, 100, []), account('other', 6, 300, []), account('b', 10, 600, [BEN]), account('a', 0, 0, [ANA])]);
    expect(result.owners.map((o) => [o.userId, o.name])).toEqual([
      ['u-ana', 'Ana'],
      ['u-ben', 'Ben'],
      [null, 'No owner'],
    ]);
    expect(result.owners[2]).toMatchObject({ touches90: 10, value: 400, touchShare: 0.5, valueShare: 0.4 });
    expect(result.owners[2]!.accounts.map((r) => r.accountId).sort()).toEqual(['orphan', 'other']);
  });

  it('owners are sorted by name, whatever order the accounts come in', () => {
    const result = computeAttentionShare([account('c', 1, 1, [CARL]), account('a', 1, 1, [ANA]), account('b', 1, 1, [BEN])]);
    expect(result.owners.map((o) => o.name)).toEqual(['Ana', 'Ben', 'Carl']);
  });

  it('two members with the same name stay apart (keyed by user id)', () => {
    const result = computeAttentionShare([account('a', 1, 1, [{ userId: 'u-1', name: 'Sam' }]), account('b', 3, 3, [{ userId: 'u-2', name: 'Sam' }])]);
    expect(result.owners.map((o) => [o.userId, o.touches90])).toEqual(
      expect.arrayContaining([
        ['u-1', 1],
        ['u-2', 3],
      ]),
    );
    expect(result.owners).toHaveLength(2);
  });

  it('with one owner each, owner shares sum to 1; with shared accounts they may exceed it', () => {
    const single = computeAttentionShare([account('a', 3, 10, [ANA]), account('b', 1, 30, [BEN]), account('c', 6, 60, [])]);
    expect(sum(single.owners.map((o) => o.touchShare))).toBeCloseTo(1, 12);
    expect(sum(single.owners.map((o) => o.valueShare))).toBeCloseTo(1, 12);
    const shared = computeAttentionShare([account('a', 3, 10, [ANA, BEN]), account('b', 1, 30, [BEN])]);
    expect(sum(shared.owners.map((o) => o.touchShare))).toBeCloseTo(1.75, 12);
  });

  it('an owner whose accounts had no touches has a touch share of 0', () => {
    const result = computeAttentionShare([account('a', 0, 100, [ANA]), account('b', 8, 100, [BEN])]);
    expect(result.owners.find((o) => o.name === 'Ana')).toMatchObject({ touches90: 0, touchShare: 0, valueShare: 0.5 });
  });

  it('does not change its input', () => {
    const input = [account('a', 1, 1, [ANA, BEN]), account('b', 2, null, [])];
    const copy = structuredClone(input);
    computeAttentionShare(input);
    expect(input).toEqual(copy);
  });
});
