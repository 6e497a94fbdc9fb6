import { useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import { ME_KEY, fetchMe } from '../../session';
import { usePageTitle } from '../../components/page-title';
import { SetupForm } from './setup-form';
import { submitOnCtrlEnter } from './submit-keys';

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

/**
 * Signed out: the sign-in form, or — on a Rapport nobody has set up yet (no workspace but the
 * demo, decision 0024) — the first-run setup, which is where a new team starts. With the demo there
 * both are offered.
 */
export function SignInScreen() {
  const queryClient = useQueryClient();
  const setup = useQuery({ queryKey: ['setup'], queryFn: ({ signal }) => api.setup.state(signal), retry: false, staleTime: 0 });
  const [chosen, setChosen] = useState<'sign-in' | 'setup' | null>(null);
  // Someone else set this Rapport up while this person was filling in the setup: the e-mail they typed.
  const [takenEmail, setTakenEmail] = useState<string | null>(null);
  // An older server without the setup route, or one that could not say: sign-in as before.
  const state = setup.data ?? { isOpen: false, hasUsers: true };
  const isOpen = state.isOpen && takenEmail === null;
  const mode = chosen ?? (isOpen && !state.hasUsers ? 'setup' : 'sign-in');
  const onTaken = (email: string) => {
    setTakenEmail(email);
    setChosen('sign-in');
    void queryClient.invalidateQueries({ queryKey: ['setup'] });
  };
  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      {setup.isPending ? (
        <p role="status">Loading Rapport…</p>
      ) : mode === 'setup' ? (
        <SetupForm onSignIn={state.hasUsers ? () => setChosen('sign-in') : undefined} onTaken={onTaken} />
      ) : (
        <SignInForm onSetup={isOpen ? () => setChosen('setup') : undefined} takenEmail={takenEmail} demoEmail={state.demoEmail ?? null} />
      )}
    </main>
  );
}

/**
 * The sign-in form. After a setup someone else won (`takenEmail`), it says so first and keeps the
 * e-mail the person typed, with the focus on the password: if it was them in another window, they
 * are one password away; if not, the notice says whom to ask.
 */
function SignInForm({ onSetup, takenEmail, demoEmail }: { onSetup: (() => void) | undefined; takenEmail: string | null; demoEmail: string | null }) {
  usePageTitle('Sign in');
  const passwordRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(takenEmail ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The notice gives way to a failed sign-in's message (the help under the form says whom to ask then).
  const showTaken = takenEmail !== null && error === null;

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
    <form className="card sign-in__card" onSubmit={submit} onKeyDown={submitOnCtrlEnter} noValidate aria-labelledby="sign-in-title">
      <div className="sign-in__brand">
        {/* The letter is drawn by the stylesheet (as in the header): text here would draw a second one. */}
        <span className="header__logo" aria-hidden="true" />
        Rapport
      </div>
      <h1 id="sign-in-title">Sign in</h1>
      {showTaken && (
        <div className="alert alert--info" role="alert" data-testid="setup-taken">
          <p>
            <strong>Someone else has just set up this Rapport</strong>, so your workspace was not created.
          </p>
          <p>If that was you in another window, sign in with the e-mail and password you chose there. If not, ask them to add you (Settings → Members).</p>
        </div>
      )}
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
          autoFocus={takenEmail === null}
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
          autoFocus={takenEmail !== null}
          ref={passwordRef}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button type="submit" className="button button--primary button--block" disabled={busy || !email.trim() || !password}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {demoEmail && (
        <p className="sign-in__help" data-testid="demo-hint">
          Trying the demo? Sign in as <strong>{demoEmail}</strong> with the password that <code>rapport serve</code> (or{' '}
          <code>npm start</code>) printed when it first started (<code>rapport demo --reset</code> sets a new one).{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setEmail(demoEmail);
              passwordRef.current?.focus();
            }}
          >
            Use the demo&rsquo;s e-mail
          </button>
        </p>
      )}
      {onSetup ? (
        <p className="sign-in__help">
          New to Rapport?{' '}
          <button type="button" className="link-button" onClick={onSetup}>
            Set up your workspace
          </button>{' '}
          for your agency or team.
        </p>
      ) : (
        !showTaken && <p className="sign-in__help">No sign-in yet? Ask an admin of your workspace to add you (Settings → Members).</p>
      )}
    </form>
  );
}
