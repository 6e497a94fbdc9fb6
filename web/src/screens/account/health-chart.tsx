import { Area, ComposedChart, ReferenceArea, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis, CartesianGrid, type TooltipContentProps } from 'recharts';
import type { Band, HealthSnapshot } from '../../api/types';
import { BAND_LABELS, formatMonthAt, formatScore } from '../../format';
import { SNAPSHOT_CAUSE_LABELS, snapshotLabels } from './snapshot-labels';
import { monthTicks } from '../../charts';

const DAY_MS = 86_400_000;

interface ChartPoint {
  t: number;
  score: number;
  band: Band;
  /** The snapshot behind the point; null for the line's end at "now". */
  snapshot: HealthSnapshot | null;
  /** When it was taken, as the compare pickers say it (to the second when another shares its minute). */
  when: string;
  /** The score as the pickers say it (to a tenth when another of its minute rounds the same). */
  shown: string;
}

/** Where a snapshot sits on the time axis: when it was computed, kept within the day it describes. */
function snapshotTime(s: HealthSnapshot): number {
  const start = Date.parse(`${s.asOf}T00:00:00Z`);
  const computed = Date.parse(s.computedAt);
  return Math.min(Math.max(computed, start), start + DAY_MS - 1);
}

const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
/** Room for "100" and the tick mark, and for half a month's label past the last day. */
const MARGIN = { top: 8, right: 28, bottom: 0, left: 4 };
const Y_WIDTH = 36;

function ChartTooltip({ active, payload }: TooltipContentProps) {
  const point = active ? (payload?.[0]?.payload as ChartPoint | undefined) : undefined;
  if (!point) return null;
  return (
    <div className="chart-tooltip">
      <strong className={`score score--${point.band}`}>{point.shown}</strong> {BAND_LABELS[point.band]}
      <br />
      <span className="muted">
        {point.snapshot ? `${point.when} · ${SNAPSHOT_CAUSE_LABELS[point.snapshot.cause]}` : 'now'}
      </span>
      {point.snapshot && <br />}
      {point.snapshot && <span className="muted">Click to compare</span>}
    </div>
  );
}

interface HealthChartProps {
  snapshots: HealthSnapshot[];
  bands: { healthy: number; watch: number };
  /** Snapshot ids picked for comparison (highlighted). */
  picked: string[];
  onPick: (snapshot: HealthSnapshot) => void;
}

/**
 * The score over the last year as a stepped area (a score holds until the next one), on the
 * band colours: red under "watch", amber up to "healthy", green above. Clicking a point picks it
 * for comparison.
 */
export function HealthChart({ snapshots, bands, picked, onPick }: HealthChartProps) {
  const now = Date.now();
  const labels = snapshotLabels(snapshots);
  const data: ChartPoint[] = snapshots.map((s) => ({ t: snapshotTime(s), score: s.score, band: s.band, snapshot: s, when: labels.get(s.id)?.when ?? '', shown: labels.get(s.id)?.score ?? formatScore(s.score) }));
  const last = data.at(-1);
  if (last && last.t < now) data.push({ ...last, t: now, snapshot: null, when: '' });
  const first = data[0]?.t ?? now;
  // At least a month shown, at most the year asked for.
  const from = Math.max(now - 365 * DAY_MS, Math.min(first, now - 30 * DAY_MS));
  const span = now - from;
  // Over months, ticks on the months' first days, said as months; over weeks, evenly spaced days.
  const byMonth = span > 120 * DAY_MS;
  const ticks = byMonth ? monthTicks(from, now) : Array.from({ length: 6 }, (_, i) => Math.round(from + (span * i) / 5));
  const tickFormat = (t: number) => (byMonth ? formatMonthAt(t) : monthFormat.format(new Date(t)));
  const pickedPoints = data.filter((p) => p.snapshot && picked.includes(p.snapshot.id));

  return (
    <div className="health-chart" data-testid="health-chart">
      <ComposedChart
        responsive
        style={{ width: '100%', height: 220 }}
        data={data}
        margin={MARGIN}
        onClick={(state) => {
          const index = Number(state?.activeTooltipIndex);
          const point = Number.isInteger(index) ? data[index] : undefined;
          if (point?.snapshot) onPick(point.snapshot);
        }}
      >
        <ReferenceArea y1={0} y2={bands.watch} fill="var(--band-at-risk-soft)" fillOpacity={1} ifOverflow="hidden" />
        <ReferenceArea y1={bands.watch} y2={bands.healthy} fill="var(--band-watch-soft)" fillOpacity={1} ifOverflow="hidden" />
        <ReferenceArea y1={bands.healthy} y2={100} fill="var(--band-healthy-soft)" fillOpacity={1} ifOverflow="hidden" />
        <CartesianGrid vertical={false} stroke="#e6e9ee" strokeDasharray="3 3" />
        <ReferenceLine y={bands.healthy} stroke="var(--band-healthy)" strokeDasharray="4 3" label={{ value: `Healthy ${bands.healthy}`, position: 'insideTopLeft', fontSize: 11, fill: 'var(--band-healthy)' }} />
        <ReferenceLine y={bands.watch} stroke="var(--band-at-risk)" strokeDasharray="4 3" label={{ value: `At risk below ${bands.watch}`, position: 'insideBottomLeft', fontSize: 11, fill: 'var(--band-at-risk)' }} />
        <XAxis dataKey="t" type="number" scale="time" domain={[from, now]} ticks={ticks} tickFormatter={tickFormat} tick={{ fontSize: 11, fill: '#5b6472' }} allowDataOverflow />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={{ fontSize: 11, fill: '#5b6472' }} width={Y_WIDTH} />
        <Tooltip content={ChartTooltip} cursor={{ stroke: '#8a94a3', strokeDasharray: '2 2' }} />
        <Area
          type="stepAfter"
          dataKey="score"
          stroke="var(--accent)"
          strokeWidth={2}
          fill="var(--accent)"
          fillOpacity={0.08}
          isAnimationActive={false}
          dot={data.length <= 60 ? { r: 2.5, fill: 'var(--accent)', stroke: 'none' } : false}
          activeDot={{ r: 5, cursor: 'pointer' }}
        />
        {pickedPoints.map((p) => (
          <ReferenceDot key={p.snapshot?.id} x={p.t} y={p.score} r={6} fill="#fff" stroke="var(--text)" strokeWidth={2} ifOverflow="extendDomain" />
        ))}
      </ComposedChart>
    </div>
  );
}
