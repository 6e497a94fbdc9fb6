import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { facetsQuery, membersQuery } from '../../api/queries';
import { exactErrorsOf } from '../../api/client';
import { ACCOUNT_STATUSES, OWNER_ROLES, type Account, type AccountInput, type OwnerRole } from '../../api/types';
import { CheckboxField, EnumSelect, Field, SelectField } from '../../components/field';
import { SaveForm } from '../../components/save-form';
import { SubformListError, SubformRow, newRowKey, useSentRows } from '../../components/subform-row';
import { OWNER_ROLE_LABELS, STATUS_LABELS } from '../../format';
import { ConflictPicker } from './conflict-picker';

/** The form's own state: text as typed, turned into an AccountInput only on save. */
export interface AccountFormValues {
  name: string;
  aliases: string;
  category: string;
  website: string;
  amount: string;
  currency: string;
  status: AccountInput['status'];
  startedOn: string;
  cadenceDays: string;
  isConfidential: boolean;
  /** `key`: the row's, while the form is open (see useSentRows). */
  owners: Array<{ key: number; userId: string; role: OwnerRole }>;
  conflicts: Array<{ id: string; name: string }>;
  notes: string;
}

/** The fields this form shows, by the API's paths: errors under these are shown beside them. */
const FIELDS = ['name', 'aliases', 'category', 'website', 'value', 'status', 'startedOn', 'cadenceDays', 'isConfidential', 'owners', 'conflictIds', 'notes'];
const OPEN_STATUSES = ACCOUNT_STATUSES.filter((s) => s !== 'lost');
const LOST_ONLY = ['lost'] as const;
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CAD', 'AUD', 'JPY'];

export function emptyAccountValues(): AccountFormValues {
  return {
    name: '',
    aliases: '',
    category: '',
    website: '',
    amount: '',
    currency: 'EUR',
    status: 'prospect',
    startedOn: '',
    cadenceDays: '',
    isConfidential: false,
    owners: [],
    conflicts: [],
    notes: '',
  };
}

export function accountValues(account: Account): AccountFormValues {
  return {
    name: account.name,
    aliases: account.aliases.join('\n'),
    category: account.category ?? '',
    website: account.website ?? '',
    amount: account.value ? String(account.value.amount) : '',
    currency: account.value?.currency ?? 'EUR',
    status: account.status,
    startedOn: account.startedOn ?? '',
    cadenceDays: account.cadenceDays === null ? '' : String(account.cadenceDays),
    isConfidential: account.isConfidential,
    owners: account.owners.map((o) => ({ key: newRowKey(), userId: o.userId, role: o.role })),
    conflicts: account.conflicts,
    notes: account.notes,
  };
}

const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** What the API receives: blanks become null, aliases one per line; the server validates the rest. */
export function toAccountInput(values: AccountFormValues): AccountInput {
  return {
    name: values.name,
    aliases: values.aliases
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean),
    category: blankToNull(values.category),
    website: blankToNull(values.website),
    value: values.amount.trim() === '' ? null : { amount: Number(values.amount), currency: values.currency.trim().toUpperCase() },
    status: values.status,
    startedOn: blankToNull(values.startedOn),
    cadenceDays: values.cadenceDays.trim() === '' ? null : Number(values.cadenceDays),
    isConfidential: values.isConfidential,
    owners: values.owners.map(({ userId, role }) => ({ userId, role })),
    conflictIds: values.conflicts.map((c) => c.id),
    notes: values.notes,
  };
}

interface AccountFormProps {
  initial: AccountFormValues;
  /** The account being edited (it cannot conflict with itself); absent for a new one. */
  accountId?: string;
  submitLabel: string;
  onSubmit: (input: AccountInput) => Promise<unknown>;
  onCancel: () => void;
}

/**
 * Create or edit an account. Errors from the server are shown next to the field their `path`
 * names (`owners.1.userId` beside the second owner); anything unclaimed goes in the summary.
 */
