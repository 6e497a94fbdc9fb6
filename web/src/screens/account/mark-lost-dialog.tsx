import { useState } from 'react';
import { LOSS_REASONS, type LossReason, type MarkLostInput } from '../../api/types';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { SaveForm } from '../../components/save-form';
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
  const toggle = (reason: LossReason) => setReasons((r) => (r.includes(reason) ? r.filter((x) => x !== reason) : [...r, reason]));

  return (
    <Dialog title={initial ? `Why ${accountName} was lost` : `Mark ${accountName} as lost`} onClose={onClose} className="dialog--lost">
      <SaveForm
        label="Mark as lost"
        className="ledger-form"
        inDialog
        fields={['lostOn', 'reasons', 'notes']}
        submitLabel={initial ? 'Save' : 'Mark as lost'}
        submitClassName="button--danger"
        onCancel={onClose}
        // In the taxonomy's order, whatever order they were ticked in.
        onSubmit={() => onSubmit({ lostOn, reasons: LOSS_REASONS.filter((r) => reasons.includes(r)), notes })}
        onKeys={(key, form) => {
          const reason = /^[0-9]$/.test(key) ? LOSS_REASONS[(Number(key) + 9) % 10] : undefined;
          if (!reason) return false;
          toggle(reason);
          form.querySelector<HTMLInputElement>(`input[value="${reason}"]`)?.focus();
          return true;
        }}
        header={
          <p className="muted">
            Rapport then assembles the post-mortem: what happened in the 180 days before — late deliverables, missed targets, incidents, contact gaps, alerts and
            whether anyone acted on them.
          </p>
        }
      >
        {(errors) => (
          <>
            <Field label="Lost on" errors={errors('lostOn')}>
              {(p) => <input {...p} type="date" value={lostOn} max={localDay()} onChange={(e) => setLostOn(e.target.value)} className="input--date" />}
            </Field>
            <fieldset className={`choice${errors('reasons')?.length ? ' field--invalid' : ''}`}>
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
              {errors('reasons')?.length ? (
                <p className="field__error" data-field-error="">
                  {errors('reasons')?.join(' · ')}
                </p>
              ) : null}
            </fieldset>
            <Field label="What happened" hint="In the words of the people who were there: what the client said, what we saw coming" errors={errors('notes')}>
              {(p) => <textarea {...p} rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />}
            </Field>
          </>
        )}
      </SaveForm>
    </Dialog>
  );
}
