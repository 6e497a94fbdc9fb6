import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/endpoints';
import { fieldErrorsOf } from '../../api/client';
import { Field } from '../../components/field';
import { FormError } from '../../components/form-error';
import { ROLE_LABELS } from '../../format';
import { ME_KEY, useSession } from '../../session';

/** Rename this workspace (admins), switch to another, or start a new one. */
export function WorkspaceSection() {
  const { me, workspace, canAdmin, switchWorkspace } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(workspace.name);
  const [renameError, setRenameError] = useState<unknown>(null);
  const [renamed, setRenamed] = useState(false);
  const [newName, setNewName] = useState('');
  const [createError, setCreateError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function rename(event: FormEvent) {
    event.preventDefault();
    setRenameError(null);
    setRenamed(false);
    try {
      await api.workspaces.rename(name);
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
      setRenamed(true);
    } catch (e) {
      setRenameError(e);
    }
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    setCreateError(null);
    setBusy(true);
    try {
      const created = await api.workspaces.create(newName);
      setNewName('');
      navigate('/');
      await switchWorkspace(created.id);
    } catch (e) {
      setCreateError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="workspace-title">
      <h2 id="workspace-title">Workspace</h2>
      {canAdmin ? (
        <form className="inline-form" onSubmit={rename} noValidate>
          <FormError error={renameError} fields={['name']} />
          <Field label="Name of this workspace" errors={fieldErrorsOf(renameError, 'name')}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />}
          </Field>
          <button type="submit" className="button" disabled={!name.trim() || name.trim() === workspace.name}>
            Rename
          </button>
          {renamed && (
            <span className="muted" role="status">
              Renamed.
            </span>
          )}
        </form>
      ) : (
        <p>
          You are in <strong>{workspace.name}</strong> as {ROLE_LABELS[workspace.role].toLowerCase()}.
        </p>
      )}

      <h3>Your workspaces</h3>
      <ul className="workspace-list">
        {me.workspaces.map((w) => (
          <li key={w.id}>
            <span>
              <strong>{w.name}</strong> <span className="muted">· {ROLE_LABELS[w.role]}</span>
              {w.isDemo && <span className="badge">Demo</span>}
            </span>
            {w.id === workspace.id ? (
              <span className="badge badge--current">Current</span>
            ) : (
              <button
                type="button"
                className="button"
                onClick={async () => {
                  navigate('/');
                  await switchWorkspace(w.id);
                }}
              >
                Switch to {w.name}
              </button>
            )}
          </li>
        ))}
      </ul>

      {me.via === 'session' && (
        <form className="inline-form" onSubmit={create} noValidate>
          <FormError error={createError} fields={['name']} />
          <Field label="New workspace" hint="You become its owner" errors={fieldErrorsOf(createError, 'name')}>
            {(p) => <input {...p} value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={100} placeholder="e.g. Northwind Agency" />}
          </Field>
          <button type="submit" className="button" disabled={busy || !newName.trim()}>
            Create workspace
          </button>
        </form>
      )}
    </section>
  );
}
