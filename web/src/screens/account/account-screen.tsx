import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { invalidateAccountFacts, invalidateLoss, keys, refreshAttentionBoard } from '../../api/queries';
import { isApiError } from '../../api/client';
import type { Account, AccountInput, AccountPatch, MarkLostInput, Touchpoint, TouchpointInput, TouchpointPatch } from '../../api/types';
import { useSession } from '../../session';
import { usePageTitle } from '../../components/page-title';
import { ConfidentialBadge, StatusBadge } from '../../components/badges';
import { FormError } from '../../components/form-error';
import { LOSS_REASON_LABELS, OWNER_ROLE_LABELS, formatDate, formatDateTime, formatMoney } from '../../format';
import { ConfirmButton } from '../../components/confirm-button';
import { HealthPanel } from './health-panel';
import { AccountAlerts } from './account-alerts';
import { DeliverySection } from './delivery-section';
import { MarkLostDialog } from './mark-lost-dialog';
import { AccountForm, accountValues, toAccountInput } from './account-form';
import { ContactsSection } from './contacts-section';
import { Dialog } from '../../components/dialog';
import { CadencePanel, cadenceText } from './cadence-panel';
import { TimelineSection } from './timeline-section';
import { TouchpointForm, newTouchpointValues, toTouchpointInput, touchpointValues } from './touchpoint-form';
import { focusRecordIfLost } from './keep-focus';

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
 * A link to one record on the page (`#deliverable-<id>`, `#touchpoint-<id>`, `#contact-<id>`, from a
 * fact behind a score or an alert): once it is on the page, scroll to it, focus it and flash it.
 * Waits a few seconds for it (the ledger loading, the timeline loading older pages). Answers the
 * touchpoint sought, for the timeline to page towards.
 */
