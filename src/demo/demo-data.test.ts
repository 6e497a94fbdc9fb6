import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_TEAM, type DemoAccount, type TeamKey } from './demo-data.js';
import { conflictPartners, daysBefore, emailFor, monthsBefore, toAccountInput, toContactInput } from './demo-inputs.js';

const today = new Date('2025-03-31T10:00:00Z');
const userIds = new Map<TeamKey, string>(
  (['dana', ...DEMO_TEAM.map((m) => m.key)] as TeamKey[]).map((key, i) => [key, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`]),
);

describe('emailFor', () => {
  it.each([
    ['Hanna Vermeulen', 'first.last', 'hanna.vermeulen@x.example'],
    ['Joost van Leeuwen', 'first.last', 'joost.vanleeuwen@x.example'],
    ['Élodie Garnier', 'first.last', 'elodie.garnier@x.example'],
    ["Liam O'Connor", 'first.last', 'liam.oconnor@x.example'],
    ['Dr Helen Marsh', 'first.last', 'helen.marsh@x.example'],
    ['Inès Rousse', 'first', 'ines@x.example'],
    ['Marcus Hale', 'flast', 'mhale@x.example'],
    ['Cher', 'first.last', 'cher@x.example'],
  ] as const)('%s (%s) → %s', (name, style, expected) => {
    expect(emailFor(name, 'x.example', style)).toBe(expected);
  });
});

describe('relative dates', () => {
  it.each([
    [today, 0, '2025-03-01'],
    [today, 1, '2025-02-01'],
    [today, 3, '2024-12-01'],
    [today, 41, '2021-10-01'],
    [new Date('2025-01-01T00:00:00Z'), 1, '2024-12-01'],
  ])('monthsBefore(%s, %i) = %s', (at, months, expected) => {
    expect(monthsBefore(at, months)).toBe(expected);
  });

  it.each([
    [0, '2025-03-31'],
    [21, '2025-03-10'],
    [31, '2025-02-28'],
    [365, '2024-03-31'],
  ])('daysBefore(2025-03-31, %i) = %s', (days, expected) => {
    expect(daysBefore(today, days)).toBe(expected);
  });
});

describe('conflictPartners', () => {
  const account = (key: string, conflictsWith?: string[]): DemoAccount => ({ ...DEMO_ACCOUNTS[0]!, key, conflictsWith });

  it('makes a conflict named on one side hold for both', () => {
    const partners = conflictPartners([account('a', ['b']), account('b'), account('c', ['a'])]);
    expect(partners.get('a')).toEqual(new Set(['b', 'c']));
    expect(partners.get('b')).toEqual(new Set(['a']));
    expect(partners.get('c')).toEqual(new Set(['a']));
  });

  it('fails on a key that names no account', () => {
    expect(() => conflictPartners([account('a', ['nope'])])).toThrow(/unknown account nope/);
  });
});

describe('the demo data', () => {
  it('is a portfolio of at least 45 accounts with unique keys, names and domains', () => {
    expect(DEMO_ACCOUNTS.length).toBeGreaterThanOrEqual(45);
    for (const field of ['key', 'name', 'domain'] as const) {
      expect(new Set(DEMO_ACCOUNTS.map((a) => a[field])).size, field).toBe(DEMO_ACCOUNTS.length);
    }
    // Reserved names only, so the demo can never mail or link to a real company.
    for (const account of DEMO_ACCOUNTS) expect(account.domain).toMatch(/^[a-z0-9-]+\.example$/);
    for (const mate of DEMO_TEAM) expect(mate.email).toMatch(/@northwind-agency\.test$/);
  });

  it('spans categories, currencies and statuses', () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.category)).size).toBeGreaterThanOrEqual(9);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.value.currency))).toEqual(new Set(['EUR', 'GBP', 'USD']));
    const count = (status: string) => DEMO_ACCOUNTS.filter((a) => a.status === status).length;
    expect(count('active')).toBeGreaterThan(DEMO_ACCOUNTS.length / 2);
    expect(count('prospect')).toBeGreaterThanOrEqual(3);
    expect(count('at_risk')).toBeGreaterThanOrEqual(3);
    expect(count('lost')).toBeGreaterThanOrEqual(1);
    expect(count('lost')).toBeLessThanOrEqual(2);
    for (const account of DEMO_ACCOUNTS) {
      // A prospect has not started; everyone else has.
      expect(account.startedMonthsAgo === null, account.key).toBe(account.status === 'prospect');
      expect(account.cadenceDays).toBeGreaterThanOrEqual(7);
      expect(account.cadenceDays).toBeLessThanOrEqual(30);
    }
  });

  it('has a team of 5–6 with admin, member and viewer, and only non-viewers own accounts', () => {
    expect(DEMO_TEAM.length).toBeGreaterThanOrEqual(5);
    expect(DEMO_TEAM.length).toBeLessThanOrEqual(6);
    expect(new Set(DEMO_TEAM.map((m) => m.role))).toEqual(new Set(['admin', 'member', 'viewer']));
    const viewers = new Set<string>(DEMO_TEAM.filter((m) => m.role === 'viewer').map((m) => m.key));
    for (const account of DEMO_ACCOUNTS) {
      expect(account.owners.lead).not.toBe(account.owners.client_service);
      for (const owner of Object.values(account.owners)) expect(viewers.has(owner), account.key).toBe(false);
    }
  });

  it('gives every account 2–5 contacts, one primary who is still there, unique addresses', () => {
    for (const account of DEMO_ACCOUNTS) {
      expect(account.contacts.length, account.key).toBeGreaterThanOrEqual(2);
      expect(account.contacts.length, account.key).toBeLessThanOrEqual(5);
      const primaries = account.contacts.filter((c) => c.isPrimary);
      expect(primaries, account.key).toHaveLength(1);
      expect(primaries[0]?.leftDaysAgo, account.key).toBeUndefined();
      const emails = account.contacts.map((c) => toContactInput(account, c, today).emails[0]);
      expect(new Set(emails).size, account.key).toBe(emails.length);
    }
  });

  it('names no account in public that must stay confidential, and says why', () => {
    const confidential = DEMO_ACCOUNTS.filter((a) => a.isConfidential);
    expect(confidential.length).toBeGreaterThanOrEqual(1);
    for (const account of confidential) expect(account.notes).toMatch(/^CONFIDENTIAL: /);
  });

  it('has conflicts only within a category, including two beers and two banks', () => {
    const partners = conflictPartners(DEMO_ACCOUNTS);
    const byKey = new Map(DEMO_ACCOUNTS.map((a) => [a.key, a]));
    let pairs = 0;
    for (const [key, others] of partners) {
      for (const other of others) {
        expect(byKey.get(other)?.category, `${key} ↔ ${other}`).toBe(byKey.get(key)?.category);
        pairs++;
      }
    }
    expect(pairs / 2).toBeGreaterThanOrEqual(8);
    expect(partners.get('halvard')).toContain('copperline');
    expect(partners.get('aldergate')).toContain('kestrel');
  });

  it('has a champion who left an account at risk recently, and other contacts who left', () => {
    const left = DEMO_ACCOUNTS.flatMap((a) => a.contacts.filter((c) => c.leftDaysAgo !== undefined).map((c) => ({ account: a, contact: c })));
    expect(left.length).toBeGreaterThanOrEqual(3);
    expect(
      left.some(({ account, contact }) => account.status === 'at_risk' && contact.role === 'champion' && (contact.leftDaysAgo ?? 99) < 30),
    ).toBe(true);
  });

  it('passes the API schemas, as the use-cases receive it', () => {
    const partners = conflictPartners(DEMO_ACCOUNTS);
    for (const account of DEMO_ACCOUNTS) {
      const input = toAccountInput(account, { today, userIds, conflictIds: [] });
      expect(input.website).toBe(`https://www.${account.domain}`);
      expect(input.aliases.length).toBeGreaterThanOrEqual(1);
      expect(partners.has(account.key)).toBe(true);
      for (const contact of account.contacts) {
        const contactInput = toContactInput(account, contact, today);
        expect(contactInput.status).toBe(contact.leftDaysAgo === undefined ? 'active' : 'left');
        if (contact.leftDaysAgo !== undefined) expect(contactInput.leftOn).toBe(daysBefore(today, contact.leftDaysAgo));
      }
    }
    expect(new Set(DEMO_ACCOUNTS.flatMap((a) => a.contacts.map((c) => c.role)))).toEqual(
      new Set(['decision_maker', 'champion', 'user', 'finance', 'other']),
    );
  });

  it('fails loudly on an owner who is not on the team', () => {
    const account = { ...DEMO_ACCOUNTS[0]!, owners: { lead: 'dana' as const } };
    expect(() => toAccountInput(account, { today, userIds: new Map(), conflictIds: [] })).toThrow(/unknown teammate dana/);
  });
});
