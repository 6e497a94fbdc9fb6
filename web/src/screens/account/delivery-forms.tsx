import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { membersQuery } from '../../api/queries';
import {
  DELIVERABLE_STATUSES,
  INCIDENT_KINDS,
  PROJECT_STATUSES,
  type Deliverable,
  type DeliverableStatus,
  type Incident,
  type IncidentKind,
  type Project,
  type ProjectStatus,
  type Target,
} from '../../api/types';
import { Field, SelectField } from '../../components/field';
import { SaveForm } from '../../components/save-form';
import { ChoiceGroup } from '../../components/choice-group';
import { incidentDeliverableChoices } from './incident-choices';
import { DELIVERABLE_STATUS_LABELS, INCIDENT_KIND_LABELS, PROJECT_STATUS_LABELS, SEVERITY_POINTS_LABELS, formatMonth, localDay, toLocalInputValue } from '../../format';

/* ---------- Shared ---------- */

/** A local date-time typed in a datetime-local input as an ISO instant; what the browser cannot read is sent as typed (the server names the field). */
function toInstant(value: string): string {
  const when = new Date(value);
  return value && !Number.isNaN(when.getTime()) ? when.toISOString() : value;
}
const blank = (s: string): string | null => (s.trim() === '' ? null : s.trim());
/** A number as typed: a number when it reads as one, else the text (the server explains). */
function toNumber(text: string): number {
  const n = Number(text.trim().replace(/,/g, ''));
  return text.trim() !== '' && Number.isFinite(n) ? n : (text as unknown as number);
}

/** The fields of `after` whose value differs from `before`: a PATCH changes (and audits) only those. */
export function changedOnly<T extends object>(before: T, after: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) patch[key] = after[key];
  }
  return patch;
}

interface FormProps<Body> {
  submitLabel: string;
  onSubmit: (body: Body) => Promise<unknown>;
  onCancel: () => void;
}

/* ---------- Project ---------- */

const FINISHED: readonly ProjectStatus[] = ['done', 'cancelled'];

/** "Loyalty relaunch · Active · Nov 2026 – Jan 2027": two projects of one name told apart. */
export function projectOptionLabel(p: Pick<Project, 'name' | 'status' | 'startsOn' | 'endsOn'>): string {
  const span = p.startsOn && p.endsOn ? `${formatMonth(p.startsOn)} – ${formatMonth(p.endsOn)}` : p.startsOn ? `from ${formatMonth(p.startsOn)}` : p.endsOn ? `until ${formatMonth(p.endsOn)}` : '';
  return [p.name, PROJECT_STATUS_LABELS[p.status], span].filter(Boolean).join(' · ');
}

/** A project select's options: open projects first, finished ones apart (work is rarely added to them). */
function ProjectOptions({ projects }: { projects: readonly Project[] }) {
  const open = projects.filter((p) => !FINISHED.includes(p.status));
  const finished = projects.filter((p) => FINISHED.includes(p.status));
  const options = (list: readonly Project[]) =>
    list.map((pr) => (
      <option key={pr.id} value={pr.id}>
        {projectOptionLabel(pr)}
      </option>
    ));
  if (finished.length === 0) return <>{options(open)}</>;
  return (
    <>
      {open.length > 0 && <optgroup label="Open">{options(open)}</optgroup>}
      <optgroup label="Finished">{options(finished)}</optgroup>
    </>
  );
}

export interface ProjectBody {
  name: string;
  status: ProjectStatus;
  startsOn: string | null;
  endsOn: string | null;
  budget: { amount: number; currency: string } | null;
  brief: string;
}

export function projectBody(p: Project | null): ProjectBody {
  return {
    name: p?.name ?? '',
    status: p?.status ?? 'active',
    startsOn: p ? p.startsOn : localDay(),
    endsOn: p?.endsOn ?? null,
    budget: p?.budget ?? null,
    brief: p?.brief ?? '',
  };
}

