import type { Channel } from '../api/types';
import { CHANNEL_LABELS } from '../format';

/** Line drawings on a 24×24 grid, stroked in the text colour. */
const PATHS: Record<Channel, string[]> = {
  email: ['M3 6.5A1.5 1.5 0 0 1 4.5 5h15A1.5 1.5 0 0 1 21 6.5v11a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z', 'M3.5 6.5 12 13l8.5-6.5'],
  call: ['M5 3.5h3.2l1.6 4.2-2.2 1.5a11 11 0 0 0 7.2 7.2l1.5-2.2 4.2 1.6V19a1.5 1.5 0 0 1-1.6 1.5C10.6 20 4 13.4 3.5 5.1A1.5 1.5 0 0 1 5 3.5z'],
  meeting: ['M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6', 'M16.5 11a2.5 2.5 0 1 0 0-5', 'M17 14c2.4.4 4 2.6 4 5.5'],
  video: ['M3 7.5A1.5 1.5 0 0 1 4.5 6h9A1.5 1.5 0 0 1 15 7.5v9a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 3 16.5z', 'M15 10.5 21 7v10l-6-3.5'],
  chat: ['M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-5 4v-4h.5A1.5 1.5 0 0 1 4 14.5z'],
  social: ['M9.5 3.5 7.5 20.5', 'M16.5 3.5l-2 17', 'M4 9h16.5', 'M3.5 15H20'],
  report: ['M6 3h8.5L19 7.5V21H6z', 'M14 3v5h5', 'M9 12.5h7', 'M9 16.5h7'],
  other: ['M12 13a1 1 0 1 0 0-2 1 1 0 0 0 0 2z', 'M5.5 13a1 1 0 1 0 0-2 1 1 0 0 0 0 2z', 'M18.5 13a1 1 0 1 0 0-2 1 1 0 0 0 0 2z'],
};

/** A touchpoint's channel as a small icon; labelled unless `decorative` (the label is next to it). */
export function ChannelIcon({ channel, decorative = false, size = 18 }: { channel: Channel; decorative?: boolean; size?: number }) {
  return (
    <svg
      className={`channel-icon channel-icon--${channel}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={decorative ? undefined : 'img'}
      aria-hidden={decorative ? true : undefined}
      aria-label={decorative ? undefined : CHANNEL_LABELS[channel]}
    >
      {PATHS[channel].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
