import { describe, expect, it } from 'vitest';
import { scoreSentiment } from './sentiment.js';

describe('scoreSentiment', () => {
  it.each([
    ['Thanks so much, great work, love the report', '', (v: number) => v > 0.4],
    ['Report late again', 'full of errors, very disappointed', (v: number) => v < -0.3],
    ['Great call', 'but the errors in the deck were a disaster', (v: number) => v < 0],
  ])('scores %j / %j by its words', (subject, summary, holds) => {
    const value = scoreSentiment(subject, summary);
    expect(value).not.toBeNull();
    expect(holds(value as number)).toBe(true);
  });

  it('is null when no word carries a sentiment, or there is no text', () => {
    expect(scoreSentiment('Call re: Q3 plan', 'Agenda attached')).toBeNull();
    expect(scoreSentiment('', '  ')).toBeNull();
  });

  it('stays within -1 … 1', () => {
    expect(scoreSentiment('superb outstanding breathtaking')).toBeLessThanOrEqual(1);
    expect(scoreSentiment('catastrophic disaster fraud')).toBeGreaterThanOrEqual(-1);
  });
});
