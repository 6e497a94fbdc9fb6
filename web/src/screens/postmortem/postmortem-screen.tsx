import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { healthModelQuery, invalidateLoss, keys } from '../../api/queries';
import { isApiError } from '../../api/client';
import type { Postmortem, PostmortemEventKind } from '../../api/types';
import { useSession } from '../../session';
import { usePageTitle } from '../../components/page-title';
import { ConfirmButton } from '../../components/confirm-button';
import { FormError } from '../../components/form-error';
import { SeverityBadge } from '../../components/badges';
import { ALERT_KIND_LABELS, INCIDENT_KIND_LABELS, LOSS_REASON_LABELS, formatDate, formatDateTime, formatDatesIn, formatPercent, plural } from '../../format';
import { MarkLostDialog } from '../account/mark-lost-dialog';
import { PostmortemChart } from './postmortem-chart';

const EVENT_LABELS: Record<PostmortemEventKind, string> = {
  late_deliverable: 'Late',
  missed_target: 'Missed target',
  incident: 'Incident',
  contact_gap: 'Silence',
  band_change: 'Health',
  alert: 'Alert',
  lost: 'Lost',
};

const RESPONSE_LABELS: Record<Postmortem['alerts'][number]['response'], string> = {
  resolved_manually: 'Resolved by hand',
  acknowledged: 'Acknowledged',
  snoozed: 'Snoozed',
  none: 'Nobody acted',
};

/** The account page's anchor for a signal's record, when it has one there. */
function eventHref(accountId: string, kind: PostmortemEventKind, refId: string | null): string | null {
  if (!refId) return null;
  if (kind === 'late_deliverable') return `/accounts/${accountId}#deliverable-${refId}`;
  if (kind === 'missed_target') return `/accounts/${accountId}#target-${refId}`;
  if (kind === 'incident') return `/accounts/${accountId}#incident-${refId}`;
  return null;
}

/**
 * The post-mortem of a lost account: when and why it was lost, and the 180 days before — the score
 * with the silences shaded, the signals on lanes, the client's share of touches per month, every
 * late deliverable, missed target, incident and contact gap, and each alert with who acted on it.
 */
