import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { isApiError } from '../../api/client';
import type { Account, AccountInput, AccountPatch, Touchpoint, TouchpointInput, TouchpointPatch } from '../../api/types';
import { useSession } from '../../session';
import { usePageTitle } from '../../components/page-title';
import { ConfidentialBadge, StatusBadge } from '../../components/badges';
import { FormError } from '../../components/form-error';
import { OWNER_ROLE_LABELS, formatDate, formatDateTime, formatMoney, plural } from '../../format';
import { AccountForm, accountValues, toAccountInput } from './account-form';
import { ContactsSection } from './contacts-section';
import { Dialog } from '../../components/dialog';
import { CadencePanel } from './cadence-panel';
import { TimelineSection } from './timeline-section';
import { TouchpointForm, newTouchpointValues, toTouchpointInput, touchpointValues } from './touchpoint-form';

/** Only the fields that differ from the account as loaded, so an edit changes (and audits) no more than it must. */
function changedFields(account: Account, input: AccountInput): AccountPatch {
  const before = toAccountInput(accountValues(account));
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(input) as Array<keyof AccountInput>) {
    if (JSON.stringify(input[key]) !== JSON.stringify(before[key])) patch[key] = input[key];
  }
  return patch as AccountPatch;
}

/** Only the fields of a touchpoint that the edit changed. */
function changedTouchpointFields(before: Touchpoint, input: TouchpointInput): TouchpointPatch {
  const was = toTouchpointInput(before.accountId, touchpointValues(before));
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(input) as Array<keyof TouchpointInput>) {
    const a = input[key];
    const b = was[key];
    const same = Array.isArray(a) && Array.isArray(b) ? [...a].sort().join() === [...b].sort().join() : JSON.stringify(a) === JSON.stringify(b);
    if (!same) patch[key] = a;
  }
  // A date-time shown to the minute is unchanged if the minute is: keep the stored seconds.
  if (patch.occurredAt && typeof input.occurredAt === 'string' && input.occurredAt.slice(0, 16) === was.occurredAt.slice(0, 16)) delete patch.occurredAt;
  return patch as TouchpointPatch;
}

/** Keys typed into a form control belong to it, not to the page's shortcuts. */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

type TouchpointDialog = { mode: 'new' } | { mode: 'edit'; touchpoint: Touchpoint } | null;

/**
 * One account: its details (and the form to change them), archive or restore, its cadence, its
 * contacts with when each was last in touch, and its timeline with the "log touchpoint" form (`t`).
 */
export function AccountScreen() {
  const { id = '' } = useParams();
  // A new id (a conflict's link) is a new page: no edit form or error carried over.
  return <AccountPage key={id} id={id} />;
}

