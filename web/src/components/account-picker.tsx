import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/endpoints';
import { keys } from '../api/queries';
import type { Account } from '../api/types';
import { StatusBadge } from './badges';

/**
 * Find an account by name or alias (GET /api/accounts?q=) and choose it: a combobox that answers
 * arrow keys, Enter and Escape, and the mouse.
 */
export function AccountPicker({
  label,
  onChoose,
  autoFocus,
  initialText = '',
  invalid,
  describedBy,
}: {
  label: string;
  onChoose: (account: Account) => void;
  autoFocus?: boolean;
  initialText?: string;
  invalid?: boolean;
  describedBy?: string | undefined;
}) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const [q, setQ] = useState(initialText.trim());
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(Boolean(initialText));
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 150);
    return () => window.clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: [...keys.accountLists, 'picker', q],
    queryFn: ({ signal }) => api.accounts.list({ q: q || undefined, limit: 8, sort: q ? undefined : 'name' }, signal),
    enabled: open,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const options = results.data?.items ?? [];
  const choose = (account: Account | undefined) => {
    if (!account) return;
    onChoose(account);
    setOpen(false);
  };

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(options.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter') {
      if (open && options[active]) {
        event.preventDefault();
        choose(options[active]);
      }
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  }

  const listId = `${id}-list`;
  return (
    <div className="picker">
      <label htmlFor={id} className="picker__label">
        {label}
      </label>
      <input
        id={id}
        type="search"
        role="combobox"
        autoComplete="off"
        placeholder="Type a name or alias…"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoFocus={autoFocus}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} role="listbox" className="picker__list" aria-label={`${label}: matches`}>
          {results.isPending && <li className="muted picker__note">Searching…</li>}
          {results.isSuccess && options.length === 0 && <li className="muted picker__note">No account matches “{q}”.</li>}
          {options.map((a, i) => (
            <li
              key={a.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`picker__option${i === active ? ' picker__option--active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(a)}
            >
              <span className="picker__name">{a.name}</span>
              <StatusBadge status={a.status} />
              {a.aliases.length > 0 && <span className="muted picker__aliases">{a.aliases.slice(0, 3).join(', ')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
