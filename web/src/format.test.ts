import { describe, expect, it } from 'vitest';
import { formatDate, formatDatesIn } from './format';

describe('formatDatesIn', () => {
  it.each([
    ['No touch since 2026-07-21; a touch was due by 2026-08-04', `No touch since ${formatDate('2026-07-21')}; a touch was due by ${formatDate('2026-08-04')}`],
    ['The score fell 16.3 points, from 90.5 on 2026-08-02', `The score fell 16.3 points, from 90.5 on ${formatDate('2026-08-02')}`],
    ['Nothing dated here', 'Nothing dated here'],
    // An instant is not a day, and what only looks like one stays as it is.
    ['at 2026-08-02T10:00:00Z', 'at 2026-08-02T10:00:00Z'],
    ['order 2026-13-40', 'order 2026-13-40'],
    ['ref 12026-08-02', 'ref 12026-08-02'],
  ])('%s', (text, expected) => {
    expect(formatDatesIn(text)).toBe(expected);
  });
});
