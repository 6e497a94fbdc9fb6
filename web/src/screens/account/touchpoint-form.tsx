import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { membersQuery } from '../../api/queries';
import { CHANNELS, DIRECTIONS, type Contact, type Touchpoint, type TouchpointInput } from '../../api/types';
import { Field } from '../../components/field';
import { SaveForm } from '../../components/save-form';
import { ChoiceGroup } from '../../components/choice-group';
import { ChannelIcon } from '../../components/channel-icon';
import { CHANNEL_LABELS, toLocalInputValue } from '../../format';

/** What the form holds: text as typed, turned into a TouchpointInput on save. */
export interface TouchpointFormValues {
  channel: TouchpointInput['channel'];
  direction: TouchpointInput['direction'];
  occurredAt: string;
  duration: string;
  contactIds: string[];
  memberIds: string[];
  subject: string;
  summary: string;
}

const FIELDS = ['channel', 'direction', 'occurredAt', 'durationMinutes', 'contactIds', 'memberIds', 'subject', 'summary'];

export function newTouchpointValues(myUserId: string): TouchpointFormValues {
  return {
    channel: 'call',
    direction: 'agency_initiated',
    occurredAt: toLocalInputValue(new Date()),
    duration: '',
    contactIds: [],
    memberIds: [myUserId],
    subject: '',
    summary: '',
  };
}

export function touchpointValues(t: Touchpoint): TouchpointFormValues {
  return {
    channel: t.channel,
    direction: t.direction,
    occurredAt: toLocalInputValue(new Date(t.occurredAt)),
    duration: t.durationMinutes === null ? '' : String(t.durationMinutes),
    contactIds: t.contacts.map((c) => c.id),
    memberIds: t.members.map((m) => m.userId),
    subject: t.subject,
    summary: t.summary,
  };
}

/**
 * The API's body. A local date-time becomes an ISO instant; anything the browser cannot read is
 * sent as typed, so the server's message appears under the field.
 */
export function toTouchpointInput(accountId: string, v: TouchpointFormValues): TouchpointInput {
  const when = new Date(v.occurredAt);
  const minutes = v.duration.trim() === '' ? null : Number(v.duration);
  return {
    accountId,
    channel: v.channel,
    direction: v.direction,
    occurredAt: v.occurredAt && !Number.isNaN(when.getTime()) ? when.toISOString() : v.occurredAt,
    durationMinutes: minutes === null || Number.isNaN(minutes) ? null : minutes,
    contactIds: v.contactIds,
    memberIds: v.memberIds,
    subject: v.subject.trim(),
    summary: v.summary,
  };
}

/** People at the account still there first, then those who left; by name within each. */
const byPresence = (a: Contact, b: Contact) => (a.status === b.status ? a.name.localeCompare(b.name) : a.status === 'active' ? -1 : 1);

interface TouchpointFormProps {
  accountId: string;
  contacts: Contact[];
  initial: TouchpointFormValues;
  submitLabel: string;
  onSubmit: (input: TouchpointInput) => Promise<unknown>;
  onCancel: () => void;
}

/**
 * Log or edit a touchpoint, keyboard first: 1–8 pick the channel and c / a who started it (outside
 * the text fields), Ctrl/Cmd+Enter saves from anywhere, Escape closes (the dialog does that).
 */