function useHashTarget(): string | undefined {
  const location = useLocation();
  const target = location.hash ? decodeURIComponent(location.hash.slice(1)) : '';
  useEffect(() => {
    if (!target) return;
    let tries = 0;
    const timer = window.setInterval(() => {
      const element = document.getElementById(target);
      if (element) {
        window.clearInterval(timer);
        element.scrollIntoView({ block: 'center' });
        element.focus({ preventScroll: true });
        element.classList.remove('flash');
        // Restart the animation when the same link is followed twice.
        void element.offsetWidth;
        element.classList.add('flash');
      } else if (++tries > 80) {
        window.clearInterval(timer);
      }
    }, 100);
    return () => window.clearInterval(timer);
  }, [target, location.key]);
  return target.startsWith('touchpoint-') ? target.slice('touchpoint-'.length) : undefined;
}

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
  const [markingLost, setMarkingLost] = useState(false);
  const navigate = useNavigate();
  const seekTouchpointId = useHashTarget();
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

  /** A touchpoint changes the timeline, the cadence (and each contact's last touch), the board, the health score and its alerts. */
  const afterTouchpointChange = useCallback(
    async (message: string) => {
      setNotice(message);
      void refreshAttentionBoard(queryClient);
      await Promise.all([invalidateAccountFacts(queryClient, id), queryClient.invalidateQueries({ queryKey: keys.cadence(id) })]);
    },
    [queryClient, id],
  );

  /** Marking lost (or undoing it) changes the account's status everywhere, its alerts and the loss reports. */
  const afterLossChange = useCallback(async () => {
    await Promise.all([invalidateLoss(queryClient, id), refreshAttentionBoard(queryClient)]);
  }, [queryClient, id]);

  const onSaved = (saved: Account) => {
    queryClient.setQueryData(keys.account(id), saved);
    void queryClient.invalidateQueries({ queryKey: keys.accountLists });
    void queryClient.invalidateQueries({ queryKey: keys.accountFacets });
    // A new cadence, status or archive moves the account on the board and in its cadence.
    void queryClient.invalidateQueries({ queryKey: keys.cadence(id) });
    void refreshAttentionBoard(queryClient);
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
            <button type="button" id="edit-account" className="button" onClick={() => setEditing(true)}>
              Edit account
            </button>
            {a.status !== 'lost' && (
              <button type="button" className="button" onClick={() => setMarkingLost(true)}>
                Mark as lost
              </button>
            )}
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
      {a.status === 'lost' && <LostBanner account={a} onRecord={() => setMarkingLost(true)} onUndone={afterLossChange} />}

      {markingLost && (
        <MarkLostDialog
          accountName={a.name}
          onClose={() => setMarkingLost(false)}
          onSubmit={async (input: MarkLostInput) => {
            await api.postmortems.markLost(a.id, input);
            setMarkingLost(false);
            await afterLossChange();
            navigate(`/accounts/${a.id}/postmortem`);
          }}
        />
      )}

      {dialog && (
        <Dialog title={dialog.mode === 'new' ? `Log a touchpoint with ${a.name}` : 'Edit touchpoint'} onClose={() => setDialog(null)} className="dialog--touchpoint">
          <TouchpointForm
            accountId={a.id}
            contacts={contacts.data ?? []}
            initial={dialog.mode === 'new' ? newTouchpointValues(me.user.id) : touchpointValues(dialog.touchpoint)}
            submitLabel={dialog.mode === 'new' ? 'Log touchpoint' : 'Save touchpoint'}
            onCancel={() => setDialog(null)}
            onSubmit={async (input) => {
              // Opened by a key, the dialog has no button to give the focus back to: it goes to the touchpoint.
              if (dialog.mode === 'new') {
                const created = await api.touchpoints.create(input);
                setDialog(null);
                await afterTouchpointChange('Touchpoint logged.');
                focusRecordIfLost(`touchpoint-${created.id}`);
              } else {
                const patch = changedTouchpointFields(dialog.touchpoint, input);
                if (Object.keys(patch).length > 0) await api.touchpoints.update(dialog.touchpoint.id, patch);
                setDialog(null);
                await afterTouchpointChange('Touchpoint saved.');
                focusRecordIfLost(`touchpoint-${dialog.touchpoint.id}`);
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
              onCancel={() => {
                setEditing(false);
                focusRecordIfLost('edit-account');
              }}
              onSubmit={async (input) => {
                const patch = changedFields(a, input);
                if (Object.keys(patch).length > 0) onSaved(await api.accounts.update(a.id, patch));
                setEditing(false);
                // The form is gone: the focus back on the button that opened it, not the top of the page.
                focusRecordIfLost('edit-account');
              }}
            />
          </section>
        ) : (
          <div className="account-page__side">
            <AccountAlerts account={a} />
            <CadencePanel account={a} />
            <AccountDetails account={a} />
          </div>
        )}
        <div className="account-page__main">
          <HealthPanel account={a} />
          {/* The people first: a handful of rows, where the ledger runs to dozens. */}
          <ContactsSection account={a} />
          <DeliverySection account={a} />
          <TimelineSection
            account={a}
            notice={notice}
            seekTouchpointId={seekTouchpointId}
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
        <dd>{cadenceText(a.cadenceDays)}</dd>
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

/**
 * A lost account says when and why, links to its post-mortem, and can be undone (a mistake, or a
 * client who came back). Lost without a record (the status set by hand): a button to record why.
 */
function LostBanner({ account: a, onRecord, onUndone }: { account: Account; onRecord: () => void; onUndone: () => Promise<void> }) {
  const { canWrite } = useSession();
  const postmortem = useQuery({ queryKey: keys.postmortem(a.id), queryFn: ({ signal }) => api.postmortems.get(a.id, signal), retry: false });
  const undo = useMutation({ mutationFn: () => api.postmortems.undoLost(a.id), onSuccess: onUndone });
  if (postmortem.isPending) return null;
  if (postmortem.isError) {
    if (!isApiError(postmortem.error, 'not_found')) return null;
    return (
      <div className="alert alert--info lost-banner" role="status">
        <p>
          <strong>Lost, but nobody recorded why.</strong> Record the day and the reasons to get its post-mortem and count it in the loss report.
        </p>
        {canWrite && (
          <button type="button" className="button button--primary" onClick={onRecord}>
            Record why it was lost
          </button>
        )}
      </div>
    );
  }
  const loss = postmortem.data.loss;
  return (
    <div className="alert lost-banner" role="status" data-testid="lost-banner">
      <p>
        <strong>Lost on {formatDate(loss.lostOn)}</strong>
        {loss.reasons.length > 0 && <> — {loss.reasons.map((r) => LOSS_REASON_LABELS[r]).join(', ')}</>}
        {loss.recordedBy && <span className="muted"> · recorded by {loss.recordedBy.name}</span>}
      </p>
      <div className="lost-banner__actions">
        <Link className="button button--primary" to={`/accounts/${a.id}/postmortem`}>
          Read the post-mortem
        </Link>
        {canWrite && (
          <ConfirmButton question="Make it active again?" confirmLabel="Undo loss" busy={undo.isPending} onConfirm={() => undo.mutate()} className="button">
            Undo
          </ConfirmButton>
        )}
      </div>
      <FormError error={undo.error} />
    </div>
  );
}
