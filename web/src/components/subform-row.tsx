import { useState, type ReactNode } from 'react';
import { exactErrorsOf } from '../api/client';

let lastRowKey = 0;
/** A key for a new row of a repeated sub-form, lasting while the page is open (React's key, and what useSentRows remembers). */
export const newRowKey = (): number => ++lastRowKey;

/**
 * Which rows of a repeated sub-form the last save sent, in order. The server names a row by its
 * place in what was sent (`owners.1`, `socialHandles.0`); the rows on screen stop matching those
 * places once one is removed, or when empty rows were left out of what was sent. So a form
 * remembers the sent rows' keys when it saves, and asks for each row's path by its key.
 */
export function useSentRows(prefix: string) {
  const [sent, setSent] = useState<readonly number[]>([]);
  return {
    remember: (keys: readonly number[]) => setSent(keys),
    /** The server's path for the row with this key; null when the last save did not send it. */
    pathOf: (key: number): string | null => {
      const index = sent.indexOf(key);
      return index < 0 ? null : `${prefix}.${index}`;
    },
  };
}

/** What a row's inputs take, so that a screen reader tells the row's error with them. */
export interface RowInputProps {
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface SubformRowProps {
  /** Unique on the page: the error's id is made from it. */
  id: string;
  /** The server's messages about this row, shown under it. */
  errors: string[] | undefined;
  /** What the Remove button removes, for a screen reader: "owner 2". */
  itemLabel: string;
  onRemove: () => void;
  /** An extra class for the row's grid (its columns). */
  className?: string;
  children: (inputProps: RowInputProps) => ReactNode;
}

/** One row of a repeated sub-form (an account's owners, a contact's handles): its inputs, Remove, and its errors. */
export function SubformRow({ id, errors, itemLabel, onRemove, className, children }: SubformRowProps) {
  const invalid = Boolean(errors?.length);
  const errorId = `${id}-error`;
  return (
    <div className={`subform__row${className ? ` ${className}` : ''}${invalid ? ' field--invalid' : ''}`}>
      {children({ 'aria-invalid': invalid, 'aria-describedby': invalid ? errorId : undefined })}
      <button type="button" className="button button--quiet" onClick={onRemove}>
        Remove<span className="visually-hidden"> {itemLabel}</span>
      </button>
      {invalid && (
        <p id={errorId} className="field__error subform__error" data-field-error="">
          {errors?.join(' · ')}
        </p>
      )}
    </div>
  );
}

/** The server's messages about the list as a whole (too many owners, a duplicate), under its rows. */
export function SubformListError({ error, path }: { error: unknown; path: string }) {
  const messages = exactErrorsOf(error, path);
  return messages?.length ? (
    <p className="field__error" data-field-error="">
      {messages.join(' · ')}
    </p>
  ) : null;
}
