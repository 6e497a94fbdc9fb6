import { useState } from 'react';
import { isApiError } from '../../api/client';
import { CONTACT_ROLES, CONTACT_STATUSES, SOCIAL_NETWORKS, type Contact, type ContactInput, type SocialNetwork } from '../../api/types';
import { CheckboxField, EnumSelect, Field, SelectField } from '../../components/field';
import { SaveForm } from '../../components/save-form';
import { SubformListError, SubformRow, newRowKey, useSentRows } from '../../components/subform-row';
import { CONTACT_ROLE_LABELS, CONTACT_STATUS_LABELS, INFLUENCE_LABELS, NETWORK_LABELS } from '../../format';

export interface ContactFormValues {
  name: string;
  title: string;
  emails: string;
  phone: string;
  role: ContactInput['role'];
  influence: number;
  isPrimary: boolean;
  status: ContactInput['status'];
  leftOn: string;
  /** `key`: the row's, while the form is open (see useSentRows). */
  socialHandles: Array<{ key: number; network: SocialNetwork; handle: string }>;
  notes: string;
}

/** A handle row the user typed into; empty rows are left out of what is saved. */
const isFilled = (h: { handle: string }) => h.handle.trim() !== '';
const FIELDS = ['name', 'title', 'emails', 'phone', 'role', 'influence', 'isPrimary', 'status', 'leftOn', 'socialHandles', 'notes'];

export function emptyContactValues(): ContactFormValues {
  return { name: '', title: '', emails: '', phone: '', role: 'other', influence: 3, isPrimary: false, status: 'active', leftOn: '', socialHandles: [], notes: '' };
}

export function contactValues(contact: Contact): ContactFormValues {
  return {
    name: contact.name,
    title: contact.title ?? '',
    emails: contact.emails.join(', '),
    phone: contact.phone ?? '',
    role: contact.role,
    influence: contact.influence,
    isPrimary: contact.isPrimary,
    status: contact.status,
    leftOn: contact.leftOn ?? '',
    socialHandles: contact.socialHandles.map((h) => ({
      key: newRowKey(),
      network: ((SOCIAL_NETWORKS as readonly string[]).includes(h.network) ? h.network : 'other') as SocialNetwork,
      handle: h.handle,
    })),
    notes: contact.notes,
  };
}

/** E-mail addresses as typed: separated by commas, semicolons, spaces or new lines. */
export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
}

export function toContactInput(values: ContactFormValues): ContactInput {
  const blank = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    name: values.name,
    title: blank(values.title),
    emails: splitEmails(values.emails),
    phone: blank(values.phone),
    role: values.role,
    influence: values.influence,
    isPrimary: values.isPrimary,
    status: values.status,
    leftOn: values.status === 'left' ? blank(values.leftOn) : null,
    socialHandles: values.socialHandles.filter(isFilled).map(({ network, handle }) => ({ network, handle })),
    notes: values.notes,
  };
}

interface ContactFormProps {
  title: string;
  initial: ContactFormValues;
  submitLabel: string;
  onSubmit: (input: ContactInput) => Promise<unknown>;
  onCancel: () => void;
}

