import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
  type LabelProps,
  type TooltipContentProps,
} from 'recharts';
import type { Postmortem } from '../../api/types';
import { fitLabel } from '../../charts';
import { ALERT_KIND_LABELS, BAND_LABELS, INCIDENT_KIND_LABELS, formatDate, formatPercent, formatScore } from '../../format';

const DAY_MS = 86_400_000;
const dayTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };
const Y_WIDTH = 112;
/** Where the plot begins, left of which a label would run into the axis. */
const PLOT_LEFT = MARGIN.left + Y_WIDTH;
const GAP_FONT = 10;
const MARKER_FONT = 11;

/** The ticks of the window: its first day, every 30 days, and the loss day. */
function windowTicks(from: number, to: number): number[] {
  const ticks: number[] = [];
  for (let t = from; t < to - 10 * DAY_MS; t += 30 * DAY_MS) ticks.push(t);
  ticks.push(to);
  return ticks;
}

/** A label's box when it is a cartesian one (a reference line's or area's). */
function cartesianBox(viewBox: LabelProps['viewBox']): { x: number; y: number; width: number; height: number } | null {
  return viewBox && 'x' in viewBox ? viewBox : null;
}

/**
 * A silence's label, at the bottom of its shaded band: the markers of days (first at risk, lost)
 * are written at the top, so the two never cross. A narrow band gets a shorter label, a sliver none.
 */
function gapLabel(days: number) {
  return function GapLabel({ viewBox }: LabelProps) {
    const box = cartesianBox(viewBox);
    const text = box && fitLabel([`${days} days silent`, `${days} days`, `${days}d`], box.width - 4, GAP_FONT);
    if (!box || !text) return null;
    return (
      <text className="pm-chart__gap-label" x={box.x + box.width / 2} y={box.y + box.height - 6} textAnchor="middle" fontSize={GAP_FONT} fill="#3a4250">
        {text}
      </text>
    );
  };
}

/**
 * A marked day's label at the top of the plot, each marker on its own row so that two days close
 * together (at risk a week before the loss) do not write over each other; left of its line, or
 * right of it when the line is too near the axis. A white halo keeps it legible over the bands.
 */
function markerLabel(text: string, row: number, color: string) {
  return function MarkerLabel({ viewBox }: LabelProps) {
    const box = cartesianBox(viewBox);
    if (!box) return null;
    const left = box.x - PLOT_LEFT > text.length * MARKER_FONT * 0.6 + 8;
    return (
      <text
        className="pm-chart__marker"
        x={left ? box.x - 4 : box.x + 4}
        y={box.y + 12 + row * 14}
        textAnchor={left ? 'end' : 'start'}
        fontSize={MARKER_FONT}
        fill={color}
        stroke="#fff"
        strokeWidth={3}
        paintOrder="stroke"
      >
        {text}
      </text>
    );
  };
}

interface HealthPoint {
  t: number;
  score: number;
  band: string;
}

function HealthTooltip({ active, payload }: TooltipContentProps) {
  const p = active ? (payload?.[0]?.payload as HealthPoint | undefined) : undefined;
  if (!p) return null;
  return (
    <div className="chart-tooltip">
      <strong>{formatScore(p.score)}</strong> {BAND_LABELS[p.band as keyof typeof BAND_LABELS] ?? p.band}
      <br />
      <span className="muted">{formatDate(new Date(p.t).toISOString().slice(0, 10))}</span>
    </div>
  );
}

interface EventPoint {
  t: number;
  lane: string;
  label: string;
  tone: string;
}

function EventTooltip({ active, payload }: TooltipContentProps) {
  const p = active ? (payload?.[0]?.payload as EventPoint | undefined) : undefined;
  if (!p) return null;
  return (
    <div className="chart-tooltip">
      <strong>{p.lane}</strong> · {formatDate(new Date(p.t).toISOString().slice(0, 10))}
      <br />
      {p.label}
    </div>
  );
}

const LANES = ['Alerts', 'Incidents', 'Late work', 'Missed targets'] as const;
const TONES: Record<string, string> = {
  critical: '#b42318',
  warning: '#c68a00',
  info: '#5b6472',
  incident: '#7a2e8f',
  late: '#b45309',
  missed: '#b42318',
};