export function ProjectForm({ initial, currency, ...props }: FormProps<ProjectBody> & { initial: ProjectBody; currency: string }) {
  const [v, setV] = useState({
    name: initial.name,
    status: initial.status,
    startsOn: initial.startsOn ?? '',
    endsOn: initial.endsOn ?? '',
    amount: initial.budget ? String(initial.budget.amount) : '',
    currency: initial.budget?.currency ?? currency,
    brief: initial.brief,
  });
  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) => setV((x) => ({ ...x, [key]: value }));
  return (
    <SaveForm
      className="ledger-form"
      inDialog
      label={props.submitLabel}
      fields={['name', 'status', 'startsOn', 'endsOn', 'budget', 'brief']}
      submitLabel={props.submitLabel}
      onCancel={props.onCancel}
      onSubmit={() =>
        props.onSubmit({
          name: v.name.trim(),
          status: v.status,
          startsOn: blank(v.startsOn),
          endsOn: blank(v.endsOn),
          budget: v.amount.trim() === '' ? null : { amount: toNumber(v.amount), currency: v.currency.trim().toUpperCase() },
          brief: v.brief,
        })
      }
    >
      {(errors) => (
        <>
          <Field label="Name" errors={errors('name')}>
            {(p) => <input {...p} value={v.name} onChange={(e) => set('name', e.target.value)} maxLength={200} placeholder="e.g. Spring campaign 2026" data-autofocus="" />}
          </Field>
          <div className="form-grid">
            <SelectField label="Status" errors={errors('status')} value={v.status} options={PROJECT_STATUSES} labels={PROJECT_STATUS_LABELS} onChange={(s) => set('status', s)} />
            <div className="form-grid form-grid--money">
              <Field label="Budget" errors={errors('budget.amount') ?? errors('budget')}>
                {(p) => <input {...p} type="number" inputMode="decimal" min={0} step="any" value={v.amount} onChange={(e) => set('amount', e.target.value)} />}
              </Field>
              <Field label="Currency" errors={errors('budget.currency')}>
                {(p) => <input {...p} value={v.currency} maxLength={3} onChange={(e) => set('currency', e.target.value)} />}
              </Field>
            </div>
            <Field label="Starts on" errors={errors('startsOn')}>
              {(p) => <input {...p} type="date" value={v.startsOn} onChange={(e) => set('startsOn', e.target.value)} />}
            </Field>
            <Field label="Ends on" errors={errors('endsOn')}>
              {(p) => <input {...p} type="date" value={v.endsOn} onChange={(e) => set('endsOn', e.target.value)} />}
            </Field>
          </div>
          <Field label="Brief" hint="What the client asked for" errors={errors('brief')}>
            {(p) => <textarea {...p} rows={3} value={v.brief} onChange={(e) => set('brief', e.target.value)} />}
          </Field>
        </>
      )}
    </SaveForm>
  );
}

/* ---------- Deliverable ---------- */

export interface DeliverableBody {
  projectId: string;
  title: string;
  ownerId: string | null;
  dueAt: string;
  status: DeliverableStatus;
  deliveredAt?: string | null;
  notes: string;
}

/**
 * Due a week from today at 17:00 by default: new work is rarely due the day it is logged, and a
 * default of today's 17:00 was already past in the evening, so the new row was overdue at once.
 */
function defaultDue(now = new Date()): string {
  const d = new Date(now);
  d.setDate(d.getDate() + 7);
  d.setHours(17, 0, 0, 0);
  return toLocalInputValue(d);
}

export function deliverableBody(d: Deliverable | null, projectId: string, ownerId: string | null): DeliverableBody {
  return {
    projectId: d?.projectId ?? projectId,
    title: d?.title ?? '',
    ownerId: d ? (d.owner?.userId ?? null) : ownerId,
    dueAt: d?.dueAt ?? '',
    status: d?.status ?? 'planned',
    deliveredAt: d?.deliveredAt ?? null,
    notes: d?.notes ?? '',
  };
}

