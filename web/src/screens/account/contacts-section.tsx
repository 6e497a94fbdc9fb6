import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { invalidateAccountFacts, keys, refreshAttentionBoard } from '../../api/queries';
import type { Account, Contact, ContactCadence, SocialNetwork } from '../../api/types';
import { useSession } from '../../session';
import { ConfirmButton } from '../../components/confirm-button';
import { FormError } from '../../components/form-error';
import { CONTACT_ROLE_LABELS, INFLUENCE_LABELS, NETWORK_LABELS, formatDate, formatDateTime, formatRelative, plural } from '../../format';
import { ContactForm, contactValues, emptyContactValues } from './contact-form';
import { useCadence } from './cadence-panel';
import { focusAfterRemoving, focusRecordIfLost } from './keep-focus';

/** Primary first, people still at the company before those who left, then by name. */
function byImportance(a: Contact, b: Contact): number {
  if (a.isPrimary !== b.isPrimary) return a.isPrimary ? -1 : 1;
  if (a.status !== b.status) return a.status === 'active' ? -1 : 1;
  return a.name.localeCompare(b.name);
}

/** Every contact of an account, with add, edit and delete. */
export function ContactsSection({ account }: { account: Account }) {
  const { canWrite } = useSession();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  // Each form open on its own: opening another (or the new-contact form) never throws away one being typed in.
  const [editingIds, setEditingIds] = useState<ReadonlySet<string>>(new Set());
  const setEditing = (id: string, on: boolean) =>
    setEditingIds((ids) => {
      const next = new Set(ids);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const contacts = useQuery({ queryKey: keys.contacts(account.id), queryFn: ({ signal }) => api.contacts.listAll(account.id, signal) });

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: keys.contacts(account.id) });
    // The account's contact count, in the portfolio and on this page.
    void queryClient.invalidateQueries({ queryKey: keys.accounts });
    // Who is engaged (and so single-threaded or not), and the names on the timeline.
    void queryClient.invalidateQueries({ queryKey: keys.cadence(account.id) });
    // The names on the timeline; breadth and a champion who left move the health score and raise alerts.
    void invalidateAccountFacts(queryClient, account.id);
    void refreshAttentionBoard(queryClient);
  };
  // Once the contact is gone, the focus on the next one (else the one before, else the heading), not the top of the page.
  const remove = useMutation({
    onMutate: (id: string) => focusAfterRemoving(`contact-${id}`, ['contacts-title']),
    mutationFn: (id: string) => api.contacts.remove(id),
    onSuccess: async (_, __, refocus) => {
      await refresh();
      refocus?.();
    },
  });

  const list = [...(contacts.data ?? [])].sort(byImportance);
  const cadence = useCadence(account.id);
  const touchesOf = new Map((cadence.data?.contacts ?? []).map((c) => [c.id, c]));

  return (
    <section className="card contacts" aria-labelledby="contacts-title">
      <div className="section-head">
        <h2 id="contacts-title" tabIndex={-1}>
          Contacts <span className="muted">({contacts.data?.length ?? account.contactCount})</span>
        </h2>
        {canWrite && !adding && (
          <button type="button" id="add-contact" className="button button--primary" onClick={() => setAdding(true)}>
            Add contact
          </button>
        )}
      </div>
      {adding && (
        <ContactForm
          title="New contact"
          initial={emptyContactValues()}
          submitLabel="Add contact"
          onCancel={() => {
            setAdding(false);
            focusRecordIfLost('add-contact');
          }}
          onSubmit={async (input) => {
            const created = await api.contacts.create(account.id, input);
            await refresh();
            setAdding(false);
            focusRecordIfLost(`contact-${created.id}`);
          }}
        />
      )}
      <FormError error={remove.error} />
      {contacts.isPending && <p role="status">Loading contacts…</p>}
      {contacts.isError && (
        <div className="alert alert--error" role="alert">
          The contacts could not be loaded: {contacts.error.message}
        </div>
      )}
      {contacts.isSuccess && list.length === 0 && !adding && (
        <div className="empty-state empty-state--small">
          <p>
            <strong>No contacts yet.</strong> Add everyone you deal with at {account.name} — not only your favourite: the decision maker, the
            champion, finance.
          </p>
        </div>
      )}
      <ul className="contact-list">
        {list.map((contact) =>
          editingIds.has(contact.id) ? (
            <li key={contact.id} className="contact contact--editing">
              <ContactForm
                title={`Edit ${contact.name}`}
                initial={contactValues(contact)}
                submitLabel="Save contact"
                onCancel={() => {
                  setEditing(contact.id, false);
                  focusRecordIfLost(`contact-${contact.id}`);
                }}
                onSubmit={async (input) => {
                  await api.contacts.update(contact.id, input);
                  await refresh();
                  setEditing(contact.id, false);
                  focusRecordIfLost(`contact-${contact.id}`);
                }}
              />
            </li>
          ) : (
            <ContactItem
              key={contact.id}
              contact={contact}
              touches={touchesOf.get(contact.id)}
              canWrite={canWrite}
              onEdit={() => setEditing(contact.id, true)}
              onDelete={() => remove.mutate(contact.id)}
              deleting={remove.isPending && remove.variables === contact.id}
            />
          ),
        )}
      </ul>
    </section>
  );
}

