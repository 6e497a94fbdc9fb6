import type { Band } from '../api/types';

/**
 * A tiny line of scores (0–100), drawn as one SVG polyline: cheap enough for every visible row of
 * a 10,000-account table. Decorative: the score and its change are said in text next to it.
 */
export function Sparkline({ values, band, width = 64, height = 20 }: { values: readonly number[]; band: Band; width?: number; height?: number }) {
  if (values.length < 2) return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  // A flat line sits in the middle; otherwise the range fills the height (at least 10 points of it, so noise stays small).
  const span = Math.max(10, max - min);
  const low = (min + max) / 2 - span / 2;
  const step = width / (values.length - 1);
  const y = (v: number) => height - 2 - ((v - low) / span) * (height - 4);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values[values.length - 1] ?? 0;
  return (
    <svg className={`sparkline sparkline--${band}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      <polyline points={points} fill="none" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
      <circle cx={width} cy={y(last)} r="2" />
    </svg>
  );
}
