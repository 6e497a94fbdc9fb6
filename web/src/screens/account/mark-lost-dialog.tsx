import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { fieldErrorsOf } from '../../api/client';
import { LOSS_REASONS, type LossReason, type MarkLostInput } from '../../api/types';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { FormError } from '../../components/form-error';
import { isTextTarget } from '../../components/keyboard';
import { LOSS_REASON_HINTS, LOSS_REASON_LABELS, localDay } from '../../format';

/** The key that toggles each reason: 1–9, then 0 for the tenth. */
const reasonKey = (i: number) => String((i + 1) % 10);

/**
 * "Mark as lost": the day, the reasons from the taxonomy (keys 1–9 and 0 toggle them outside the
 * notes), and what happened in the words of the people who were there. Ctrl/Cmd+Enter saves.
 */
export function MarkLostDialog({
  accountName,
  initial,
  onClose,
  onSubmit,
}: {
  accountName: string;
  initial?: MarkLostInput | undefined;
  onClose: () => void;
  onSubmit: (input: MarkLostInput) => Promise<unknown>;
}) {
  const [lostOn, setLostOn] = useState(initial?.lostOn ?? localDay());
  const [reasons, setReasons] = useState<LossReason[]>(initial?.reasons ?? []);
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const toggle = (reason: LossReason) => setReasons((r) => (r.includes(reason) ? r.filter((x) => x !== reason) : [...r, reason]));
  const reasonErrors = fieldErrorsOf(error, 'reasons');

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      // In the taxonomy's order, whatever order they were ticked in.
      await onSubmit({ lostOn, reasons: LOSS_REASONS.filter((r) => reasons.includes(r)), notes });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTextTarget(event.target)) return;
    const index = /^[0-9]$/.test(event.key) ? (Number(event.key) + 9) % 10 : -1;
    const reason = LOSS_REASONS[index];
    if (reason) {
      event.preventDefault();
      toggle(reason);
      formRef.current?.querySelector<HTMLInputElement>(`input[value="${reason}"]`)?.focus();
    }
  }

  return (
    <Dialog title={initial ? `Why ${accountName} was lost` : `Mark ${accountName} as lost`} onClose={onClose} className="dialog--lost">
      <form ref={formRef} className="ledger-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label="Mark as lost">
        <p className="muted">
          Rapport then assembles the post-mortem: what happened in the 180 days before — late deliverables, missed targets, incidents, contact gaps, alerts and
          whether anyone acted on them.
        </p>
        <FormError error={error} fields={['lostOn', 'reasons', 'notes']} />
        <Field label="Lost on" errors={fieldErrorsOf(error, 'lostOn')}>
          {(p) => <input {...p} type="date" value={lostOn} max={localDay()} onChange={(e) => setLostOn(e.target.value)} className="input--date" />}
        </Field>
        <fieldset className={`choice${reasonErrors?.length ? ' field--invalid' : ''}`}>
          <legend>
            Why <span className="choice__hint">keys 1–9, 0 · as many as apply</span>
          </legend>
          <div className="choice__options reason-options">
            {LOSS_REASONS.map((r, i) => (
              <label key={r} className={`check reason-option${reasons.includes(r) ? ' reason-option--on' : ''}`}>
                <input type="checkbox" value={r} checked={reasons.includes(r)} onChange={() => toggle(r)} data-autofocus={i === 0 ? '' : undefined} />
                <span>
                  {LOSS_REASON_LABELS[r]}
                  <span className="reason-option__hint muted">{LOSS_REASON_HINTS[r]}</span>
                </span>
                <kbd aria-hidden="true">{reasonKey(i)}</kbd>
              </label>
            ))}
          </div>
          {reasonErrors?.length ? (
            <p className="field__error" data-field-error="">
              {reasonErrors.join(' · ')}
            </p>
          ) : null}
        </fieldset>
        <Field label="What happened" hint="In the words of the people who were there: what the client said, what we saw coming" errors={fieldErrorsOf(error, 'notes')}>
          {(p) => <textarea {...p} rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />}
        </Field>
        <div className="form-actions touchpoint-form__actions">
          <button type="submit" className="button button--danger" disabled={busy} aria-keyshortcuts="Control+Enter Meta+Enter">
            {busy ? 'Saving…' : initial ? 'Save' : 'Mark as lost'}
          </button>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <span className="touchpoint-form__keys muted" aria-hidden="true">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> save · <kbd>Esc</kbd> close
          </span>
        </div>
      </form>
    </Dialog>
  );
}
