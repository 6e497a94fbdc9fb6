import { describe, expect, it } from 'vitest';
import { cleanAliases, cleanEmails, foldText, isWebsite, normalizeWebsite, resolveLeftOn, searchTextOf } from './account.js';

describe('foldText', () => {
  it.each([
    ['Café Ölund', 'cafe olund'],
    ['ACME', 'acme'],
    ['  Multiple   spaces\t\nhere  ', 'multiple spaces here'],
    ['Zoë Ångström', 'zoe angstrom'],
    ['İstanbul', 'istanbul'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['ﬁnance', 'finance'],
    ['Crème Brûlée', 'creme brulee'],
    ['Straße', 'straße'],
    ['Øresund', 'øresund'],
    ['@acme_beer', '@acme_beer'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const text of ['Café Ölund', '  A  B ', 'İstanbul', 'Ｆｕｌｌ']) expect(foldText(foldText(text))).toBe(foldText(text));
  });
});

describe('searchTextOf', () => {
  it.each([
    ['Acme', [], 'acme'],
    ['Acme', ['ACME Beer', 'Café'], 'acme | acme beer | cafe'],
    ['Müller GmbH', ['@mueller'], 'muller gmbh | @mueller'],
  ] as const)('%j with %j → %j', (name, aliases, expected) => {
    expect(searchTextOf(name, aliases)).toBe(expected);
  });

  it('keeps a match from spanning two names', () => {
    const text = searchTextOf('Acme Beer', ['Cafe Noir']);
    expect(text.includes('beer cafe')).toBe(false);
    expect(text.includes('beer')).toBe(true);
    expect(text.includes('cafe noir')).toBe(true);
  });
});

describe('normalizeWebsite', () => {
  it.each([
    ['example.com', 'https://example.com'],
    ['  example.com  ', 'https://example.com'],
    ['www.example.com/path?q=1', 'https://www.example.com/path?q=1'],
    ['http://example.com', 'http://example.com'],
    ['https://example.com', 'https://example.com'],
    ['HTTPS://Example.com', 'HTTPS://Example.com'],
    ['Http://x.io', 'Http://x.io'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeWebsite(input)).toBe(expected);
  });
});

describe('cleanAliases', () => {
  it.each([
    { name: 'Acme', aliases: [], expected: [] },
    { name: 'Acme', aliases: ['acme', 'ACME', ' Acme '], expected: [] },
    { name: 'Acme', aliases: [' ACME Beer ', 'acme beer', 'Acme  Beer'], expected: ['ACME Beer'] },
    { name: 'Acme', aliases: ['', '   ', '\t'], expected: [] },
    { name: 'Acme', aliases: ['Café', 'cafe', 'CAFÉ'], expected: ['Café'] },
    { name: 'Café', aliases: ['cafe', '@cafe'], expected: ['@cafe'] },
    { name: 'Acme', aliases: ['Zeta', 'Alpha', 'Mid'], expected: ['Zeta', 'Alpha', 'Mid'] },
  ])('$name + $aliases → $expected', ({ name, aliases, expected }) => {
    expect(cleanAliases(name, aliases)).toEqual(expected);
  });
});

describe('resolveLeftOn', () => {
  const today = '2025-03-14';
  it.each([
    { status: 'active', leftOn: undefined, expected: null },
    { status: 'active', leftOn: null, expected: null },
    { status: 'active', leftOn: '2024-01-01', expected: null },
    { status: 'left', leftOn: undefined, expected: today },
    { status: 'left', leftOn: null, expected: today },
    { status: 'left', leftOn: '2024-01-01', expected: '2024-01-01' },
  ] as const)('$status with $leftOn → $expected', ({ status, leftOn, expected }) => {
    expect(resolveLeftOn(status, leftOn, today)).toBe(expected);
  });
});

describe('cleanEmails', () => {
  it.each([
    { input: [], expected: [] },
    { input: ['A@Example.com'], expected: ['a@example.com'] },
    { input: [' a@x.io ', 'A@X.IO', 'b@y.io', 'a@x.io'], expected: ['a@x.io', 'b@y.io'] },
    { input: ['', '  ', 'c@z.io'], expected: ['c@z.io'] },
    { input: ['z@z.io', 'a@a.io'], expected: ['z@z.io', 'a@a.io'] },
  ])('$input → $expected', ({ input, expected }) => {
    expect(cleanEmails(input)).toEqual(expected);
  });
});

describe('isWebsite', () => {
  it.each([
    ['example.com', true],
    ['www.example.com/path?x=1', true],
    ['https://example.com:8080', true],
    ['HTTP://Example.COM', true],
    ['example.com:8080', true],
    ['ftp://x.io', false],
    ['mailto:a@b.co', false],
    ['javascript:alert(1).com', false],
    ['https://user:pw@example.com', false],
    ['localhost', false],
    ['nope', false],
    ['https://exa mple.com', false],
    ['', false],
  ])('%j → %s', (input, expected) => {
    expect(isWebsite(input)).toBe(expected);
  });
});
