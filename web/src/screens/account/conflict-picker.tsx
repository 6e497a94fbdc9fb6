import { useEffect, useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';

interface ConflictPickerProps {
  selected: Array<{ id: string; name: string }>;
  excludeId: string | undefined;
  onChange: (selected: Array<{ id: string; name: string }>) => void;
  errorsAt: (index: number) => string[] | undefined;
}

/** Chosen competing accounts as removable chips, and a search to add more. */
export function ConflictPicker({ selected, excludeId, onChange, errorsAt }: ConflictPickerProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: [...keys.accountLists, 'picker', q],
    queryFn: ({ signal }) => api.accounts.list({ q, limit: 8, sort: 'name' }, signal),
    enabled: q.length > 0,
    staleTime: 30_000,
  });
  const options = (results.data?.items ?? []).filter((a) => a.id !== excludeId && !selected.some((s) => s.id === a.id));

  return (
    <div className="conflicts">
      {selected.length > 0 && (
        <ul className="conflicts__chosen">
          {selected.map((c, i) => {
            const errors = errorsAt(i);
            return (
              <li key={c.id} className={errors?.length ? 'field--invalid' : undefined}>
                <span className="chip chip--static">
                  <Link to={`/accounts/${c.id}`} target="_blank" rel="noreferrer">
                    {c.name}
                  </Link>
                  <button type="button" className="chip__remove" aria-label={`Remove conflict with ${c.name}`} onClick={() => onChange(selected.filter((s) => s.id !== c.id))}>
                    ×
                  </button>
                </span>
                {errors && errors.length > 0 && (
                  <span className="field__error" data-field-error="">
                    {errors.join(' · ')}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <label htmlFor={id} className="visually-hidden">
        Find a competing account
      </label>
      <input id={id} type="search" placeholder="Find a competing account…" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
      {q && (
        <ul className="conflicts__results" aria-label="Matching accounts">
          {results.isFetching && options.length === 0 && <li className="muted">Searching…</li>}
          {!results.isFetching && options.length === 0 && <li className="muted">No other account matches “{q}”.</li>}
          {options.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  onChange([...selected, { id: a.id, name: a.name }]);
                  setText('');
                }}
              >
                Add {a.name}
                {a.category ? <span className="muted"> · {a.category}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
