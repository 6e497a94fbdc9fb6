import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { fieldErrorsOf } from '../../api/client';
import type { CreatedToken } from '../../api/types';
import { Field } from '../../components/field';
import { FormError } from '../../components/form-error';
import { ConfirmButton } from '../../components/confirm-button';
import { formatDateTime, formatRelative } from '../../format';
import { useSession } from '../../session';
import { TableScroll } from '../../components/table-scroll';

/** API tokens for scripts and the CLI: create (the secret is shown once), list, revoke. */
export function TokensSection() {
  const { me, canAdmin } = useSession();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: keys.tokens, queryFn: ({ signal }) => api.tokens.list(signal) });
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const revoke = useMutation({ mutationFn: (id: string) => api.tokens.revoke(id), onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.tokens }) });

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const token = await api.tokens.create(name);
      setCreated(token);
      setName('');
      await queryClient.invalidateQueries({ queryKey: keys.tokens });
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted">
        A token acts as you, with your role, in this workspace only. Send it as <code>Authorization: Bearer &lt;token&gt;</code>.
        {canAdmin ? ' As an admin you see every member’s tokens.' : ''}
      </p>
      {created && <NewTokenSecret token={created} onDone={() => setCreated(null)} />}
      <form className="inline-form" onSubmit={create} noValidate>
        <FormError error={error} fields={['name']} />
        <Field label="Token name" hint="What will use it, e.g. “CRM sync”" errors={fieldErrorsOf(error, 'name')}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />}
        </Field>
        <button type="submit" className="button button--primary" disabled={!name.trim()}>
          Create token
        </button>
      </form>
      <FormError error={revoke.error} />
      {tokens.isPending && <p role="status">Loading tokens…</p>}
      {tokens.data && tokens.data.items.length === 0 && <p className="muted">No tokens yet.</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <TableScroll label="Table of API tokens" sideways>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Member</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((t) => (
                <tr key={t.id} data-token-name={t.name}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.userId === me.user.id ? 'You' : t.userEmail}</td>
                  <td title={formatDateTime(t.createdAt)}>{formatRelative(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? <span title={formatDateTime(t.lastUsedAt)}>{formatRelative(t.lastUsedAt)}</span> : 'Never'}</td>
                  <td className="table__actions">
                    <ConfirmButton question={`Revoke “${t.name}”? Scripts using it stop working.`} confirmLabel="Revoke" busy={revoke.isPending} onConfirm={() => revoke.mutate(t.id)}>
                      Revoke<span className="visually-hidden"> {t.name}</span>
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function NewTokenSecret({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <div className="alert alert--success token-secret" role="status">
      <p>
        <strong>Token “{token.name}” created.</strong> Copy it now: Rapport keeps only a hash and cannot show it again.
      </p>
      <div className="token-secret__row">
        <label htmlFor="new-token-secret" className="visually-hidden">
          The new token
        </label>
        <input id="new-token-secret" readOnly value={token.token} onFocus={(e) => e.target.select()} className="token-secret__value" />
        <button
          type="button"
          className="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(token.token);
              setCopied('yes');
            } catch {
              setCopied('failed');
            }
          }}
        >
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Done
        </button>
      </div>
      {copied === 'failed' && <p>Copying is blocked here; select the token and copy it by hand.</p>}
    </div>
  );
}
