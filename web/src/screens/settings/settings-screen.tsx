import { usePageTitle } from '../../components/page-title';
import { useSession } from '../../session';
import { WorkspaceSection } from './workspace-section';
import { MembersSection } from './members-section';
import { TokensSection } from './tokens-section';

/** Workspace, members, API tokens and signing out. */
export function SettingsScreen() {
  usePageTitle('Settings');
  const { me, signOut } = useSession();
  return (
    <div className="page page--narrow settings">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <WorkspaceSection />
      <MembersSection />
      <TokensSection />
      <section className="card" aria-labelledby="you-title">
        <h2 id="you-title">You</h2>
        <p>
          Signed in as <strong>{me.user.name}</strong> ({me.user.email}).
        </p>
        <button type="button" className="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </section>
    </div>
  );
}
