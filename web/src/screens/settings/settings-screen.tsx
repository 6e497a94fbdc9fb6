import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { useSession } from '../../session';
import { WorkspaceSection } from './workspace-section';
import { MembersSection } from './members-section';
import { TokensSection } from './tokens-section';
import { IntakeSection } from './intake-section';
import { HealthModelSection } from './health-model-section';
import { PasswordForm } from './password-form';

/** Workspace, members, the mail intake address, the health model, API tokens, your password and signing out. */
export function SettingsScreen() {
  usePageTitle('Settings');
  const { me, signOut } = useSession();
  const { hash } = useLocation();
  // A link to one section (/settings#intake-title) scrolls to it once it is there.
  useEffect(() => {
    if (!hash) return;
    const timer = window.setTimeout(() => document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView({ block: 'start' }), 100);
    return () => window.clearTimeout(timer);
  }, [hash]);
  return (
    <div className="page page--narrow settings">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <WorkspaceSection />
      <MembersSection />
      <IntakeSection />
      <HealthModelSection />
      <TokensSection />
      <section className="card" aria-labelledby="you-title">
        <h2 id="you-title">You</h2>
        <p>
          Signed in as <strong>{me.user.name}</strong> ({me.user.email}).
        </p>
        {me.via === 'session' && <PasswordForm />}
        <button type="button" className="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </section>
    </div>
  );
}