/** Add or edit a contact; the server's messages appear under the field they name. */
export function ContactForm({ title, initial, submitLabel, onSubmit, onCancel }: ContactFormProps) {
  const [values, setValues] = useState(initial);
  const set = <K extends keyof ContactFormValues>(key: K, value: ContactFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const sentHandles = useSentRows('socialHandles');
  const setHandle = (key: number, change: Partial<{ network: SocialNetwork; handle: string }>) =>
    set('socialHandles', values.socialHandles.map((h) => (h.key === key ? { ...h, ...change } : h)));
  // The server names the address by its place in the list it was sent (emails.1); say which one it was.
  const [sentEmails, setSentEmails] = useState<string[]>([]);
  const emailErrorsOf = (error: unknown) =>
    isApiError(error)
      ? error.details
          .filter((d) => d.path === 'emails' || d.path.startsWith('emails.'))
          .map((d) => {
            const index = Number(d.path.split('.')[1]);
            const address = Number.isInteger(index) ? sentEmails[index] : undefined;
            return address ? `${address}: ${d.message}` : d.message;
          })
      : undefined;

  return (
    <SaveForm
      label={title}
      className="contact-form"
      header={<h3>{title}</h3>}
      fields={FIELDS}
      submitLabel={submitLabel}
      onSubmit={() => {
        const input = toContactInput(values);
        setSentEmails(input.emails);
        sentHandles.remember(values.socialHandles.filter(isFilled).map((h) => h.key));
        return onSubmit(input);
      }}
      onCancel={onCancel}
    >
      {(errors, error) => (
        <div className="form-grid">
          <Field label="Name" errors={errors('name')}>
            {(p) => <input {...p} value={values.name} onChange={(e) => set('name', e.target.value)} autoFocus maxLength={200} />}
          </Field>
          <Field label="Title" hint="Job title, e.g. Head of Marketing" errors={errors('title')}>
            {(p) => <input {...p} value={values.title} onChange={(e) => set('title', e.target.value)} maxLength={200} />}
          </Field>
          <Field label="E-mail" hint="Several? Separate them with commas" errors={emailErrorsOf(error)}>
            {(p) => <input {...p} type="text" inputMode="email" autoComplete="off" value={values.emails} onChange={(e) => set('emails', e.target.value)} />}
          </Field>
          <Field label="Phone" errors={errors('phone')}>
            {(p) => <input {...p} type="tel" value={values.phone} onChange={(e) => set('phone', e.target.value)} maxLength={50} />}
          </Field>
          <SelectField label="Role" errors={errors('role')} value={values.role} options={CONTACT_ROLES} labels={CONTACT_ROLE_LABELS} onChange={(r) => set('role', r)} />
          <Field label="Influence" errors={errors('influence')}>
            {(p) => (
              <select {...p} value={values.influence} onChange={(e) => set('influence', Number(e.target.value))}>
                {[1, 2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {n} — {INFLUENCE_LABELS[n]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <SelectField label="Status" errors={errors('status')} value={values.status} options={CONTACT_STATUSES} labels={CONTACT_STATUS_LABELS} onChange={(s) => set('status', s)} />
          {values.status === 'left' ? (
            <Field label="Left on" hint="Leave empty for today" errors={errors('leftOn')}>
              {(p) => <input {...p} type="date" value={values.leftOn} onChange={(e) => set('leftOn', e.target.value)} />}
            </Field>
          ) : (
            <div />
          )}
          <div className="form-grid__wide">
            <CheckboxField label="Primary contact" checked={values.isPrimary} onChange={(checked) => set('isPrimary', checked)} errors={errors('isPrimary')} />
          </div>
          <fieldset className="form-grid__wide subform">
            <legend>Social handles</legend>
            {values.socialHandles.map((h, i) => {
              const path = sentHandles.pathOf(h.key);
              return (
                <SubformRow
                  key={h.key}
                  id={`handle-${h.key}`}
                  className="subform__row--handle"
                  errors={path ? errors(path) : undefined}
                  itemLabel={`handle ${i + 1}`}
                  onRemove={() => set('socialHandles', values.socialHandles.filter((x) => x.key !== h.key))}
                >
                  {(rowProps) => (
                    <>
                      <label className="visually-hidden" htmlFor={`handle-${h.key}-network`}>
                        Network {i + 1}
                      </label>
                      <EnumSelect
                        id={`handle-${h.key}-network`}
                        value={h.network}
                        options={SOCIAL_NETWORKS}
                        labels={NETWORK_LABELS}
                        onChange={(network) => setHandle(h.key, { network })}
                        {...rowProps}
                      />
                      <label className="visually-hidden" htmlFor={`handle-${h.key}-handle`}>
                        Handle {i + 1}
                      </label>
                      <input
                        id={`handle-${h.key}-handle`}
                        placeholder="@handle"
                        value={h.handle}
                        onChange={(e) => setHandle(h.key, { handle: e.target.value })}
                        {...rowProps}
                      />
                    </>
                  )}
                </SubformRow>
              );
            })}
            <button type="button" className="button" onClick={() => set('socialHandles', [...values.socialHandles, { key: newRowKey(), network: 'linkedin', handle: '' }])}>
              Add handle
            </button>
            <SubformListError error={error} path="socialHandles" />
          </fieldset>
          <Field label="Notes" errors={errors('notes')} className="form-grid__wide">
            {(p) => <textarea {...p} rows={3} value={values.notes} onChange={(e) => set('notes', e.target.value)} />}
          </Field>
        </div>
      )}
    </SaveForm>
  );
}