export function PostmortemScreen() {
  const { id = '' } = useParams();
  const { canWrite } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const pm = useQuery({ queryKey: keys.postmortem(id), queryFn: ({ signal }) => api.postmortems.get(id, signal), retry: false });
  const model = useQuery(healthModelQuery);
  usePageTitle(pm.data ? `Post-mortem: ${pm.data.account.name}` : 'Post-mortem');

  const afterChange = () => invalidateLoss(queryClient, id);
  const undo = useMutation({
    mutationFn: () => api.postmortems.undoLost(id),
    onSuccess: async () => {
      await afterChange();
      navigate(`/accounts/${id}`);
    },
  });

  if (pm.isPending) {
    return (
      <div className="page" role="status">
        Assembling the post-mortem…
      </div>
    );
  }
  if (pm.isError) {
    const notLost = isApiError(pm.error, 'not_found');
    return (
      <div className="page empty-state">
        <h1>{notLost ? 'No post-mortem for this account' : 'The post-mortem could not be loaded'}</h1>
        <p>{notLost ? 'It is not marked lost (or it does not exist). Mark an account lost from its page to get its post-mortem.' : pm.error.message}</p>
        <Link className="button button--primary" to={`/accounts/${id}`}>
          Back to the account
        </Link>
      </div>
    );
  }

  const p = pm.data;
  const s = p.summary;
  const bands = model.data?.model.bands ?? { healthy: 70, watch: 45 };
  return (
    <div className="page postmortem" data-testid="postmortem">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Portfolio</Link> <span aria-hidden="true">/</span> <Link to={`/accounts/${p.account.id}`}>{p.account.name}</Link>{' '}
        <span aria-hidden="true">/</span> <span aria-current="page">Post-mortem</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>Post-mortem: {p.account.name}</h1>
          <p className="page-head__sub">
            Lost on {formatDate(p.loss.lostOn)} · the {p.window.days} days before, from {formatDate(p.window.from)}
          </p>
        </div>
        {canWrite && (
          <div className="page-head__actions">
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit reasons
            </button>
            <ConfirmButton question="Undo the loss and make it active again?" confirmLabel="Undo loss" className="button" busy={undo.isPending} onConfirm={() => undo.mutate()}>
              Undo loss
            </ConfirmButton>
          </div>
        )}
      </div>
      <FormError error={undo.error} />
      {editing && (
        <MarkLostDialog
          accountName={p.account.name}
          initial={{ lostOn: p.loss.lostOn, reasons: p.loss.reasons, notes: p.loss.notes }}
          onClose={() => setEditing(false)}
          onSubmit={async (input) => {
            await api.postmortems.markLost(id, input);
            setEditing(false);
            await afterChange();
          }}
        />
      )}

      <section className="card pm-loss" aria-labelledby="pm-why">
        <h2 id="pm-why">Why it was lost</h2>
        <ul className="reason-chips" aria-label="Reasons">
          {p.loss.reasons.map((r) => (
            <li key={r} className="badge badge--reason">
              {LOSS_REASON_LABELS[r]}
            </li>
          ))}
        </ul>
        {p.loss.notes ? <p className="notes">{p.loss.notes}</p> : <p className="muted">No notes.</p>}
        <p className="muted pm-loss__by">
          Recorded {p.loss.recordedBy ? `by ${p.loss.recordedBy.name} ` : ''}on {formatDateTime(p.loss.recordedAt)}
        </p>
      </section>

      <section className="pm-summary" aria-label="The 180 days in numbers">
        <Stat label="Late deliverables" value={`${s.lateDeliverables} of ${s.deliverablesDue}`} bad={s.lateDeliverables > 0} hint="due in the window" />
        <Stat label="Missed targets" value={`${s.missedTargets} of ${s.targetsEvaluated}`} bad={s.missedTargets > 0} hint="measured" />
        <Stat label="Incidents" value={String(s.incidents)} bad={s.incidents > 0} hint={s.incidents ? `severity total ${s.incidentSeverityTotal}` : 'none recorded'} />
        <Stat
          label="Contact gaps"
          value={String(s.contactGaps)}
          bad={s.contactGaps > 0}
          hint={s.longestGapDays !== null ? `longest ${plural(s.longestGapDays, 'day')}` : `${plural(s.touches, 'touch', 'touches')} in all`}
        />
        <Stat
          label="Client reaching out"
          value={`${formatPercent(s.clientShareBefore)} → ${formatPercent(s.clientShareAfter)}`}
          bad={s.initiationDropped}
          hint="first vs last 90 days"
        />
        <Stat
          label="First at risk"
          value={s.firstAtRiskOn ? formatDate(s.firstAtRiskOn) : 'Never'}
          bad={s.firstAtRiskOn !== null}
          hint={s.atRiskDaysBeforeLoss !== null ? `${plural(s.atRiskDaysBeforeLoss, 'day')} before the loss` : 'the score never warned'}
        />
        <Stat label="Alerts acted on" value={`${s.alertsActedOn} of ${s.alertsRaised}`} bad={s.alertsRaised > s.alertsActedOn} hint="acknowledged, snoozed or resolved by hand" />
      </section>

      <section className="card" aria-labelledby="pm-chart-title">
        <h2 id="pm-chart-title">The 180 days before</h2>
        <PostmortemChart pm={p} bands={bands} />
      </section>

      <div className="pm-grid">
        <section className="card" aria-labelledby="pm-signals">
          <h2 id="pm-signals">What happened, in order</h2>
          {p.timeline.length === 0 ? (
            <p className="muted">No signal was recorded before the loss: nothing late, missed or silent. The reasons above are all there is to go on.</p>
          ) : (
            <ol className="pm-timeline">
              {p.timeline.map((e, i) => {
                const href = eventHref(p.account.id, e.kind, e.refId);
                return (
                  <li key={i} className={`pm-event pm-event--${e.kind}`}>
                    <time dateTime={e.at} className="muted">
                      {/* The loss sits at the end of its day: said as the day itself. */}
                      {formatDate(e.kind === 'lost' ? p.loss.lostOn : e.at.slice(0, 10))}
                    </time>
                    <span className={`badge badge--event-${e.kind}`}>{EVENT_LABELS[e.kind]}</span>
                    <span>{href ? <Link to={href}>{formatDatesIn(e.message)}</Link> : formatDatesIn(e.message)}</span>
                  </li>
                );
              })}
            </ol>
          )}
        </section>

        <section className="card" aria-labelledby="pm-alerts">
          <h2 id="pm-alerts">Alerts and whether anyone acted</h2>
          {p.alerts.length === 0 ? (
            <p className="muted">
              No alert was raised in these 180 days.{' '}
              {s.lateDeliverables + s.missedTargets + s.incidents + s.contactGaps > 0
                ? 'The signals were there: compare the health model in the backtest.'
                : 'Nothing in the record warned of this loss.'}
            </p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Alert</th>
                  <th scope="col">Raised</th>
                  <th scope="col">Response</th>
                </tr>
              </thead>
              <tbody>
                {p.alerts.map((a) => (
                  <tr key={a.id} className={a.actedOn ? undefined : 'pm-alert--ignored'}>
                    <th scope="row">
                      <SeverityBadge severity={a.severity} /> {ALERT_KIND_LABELS[a.kind as keyof typeof ALERT_KIND_LABELS] ?? a.kind}
                      <span className="ledger-row__notes muted">{formatDatesIn(a.message)}</span>
                    </th>
                    <td>{formatDate(a.raisedOn)}</td>
                    <td>
                      <strong className={a.actedOn ? 'pm-response--acted' : 'pm-response--none'}>{RESPONSE_LABELS[a.response]}</strong>
                      <span className="ledger-row__notes muted">
                        {a.acknowledgedBy && `${a.acknowledgedBy.name}${a.acknowledgedAt ? `, ${formatDate(a.acknowledgedAt.slice(0, 10))}` : ''}`}
                        {a.resolvedBy && ` · resolved by ${a.resolvedBy.name}`}
                        {a.resolution === 'auto' && ' · resolved by itself'}
                        {a.actedOn && !a.actedBeforeLoss && ' · only after the loss'}
                        {a.note && ` · “${a.note}”`}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <div className="pm-grid">
        <section className="card" aria-labelledby="pm-late">
          <h2 id="pm-late">Late deliverables ({p.lateDeliverables.length})</h2>
          {p.lateDeliverables.length === 0 ? (
            <p className="muted">Everything due was delivered on time.</p>
          ) : (
            <ul className="plain-list pm-list">
              {p.lateDeliverables.map((d) => (
                <li key={d.id}>
                  <Link to={`/accounts/${p.account.id}#deliverable-${d.id}`}>{d.title}</Link> <span className="muted">({d.projectName})</span>
                  <br />
                  <span className="muted">
                    due {formatDate(d.dueAt.slice(0, 10))}, {d.deliveredAt ? `delivered ${plural(d.daysLate, 'day')} late` : `still not delivered (${plural(d.daysLate, 'day')} late)`}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>Missed targets ({p.missedTargets.length})</h3>
          {p.missedTargets.length === 0 ? (
            <p className="muted">No measured target was missed.</p>
          ) : (
            <ul className="plain-list pm-list">
              {p.missedTargets.map((m) => (
                <li key={m.id}>
                  <Link to={`/accounts/${p.account.id}#target-${m.id}`}>{m.metric}</Link>: {m.actual.toLocaleString()} against a goal of {m.goal.toLocaleString()}
                  <br />
                  <span className="muted">
                    {formatDate(m.periodStart)} – {formatDate(m.periodEnd)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="pm-incidents">
          <h2 id="pm-incidents">Incidents ({p.incidents.length})</h2>
          {p.incidents.length === 0 ? (
            <p className="muted">No quality incident was recorded.</p>
          ) : (
            <ul className="plain-list pm-list">
              {p.incidents.map((i) => (
                <li key={i.id}>
                  <Link to={`/accounts/${p.account.id}#incident-${i.id}`}>{INCIDENT_KIND_LABELS[i.kind as keyof typeof INCIDENT_KIND_LABELS] ?? i.kind}</Link>{' '}
                  <span className="muted">
                    severity {i.severity}, {formatDate(i.occurredAt.slice(0, 10))}
                    {i.deliverableTitle && ` · ${i.deliverableTitle}`}
                  </span>
                  {i.description && <span className="ledger-row__notes">{i.description}</span>}
                </li>
              ))}
            </ul>
          )}
          <h3>Contact gaps ({p.contactGaps.length})</h3>
          {p.contactGaps.length === 0 ? (
            <p className="muted">Never longer without a touch than the cadence allowed.</p>
          ) : (
            <ul className="plain-list pm-list">
              {p.contactGaps.map((g) => (
                <li key={g.from}>
                  <strong>{plural(g.days, 'day')}</strong> without a touch{' '}
                  <span className="muted">
                    ({formatDate(g.from.slice(0, 10))} – {g.toTouchId ? formatDate(g.to.slice(0, 10)) : 'the loss'}; the cadence allows {g.allowedDays})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function Stat({ label, value, hint, bad }: { label: string; value: string; hint: string; bad: boolean }) {
  return (
    <div className={`pm-stat${bad ? ' pm-stat--bad' : ''}`}>
      <span className="pm-stat__label">{label}</span>
      <span className="pm-stat__value">{value}</span>
      <span className="pm-stat__hint muted">{hint}</span>
    </div>
  );
}
