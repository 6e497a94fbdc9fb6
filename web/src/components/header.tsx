import { useState } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { alertCountQuery, unmatchedCountQuery } from '../api/queries';
import { useSession } from '../session';
import { ROLE_LABELS } from '../format';
import { ShortcutsHelp } from './shortcuts-help';
import { AlertCountBadge } from './badges';
import { alertCountWords, highestSeverity } from './alert-count';

/** The top bar: product name, navigation, the workspace switcher, who is signed in, sign out. */
export function Header() {
  const { me, workspace, role, canWrite, switchWorkspace, signOut } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);

  return (
    <header className="header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {/* The logo's letter is drawn by the stylesheet, so the link's visible text is its name's first word (WCAG 2.5.3). */}
      <NavLink to="/" className="header__brand" aria-label="Rapport, portfolio">
        <span className="header__logo" aria-hidden="true" />
        Rapport
      </NavLink>
      <nav className="header__nav" aria-label="Main">
        <NavLink to="/" end>
          Portfolio
        </NavLink>
        <NavLink to="/attention">Attention</NavLink>
        <AlertsLink />
        <NavLink to="/losses">Losses</NavLink>
        <NavLink to="/import">Import</NavLink>
        {canWrite && <UnmatchedLink />}
        <NavLink to="/settings">Settings</NavLink>
      </nav>
      <div className="header__right">
        {me.workspaces.length > 1 ? (
          <label className="header__workspace">
            <span className="visually-hidden">Workspace</span>
            <select
              value={workspace.id}
              disabled={busy}
              onChange={async (e) => {
                setBusy(true);
                try {
                  navigate('/');
                  await switchWorkspace(e.target.value);
                } finally {
                  setBusy(false);
                }
              }}
            >
              {me.workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="header__workspace-name" title={`Workspace: ${workspace.name}`}>
            {workspace.name}
          </span>
        )}
        <ShortcutsHelp />
        <span className="header__user" title={me.user.email}>
          {me.user.name} <span className="header__role">{ROLE_LABELS[role]}</span>
        </span>
        <button
          type="button"
          className="button button--quiet"
          title={`Signed in as ${me.user.name} (${me.user.email}), ${ROLE_LABELS[role]}`}
          onClick={async () => {
            await signOut();
            navigate('/');
          }}
        >
          Sign out
        </button>
      </div>
    </header>
  );
}

/** "Unmatched mail" with the number waiting; the count refreshes every minute. */
function UnmatchedLink() {
  const count = useQuery(unmatchedCountQuery);
  const n = count.data;
  return (
    <NavLink to="/inbox/unmatched" aria-label={n && n.count > 0 ? `Unmatched mail, ${n.label} waiting` : undefined}>
      Unmatched mail
      {n && n.count > 0 && (
        <>
          {/* A space, so the visible text reads "Unmatched mail 3", as the name begins (WCAG 2.5.3). */}
          {' '}
          <span className="nav-count" aria-hidden="true" data-testid="unmatched-count">
            {n.label}
          </span>
        </>
      )}
    </NavLink>
  );
}

/**
 * "Alerts" with the number to work on (open or acknowledged, as the alerts screen's heading counts;
 * snoozed ones are out of the way until their snooze ends), in the colour of the most severe of
 * them, which the link's name says in words; refreshes every minute.
 */
function AlertsLink() {
  const count = useQuery(alertCountQuery);
  const n = count.data;
  const severity = n ? highestSeverity(n.severities) : null;
  // Without a split by severity (an older server), the count alone, neutral.
  const words = n ? alertCountWords(n.severities, 'open or acknowledged') : '';
  return (
    <NavLink to="/alerts" aria-label={n && n.count > 0 ? `Alerts, ${n.label} ${words}` : undefined}>
      Alerts
      {n && n.count > 0 && (
        <>
          {/* A space, so the visible text reads "Alerts 3", as the name begins (WCAG 2.5.3). */}{' '}
          <AlertCountBadge total={n.count} severity={severity} words={`${words} (${n.open} open; snoozed ones are not counted)`} hidden className="nav-count" testId="alert-count" />
        </>
      )}
    </NavLink>
  );
}
