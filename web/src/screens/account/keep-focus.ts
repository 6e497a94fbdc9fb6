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

/**
 * Once `until()` holds (the page shows the change), focus the first of `ids` on the page, unless
 * the person has meanwhile put the focus somewhere themselves. Gives up after about two seconds of
 * frames: a change that never shows leaves the focus alone.
 */
function focusWhen(until: () => boolean, ids: readonly string[]): void {
  let frames = 0;
  const step = () => {
    if (!until()) {
      if (++frames < 120) requestAnimationFrame(step);
      return;
    }
    if (!focusIsLost()) return;
    for (const id of ids) {
      const element = document.getElementById(id);
      if (element) {
        element.focus();
        return;
      }
    }
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
