import type { ReactNode } from 'react';

/**
 * A table that scrolls in a box of its own. The box takes the focus, so the arrow keys can scroll
 * it without a mouse (WCAG 2.1.1), and it is a region named for its table, so a screen reader
 * says what the focus landed on.
 */
export function TableScroll({ label, short = false, children }: { label: string; short?: boolean; children: ReactNode }) {
  return (
    <div className={`table-scroll${short ? ' table-scroll--short' : ''}`} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
