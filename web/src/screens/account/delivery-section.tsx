import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { invalidateAccountFacts, keys } from '../../api/queries';
import { isMissingRoute } from '../../api/client';
import type { Account, AccountDelivery, Deliverable, Incident, Project, Target } from '../../api/types';
import { useSession } from '../../session';
import { Dialog } from '../../components/dialog';
import { ConfirmButton } from '../../components/confirm-button';
import { FormError } from '../../components/form-error';
import { DeliverableStateBadge, TargetBadge } from '../../components/badges';
import { isPageShortcut } from '../../components/keyboard';
import { LEDGER_KEYS } from '../../shortcuts';
import { INCIDENT_KIND_LABELS, PROJECT_STATUS_LABELS, SEVERITY_POINTS_LABELS, formatDate, formatDateTime, formatMoney, formatRelative, localDay, plural } from '../../format';
import {
  DeliverableForm,
  IncidentForm,
  ProjectForm,
  TargetForm,
  changedOnly,
  deliverableBody,
  incidentBody,
  projectBody,
  targetBody,
  type DeliverableBody,
  type IncidentBody,
  type ProjectBody,
  type TargetBody,
} from './delivery-forms';
import { focusAfterRemoving, focusRecordIfLost } from './keep-focus';

type LedgerKind = (typeof LEDGER_KEYS)[keyof typeof LEDGER_KEYS];

type LedgerDialog =
  | { kind: 'project'; item: Project | null }
  | { kind: 'deliverable'; item: Deliverable | null; projectId?: string }
  | { kind: 'target'; item: Target | null }
  | { kind: 'incident'; item: Incident | null }
  | null;

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const formatMeasure = (n: number | null) => (n === null ? '—' : numberFormat.format(n));

/**
 * The account's delivery ledger: projects with their deliverables (where each stands against its
 * due time), KPI targets (met or missed) and quality incidents, with keyboard-first forms to add
 * and change each: p project, d deliverable, g target (goal), i incident.
 */
