import { useState } from 'react';
import { api } from '../../api/endpoints';
import { Field } from '../../components/field';
import { SaveForm } from '../../components/save-form';

/**
 * Change your own password: how someone an admin added with a first password makes it their own
 * (decision 0024). Your other sessions end; this one stays signed in.
 */
export function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [isDone, setIsDone] = useState(false);

  async function save() {
    setIsDone(false);
    await api.auth.changePassword(current, next);
    setCurrent('');
    setNext('');
    setIsDone(true);
  }

  return (
    <SaveForm
      label="Change your password"
      className="subform password-form"
      fields={['currentPassword', 'newPassword']}
      submitLabel="Change password"
      onSubmit={save}
      header={
        <>
          <h3>Change your password</h3>
          {isDone && (
            <div className="alert alert--success" role="status">
              Password changed. Anywhere else you were signed in, you are signed out.
            </div>
          )}
        </>
      }
    >
      {(errors) => (
        <div className="form-grid">
          <Field label="Current password" errors={errors('currentPassword')}>
            {(p) => <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
          </Field>
          <Field label="New password" hint="At least 8 characters" errors={errors('newPassword')}>
            {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
          </Field>
        </div>
      )}
    </SaveForm>
  );
}
