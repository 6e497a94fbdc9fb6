import { describe, expect, it } from 'vitest';
import { slugify } from './slug.js';

describe('slugify', () => {
  it.each([
    ['Northwind Agency', 'northwind-agency'],
    ['  Leading and trailing  ', 'leading-and-trailing'],
    ['Café Ölund & Co.', 'cafe-olund-co'],
    ['A  --  B', 'a-b'],
    ['Agency 2024', 'agency-2024'],
    ['UPPER_case.name', 'upper-case-name'],
    ['---', 'workspace'],
    ['', 'workspace'],
    ['日本語', 'workspace'],
    ['!!!Hello!!!', 'hello'],
    ['a'.repeat(60), 'a'.repeat(48)],
    [`${'x'.repeat(47)} yz`, 'x'.repeat(47)],
  ])('%j → %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it('always gives a header-safe slug of at most 48 characters', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'abcXYZ019 -_.!éÖ日\t&/ﬁ';
    for (let i = 0; i < 500; i++) {
      const length = Math.floor(random() * 80);
      const name = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const slug = slugify(name);
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(slug.length).toBeLessThanOrEqual(48);
    }
  });
});