export function DeliverySection({ account }: { account: Account }) {
  const { canWrite, me } = useSession();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<LedgerDialog>(null);
  const [notice, setNotice] = useState('');
  const ledger = useQuery({ queryKey: keys.delivery(account.id), queryFn: ({ signal }) => api.delivery.forAccount(account.id, signal) });
  const data = ledger.data;
  const hasProjects = (data?.projects.length ?? 0) > 0;

  const open = (kind: 'project' | 'deliverable' | 'target' | 'incident') => {
    // A deliverable belongs to a project: without one, start with the project.
    if (kind === 'deliverable' && !hasProjects) setDialog({ kind: 'project', item: null });
    else setDialog({ kind, item: null } as LedgerDialog);
  };

  useEffect(() => {
    if (!canWrite || !ledger.isSuccess) return;
    function onKeyDown(event: KeyboardEvent) {
      const kind = (LEDGER_KEYS as Record<string, LedgerKind | undefined>)[event.key];
      if (!kind || !isPageShortcut(event)) return;
      event.preventDefault();
      open(kind);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  });

  /** A change to the ledger moves the health score, the alerts and the timeline. */
  const afterChange = async (message: string) => {
    setNotice(message);
    await invalidateAccountFacts(queryClient, account.id);
  };
  /** The dialog closed and the page updated; the focus, if it has nowhere to go back to (the dialog was opened by a key), on the record. */
  const saved = async (message: string, recordId: string) => {
    setDialog(null);
    await afterChange(message);
    focusRecordIfLost(recordId);
  };

  const currency = account.value?.currency ?? 'EUR';
  return (
    <section className="card delivery" aria-labelledby="delivery-title" data-testid="delivery-section">
      <div className="section-head">
        <h2 id="delivery-title" tabIndex={-1}>
          Delivery
        </h2>
        {canWrite && ledger.isSuccess && (
          <div className="delivery__add" role="group" aria-label="Add to the ledger">
            <AddButton label="Project" shortcut="p" onClick={() => open('project')} />
            <AddButton label="Deliverable" shortcut="d" onClick={() => open('deliverable')} />
            <AddButton label="Target" shortcut="g" onClick={() => open('target')} />
            <AddButton label="Incident" shortcut="i" onClick={() => open('incident')} />
          </div>
        )}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
      {ledger.isPending && <p role="status">Loading the ledger…</p>}
      {ledger.isError &&
        (isMissingRoute(ledger.error) ? (
          <p className="muted">This server does not keep a delivery ledger yet.</p>
        ) : (
          <div className="alert alert--error" role="alert">
            The delivery ledger could not be loaded: {ledger.error.message}{' '}
            <button type="button" className="button" onClick={() => void ledger.refetch()}>
              Try again
            </button>
          </div>
        ))}
      {data && <LedgerBody account={account} data={data} canWrite={canWrite} onEdit={setDialog} onChanged={afterChange} onAdd={open} />}

      {dialog && data && (
        <Dialog title={dialogTitle(dialog, account.name)} onClose={() => setDialog(null)} className="dialog--ledger">
          {dialog.kind === 'project' && (
            <ProjectForm
              initial={projectBody(dialog.item)}
              currency={currency}
              submitLabel={dialog.item ? 'Save project' : 'Add project'}
              onCancel={() => setDialog(null)}
              onSubmit={async (body: ProjectBody) => {
                if (dialog.item) {
                  const patch = changedOnly(projectBody(dialog.item), body);
                  if (Object.keys(patch).length > 0) await api.delivery.updateProject(dialog.item.id, patch);
                  await saved('Project saved.', `project-${dialog.item.id}`);
                } else {
                  const created = await api.delivery.createProject({ accountId: account.id, ...body });
                  await saved('Project added.', `project-${created.id}`);
                }
              }}
            />
          )}
          {dialog.kind === 'deliverable' && (
            <DeliverableForm
              initial={deliverableBody(dialog.item, dialog.projectId ?? defaultProject(data.projects)?.id ?? '', me.user.id)}
              projects={data.projects}
              submitLabel={dialog.item ? 'Save deliverable' : 'Add deliverable'}
              onCancel={() => setDialog(null)}
              onSubmit={async (body: DeliverableBody) => {
                if (dialog.item) {
                  const patch = changedOnly(deliverableBody(dialog.item, dialog.item.projectId, null), body);
                  if (Object.keys(patch).length > 0) await api.delivery.updateDeliverable(dialog.item.id, patch);
                  await saved('Deliverable saved.', `deliverable-${dialog.item.id}`);
                } else {
                  const created = await api.delivery.createDeliverable(body);
                  await saved('Deliverable added.', `deliverable-${created.id}`);
                }
              }}
            />
          )}
          {dialog.kind === 'target' && (
            <TargetForm
              initial={targetBody(dialog.item)}
              projects={data.projects}
              submitLabel={dialog.item ? 'Save target' : 'Add target'}
              onCancel={() => setDialog(null)}
              onSubmit={async (body: TargetBody) => {
                if (dialog.item) {
                  const patch = changedOnly(targetBody(dialog.item), body);
                  if (Object.keys(patch).length > 0) await api.delivery.updateTarget(dialog.item.id, patch);
                  await saved('Target saved.', `target-${dialog.item.id}`);
                } else {
                  const created = await api.delivery.createTarget({ accountId: account.id, ...body });
                  await saved('Target added.', `target-${created.id}`);
                }
              }}
            />
          )}
          {dialog.kind === 'incident' && (
            <IncidentForm
              initial={incidentBody(dialog.item)}
              deliverables={data.deliverables}
              submitLabel={dialog.item ? 'Save incident' : 'Record incident'}
              onCancel={() => setDialog(null)}
              onSubmit={async (body: IncidentBody) => {
                if (dialog.item) {
                  const patch = changedOnly(incidentBody(dialog.item), body);
                  if (Object.keys(patch).length > 0) await api.delivery.updateIncident(dialog.item.id, patch);
                  await saved('Incident saved.', `incident-${dialog.item.id}`);
                } else {
                  const created = await api.delivery.createIncident({ accountId: account.id, ...body });
                  await saved('Incident recorded.', `incident-${created.id}`);
                }
              }}
            />
          )}
        </Dialog>
      )}
    </section>
  );
}

/** The project a new deliverable goes to: the newest one still running, else the newest. */
function defaultProject(projects: Project[]): Project | undefined {
  return projects.find((p) => p.status === 'active' || p.status === 'planned') ?? projects[0];
}

function dialogTitle(dialog: NonNullable<LedgerDialog>, accountName: string): string {
  const noun = { project: 'project', deliverable: 'deliverable', target: 'target', incident: 'incident' }[dialog.kind];
  return dialog.item ? `Edit ${noun}` : dialog.kind === 'incident' ? `Record an incident at ${accountName}` : `Add a ${noun} for ${accountName}`;
}

function AddButton({ label, shortcut, onClick }: { label: string; shortcut: string; onClick: () => void }) {
  return (
    <button type="button" className="button button--small" onClick={onClick} aria-keyshortcuts={shortcut}>
      + {label} <kbd className="button__kbd" aria-hidden="true">{shortcut}</kbd>
    </button>
  );
}

interface BodyProps {
  account: Account;
  data: AccountDelivery;
  canWrite: boolean;
  onEdit: (dialog: LedgerDialog) => void;
  onChanged: (message: string) => Promise<void>;
  onAdd: (kind: 'project' | 'deliverable' | 'target' | 'incident') => void;
}

function LedgerBody({ account, data, canWrite, onEdit, onChanged, onAdd }: BodyProps) {
  const empty = data.projects.length === 0 && data.targets.length === 0 && data.incidents.length === 0;
  if (empty) {
    return (
      <div className="empty-state empty-state--small" data-testid="delivery-empty">
        <p>
          <strong>Nothing in the ledger yet.</strong> Record the projects you run for {account.name} and their deliverables with due dates, the KPI targets you
          agreed, and any incidents. The health score reads them: late is late, even when the client &ldquo;won&rsquo;t mind&rdquo;.
        </p>
        {canWrite && (
          <button type="button" className="button button--primary" onClick={() => onAdd('project')} aria-keyshortcuts="p">
            Add the first project <kbd className="button__kbd" aria-hidden="true">p</kbd>
          </button>
        )}
      </div>
    );
  }
  const byProject = new Map<string, Deliverable[]>();
  for (const d of data.deliverables) byProject.set(d.projectId, [...(byProject.get(d.projectId) ?? []), d]);
  return (
    <>
      <LedgerSummary data={data} />
      {data.projects.length > 0 && (
        <div className="ledger-projects">
          {data.projects.map((p) => (
            <ProjectBlock key={p.id} project={p} deliverables={byProject.get(p.id) ?? []} canWrite={canWrite} onEdit={onEdit} onChanged={onChanged} />
          ))}
        </div>
      )}
      <TargetsBlock targets={data.targets} canWrite={canWrite} onEdit={onEdit} onChanged={onChanged} onAdd={() => onAdd('target')} />
      <IncidentsBlock incidents={data.incidents} canWrite={canWrite} onEdit={onEdit} onChanged={onChanged} />
    </>
  );
}

/** Counts at a glance: what is overdue or late, what was on time, targets met, incidents. */
function LedgerSummary({ data }: { data: AccountDelivery }) {
  const count = (state: Deliverable['state']) => data.deliverables.filter((d) => d.state === state).length;
  const measured = data.targets.filter((t) => t.met !== null);
  const met = measured.filter((t) => t.met).length;
  const chips: Array<[string, string, number]> = [
    ['overdue', 'overdue', count('overdue')],
    ['delivered_late', 'delivered late', count('delivered_late')],
    ['due_today', 'due today', count('due_today')],
    ['delivered_on_time', 'on time', count('delivered_on_time')],
    ['upcoming', 'upcoming', count('upcoming')],
  ];
  return (
    <ul className="ledger-summary" aria-label="Delivery at a glance">
      {chips
        .filter(([, , n]) => n > 0)
        .map(([state, label, n]) => (
          <li key={state} className={`ledger-summary__item badge badge--deliverable-${state}`}>
            {n} {label}
          </li>
        ))}
      {measured.length > 0 && (
        <li className={`ledger-summary__item badge ${met === measured.length ? 'badge--target-met' : 'badge--target-missed'}`}>
          {met} of {plural(measured.length, 'target')} met
        </li>
      )}
      {data.incidents.length > 0 && <li className="ledger-summary__item badge badge--incident">{plural(data.incidents.length, 'incident')}</li>}
    </ul>
  );
}

/**
 * Deletes a record of the ledger; once the page no longer shows it, the focus goes to the record
 * after it (else before it, else `fallbackIds`), not to the top of the page.
 */
function useRemove<T>(
  remove: (id: string) => Promise<void>,
  onChanged: (message: string) => Promise<void>,
  message: string,
  elementId: (id: string) => string,
  fallbackIds: readonly string[],
) {
  return useMutation<void, Error, T & { id: string }, () => void>({
    onMutate: (item) => focusAfterRemoving(elementId(item.id), fallbackIds),
    mutationFn: (item) => remove(item.id),
    onSuccess: async (_, __, refocus) => {
      await onChanged(message);
      refocus?.();
    },
  });
}

function ProjectBlock({
  project: p,
  deliverables,
  canWrite,
  onEdit,
  onChanged,
}: {
  project: Project;
  deliverables: Deliverable[];
  canWrite: boolean;
  onEdit: (d: LedgerDialog) => void;
  onChanged: (m: string) => Promise<void>;
}) {
  const remove = useRemove<Project>(api.delivery.removeProject, onChanged, 'Project deleted.', (id) => `project-${id}`, ['delivery-title']);
  const deliver = useMutation({
    mutationFn: (d: Deliverable) => api.delivery.updateDeliverable(d.id, { status: 'delivered' }),
    onSuccess: async (_, d) => {
      await onChanged('Marked delivered.');
      // The button is gone with the work delivered: the focus stays on its row, now saying so.
      focusRecordIfLost(`deliverable-${d.id}`);
    },
  });
  const removeDeliverable = useRemove<Deliverable>(api.delivery.removeDeliverable, onChanged, 'Deliverable deleted.', (id) => `deliverable-${id}`, [`project-${p.id}`]);
  const dates = [p.startsOn && `from ${formatDate(p.startsOn)}`, p.endsOn && `to ${formatDate(p.endsOn)}`].filter(Boolean).join(' ');
  // Finished projects fold away unless something in them is still late or due; running ones stay open.
  const needsEye = deliverables.some((d) => d.state === 'overdue' || d.state === 'due_today');
  const [open, setOpen] = useState(needsEye || !(p.status === 'done' || p.status === 'cancelled'));
  const listId = `project-${p.id}-deliverables`;
  const late = deliverables.filter((d) => d.state === 'overdue' || d.state === 'delivered_late').length;
  return (
    <div className={`ledger-project${open ? '' : ' ledger-project--folded'}`} id={`project-${p.id}`} tabIndex={-1}>
      <div className="ledger-project__head">
        <h3 className="ledger-project__name">
          <button type="button" className="ledger-project__toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((o) => !o)}>
            <span className="ledger-project__chevron" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            {p.name}
          </button>
        </h3>
        <span className={`badge badge--project-${p.status}`}>{PROJECT_STATUS_LABELS[p.status]}</span>
        <span className="muted ledger-project__meta">
          {dates}
          {p.budget && ` · budget ${formatMoney(p.budget.amount, p.budget.currency)}`}
        </span>
        {canWrite && (
          <span className="ledger-project__actions">
            <button type="button" className="button button--quiet button--small" onClick={() => onEdit({ kind: 'deliverable', item: null, projectId: p.id })}>
              + Deliverable<span className="visually-hidden"> in {p.name}</span>
            </button>
            <button type="button" className="button button--quiet button--small" onClick={() => onEdit({ kind: 'project', item: p })}>
              Edit<span className="visually-hidden"> {p.name}</span>
            </button>
            <ConfirmButton
              className="button button--danger-quiet button--small"
              question={deliverables.length ? `Delete ${p.name} and its ${plural(deliverables.length, 'deliverable')}?` : `Delete ${p.name}?`}
              confirmLabel="Delete"
              busy={remove.isPending}
              onConfirm={() => remove.mutate(p)}
            >
              Delete<span className="visually-hidden"> {p.name}</span>
            </ConfirmButton>
          </span>
        )}
      </div>
      {!open && (
        <p className="muted ledger-project__folded">
          {plural(deliverables.length, 'deliverable')}
          {late > 0 ? `, ${late} late` : deliverables.length > 0 ? ', all on time' : ''}
        </p>
      )}
      {open && p.brief && <p className="ledger-project__brief muted">{p.brief}</p>}
      <FormError error={remove.error ?? deliver.error ?? removeDeliverable.error} />
      {!open ? null : deliverables.length === 0 ? (
        <p className="muted ledger-project__empty">No deliverables yet{canWrite ? ': add one with its due date (press d).' : '.'}</p>
      ) : (
        <div className="ledger-table-scroll">
          <table className="table ledger-table" id={listId}>
            <thead>
              <tr>
                <th scope="col">Deliverable</th>
                <th scope="col">Due</th>
                <th scope="col">Where it stands</th>
                {canWrite && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {deliverables.map((d) => (
                <tr key={d.id} id={`deliverable-${d.id}`} tabIndex={-1} className={`ledger-row ledger-row--${d.state}`} data-deliverable-id={d.id}>
                  <th scope="row">
                    {d.title}
                    <span className="ledger-row__notes muted">
                      {d.owner ? d.owner.name : 'No owner'}
                      {d.notes && ` · ${d.notes}`}
                    </span>
                  </th>
                  <td className="ledger-row__due" title={`${formatDateTime(d.dueAt)} (${formatRelative(d.dueAt)})`}>
                    {formatDate(localDay(new Date(d.dueAt)))}
                  </td>
                  <td>
                    <DeliverableStateBadge state={d.state} daysLate={d.daysLate} />
                    {d.deliveredAt && (
                      <span className="muted ledger-row__delivered" title={formatDateTime(d.deliveredAt)}>
                        {d.status === 'approved' ? 'approved' : 'delivered'} {formatDate(localDay(new Date(d.deliveredAt)))}
                      </span>
                    )}
                  </td>
                  {canWrite && (
                    <td className="table__actions">
                      {(d.state === 'overdue' || d.state === 'due_today' || d.state === 'upcoming') && (
                        <button type="button" className="button button--small" disabled={deliver.isPending} onClick={() => deliver.mutate(d)}>
                          Delivered<span className="visually-hidden"> {d.title}</span>
                        </button>
                      )}
                      <button type="button" className="button button--quiet button--small" onClick={() => onEdit({ kind: 'deliverable', item: d })}>
                        Edit<span className="visually-hidden"> {d.title}</span>
                      </button>
                      <ConfirmButton
                        className="button button--danger-quiet button--small"
                        question="Delete?"
                        confirmLabel="Delete"
                        busy={removeDeliverable.isPending}
                        onConfirm={() => removeDeliverable.mutate(d)}
                      >
                        Delete<span className="visually-hidden"> {d.title}</span>
                      </ConfirmButton>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function TargetsBlock({
  targets,
  canWrite,
  onEdit,
  onChanged,
  onAdd,
}: {
  targets: Target[];
  canWrite: boolean;
  onEdit: (d: LedgerDialog) => void;
  onChanged: (m: string) => Promise<void>;
  onAdd: () => void;
}) {
  const remove = useRemove<Target>(api.delivery.removeTarget, onChanged, 'Target deleted.', (id) => `target-${id}`, ['targets-title']);
  const today = localDay();
  return (
    <div className="ledger-block">
      <h3 id="targets-title" tabIndex={-1}>
        Targets <span className="muted">({targets.length})</span>
      </h3>
      <FormError error={remove.error} />
      {targets.length === 0 ? (
        <p className="muted">
          No KPI targets recorded.{' '}
          {canWrite && (
            <button type="button" className="link-button" onClick={onAdd}>
              Add the goals you agreed (g)
            </button>
          )}
        </p>
      ) : (
        <div className="ledger-table-scroll">
          <table className="table ledger-table">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Goal
                </th>
                <th scope="col" className="num">
                  Actual
                </th>
                <th scope="col">Verdict</th>
                {canWrite && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {/* The latest periods first, and within a period by metric: the same order every period. */}
              {[...targets].sort((x, y) => y.periodEnd.localeCompare(x.periodEnd) || x.metric.localeCompare(y.metric) || x.id.localeCompare(y.id)).map((t) => (
                <tr key={t.id} id={`target-${t.id}`} tabIndex={-1} className={`ledger-row ledger-row--target-${t.met === null ? 'pending' : t.met ? 'met' : 'missed'}`}>
                  <th scope="row">
                    {t.metric}
                    <span className="ledger-row__notes muted">
                      {t.higherIsBetter ? 'more is better' : 'less is better'}
                      {t.projectName && ` · ${t.projectName}`}
                    </span>
                  </th>
                  <td>
                    {formatDate(t.periodStart)} – {formatDate(t.periodEnd)}
                  </td>
                  <td className="num">{formatMeasure(t.goal)}</td>
                  <td className="num">{formatMeasure(t.actual)}</td>
                  <td>
                    <TargetBadge met={t.met} />
                    {/* The score reads a target once its period has ended (no look-ahead): a verdict before then does not move it yet. */}
                    {t.met !== null && t.periodEnd > today && (
                      <span className="muted ledger-row__delivered">in the score from {formatDate(t.periodEnd)}, when the period ends</span>
                    )}
                  </td>
                  {canWrite && (
                    <td className="table__actions">
                      <button type="button" className="button button--quiet button--small" onClick={() => onEdit({ kind: 'target', item: t })}>
                        Edit<span className="visually-hidden"> {t.metric}</span>
                      </button>
                      <ConfirmButton className="button button--danger-quiet button--small" question="Delete?" confirmLabel="Delete" busy={remove.isPending} onConfirm={() => remove.mutate(t)}>
                        Delete<span className="visually-hidden"> {t.metric}</span>
                      </ConfirmButton>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function IncidentsBlock({
  incidents,
  canWrite,
  onEdit,
  onChanged,
}: {
  incidents: Incident[];
  canWrite: boolean;
  onEdit: (d: LedgerDialog) => void;
  onChanged: (m: string) => Promise<void>;
}) {
  const remove = useRemove<Incident>(api.delivery.removeIncident, onChanged, 'Incident deleted.', (id) => `incident-${id}`, ['incidents-title']);
  const sorted = [...incidents].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return (
    <div className="ledger-block">
      <h3 id="incidents-title" tabIndex={-1}>
        Quality incidents <span className="muted">({incidents.length})</span>
      </h3>
      <FormError error={remove.error} />
      {sorted.length === 0 ? (
        <p className="muted">No incidents recorded: no errors in reports, rework or missed meetings{canWrite ? ' (press i when one happens)' : ''}.</p>
      ) : (
        <ul className="incident-list">
          {sorted.map((i) => (
            <li key={i.id} id={`incident-${i.id}`} tabIndex={-1} className={`incident incident--severity-${i.severity}`}>
              <div className="incident__body">
                <div className="incident__head">
                  <strong>{INCIDENT_KIND_LABELS[i.kind] ?? i.kind}</strong>
                  <span className={`badge badge--incident-severity-${i.severity}`}>{SEVERITY_POINTS_LABELS[i.severity] ?? i.severity}</span>
                  <time className="muted" dateTime={i.occurredAt}>
                    {formatDateTime(i.occurredAt)}
                  </time>
                  {i.deliverableTitle && <span className="muted">· {i.deliverableTitle}</span>}
                </div>
                {i.description && <p className="incident__description">{i.description}</p>}
              </div>
              {canWrite && (
                <div className="incident__actions">
                  <button type="button" className="button button--quiet button--small" onClick={() => onEdit({ kind: 'incident', item: i })}>
                    Edit<span className="visually-hidden"> incident</span>
                  </button>
                  <ConfirmButton className="button button--danger-quiet button--small" question="Delete?" confirmLabel="Delete" busy={remove.isPending} onConfirm={() => remove.mutate(i)}>
                    Delete<span className="visually-hidden"> incident</span>
                  </ConfirmButton>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