function AccountPage({ id }: { id: string }) {
  const { canWrite, me } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<TouchpointDialog>(null);
  const [notice, setNotice] = useState('');
  const account = useQuery({ queryKey: keys.account(id), queryFn: ({ signal }) => api.accounts.get(id, signal) });
  const contacts = useQuery({ queryKey: keys.contacts(id), queryFn: ({ signal }) => api.contacts.listAll(id, signal) });
  usePageTitle(account.data?.name ?? 'Account');
  const canLog = canWrite && account.isSuccess;

  // `t` logs a touchpoint from anywhere on the page that is not a form field.
  useEffect(() => {
    if (!canLog) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.key !== 't') return;
      if (isTextTarget(event.target) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      setDialog({ mode: 'new' });
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [canLog]);

  /** A touchpoint changes the timeline, the cadence (and each contact's last touch) and the board. */
  const afterTouchpointChange = useCallback(
    async (message: string) => {
      setNotice(message);
      void queryClient.invalidateQueries({ queryKey: keys.attention });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.timeline(id) }),
        queryClient.invalidateQueries({ queryKey: keys.cadence(id) }),
      ]);
    },
    [queryClient, id],
  );

  const onSaved = (saved: Account) => {
    queryClient.setQueryData(keys.account(id), saved);
    void queryClient.invalidateQueries({ queryKey: keys.accountLists });
    void queryClient.invalidateQueries({ queryKey: keys.accountFacets });
    // A new cadence target, status or archive moves the account on the board and in its cadence.
    void queryClient.invalidateQueries({ queryKey: keys.cadence(id) });
    void queryClient.invalidateQueries({ queryKey: keys.attention });
  };
  const archive = useMutation({
    mutationFn: async (archived: boolean) => {
      if (archived) {
        await api.accounts.archive(id);
        return api.accounts.get(id);
      }
      return api.accounts.update(id, { archived: false });
    },
    onSuccess: onSaved,
  });

  if (account.isPending) {
    return (
      <div className="page" role="status">
        Loading the account…
      </div>
    );
  }
  if (account.isError) {
    const missing = isApiError(account.error, 'not_found') || isApiError(account.error, 'invalid_input');
    return (
      <div className="page empty-state">
        <h1>{missing ? 'This account does not exist' : 'The account could not be loaded'}</h1>
        <p>{missing ? 'It may be in another workspace, or the link is wrong.' : account.error.message}</p>
        <Link className="button button--primary" to="/">
          Back to the portfolio
        </Link>
      </div>
    );
  }

  const a = account.data;
  return (
    <div className="page account-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Portfolio</Link> <span aria-hidden="true">/</span> <span aria-current="page">{a.name}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1 className="account-page__title">
            {a.name}
            <StatusBadge status={a.status} />
            {a.isConfidential && <ConfidentialBadge />}
            {a.archived && <span className="badge badge--archived">Archived</span>}
          </h1>
          {a.aliases.length > 0 && <p className="page-head__sub">Also known as {a.aliases.join(', ')}</p>}
        </div>
        {canWrite && !editing && (
          <div className="page-head__actions">
            <button type="button" className="button button--primary" onClick={() => setDialog({ mode: 'new' })} aria-keyshortcuts="t">
              Log touchpoint <kbd className="button__kbd" aria-hidden="true">t</kbd>
            </button>
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit account
            </button>
            {a.archived ? (
              <button type="button" className="button" disabled={archive.isPending} onClick={() => archive.mutate(false)}>
                Restore
              </button>
            ) : (
              <button type="button" className="button" disabled={archive.isPending} onClick={() => archive.mutate(true)}>
                Archive
              </button>
            )}
          </div>
        )}
      </div>
      {a.archived && (
        <div className="alert alert--info" role="status">
          Archived {a.archivedAt ? formatDateTime(a.archivedAt) : ''}. It is hidden from the portfolio{canWrite ? '; restore it to bring it back.' : '.'}
        </div>
      )}
      <FormError error={archive.error} />

      {dialog && (
        <Dialog title={dialog.mode === 'new' ? `Log a touchpoint with ${a.name}` : 'Edit touchpoint'} onClose={() => setDialog(null)} className="dialog--touchpoint">
          <TouchpointForm
            accountId={a.id}
            contacts={contacts.data ?? []}
            initial={dialog.mode === 'new' ? newTouchpointValues(me.user.id) : touchpointValues(dialog.touchpoint)}
            submitLabel={dialog.mode === 'new' ? 'Log touchpoint' : 'Save touchpoint'}
            onCancel={() => setDialog(null)}
            onSubmit={async (input) => {
              if (dialog.mode === 'new') {
                await api.touchpoints.create(input);
                setDialog(null);
                await afterTouchpointChange('Touchpoint logged.');
              } else {
                const patch = changedTouchpointFields(dialog.touchpoint, input);
                if (Object.keys(patch).length > 0) await api.touchpoints.update(dialog.touchpoint.id, patch);
                setDialog(null);
                await afterTouchpointChange('Touchpoint saved.');
              }
            }}
          />
        </Dialog>
      )}

      <div className="account-page__layout">
        {editing ? (
          <section className="account-page__edit" aria-labelledby="edit-title">
            <h2 id="edit-title">Edit account</h2>
            <AccountForm
              initial={accountValues(a)}
              accountId={a.id}
              submitLabel="Save changes"
              onCancel={() => setEditing(false)}
              onSubmit={async (input) => {
                const patch = changedFields(a, input);
                if (Object.keys(patch).length > 0) onSaved(await api.accounts.update(a.id, patch));
                setEditing(false);
              }}
            />
          </section>
        ) : (
          <div className="account-page__side">
            <CadencePanel account={a} />
            <AccountDetails account={a} />
          </div>
        )}
        <div className="account-page__main">
          <ContactsSection account={a} />
          <TimelineSection
            account={a}
            notice={notice}
            onLog={canWrite ? () => setDialog({ mode: 'new' }) : undefined}
            onEdit={(touchpoint) => setDialog({ mode: 'edit', touchpoint })}
            onDelete={async (touchpoint) => {
              await api.touchpoints.remove(touchpoint.id);
              await afterTouchpointChange('Touchpoint deleted.');
            }}
          />
        </div>
      </div>
    </div>
  );
}

function AccountDetails({ account: a }: { account: Account }) {
  return (
    <section className="card details" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <dl className="details__list">
        <dt>Category</dt>
        <dd>{a.category ?? '—'}</dd>
        <dt>Value</dt>
        <dd>{a.value ? `${formatMoney(a.value.amount, a.value.currency)} / month` : '—'}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={a.status} />
        </dd>
        <dt>Website</dt>
        <dd>
          {a.website ? (
            <a href={a.website} target="_blank" rel="noreferrer noopener">
              {a.website.replace(/^https?:\/\//, '')}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Started on</dt>
        <dd>{formatDate(a.startedOn)}</dd>
        <dt>Cadence</dt>
        <dd>{a.cadenceDays ? `At least every ${plural(a.cadenceDays, 'day')}` : 'No target'}</dd>
        <dt>Confidential</dt>
        <dd>{a.isConfidential ? 'Yes — may not be named in public' : 'No'}</dd>
        <dt>Owners</dt>
        <dd>
          {a.owners.length === 0 ? (
            'Nobody yet'
          ) : (
            <ul className="plain-list">
              {a.owners.map((o) => (
                <li key={o.userId}>
                  {o.name} <span className="muted">· {OWNER_ROLE_LABELS[o.role]}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Conflicts</dt>
        <dd>
          {a.conflicts.length === 0 ? (
            'None'
          ) : (
            <ul className="plain-list">
              {a.conflicts.map((c) => (
                <li key={c.id}>
                  <Link to={`/accounts/${c.id}`}>{c.name}</Link>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Updated</dt>
        <dd>{formatDateTime(a.updatedAt)}</dd>
      </dl>
      <h3>Notes</h3>
      {a.notes ? <p className="notes">{a.notes}</p> : <p className="muted">No notes.</p>}
    </section>
  );
}
