import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Alert } from '../../api/types';

interface Pending {
  id: string;
  index: number;
  updatedAt: string;
}

/**
 * Where focus goes once an action on an alert is saved and its list read again: to the alert's
 * card when it is still in the list (acknowledged), else to the card now at its place, the next
 * one (snoozed or resolved, it left the list), else the one before it (it was the last), else to
 * the first of `fallback` still on the page (the list is now empty: its heading; for a folded group
 * such as the account page's "Snoozed (n)", the group's summary, then the section's heading). Without
 * this the form, or the whole card, unmounts under the focus and it falls to <body>: a keyboard
 * user starts again from the top, and a screen reader says nothing.
 * `items` are the cards of one list (or group) in the order they are shown, all inside `container`;
 * a page with two lists uses one of these per list, and asks the one the acted-on card was in.
 * `onFocus` hears the index focused.
 */
export function useFocusAfterAction(
  items: readonly Alert[],
  containerRef: RefObject<HTMLElement | null>,
  fallback: RefObject<HTMLElement | null> | readonly RefObject<HTMLElement | null>[],
  onFocus?: (index: number) => void,
): { focusAfter: (saved: Alert) => void; forget: () => void } {
  const pending = useRef<Pending | null>(null);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    const request = pending.current;
    if (!request) return;
    const index = items.findIndex((a) => a.id === request.id);
    // The list still shows the alert as it was before the action: wait for the fresh one.
    if (index >= 0 && Date.parse(items[index]!.updatedAt) < Date.parse(request.updatedAt)) return;
    pending.current = null;
    const target = index >= 0 ? index : Math.min(request.index, items.length - 1);
    const card = target >= 0 ? containerRef.current?.querySelector<HTMLElement>(`[data-alert-id="${items[target]!.id}"]`) : null;
    if (card) {
      card.focus();
      onFocus?.(target);
    } else {
      const refs = Array.isArray(fallback) ? fallback : [fallback];
      refs.map((ref) => ref.current).find((element) => element?.isConnected)?.focus();
    }
  }, [items, asked, containerRef, fallback, onFocus]);

  const focusAfter = useCallback(
    (saved: Alert) => {
      pending.current = { id: saved.id, index: Math.max(0, items.findIndex((a) => a.id === saved.id)), updatedAt: saved.updatedAt };
      setAsked((n) => n + 1);
    },
    [items],
  );
  // Moving on (j / k, a filter) before the list came back: focus stays where the user put it.
  const forget = useCallback(() => {
    pending.current = null;
  }, []);
  return { focusAfter, forget };
}
