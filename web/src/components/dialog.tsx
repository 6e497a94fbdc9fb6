import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const TABBABLE = 'a[href], button:not(:disabled), input:not(:disabled):not([type="hidden"]), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * The elements Tab stops at in `root`, in order: shown ones only, and of a radio group only the
 * checked radio (or the first, when none is), as the browser does.
 */
function tabStops(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => {
    if (el.getClientRects().length === 0 || el.closest('[inert]')) return false;
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || el.checked || !el.name) return true;
    const group = Array.from(root.querySelectorAll<HTMLInputElement>('input[type="radio"]')).filter((r) => r.name === el.name && r.form === el.form);
    return !group.some((r) => r.checked) && group[0] === el;
  });
}

/**
 * Tab past the last stop comes back to the first, and Shift+Tab before the first goes to the last:
 * the browser's modal dialog makes the page behind inert but lets the focus out to its own
 * toolbar, which leaves a keyboard user on nothing they can see in the page. The first stop is the
 * close button and the last a form's button, never a field with parts (a date's day, month and
 * year), where Tab moves inside the one element.
 */
function wrapTab(event: KeyboardEvent<HTMLDialogElement>): void {
  if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
  const stops = tabStops(event.currentTarget);
  const [first, last] = [stops[0], stops.at(-1)];
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey ? active === first || !event.currentTarget.contains(active) : active === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}

/**
 * A modal dialog on the native <dialog>: the browser makes the page behind inert, and Tab wraps
 * around inside it (wrapTab); Escape calls `onClose`; focus starts on the element marked
 * `data-autofocus` and returns to where it was when the dialog closes.
 *
 * Escape or × on a form that holds typed text (a SaveForm marks itself `data-unsaved`) does not
 * throw the text away: the dialog asks first, the focus on "Keep editing", and a second Escape
 * keeps editing too. Escape is pressed by reflex (to leave a date picker, a menu), and a
 * half-written summary of a call is not typed twice. Cancel stays a deliberate discard.
 */
export function Dialog({ title, onClose, children, className }: { title: ReactNode; onClose: () => void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  // Its own id: a dialog opened from another (or a page's own heading) must not share one.
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  // Asking whether to discard typed text: where the focus was, to go back to on "Keep editing".
  const [asking, setAsking] = useState(false);
  const askedFrom = useRef<HTMLElement | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const unmounting = useRef(false);
  useEffect(() => {
    if (asking) keepRef.current?.focus();
  }, [asking]);
  const requestClose = () => {
    if (!asking && ref.current?.querySelector('form[data-unsaved]')) {
      askedFrom.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setAsking(true);
      return;
    }
    onCloseRef.current();
  };
  const keepEditing = () => {
    setAsking(false);
    const back = askedFrom.current;
    requestAnimationFrame(() => {
      if (back?.isConnected && ref.current?.contains(back)) back.focus();
      else ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    });
  };
  useEffect(() => {
    const dialog = ref.current;
    // Shown again after a cleanup (React's development double run): not unmounting after all.
    unmounting.current = false;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first focusable element (the close button); start where the content says.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => {
      unmounting.current = true;
      if (dialog?.open) dialog.close();
      // After React removes the dialog, put focus back where the user was (if it is still there).
      requestAnimationFrame(() => {
        if (opener?.isConnected) opener.focus();
      });
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        // Escape handled on its keydown, whose default is the browser's close request: a cancel
        // event prevented twice in a row without a click or key between is not cancelable the
        // second time (Chromium's close watchers), and the dialog would close behind React's back.
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          if (asking) keepEditing();
          else requestClose();
          return;
        }
        wrapTab(event);
      }}
      onCancel={(event) => {
        // Any other close request (a phone's back gesture): the owner decides (it unmounts us).
        event.preventDefault();
        if (asking) keepEditing();
        else requestClose();
      }}
      onClose={() => {
        // Closed by the browser all the same (a close request it would not let us refuse): the
        // owner learns of it, rather than keep a closed dialog it believes open.
        if (!unmounting.current) onCloseRef.current();
      }}
    >
      <div className="dialog__head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="dialog__close" aria-label="Close" onClick={requestClose}>
          ×
        </button>
      </div>
      {asking && (
        <div className="dialog__discard" role="group" aria-labelledby={`${titleId}-discard`}>
          <p id={`${titleId}-discard`} role="alert">
            Close and lose what you typed?
          </p>
          <button type="button" className="button button--danger" onClick={() => onCloseRef.current()}>
            Discard
          </button>
          <button type="button" ref={keepRef} className="button button--primary" onClick={keepEditing}>
            Keep editing
          </button>
        </div>
      )}
      {children}
    </dialog>
  );
}