/** When this person was last in a touch, and last started one: who is engaged and who has gone silent. */
function ContactTouches({ touches: t }: { touches: ContactCadence | undefined }) {
  if (!t) return null;
  if (!t.lastTouchAt) return <p className="contact__touches muted">Not in any touchpoint yet</p>;
  return (
    <p className="contact__touches" data-testid="contact-touches">
      <span title={formatDateTime(t.lastTouchAt)}>Last touch {formatRelative(t.lastTouchAt)}</span>
      <span title={t.lastInitiatedAt ? formatDateTime(t.lastInitiatedAt) : undefined}>
        {t.lastInitiatedAt ? `last reached out ${formatRelative(t.lastInitiatedAt)}` : 'never reached out'}
      </span>
      <span className="muted">{plural(t.touches90, 'touch', 'touches')} in 90 days</span>
    </p>
  );
}

function ContactItem({
  contact: c,
  touches,
  canWrite,
  onEdit,
  onDelete,
  deleting,
}: {
  contact: Contact;
  touches: ContactCadence | undefined;
  canWrite: boolean;
  onEdit: () => void;
  onDelete: () => void;
  deleting: boolean;
}) {
  return (
    <li className={`contact${c.status === 'left' ? ' contact--left' : ''}`} data-contact-id={c.id} id={`contact-${c.id}`} tabIndex={-1}>
      <div className="contact__main">
        <div className="contact__name">
          {c.isPrimary && (
            <span className="contact__star" title="Primary contact" role="img" aria-label="Primary contact">
              ★
            </span>
          )}
          <strong>{c.name}</strong>
          {c.title && <span className="muted"> · {c.title}</span>}
          {c.status === 'left' && <span className="badge badge--left">Left {c.leftOn ? formatDate(c.leftOn) : ''}</span>}
        </div>
        <div className="contact__meta">
          <span className={`badge badge--role badge--${c.role}`}>{CONTACT_ROLE_LABELS[c.role]}</span>
          <span className="influence" title={`Influence ${c.influence} of 5: ${INFLUENCE_LABELS[c.influence] ?? ''}`}>
            <span className="visually-hidden">Influence {c.influence} of 5</span>
            <span aria-hidden="true">
              {'●'.repeat(c.influence)}
              {/* Hollow in the muted grey: the empty places read as places (WCAG 1.4.11), not as nothing. */}
              <span className="influence__off">{'○'.repeat(Math.max(0, 5 - c.influence))}</span>
            </span>
          </span>
        </div>
        {(c.emails.length > 0 || c.phone || c.socialHandles.length > 0) && (
          <ul className="contact__channels">
            {c.emails.map((e) => (
              <li key={e}>
                <a href={`mailto:${e}`}>{e}</a>
              </li>
            ))}
            {c.phone && (
              <li>
                <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
              </li>
            )}
            {c.socialHandles.map((h) => (
              <li key={`${h.network}:${h.handle}`}>
                <span className="muted">{NETWORK_LABELS[h.network as SocialNetwork] ?? h.network}</span> {h.handle}
              </li>
            ))}
          </ul>
        )}
        <ContactTouches touches={touches} />
        {c.notes && <p className="contact__notes">{c.notes}</p>}
      </div>
      {canWrite && (
        <div className="contact__actions">
          <button type="button" className="button button--quiet" onClick={onEdit}>
            Edit<span className="visually-hidden"> {c.name}</span>
          </button>
          <ConfirmButton question={`Delete ${c.name} for good?`} confirmLabel="Delete" onConfirm={onDelete} busy={deleting}>
            Delete<span className="visually-hidden"> {c.name}</span>
          </ConfirmButton>
        </div>
      )}
    </li>
  );
}
