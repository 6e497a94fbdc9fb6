import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { fieldErrorsOf } from '../api/client';
import { FormError } from './form-error';
import { isTextTarget } from './keyboard';

interface SaveFormProps {
  /** The form's accessible name. */
  label: string;
  className: string;
  /** The paths the form shows next to a field; the server's messages about any other path go in the summary. */
  fields: readonly string[];
  submitLabel: string;
  /** The Save button's look: 'button--danger' for a step like marking an account lost. */
  submitClassName?: string;
  /** Saves; a rejection (an ApiError) is shown: the summary on top, each field's message under it. */
  onSubmit: () => Promise<unknown>;
  /** Leaves the form; a form that stays on the page (adding one member after another) has none. */
  onCancel?: () => void;
  /** Single keys pressed outside the text fields (e.g. 1–3 for a severity); true when handled. */
  onKeys?: (key: string, form: HTMLFormElement) => boolean;
  /** Above the summary (a heading). */
  header?: ReactNode;
  /** The form sits in a Dialog, which closes on Escape: the hint says so. */
  inDialog?: boolean;
  /** The fields, given the messages for a path (and the error itself, for forms that phrase their own). */
  children: (errors: (path: string) => string[] | undefined, error: unknown) => ReactNode;
}

/**
 * After a failed save, once its messages are drawn: the focus on the first field in error, so it can
 * be corrected at once; without one, the summary brought into view. Give the returned ref to the
 * form. It runs from an effect on the error (after React has committed the messages), not from a
 * requestAnimationFrame queued in the catch: on a busy machine the frame can come before React's
 * render, find no field in error, and the focus never moves. Each refusal is a new error, so each
 * one moves the focus.
 */
export function useRevealFirstError(error: unknown): RefObject<HTMLFormElement | null> {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!error) return;
    const form = formRef.current;
    const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (field) field.focus();
    else form?.querySelector('.alert')?.scrollIntoView({ block: 'nearest' });
  }, [error]);
  return formRef;
}

/** A field whose content is typed (text, numbers, dates), not a choice clicked again in a second. */
function isTypedInto(target: EventTarget): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && target.type !== 'radio' && target.type !== 'checkbox';
}

/**
 * The frame of every form that saves through the API: the server's summary on top and its field
 * messages beside the fields (the first one focused), Ctrl/Cmd+Enter saves from anywhere,
 * single-key shortcuts outside the text fields, Save and (where the form can be left) Cancel,
 * busy while saving. Escape closes where the form sits in a Dialog (which asks first once text was typed).
 */
export function SaveForm({ label, className, fields, submitLabel, onSubmit, onCancel, onKeys, header, inDialog = false, submitClassName = 'button--primary', children }: SaveFormProps) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Something typed into a text field: a Dialog around the form asks before throwing it away.
  const [typed, setTyped] = useState(false);
  const formRef = useRevealFirstError(error);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTextTarget(event.target) || !onKeys) return;
    if (onKeys(event.key, event.currentTarget)) event.preventDefault();
  }

  return (
    <form
      ref={formRef}
      className={className}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      onInput={(event) => {
        if (!typed && isTypedInto(event.target)) setTyped(true);
      }}
      data-unsaved={typed ? '' : undefined}
      noValidate
      aria-label={label}
    >
      {header}
      <FormError error={error} fields={fields} />
      {children((path) => fieldErrorsOf(error, path), error)}
      <div className="form-actions save-form__actions">
        <button type="submit" className={`button ${submitClassName}`} disabled={busy} aria-keyshortcuts="Control+Enter Meta+Enter">
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
        <span className="save-form__keys muted" aria-hidden="true">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> save
          {inDialog && (
            <>
              {' · '}
              <kbd>Esc</kbd> close
            </>
          )}
        </span>
      </div>
    </form>
  );
}
