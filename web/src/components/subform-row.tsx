import type { ReactNode } from 'react';

interface SubformRowProps {
  /** The server's messages about this row (a path such as `owners.1`), shown under it. */
  errors: string[] | undefined;
  /** What the Remove button removes, for a screen reader: "owner 2". */
  itemLabel: string;
  onRemove: () => void;
  /** An extra class for the row's grid (its columns). */
  className?: string;
  children: ReactNode;
}

/** One row of a repeated sub-form (an account's owners, a contact's handles): its inputs, Remove, and its errors. */
export function SubformRow({ errors, itemLabel, onRemove, className, children }: SubformRowProps) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={`subform__row${className ? ` ${className}` : ''}${invalid ? ' field--invalid' : ''}`}>
      {children}
      <button type="button" className="button button--quiet" onClick={onRemove}>
        Remove<span className="visually-hidden"> {itemLabel}</span>
      </button>
      {invalid && (
        <p className="field__error subform__error" data-field-error="">
          {errors?.join(' · ')}
        </p>
      )}
    </div>
  );
}
