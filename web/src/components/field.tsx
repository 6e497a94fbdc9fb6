import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';

/** What a field's control needs so its label, hint and error are announced with it. */
export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  label: ReactNode;
  /** The server's messages for this field (see ApiError.fieldErrors). */
  errors?: readonly string[] | undefined;
  hint?: ReactNode;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/**
 * A labelled form control with an optional hint and the field's errors under it. The control is
 * rendered by `children` with the id and ARIA attributes that tie it to its label and messages.
 */
export function Field({ label, errors, hint, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errorId ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(errorId), 'aria-describedby': describedBy })}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {errorId && (
        <p className="field__error" id={errorId} data-field-error="">
          {errors?.join(' · ')}
        </p>
      )}
    </div>
  );
}

/** A checkbox with its label to the right and the field's errors under it. */
export function CheckboxField({
  label,
  checked,
  onChange,
  errors,
  hint,
  disabled,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  errors?: readonly string[] | undefined;
  hint?: ReactNode;
  disabled?: boolean;
}) {
  const id = useId();
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  return (
    <div className={`field field--checkbox${errorId ? ' field--invalid' : ''}`}>
      <input
        type="checkbox"
        id={id}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={Boolean(errorId)}
        aria-describedby={errorId}
      />
      <label htmlFor={id}>
        {label}
        {hint && <span className="field__hint"> {hint}</span>}
      </label>
      {errorId && (
        <p className="field__error" id={errorId} data-field-error="">
          {errors?.join(' · ')}
        </p>
      )}
    </div>
  );
}

/** A select of fixed choices (an enum), each shown by its label; `id` and ARIA attributes pass through. */
export function EnumSelect<T extends string>({
  value,
  options,
  labels,
  onChange,
  ...rest
}: {
  value: T;
  options: readonly T[];
  labels: Readonly<Record<T, string>>;
  onChange: (value: T) => void;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map((o) => (
        <option key={o} value={o}>
          {labels[o]}
        </option>
      ))}
    </select>
  );
}

/** A labelled select of fixed choices (an enum), each shown by its label. */
export function SelectField<T extends string>({
  label,
  errors,
  hint,
  className,
  value,
  options,
  labels,
  onChange,
  autoFocus = false,
}: {
  label: ReactNode;
  errors?: readonly string[] | undefined;
  hint?: ReactNode;
  className?: string;
  value: T;
  options: readonly T[];
  labels: Readonly<Record<T, string>>;
  onChange: (value: T) => void;
  /** The Dialog's first field (it focuses `data-autofocus`). */
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} errors={errors} hint={hint} className={className}>
      {(p) => <EnumSelect {...p} value={value} options={options} labels={labels} onChange={onChange} data-autofocus={autoFocus ? '' : undefined} />}
    </Field>
  );
}