export function TouchpointForm({ accountId, contacts, initial, submitLabel, onSubmit, onCancel }: TouchpointFormProps) {
  const [values, setValues] = useState(initial);
  const members = useQuery(membersQuery);
  const set = <K extends keyof TouchpointFormValues>(key: K, value: TouchpointFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const toggle = (key: 'contactIds' | 'memberIds', id: string, on: boolean) =>
    setValues((v) => ({ ...v, [key]: on ? [...v[key], id] : v[key].filter((x) => x !== id) }));
  const sortedContacts = [...contacts].sort(byPresence);

  // 1–8 pick the channel (and focus it), c / a who started it.
  function onKeys(key: string, form: HTMLFormElement): boolean {
    const digit = Number(key);
    const channel = Number.isInteger(digit) && digit >= 1 ? CHANNELS[digit - 1] : undefined;
    if (channel) {
      set('channel', channel);
      form.querySelector<HTMLInputElement>(`input[name="channel"][value="${channel}"]`)?.focus();
      return true;
    }
    if (key !== 'c' && key !== 'a') return false;
    set('direction', key === 'c' ? 'client_initiated' : 'agency_initiated');
    return true;
  }

  return (
    <SaveForm
      label={submitLabel}
      className="touchpoint-form"
      inDialog
      fields={FIELDS}
      submitLabel={submitLabel}
      onSubmit={() => onSubmit(toTouchpointInput(accountId, values))}
      onCancel={onCancel}
      onKeys={onKeys}
    >
      {(errors) => {
        const contactErrors = errors('contactIds');
        const memberErrors = errors('memberIds');
        return (
          <>
            <ChoiceGroup
              legend="Channel"
              keysHint={`keys 1–${CHANNELS.length}`}
              name="channel"
              optionsClassName="choice__options--channels"
              autoFocusChosen
              options={CHANNELS.map((c, i) => ({ value: c, label: CHANNEL_LABELS[c], shortcut: String(i + 1), before: <ChannelIcon channel={c} decorative size={16} /> }))}
              value={values.channel}
              onChange={(c) => set('channel', c)}
              errors={errors('channel')}
            />

            <ChoiceGroup
              legend="Who started it"
              keysHint="keys c / a"
              name="direction"
              options={DIRECTIONS.map((d) => ({
                value: d,
                label: d === 'client_initiated' ? 'The client reached out' : 'We reached out',
                shortcut: d === 'client_initiated' ? 'c' : 'a',
              }))}
              value={values.direction}
              onChange={(d) => set('direction', d)}
              errors={errors('direction')}
            />

            <fieldset className={`choice${contactErrors?.length ? ' field--invalid' : ''}`}>
              <legend>Contacts</legend>
              {sortedContacts.length === 0 ? (
                <p className="muted choice__empty">No contacts at this account yet — add them in the Contacts section to record who took part.</p>
              ) : (
                <div className="choice__options choice__options--people">
                  {sortedContacts.map((c) => (
                    <label key={c.id} className="check">
                      <input type="checkbox" checked={values.contactIds.includes(c.id)} onChange={(e) => toggle('contactIds', c.id, e.target.checked)} />
                      <span>
                        {c.name}
                        {c.status === 'left' && <span className="muted"> (left)</span>}
                      </span>
                    </label>
                  ))}
                </div>
              )}
              {contactErrors?.length ? <p className="field__error" data-field-error="">{contactErrors.join(' · ')}</p> : null}
            </fieldset>

            <Field label="Subject" errors={errors('subject')}>
              {(p) => <input {...p} value={values.subject} onChange={(e) => set('subject', e.target.value)} maxLength={500} placeholder="e.g. Quarterly review call" />}
            </Field>
            <Field label="Summary" hint="What was said, agreed or asked" errors={errors('summary')}>
              {(p) => <textarea {...p} rows={4} value={values.summary} onChange={(e) => set('summary', e.target.value)} />}
            </Field>
            <div className="form-grid">
              <Field label="When" errors={errors('occurredAt')}>
                {(p) => <input {...p} type="datetime-local" value={values.occurredAt} onChange={(e) => set('occurredAt', e.target.value)} />}
              </Field>
              <Field label="Duration (minutes)" errors={errors('durationMinutes')}>
                {(p) => <input {...p} type="number" inputMode="numeric" min={0} step={5} value={values.duration} onChange={(e) => set('duration', e.target.value)} />}
              </Field>
            </div>
            {members.data && members.data.items.length > 1 && (
              <fieldset className={`choice${memberErrors?.length ? ' field--invalid' : ''}`}>
                <legend>From our team</legend>
                <div className="choice__options choice__options--people">
                  {members.data.items.map((m) => (
                    <label key={m.userId} className="check">
                      <input type="checkbox" checked={values.memberIds.includes(m.userId)} onChange={(e) => toggle('memberIds', m.userId, e.target.checked)} />
                      <span>{m.name}</span>
                    </label>
                  ))}
                </div>
                {memberErrors?.length ? <p className="field__error" data-field-error="">{memberErrors.join(' · ')}</p> : null}
              </fieldset>
            )}

          </>
        );
      }}
    </SaveForm>
  );
}
