import Sentiment from 'sentiment';

const analyzer = new Sentiment();

/**
 * Lexicon sentiment (AFINN-165 through the `sentiment` package) of a touchpoint's subject and
 * summary, on -1 … 1: the mean AFINN value (-5 … 5) of the words that carry one, divided by 5.
 * Null when no word carries one ("Call re: Q3 plan"), so a neutral-looking note does not pull an
 * account's mean towards zero. English only for now.
 */
export function scoreSentiment(...texts: string[]): number | null {
  const text = texts.filter((t) => t.trim() !== '').join('. ');
  if (text === '') return null;
  const result = analyzer.analyze(text);
  const scored = result.calculation.length;
  if (scored === 0) return null;
  const mean = result.score / scored / 5;
  return Math.max(-1, Math.min(1, Math.round(mean * 1000) / 1000));
}