/**
 * The 180 days before the loss in three aligned strips: the health score on its bands with the
 * contact gaps shaded and the loss marked; the signals as dots on lanes (alerts, incidents, late
 * deliverables, missed targets); and the client-initiated share of touches per 30 days.
 */
export function PostmortemChart({ pm, bands }: { pm: Postmortem; bands: { healthy: number; watch: number } }) {
  const from = dayTime(pm.window.from);
  const to = dayTime(pm.window.to) + DAY_MS - 1;
  const ticks = useMemo(() => windowTicks(from, dayTime(pm.window.to)), [from, pm.window.to]);
  const tickFormat = (t: number) => dayFormat.format(new Date(t));

  const health = useMemo<HealthPoint[]>(() => {
    const points = pm.health.map((h) => ({ t: dayTime(h.asOf), score: h.score, band: h.band }));
    const last = points.at(-1);
    if (last && last.t < to) points.push({ ...last, t: to });
    return points;
  }, [pm.health, to]);

  const events = useMemo<EventPoint[]>(
    () => [
      ...pm.alerts.map((a) => ({
        t: dayTime(a.raisedOn),
        lane: 'Alerts',
        label: `${ALERT_KIND_LABELS[a.kind as keyof typeof ALERT_KIND_LABELS] ?? a.kind}: ${a.actedOn ? 'someone acted' : 'nobody acted'}`,
        tone: a.severity,
      })),
      ...pm.incidents.map((i) => ({
        t: Date.parse(i.occurredAt),
        lane: 'Incidents',
        label: `${INCIDENT_KIND_LABELS[i.kind as keyof typeof INCIDENT_KIND_LABELS] ?? i.kind} (severity ${i.severity})`,
        tone: 'incident',
      })),
      ...pm.lateDeliverables.map((d) => ({
        t: Date.parse(d.dueAt),
        lane: 'Late work',
        label: `${d.title}: ${d.daysLate} days late${d.deliveredAt ? '' : ', never delivered'}`,
        tone: 'late',
      })),
      ...pm.missedTargets.map((m) => ({ t: dayTime(m.periodEnd), lane: 'Missed targets', label: `${m.metric}: ${m.actual} against ${m.goal}`, tone: 'missed' })),
    ],
    [pm],
  );

  const initiation = pm.initiation.map((b) => ({
    label: `${dayFormat.format(new Date(dayTime(b.from)))}`,
    share: b.clientShare === null ? 0 : Math.round(b.clientShare * 100),
    // A month whose touches were all ours still shows a stub: 0% is a finding, not a gap.
    bar: b.clientShare === null ? 0 : Math.max(2, Math.round(b.clientShare * 100)),
    known: b.clientShare !== null,
    touches: b.touches,
    clientTouches: b.clientTouches,
  }));
  const firstShare = pm.initiation.find((b) => b.clientShare !== null)?.clientShare ?? null;

  return (
    <div className="pm-chart" data-testid="postmortem-chart">
      <h3 className="pm-chart__title">Health score</h3>
      {health.length === 0 ? (
        <p className="muted">No score was recorded in these 180 days.</p>
      ) : (
        <ComposedChart responsive style={{ width: '100%', height: 200 }} data={health} margin={MARGIN}>
          <ReferenceArea y1={0} y2={bands.watch} fill="var(--band-at-risk-soft)" fillOpacity={1} />
          <ReferenceArea y1={bands.watch} y2={bands.healthy} fill="var(--band-watch-soft)" fillOpacity={1} />
          <ReferenceArea y1={bands.healthy} y2={100} fill="var(--band-healthy-soft)" fillOpacity={1} />
          {pm.contactGaps.map((g) => (
            <ReferenceArea
              key={g.from}
              x1={Math.max(from, Date.parse(g.from))}
              x2={Math.min(to, Date.parse(g.to))}
              fill="#8a94a3"
              fillOpacity={0.22}
              ifOverflow="hidden"
              label={gapLabel(g.days)}
            />
          ))}
          <CartesianGrid vertical={false} stroke="#e6e9ee" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" scale="time" domain={[from, to]} ticks={ticks} tickFormatter={tickFormat} tick={{ fontSize: 11, fill: '#5b6472' }} />
          <YAxis domain={[0, 100]} ticks={[0, bands.watch, bands.healthy, 100]} tick={{ fontSize: 11, fill: '#5b6472' }} width={Y_WIDTH} />
          <Tooltip content={HealthTooltip} />
          {pm.summary.firstAtRiskOn && (
            <ReferenceLine
              x={dayTime(pm.summary.firstAtRiskOn)}
              stroke="var(--band-at-risk)"
              strokeDasharray="4 3"
              label={markerLabel('first at risk', 1, 'var(--band-at-risk)')}
            />
          )}
          <ReferenceLine x={dayTime(pm.window.to)} stroke="#1c2330" strokeWidth={2} label={markerLabel('lost', 0, '#1c2330')} />
          <Line type="stepAfter" dataKey="score" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      )}

      <h3 className="pm-chart__title">Signals</h3>
      {events.length === 0 ? (
        <p className="muted">No alert, incident, late deliverable or missed target in these 180 days.</p>
      ) : (
        <ScatterChart responsive style={{ width: '100%', height: 150 }} margin={MARGIN}>
          <CartesianGrid horizontal={false} stroke="#eef0f3" />
          <XAxis dataKey="t" type="number" scale="time" domain={[from, to]} ticks={ticks} tickFormatter={tickFormat} tick={{ fontSize: 11, fill: '#5b6472' }} />
          <YAxis dataKey="lane" type="category" allowDuplicatedCategory={false} ticks={[...LANES]} domain={[...LANES]} tick={{ fontSize: 11, fill: '#3a4250' }} width={Y_WIDTH} />
          <ZAxis range={[70, 70]} />
          <Tooltip content={EventTooltip} cursor={false} />
          <ReferenceLine x={dayTime(pm.window.to)} stroke="#1c2330" strokeWidth={2} />
          <Scatter data={events} isAnimationActive={false}>
            {events.map((e, i) => (
              <Cell key={i} fill={TONES[e.tone] ?? '#5b6472'} />
            ))}
          </Scatter>
        </ScatterChart>
      )}

      <h3 className="pm-chart__title">Client-initiated share of touches, per 30 days</h3>
      {initiation.length === 0 || pm.summary.touches === 0 ? (
        <p className="muted">No touches recorded in these 180 days.</p>
      ) : (
        <BarChart responsive style={{ width: '100%', height: 140 }} data={initiation} margin={MARGIN}>
          <CartesianGrid vertical={false} stroke="#eef0f3" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#5b6472' }} />
          <YAxis domain={[0, 100]} ticks={[0, 50, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 11, fill: '#5b6472' }} width={Y_WIDTH} />
          <Tooltip
            cursor={{ fill: '#f1f3f6' }}
            content={({ active, payload }: TooltipContentProps) => {
              const b = active ? (payload?.[0]?.payload as (typeof initiation)[number] | undefined) : undefined;
              if (!b) return null;
              return (
                <div className="chart-tooltip">
                  <strong>{b.known ? `${b.share}%` : 'No touches'}</strong> from {b.label}
                  <br />
                  <span className="muted">
                    {b.clientTouches} of {b.touches} touches started by the client
                  </span>
                </div>
              );
            }}
          />
          <Bar dataKey="bar" isAnimationActive={false} radius={[3, 3, 0, 0]}>
            {initiation.map((b, i) => (
              <Cell key={i} fill={firstShare !== null && b.known && b.share / 100 <= firstShare / 2 ? 'var(--danger)' : b.known ? 'var(--success)' : '#cfd5de'} />
            ))}
          </Bar>
        </BarChart>
      )}
      {pm.summary.clientShareBefore !== null && (
        <p className="muted pm-chart__note">
          The client started {formatPercent(pm.summary.clientShareBefore)} of touches in the first 90 days and {formatPercent(pm.summary.clientShareAfter)} in the
          last 90{pm.summary.initiationDropped ? ': it fell by half or more.' : '.'}
        </p>
      )}
    </div>
  );
}
