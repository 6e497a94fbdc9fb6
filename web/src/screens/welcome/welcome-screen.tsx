import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { fieldErrorsOf, setWorkspace } from '../../api/client';
import type { Me } from '../../api/types';
import { Field } from '../../components/field';
import { FormError } from '../../components/form-error';
import { usePageTitle } from '../../components/page-title';
import { ME_KEY } from '../../session';
import { submitOnCtrlEnter } from '../sign-in/submit-keys';

/** A signed-in user who belongs to no workspace yet: create one (and become its owner). */
export function WelcomeScreen({ me }: { me: Me }) {
  usePageTitle('Welcome');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const workspace = await api.workspaces.create(name);
      setWorkspace(workspace.id);
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <form className="card sign-in__card" onSubmit={submit} onKeyDown={submitOnCtrlEnter} noValidate>
        <h1>Welcome, {me.user.name}</h1>
        <p>You are not a member of any workspace yet. Create one for your agency or team, or ask an admin to add you to theirs.</p>
        <FormError error={error} fields={['name']} />
        <Field label="Workspace name" errors={fieldErrorsOf(error, 'name')}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required />}
        </Field>
        <button type="submit" className="button button--primary button--block" disabled={busy || !name.trim()}>
          Create workspace
        </button>
      </form>
    </main>
  );
}
