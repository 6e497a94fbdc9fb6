import type { ReactNode } from 'react';

export interface ChoiceOption<T> {
  value: T;
  label: ReactNode;
  /** The single key that picks it (the form's `onKeys` answers it); shown beside the label. */
  shortcut?: string;
  /** Before the label (an icon). */
  before?: ReactNode;
  className?: string;
}

interface ChoiceGroupProps<T> {
  legend: ReactNode;
  /** After the legend: which keys pick an option ("keys 1–3"). */
  keysHint?: string;
  /** The radios' name; the form's key handler finds an option by `input[name][value]`. */
  name: string;
  options: ReadonlyArray<ChoiceOption<T>>;
  value: T;
  onChange: (value: T) => void;
  /** The server's messages for this field, under the options. */
  errors?: readonly string[] | undefined;
  /** The chosen option takes the focus when its dialog opens (`data-autofocus`). */
  autoFocusChosen?: boolean;
  optionsClassName?: string;
}

/** A field of radio buttons drawn as buttons, each with its key: one choice among a few. */
export function ChoiceGroup<T extends string | number | boolean>({
  legend,
  keysHint,
  name,
  options,
  value,
  onChange,
  errors,
  autoFocusChosen = false,
  optionsClassName,
}: ChoiceGroupProps<T>) {
  const invalid = Boolean(errors?.length);
  return (
    <fieldset className={`choice${invalid ? ' field--invalid' : ''}`}>
      <legend>
        {legend}
        {keysHint && (
          <>
            {' '}
            <span className="choice__hint">{keysHint}</span>
          </>
        )}
      </legend>
      <div className={`choice__options${optionsClassName ? ` ${optionsClassName}` : ''}`}>
        {options.map((o) => {
          const on = o.value === value;
          return (
            <label key={String(o.value)} className={`choice__option${o.className ? ` ${o.className}` : ''}${on ? ' choice__option--on' : ''}`}>
              <input
                type="radio"
                name={name}
                value={String(o.value)}
                checked={on}
                onChange={() => onChange(o.value)}
                data-autofocus={autoFocusChosen && on ? '' : undefined}
                aria-keyshortcuts={o.shortcut}
              />
              {o.before}
              <span>{o.label}</span>
              {o.shortcut && <kbd aria-hidden="true">{o.shortcut}</kbd>}
            </label>
          );
        })}
      </div>
      {invalid && (
        <p className="field__error" data-field-error="">
          {errors?.join(' · ')}
        </p>
      )}
    </fieldset>
  );
}
