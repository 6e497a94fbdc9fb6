import { describe, expect, it } from 'vitest';
import { formatDate, formatDatesIn, theFacts } from './format';

describe('formatDatesIn: the days in an alert text as the app shows dates', () => {
  it.each<[string, string, string]>([
    [
      'going quiet, two days',
      'No touch since 2026-10-09; the target is every 14 days (a touch was due by 2026-10-23)',
      `No touch since ${formatDate('2026-10-09')}; the target is every 14 days (a touch was due by ${formatDate('2026-10-23')})`,
    ],
    ['a day at the start and the end', '2026-01-31 to 2026-02-01', `${formatDate('2026-01-31')} to ${formatDate('2026-02-01')}`],
    ['no date: unchanged', 'Only 1 of 3 contacts took part in a touch in the last 90 days', 'Only 1 of 3 contacts took part in a touch in the last 90 days'],
    ['a time is not a day', 'at 2026-10-09T12:00:00Z', 'at 2026-10-09T12:00:00Z'],
    ['not a calendar day', 'ref 2026-13-40, code 12026-10-09', 'ref 2026-13-40, code 12026-10-09'],
  ])('%s', (_label, text, expected) => {
    expect(formatDatesIn(text)).toBe(expected);
  });

  it('leaves no ISO day behind, in the app’s format', () => {
    const shown = formatDatesIn('The score fell 16 points to 60, from 76 on 2026-06-02 (the highest in the last 30 days)');
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(shown).toContain(new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(2026, 5, 2)));
  });
});

describe('theFacts: what a button showing the facts behind a reason names', () => {
  const of = (...kinds: Array<'deliverable' | 'touchpoint' | 'incident'>) => kinds.map((kind) => ({ kind }));
  it.each<[string, ReturnType<typeof of>, string]>([
    ['one deliverable', of('deliverable'), 'the deliverable'],
    ['six deliverables', of('deliverable', 'deliverable', 'deliverable', 'deliverable', 'deliverable', 'deliverable'), 'the 6 deliverables'],
    ['two touchpoints', of('touchpoint', 'touchpoint'), 'the 2 touchpoints'],
    ['mixed kinds', of('deliverable', 'incident', 'incident'), 'the 3 facts'],
  ])('%s', (_label, facts, expected) => {
    expect(theFacts(facts)).toBe(expected);
  });
});
