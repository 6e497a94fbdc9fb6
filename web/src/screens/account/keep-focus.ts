/**
 * Where the focus goes when the control that held it leaves the page: a "Delivered" button once the
 * work is delivered, a "Delete" once its record is gone. Without a place to go, the browser puts the
 * focus on the page itself, and a keyboard user starts again from the top of a long account page.
 */

/** Whether the focus is nowhere: on the page itself, or on an element no longer in it. */
function focusIsLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}

/** How long a change may take to show before the focus is left alone: a save under load, a slow server. */
const GIVE_UP_MS = 5000;

/**
 * Once `until()` holds (the page shows the change) and one of `ids` is on the page, focus the
 * first of them that is, unless the person has meanwhile put the focus somewhere themselves. The
 * record may be drawn some frames after the focus fell off (a new row waits for its list's
 * refetch and React's render, later on a busy machine), so both are waited for, each frame, for
 * up to five seconds: a change that never shows leaves the focus alone.
 */
function focusWhen(until: () => boolean, ids: readonly string[]): void {
  const started = performance.now();
  const step = () => {
    if (until()) {
      if (!focusIsLost()) return;
      const element = ids.map((id) => document.getElementById(id)).find((el) => el !== null);
      if (element) {
        element.focus();
        return;
      }
    }
    if (performance.now() - started < GIVE_UP_MS) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}

/**
 * Call before removing the record shown as element `id`; call what it returns once the removal is
 * saved. The focus then lands on the record after it in its list, else the one before, else on
 * the first of `fallbackIds` (the list's section).
 */
export function focusAfterRemoving(id: string, fallbackIds: readonly string[]): () => void {
  const item = document.getElementById(id);
  const neighbours = [item?.nextElementSibling, item?.previousElementSibling]
    .filter((el): el is HTMLElement => el instanceof HTMLElement && el.id !== '' && el.tabIndex === -1)
    .map((el) => el.id);
  return () => focusWhen(() => document.getElementById(id) === null, [...neighbours, ...fallbackIds]);
}

/**
 * When the focus falls off the page within the next frames (the control that held it is gone or
 * disabled, as a "Delivered" button once the work is delivered), put it on the record `id` itself.
 */
export function focusRecordIfLost(id: string): void {
  focusWhen(focusIsLost, [id]);
}
