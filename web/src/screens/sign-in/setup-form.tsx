import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { fieldErrorsOf, isApiError, setWorkspace } from '../../api/client';
import { Field } from '../../components/field';
import { FormError } from '../../components/form-error';
import { useRevealFirstError } from '../../components/save-form';
import { usePageTitle } from '../../components/page-title';
import { ME_KEY, fetchMe } from '../../session';
import { submitOnCtrlEnter } from './submit-keys';

const FIELDS = ['name', 'email', 'password', 'workspace'];

/**
 * The first-run setup (decision 0024): on a Rapport with no workspace but the demo, the first
 * person creates their agency's workspace and their own sign-in, and lands in it as its owner.
 * Someone else may get there first (the setup closes for good, `409 conflict`): then `onTaken`
 * takes this person to sign in, with the e-mail they typed.
 */
export function SetupForm({ onSignIn, onTaken }: { onSignIn: (() => void) | undefined; onTaken: (email: string) => void }) {
  usePageTitle('Set up Rapport');
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: '', email: '', password: '', workspace: '' });
  const set = (key: keyof typeof values, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Once the server's messages are drawn, the first field in error takes the focus, as on every form.
  const formRef = useRevealFirstError(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.setup.create({ ...values, email: values.email.trim() });
      setWorkspace(result.workspace.id);
      queryClient.setQueryData(ME_KEY, await fetchMe());
    } catch (e) {
      if (isApiError(e, 'conflict')) {
        onTaken(values.email.trim());
        return;
      }
      setError(e);
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} className="card sign-in__card" onSubmit={submit} onKeyDown={submitOnCtrlEnter} noValidate aria-labelledby="setup-title">
      <div className="sign-in__brand">
        <span className="header__logo" aria-hidden="true" />
        Rapport
      </div>
      <h1 id="setup-title">Set up your workspace</h1>
      <p className="sign-in__lead">
        Create the workspace for your agency or team, and your own sign-in: you become its owner and can add your colleagues next.
      </p>
      <FormError error={error} fields={FIELDS} />
      <Field label="Your name" errors={fieldErrorsOf(error, 'name')}>
        {(p) => <input {...p} autoComplete="name" autoFocus value={values.name} onChange={(e) => set('name', e.target.value)} maxLength={200} />}
      </Field>
      <Field label="Work e-mail" hint="You sign in with it" errors={fieldErrorsOf(error, 'email')}>
        {(p) => <input {...p} type="email" autoComplete="username" value={values.email} onChange={(e) => set('email', e.target.value)} />}
      </Field>
      <Field label="Password" hint="At least 8 characters" errors={fieldErrorsOf(error, 'password')}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={values.password} onChange={(e) => set('password', e.target.value)} />}
      </Field>
      <Field label="Workspace name" hint="Your agency or team, e.g. Brightside Agency" errors={fieldErrorsOf(error, 'workspace')}>
        {(p) => <input {...p} value={values.workspace} onChange={(e) => set('workspace', e.target.value)} maxLength={100} />}
      </Field>
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy ? 'Creating…' : 'Create workspace'}
      </button>
      {onSignIn && (
        <p className="sign-in__help">
          Already have a sign-in?{' '}
          <button type="button" className="link-button" onClick={onSignIn}>
            Sign in
          </button>
        </p>
      )}
    </form>
  );
}
