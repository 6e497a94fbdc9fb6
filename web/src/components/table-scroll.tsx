import type { ReactNode } from 'react';

/**
 * A table that scrolls in a box of its own. The box takes the focus, so the arrow keys can scroll
 * it without a mouse (WCAG 2.1.1), and it is a region named for its table, so a screen reader
 * says what the focus landed on. `sideways`: no box and no height limit, only a sideways scroll
 * where the window is narrower than the table (a phone), instead of the whole page scrolling.
 */
export function TableScroll({ label, short = false, sideways = false, children }: { label: string; short?: boolean; sideways?: boolean; children: ReactNode }) {
  const modifier = sideways ? ' table-scroll--sideways' : short ? ' table-scroll--short' : '';
  return (
    <div className={`table-scroll${modifier}`} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
