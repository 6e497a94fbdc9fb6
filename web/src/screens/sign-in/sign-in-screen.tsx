import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import { ME_KEY, fetchMe } from '../../session';
import { usePageTitle } from '../../components/page-title';

/** What to tell a person whose sign-in failed, by the server's error code. */
function signInMessage(error: unknown): string {
  if (!isApiError(error)) return 'Something went wrong. Try again.';
  switch (error.code) {
    case 'invalid_credentials':
      return 'That e-mail and password do not match an account. Check both and try again.';
    case 'rate_limited': {
      const retry = Number(error.details.find((d) => d.path === 'retryAfter')?.message);
      const minutes = Number.isFinite(retry) && retry > 0 ? Math.ceil(retry / 60) : undefined;
      return `Too many sign-in attempts. Wait ${minutes ? `${minutes} minute${minutes === 1 ? '' : 's'}` : 'a few minutes'} before trying again.`;
    }
    case 'invalid_input':
      return 'Enter your e-mail address and your password.';
    case 'network_error':
      return error.message;
    default:
      return error.message;
  }
}

export function SignInScreen() {
  usePageTitle('Sign in');
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth.login(email.trim(), password);
      queryClient.setQueryData(ME_KEY, await fetchMe());
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <form className="card sign-in__card" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <div className="sign-in__brand">
          <span className="header__logo" aria-hidden="true">
            R
          </span>
          Rapport
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        {error !== null && (
          <div className="alert alert--error" role="alert" data-testid="sign-in-error">
            {signInMessage(error)}
          </div>
        )}
        <div className="field">
          <label htmlFor="sign-in-email">E-mail</label>
          <input
            id="sign-in-email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary button--block" disabled={busy || !email.trim() || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="sign-in__help">
          No account? Ask a workspace admin to add you, or create one with <code>npx rapport user create</code>.
        </p>
      </form>
    </main>
  );
}
