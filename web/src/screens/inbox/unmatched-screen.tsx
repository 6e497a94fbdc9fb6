import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { invalidateAccountFacts, keys, membersQuery, refreshAttentionBoard } from '../../api/queries';
import { fieldErrorsOf, isMissingRoute } from '../../api/client';
import { DIRECTIONS, type Account, type Contact, type Direction, type UnmatchedMail } from '../../api/types';
import { useSession } from '../../session';
import { usePageTitle } from '../../components/page-title';
import { AccountPicker } from '../../components/account-picker';
import { ConfirmButton } from '../../components/confirm-button';
import { FormError } from '../../components/form-error';
import { ChoiceGroup } from '../../components/choice-group';
import { DIRECTION_LABELS, formatDateTime, formatRelative, plural } from '../../format';

const PAGE = 50;

/** Lower-case bare addresses of everyone on the mail. */
function addressesOf(mail: UnmatchedMail): { from: string; all: Set<string> } {
  const clean = (a: string) => (/<([^>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase();
  const from = clean(mail.from);
  return { from, all: new Set([from, ...mail.to.map(clean), ...mail.cc.map(clean)]) };
}

/**
 * Mail that reached the intake address but matched no contact: each can be assigned to an account
 * (with the contacts whose addresses are on it pre-checked) or discarded.
 */
export function UnmatchedScreen() {
  usePageTitle('Unmatched mail');
  const [notice, setNotice] = useState<{ text: string; accountId: string } | null>(null);
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: [...keys.unmatched, 'list'],
    queryFn: ({ pageParam, signal }) => api.intake.unmatched({ cursor: pageParam, limit: PAGE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
  const mails = list.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.unmatched });

  return (
    <div className="page page--narrow unmatched">
      <div className="page-head">
        <div>
          <h1>Unmatched mail</h1>
          <p className="page-head__sub">Mail sent to the intake address that Rapport could not match to a contact.</p>
        </div>
      </div>
      {notice && (
        <div className="alert alert--success" role="status">
          {notice.text} <Link to={`/accounts/${notice.accountId}`}>Open the account</Link>
        </div>
      )}
      {list.isPending && <p role="status">Loading…</p>}
      {list.isError &&
        (isMissingRoute(list.error) ? (
          <div className="alert alert--info">This server does not run mail intake yet.</div>
        ) : (
          <FormError error={list.error} />
        ))}
      {list.isSuccess && mails.length === 0 && (
        <div className="empty-state" data-testid="unmatched-empty">
          <h2>No unmatched mail</h2>
          <p>
            When someone BCCs or forwards a mail to the workspace&rsquo;s intake address, Rapport logs it on the account whose contacts are on it. Mail from or
            to addresses no contact has waits here, so nothing is lost: assign it to an account, or discard it.
          </p>
          <Link className="button button--primary" to="/settings#intake-title">
            Find the intake address
          </Link>
        </div>
      )}
      {mails.length > 0 && (
        <ul className="mail-list">
          {mails.map((mail) => (
            <MailItem
              key={mail.id}
              mail={mail}
              onAssigned={(account) => {
                setNotice({ text: `Assigned “${mail.subject || '(no subject)'}” to ${account.name}.`, accountId: account.id });
                // The timeline, the health score and its alerts.
                void invalidateAccountFacts(queryClient, account.id);
                void queryClient.invalidateQueries({ queryKey: keys.cadence(account.id) });
                void refreshAttentionBoard(queryClient);
                void refresh();
              }}
              onDiscarded={() => {
                setNotice(null);
                void refresh();
              }}
            />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" className="button button--block" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}

function MailItem({ mail, onAssigned, onDiscarded }: { mail: UnmatchedMail; onAssigned: (account: Account) => void; onDiscarded: () => void }) {
  const { canWrite } = useSession();
  const [assigning, setAssigning] = useState(false);
  const [whole, setWhole] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const subject = mail.subject || '(no subject)';
  return (
    <li className="card mail" data-mail-id={mail.id} aria-label={subject}>
      <div className="mail__head">
        <h2 className="mail__subject">{subject}</h2>
        <time dateTime={mail.sentAt} title={formatDateTime(mail.sentAt)} className="muted">
          {formatRelative(mail.sentAt)}
        </time>
      </div>
      <dl className="mail__people">
        <dt>From</dt>
        <dd>{mail.from}</dd>
        <dt>To</dt>
        <dd>{mail.to.join(', ') || '—'}</dd>
        {mail.cc.length > 0 && (
          <>
            <dt>Cc</dt>
            <dd>{mail.cc.join(', ')}</dd>
          </>
        )}
        <dt>Sent</dt>
        <dd>{formatDateTime(mail.sentAt)}</dd>
      </dl>
      {(mail.snippet || mail.bodyText) && <p className="mail__snippet">{whole ? mail.bodyText : mail.snippet}</p>}
      {mail.snippet.endsWith('…') && (
        <button type="button" className="button button--quiet tp__more" aria-expanded={whole} onClick={() => setWhole((x) => !x)}>
          {whole ? 'Show less' : 'Show the whole mail'}
        </button>
      )}
      <FormError error={error} />
      {canWrite && !assigning && (
        <div className="form-actions">
          <button type="button" className="button button--primary" onClick={() => setAssigning(true)}>
            Assign to account<span className="visually-hidden">: {subject}</span>
          </button>
          <ConfirmButton
            question="Discard this mail? It will not be logged."
            confirmLabel="Discard"
            busy={busy}
            onConfirm={async () => {
              setBusy(true);
              setError(null);
              try {
                await api.intake.discard(mail.id);
                onDiscarded();
              } catch (e) {
                setError(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            Discard<span className="visually-hidden">: {subject}</span>
          </ConfirmButton>
        </div>
      )}
      {assigning && <AssignForm mail={mail} onCancel={() => setAssigning(false)} onAssigned={onAssigned} />}
    </li>
  );
}

/**
 * Choose the account, then who on the mail was there (pre-checked by address) and who started it
 * (as the server would guess: the agency when a team member sent it, else the client).
 */
function AssignForm({ mail, onCancel, onAssigned }: { mail: UnmatchedMail; onCancel: () => void; onAssigned: (account: Account) => void }) {
  const addresses = addressesOf(mail);
  const members = useQuery(membersQuery);
  const sentByTeam = members.data?.items.some((m) => m.email.toLowerCase() === addresses.from) ?? false;
  const [account, setAccount] = useState<Account | null>(null);
  const [contactIds, setContactIds] = useState<string[]>([]);
  const [direction, setDirection] = useState<Direction | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosenDirection: Direction = direction ?? (sentByTeam ? 'agency_initiated' : 'client_initiated');
  const contacts = useQuery({
    queryKey: keys.contacts(account?.id ?? ''),
    queryFn: ({ signal }) => api.contacts.listAll(account?.id ?? '', signal),
    enabled: account !== null,
  });

  function pick(chosen: Account, list: Contact[] | undefined) {
    setAccount(chosen);
    setError(null);
    if (!list) return;
    const onMail = list.filter((c) => c.emails.some((e) => addresses.all.has(e.toLowerCase())));
    setContactIds(onMail.map((c) => c.id));
    if (list.some((c) => c.emails.some((e) => e.toLowerCase() === addresses.from))) setDirection('client_initiated');
  }

  // Once the chosen account's contacts arrive, check those whose address is on the mail.
  const [seeded, setSeeded] = useState<string | null>(null);
  if (account && contacts.data && seeded !== account.id) {
    setSeeded(account.id);
    pick(account, contacts.data);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!account) {
      setError(new Error('Choose the account this mail belongs to.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.intake.assign(mail.id, { accountId: account.id, contactIds, direction: chosenDirection });
      onAssigned(account);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const list = contacts.data ?? [];
  return (
    <form className="assign-form" onSubmit={submit} noValidate aria-label={`Assign ${mail.subject || 'mail'}`}>
      <FormError error={error} fields={['accountId', 'contactIds', 'direction']} />
      {account ? (
        <p className="assign-form__account">
          Account: <strong>{account.name}</strong>{' '}
          <button type="button" className="button button--quiet" onClick={() => setAccount(null)}>
            Change
          </button>
        </p>
      ) : (
        <AccountPicker label="Account" autoFocus onChoose={(a) => pick(a, undefined)} invalid={Boolean(fieldErrorsOf(error, 'accountId')?.length)} />
      )}
      {fieldErrorsOf(error, 'accountId')?.length ? <p className="field__error">{fieldErrorsOf(error, 'accountId')?.join(' · ')}</p> : null}
      {account && (
        <>
          <fieldset className="choice">
            <legend>Contacts on this mail</legend>
            {contacts.isPending && <p role="status">Loading contacts…</p>}
            {contacts.isSuccess && list.length === 0 && <p className="muted choice__empty">{account.name} has no contacts yet; the mail is logged on the account alone.</p>}
            <div className="choice__options choice__options--people">
              {list.map((c) => {
                const matched = c.emails.some((e) => addresses.all.has(e.toLowerCase()));
                return (
                  <label key={c.id} className="check">
                    <input
                      type="checkbox"
                      checked={contactIds.includes(c.id)}
                      onChange={(e) => setContactIds((ids) => (e.target.checked ? [...ids, c.id] : ids.filter((x) => x !== c.id)))}
                    />
                    <span>
                      {c.name}
                      {matched && <span className="badge badge--current">on the mail</span>}
                    </span>
                  </label>
                );
              })}
            </div>
            {fieldErrorsOf(error, 'contactIds')?.length ? <p className="field__error">{fieldErrorsOf(error, 'contactIds')?.join(' · ')}</p> : null}
            {list.length > 0 && <p className="muted choice__empty">{plural(contactIds.length, 'contact')} checked.</p>}
          </fieldset>
          <ChoiceGroup
            legend="Who started it"
            name={`direction-${mail.id}`}
            options={DIRECTIONS.map((d) => ({ value: d, label: DIRECTION_LABELS[d] }))}
            value={chosenDirection}
            onChange={setDirection}
          />
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy || !account}>
          {busy ? 'Assigning…' : 'Assign'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