export function AccountForm({ initial, accountId, submitLabel, onSubmit, onCancel }: AccountFormProps) {
  const [values, setValues] = useState(initial);
  const members = useQuery(membersQuery);
  const facets = useQuery(facetsQuery);
  const memberList = members.data?.items ?? [];

  const set = <K extends keyof AccountFormValues>(key: K, value: AccountFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const unusedMember = memberList.find((m) => !values.owners.some((o) => o.userId === m.userId));
  const sentOwners = useSentRows('owners');
  const setOwner = (key: number, change: Partial<{ userId: string; role: OwnerRole }>) =>
    set('owners', values.owners.map((o) => (o.key === key ? { ...o, ...change } : o)));
  const save = () => {
    sentOwners.remember(values.owners.map((o) => o.key));
    return onSubmit(toAccountInput(values));
  };

  return (
    <SaveForm className="card account-form" label={submitLabel} fields={FIELDS} submitLabel={submitLabel} onSubmit={save} onCancel={onCancel}>
      {(errors, error) => (
        <div className="form-grid">
          <Field label="Name" errors={errors('name')} className="form-grid__wide">
            {(p) => <input {...p} value={values.name} onChange={(e) => set('name', e.target.value)} required maxLength={200} autoFocus />}
          </Field>
          <Field label="Aliases" hint="Other names, brands, products and handles, one per line" errors={errors('aliases')} className="form-grid__wide">
            {(p) => <textarea {...p} rows={3} value={values.aliases} onChange={(e) => set('aliases', e.target.value)} />}
          </Field>
          <Field label="Category" hint="Industry, e.g. beer or fintech" errors={errors('category')}>
            {(p) => (
              <>
                <input {...p} list="category-options" value={values.category} onChange={(e) => set('category', e.target.value)} maxLength={100} />
                <datalist id="category-options">
                  {facets.data?.categories.map((c) => <option key={c.category} value={c.category} />)}
                </datalist>
              </>
            )}
          </Field>
          <Field label="Website" errors={errors('website')}>
            {(p) => <input {...p} type="text" inputMode="url" placeholder="example.com" value={values.website} onChange={(e) => set('website', e.target.value)} />}
          </Field>
          <Field label="Monthly value" errors={[...(exactErrorsOf(error, 'value') ?? []), ...(errors('value.amount') ?? [])]}>
            {(p) => <input {...p} type="number" min={0} step="any" inputMode="decimal" value={values.amount} onChange={(e) => set('amount', e.target.value)} />}
          </Field>
          <Field label="Currency" hint="ISO code, e.g. EUR" errors={errors('value.currency')}>
            {(p) => (
              <>
                <input {...p} list="currency-options" value={values.currency} onChange={(e) => set('currency', e.target.value.toUpperCase())} maxLength={3} />
                <datalist id="currency-options">
                  {CURRENCIES.map((c) => <option key={c} value={c} />)}
                </datalist>
              </>
            )}
          </Field>
          {/* Lost is recorded with its day and reasons (Mark lost), and undone there: not a status to pick. */}
          <SelectField
            label="Status"
            hint={values.status === 'lost' ? 'Undo the loss on the account page to reopen it' : undefined}
            errors={errors('status')}
            value={values.status}
            options={values.status === 'lost' ? LOST_ONLY : OPEN_STATUSES}
            labels={STATUS_LABELS}
            onChange={(s) => set('status', s)}
          />
          <Field label="Started on" errors={errors('startedOn')}>
            {(p) => <input {...p} type="date" value={values.startedOn} onChange={(e) => set('startedOn', e.target.value)} />}
          </Field>
          <Field label="Cadence (days)" hint="Touch every N days: longer without a touch and the account is going quiet. Empty: no cadence." errors={errors('cadenceDays')}>
            {(p) => <input {...p} type="number" min={1} max={3650} step={1} value={values.cadenceDays} onChange={(e) => set('cadenceDays', e.target.value)} />}
          </Field>
          <div className="form-grid__wide">
            <CheckboxField
              label="Confidential"
              hint="— may not be named in public"
              checked={values.isConfidential}
              onChange={(checked) => set('isConfidential', checked)}
              errors={errors('isConfidential')}
            />
          </div>

          <fieldset className="form-grid__wide subform">
            <legend>Owners</legend>
            {values.owners.length === 0 && <p className="muted">No owners yet. Add the lead and the client-service people on your side.</p>}
            {values.owners.map((owner, i) => {
              const path = sentOwners.pathOf(owner.key);
              return (
                <SubformRow
                  key={owner.key}
                  id={`owner-${owner.key}`}
                  errors={path ? errors(path) : undefined}
                  itemLabel={`owner ${i + 1}`}
                  onRemove={() => set('owners', values.owners.filter((o) => o.key !== owner.key))}
                >
                  {(rowProps) => (
                    <>
                      <label className="visually-hidden" htmlFor={`owner-${owner.key}-user`}>
                        Owner {i + 1}
                      </label>
                      <select id={`owner-${owner.key}-user`} value={owner.userId} onChange={(e) => setOwner(owner.key, { userId: e.target.value })} {...rowProps}>
                        {!memberList.some((m) => m.userId === owner.userId) && <option value={owner.userId}>Unknown member</option>}
                        {memberList.map((m) => (
                          <option key={m.userId} value={m.userId}>
                            {m.name} ({m.email})
                          </option>
                        ))}
                      </select>
                      <label className="visually-hidden" htmlFor={`owner-${owner.key}-role`}>
                        Role of owner {i + 1}
                      </label>
                      <EnumSelect
                        id={`owner-${owner.key}-role`}
                        value={owner.role}
                        options={OWNER_ROLES}
                        labels={OWNER_ROLE_LABELS}
                        onChange={(role) => setOwner(owner.key, { role })}
                        {...rowProps}
                      />
                    </>
                  )}
                </SubformRow>
              );
            })}
            <button
              type="button"
              className="button"
              disabled={!unusedMember}
              onClick={() => unusedMember && set('owners', [...values.owners, { key: newRowKey(), userId: unusedMember.userId, role: values.owners.length === 0 ? 'lead' : 'client_service' }])}
            >
              Add owner
            </button>
            <SubformListError error={error} path="owners" />
          </fieldset>

          <fieldset className="form-grid__wide subform">
            <legend>Conflicts</legend>
            <p className="field__hint">Accounts this one competes with. The link goes both ways.</p>
            <ConflictPicker
              selected={values.conflicts}
              excludeId={accountId}
              onChange={(conflicts) => set('conflicts', conflicts)}
              errorsAt={(i) => errors(`conflictIds.${i}`)}
            />
          </fieldset>

          <Field label="Notes" errors={errors('notes')} className="form-grid__wide">
            {(p) => <textarea {...p} rows={5} value={values.notes} onChange={(e) => set('notes', e.target.value)} />}
          </Field>
        </div>
      )}
    </SaveForm>
  );
}