const isDone = (s: DeliverableStatus) => s === 'delivered' || s === 'approved';

export function DeliverableForm({ initial, projects, ...props }: FormProps<DeliverableBody> & { initial: DeliverableBody; projects: Project[] }) {
  const members = useQuery(membersQuery);
  const [v, setV] = useState({
    projectId: initial.projectId,
    title: initial.title,
    ownerId: initial.ownerId ?? '',
    dueAt: initial.dueAt ? toLocalInputValue(new Date(initial.dueAt)) : defaultDue(),
    status: initial.status,
    deliveredAt: initial.deliveredAt ? toLocalInputValue(new Date(initial.deliveredAt)) : '',
    notes: initial.notes,
  });
  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) => setV((x) => ({ ...x, [key]: value }));
  return (
    <SaveForm
      className="ledger-form"
      inDialog
      label={props.submitLabel}
      fields={['projectId', 'title', 'ownerId', 'dueAt', 'status', 'deliveredAt', 'approvedAt', 'notes']}
      submitLabel={props.submitLabel}
      onCancel={props.onCancel}
      onSubmit={() => {
        const body: DeliverableBody = {
          projectId: v.projectId,
          title: v.title.trim(),
          ownerId: v.ownerId || null,
          // Minutes as shown: an unchanged due time keeps its stored seconds.
          dueAt: initial.dueAt && toLocalInputValue(new Date(initial.dueAt)) === v.dueAt ? initial.dueAt : toInstant(v.dueAt),
          status: v.status,
          notes: v.notes,
        };
        // Delivered without a time: the server stamps now. Not delivered: no time.
        if (isDone(v.status)) {
          if (v.deliveredAt) body.deliveredAt = initial.deliveredAt && toLocalInputValue(new Date(initial.deliveredAt)) === v.deliveredAt ? initial.deliveredAt : toInstant(v.deliveredAt);
        } else if (initial.deliveredAt) {
          body.deliveredAt = null;
        }
        return props.onSubmit(body);
      }}
    >
      {(errors) => (
        <>
          <Field label="Title" errors={errors('title')}>
            {(p) => <input {...p} value={v.title} onChange={(e) => set('title', e.target.value)} maxLength={300} placeholder="e.g. Monthly performance report" data-autofocus="" />}
          </Field>
          <div className="form-grid">
            <Field label="Project" errors={errors('projectId')}>
              {(p) => (
                <select {...p} value={v.projectId} onChange={(e) => set('projectId', e.target.value)}>
                  <ProjectOptions projects={projects} />
                </select>
              )}
            </Field>
            <Field label="Due" errors={errors('dueAt')}>
              {(p) => <input {...p} type="datetime-local" value={v.dueAt} onChange={(e) => set('dueAt', e.target.value)} />}
            </Field>
            <SelectField label="Status" errors={errors('status')} value={v.status} options={DELIVERABLE_STATUSES} labels={DELIVERABLE_STATUS_LABELS} onChange={(s) => set('status', s)} />
            {isDone(v.status) ? (
              <Field label="Delivered" hint="Empty: now" errors={errors('deliveredAt')}>
                {(p) => <input {...p} type="datetime-local" value={v.deliveredAt} onChange={(e) => set('deliveredAt', e.target.value)} />}
              </Field>
            ) : (
              <Field label="Owner" errors={errors('ownerId')}>
                {(p) => (
                  <select {...p} value={v.ownerId} onChange={(e) => set('ownerId', e.target.value)}>
                    <option value="">Nobody yet</option>
                    {members.data?.items.map((m) => (
                      <option key={m.userId} value={m.userId}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
          <Field label="Notes" errors={errors('notes')}>
            {(p) => <textarea {...p} rows={2} value={v.notes} onChange={(e) => set('notes', e.target.value)} />}
          </Field>
        </>
      )}
    </SaveForm>
  );
}

/* ---------- Target ---------- */

export interface TargetBody {
  projectId: string | null;
  metric: string;
  periodStart: string;
  periodEnd: string;
  goal: number;
  actual: number | null;
  higherIsBetter: boolean;
}

/** This month, by default: targets are most often monthly. */
export function targetBody(t: Target | null): TargetBody {
  const now = new Date();
  return {
    projectId: t?.projectId ?? null,
    metric: t?.metric ?? '',
    periodStart: t?.periodStart ?? localDay(new Date(now.getFullYear(), now.getMonth(), 1)),
    periodEnd: t?.periodEnd ?? localDay(new Date(now.getFullYear(), now.getMonth() + 1, 0)),
    goal: t?.goal ?? (Number.NaN as number),
    actual: t?.actual ?? null,
    higherIsBetter: t?.higherIsBetter ?? true,
  };
}

export function TargetForm({ initial, projects, ...props }: FormProps<TargetBody> & { initial: TargetBody; projects: Project[] }) {
  const [v, setV] = useState({
    projectId: initial.projectId ?? '',
    metric: initial.metric,
    periodStart: initial.periodStart,
    periodEnd: initial.periodEnd,
    goal: Number.isNaN(initial.goal) ? '' : String(initial.goal),
    actual: initial.actual === null ? '' : String(initial.actual),
    higherIsBetter: initial.higherIsBetter,
  });
  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) => setV((x) => ({ ...x, [key]: value }));
  return (
    <SaveForm
      className="ledger-form"
      inDialog
      label={props.submitLabel}
      fields={['projectId', 'metric', 'periodStart', 'periodEnd', 'goal', 'actual', 'higherIsBetter']}
      submitLabel={props.submitLabel}
      onCancel={props.onCancel}
      onKeys={(key) => {
        if (key !== 'm' && key !== 'l') return false;
        set('higherIsBetter', key === 'm');
        return true;
      }}
      onSubmit={() =>
        props.onSubmit({
          projectId: v.projectId || null,
          metric: v.metric.trim(),
          periodStart: v.periodStart,
          periodEnd: v.periodEnd,
          goal: v.goal.trim() === '' ? (undefined as unknown as number) : toNumber(v.goal),
          actual: v.actual.trim() === '' ? null : toNumber(v.actual),
          higherIsBetter: v.higherIsBetter,
        })
      }
    >
      {(errors) => (
        <>
          <Field label="Metric" errors={errors('metric')}>
            {(p) => <input {...p} value={v.metric} onChange={(e) => set('metric', e.target.value)} maxLength={200} placeholder="e.g. Organic sessions, CPA (EUR)" data-autofocus="" />}
          </Field>
          <div className="form-grid">
            <Field label="Goal" errors={errors('goal')}>
              {(p) => <input {...p} type="number" inputMode="decimal" step="any" value={v.goal} onChange={(e) => set('goal', e.target.value)} />}
            </Field>
            <Field label="Actual" hint="Empty until measured" errors={errors('actual')}>
              {(p) => <input {...p} type="number" inputMode="decimal" step="any" value={v.actual} onChange={(e) => set('actual', e.target.value)} />}
            </Field>
            <Field label="Period starts" errors={errors('periodStart')}>
              {(p) => <input {...p} type="date" value={v.periodStart} onChange={(e) => set('periodStart', e.target.value)} />}
            </Field>
            <Field label="Period ends" errors={errors('periodEnd')}>
              {(p) => <input {...p} type="date" value={v.periodEnd} onChange={(e) => set('periodEnd', e.target.value)} />}
            </Field>
          </div>
          <ChoiceGroup
            legend="Better is"
            keysHint="keys m / l"
            name="higherIsBetter"
            options={[
              { value: true, label: 'More (sessions, leads, revenue)', shortcut: 'm' },
              { value: false, label: 'Less (costs, response times)', shortcut: 'l' },
            ]}
            value={v.higherIsBetter}
            onChange={(higher) => set('higherIsBetter', higher)}
            errors={errors('higherIsBetter')}
          />
          {projects.length > 0 && (
            <Field label="Project" hint="Optional" errors={errors('projectId')}>
              {(p) => (
                <select {...p} value={v.projectId} onChange={(e) => set('projectId', e.target.value)}>
                  <option value="">The whole account</option>
                  <ProjectOptions projects={projects} />
                </select>
              )}
            </Field>
          )}
        </>
      )}
    </SaveForm>
  );
}

/* ---------- Incident ---------- */

export interface IncidentBody {
  deliverableId: string | null;
  kind: IncidentKind;
  severity: number;
  description: string;
  occurredAt: string;
}

export function incidentBody(i: Incident | null): IncidentBody {
  return {
    deliverableId: i?.deliverableId ?? null,
    kind: i?.kind ?? 'report_error',
    severity: i?.severity ?? 1,
    description: i?.description ?? '',
    occurredAt: i?.occurredAt ?? '',
  };
}

export function IncidentForm({ initial, deliverables, ...props }: FormProps<IncidentBody> & { initial: IncidentBody; deliverables: Deliverable[] }) {
  const [v, setV] = useState({
    deliverableId: initial.deliverableId ?? '',
    kind: initial.kind,
    severity: initial.severity,
    description: initial.description,
    occurredAt: initial.occurredAt ? toLocalInputValue(new Date(initial.occurredAt)) : toLocalInputValue(new Date()),
  });
  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) => setV((x) => ({ ...x, [key]: value }));
  return (
    <SaveForm
      className="ledger-form"
      inDialog
      label={props.submitLabel}
      fields={['deliverableId', 'kind', 'severity', 'description', 'occurredAt']}
      submitLabel={props.submitLabel}
      onCancel={props.onCancel}
      onKeys={(key) => {
        const n = Number(key);
        if (n >= 1 && n <= 3) {
          set('severity', n);
          return true;
        }
        return false;
      }}
      onSubmit={() =>
        props.onSubmit({
          deliverableId: v.deliverableId || null,
          kind: v.kind,
          severity: v.severity,
          description: v.description,
          occurredAt: initial.occurredAt && toLocalInputValue(new Date(initial.occurredAt)) === v.occurredAt ? initial.occurredAt : toInstant(v.occurredAt),
        })
      }
    >
      {(errors) => (
        <>
          <div className="form-grid">
            <SelectField label="What happened" errors={errors('kind')} value={v.kind} options={INCIDENT_KINDS} labels={INCIDENT_KIND_LABELS} onChange={(k) => set('kind', k)} autoFocus />
            <Field label="When" errors={errors('occurredAt')}>
              {(p) => <input {...p} type="datetime-local" value={v.occurredAt} onChange={(e) => set('occurredAt', e.target.value)} />}
            </Field>
          </div>
          <ChoiceGroup
            legend="Severity"
            keysHint="keys 1–3"
            name="severity"
            options={[1, 2, 3].map((n) => ({ value: n, label: SEVERITY_POINTS_LABELS[n], shortcut: String(n), className: `choice__option--severity-${n}` }))}
            value={v.severity}
            onChange={(n) => set('severity', n)}
            errors={errors('severity')}
          />
          {deliverables.length > 0 && (
            <Field label="About a deliverable" hint="Optional" errors={errors('deliverableId')}>
              {(p) => (
                <select {...p} value={v.deliverableId} onChange={(e) => set('deliverableId', e.target.value)}>
                  <option value="">None in particular</option>
                  {incidentDeliverableChoices(deliverables).map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label="Description" errors={errors('description')}>
            {(p) => <textarea {...p} rows={3} value={v.description} onChange={(e) => set('description', e.target.value)} placeholder="What went wrong, and what was done about it" />}
          </Field>
        </>
      )}
    </SaveForm>
  );
}
