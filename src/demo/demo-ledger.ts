/**
 * The demo's delivery ledger (M3) over the last year and a half, made deterministically (seeded by
 * account, dates counted back from the seed day): for every signed account a retainer with its
 * monthly reports, four campaigns a year of five deliverables each, two KPI targets per quarter with
 * their actuals, and the odd incident. Most work is on time and most targets are met; the accounts
 * of demo-stories.ts slip in the ways their stories need. Pure: the seed stores what this returns.
 *
 * Times: deliverables are due at 17:00 UTC; nothing is delivered, approved or reported after the
 * seed's `now` (work due in the past and not delivered by now is overdue), and nothing of a lost
 * account is dated after its loss.
 */
import { settleProgress, type DeliverableStatus } from '../delivery/delivery.js';
import type { DeliverableRecord, IncidentRecord, ProjectRecord, TargetRecord } from '../delivery/repo.js';
import { dayNumber, dayString } from '../health/summarize.js';
import { generator, hash, pickOne } from './demo-random.js';
import { DELIVERY_PROFILES, type DeliveryProfile } from './demo-stories.js';

export interface DemoLedgerAccount {
  key: string;
  id: string;
  name: string;
  category: string;
  /** The account's notes: the retainer's brief opens with their first sentence. */
  notes: string;
  /** The retainer's first day ('YYYY-MM-DD'); accounts without one (prospects) get no ledger. */
  startedOn: string | null;
  /** The day a lost account was lost; nothing is dated after it. */
  lostOn: string | null;
  value: { amount: number; currency: string } | null;
  /** The lead first, then the client-service owner: they own the deliverables. */
  ownerIds: readonly string[];
}

export interface DemoRow<T> {
  id: string;
  createdBy: string | null;
  record: T;
}

export interface DemoLedger {
  projects: Array<DemoRow<ProjectRecord>>;
  deliverables: Array<DemoRow<DeliverableRecord>>;
  targets: Array<DemoRow<TargetRecord>>;
  incidents: Array<DemoRow<IncidentRecord>>;
}

/**
 * How far back the ledger goes: the health history's first day (a year back) reads the deliverables
 * due in the 90 days before it and each metric's last two quarters.
 */
export const LEDGER_DAYS = 365 + 180;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DUE_HOUR = 17;

const RETAINERS: Readonly<Record<string, string>> = {
  'beer & beverages': 'Always-on social and trade PR',
  fintech: 'Always-on corporate PR and content',
  retail: 'Always-on social and influencer programme',
  automotive: 'Always-on press office',
  healthcare: 'Always-on content and reviews',
  travel: 'Always-on social care and PR',
  software: 'Always-on PR and community',
  fashion: 'Always-on press and social',
  food: 'Always-on PR and social',
  energy: 'Always-on communications and care',
  'sports & fitness': 'Always-on community and PR',
};

/** Four campaigns a year per account, in the order of the year (the first is the newest's predecessor). */
const CAMPAIGNS: Readonly<Record<string, readonly [string, string, string, string]>> = {
  'beer & beverages': ['Festival activation', 'New-flavour launch', 'Trade press programme', 'Creator partnerships'],
  fintech: ['Product launch PR', 'Thought-leadership series', 'Small-business content series', 'Customer community relaunch'],
  retail: ['Window launch', 'Influencer programme', 'Store opening PR', 'Loyalty relaunch'],
  automotive: ['Motor-show PR', 'Press drive programme', 'Owners community', 'Model-year launch'],
  healthcare: ['Awareness campaign', 'Patient-story series', 'App-store review programme', 'Service launch PR'],
  travel: ['Route launch PR', 'Travel-writer programme', 'Loyalty launch', 'Disruption communications playbook'],
  software: ['Product launch PR', 'Conference season', 'Developer community programme', 'Analyst relations'],
  fashion: ['Fashion-week PR', 'Collection launch', 'Creator collaborations', 'VIP gifting programme'],
  food: ['Menu launch', 'Retail listing PR', 'Influencer programme', 'Recipe content series'],
  energy: ['Tariff communications', 'Home-solar launch', 'Installer content series', 'Customer care programme'],
  'sports & fitness': ['Joiners campaign', 'Marathon-season campaign', 'Run-club community', 'Athlete PR'],
};
const CAMPAIGN_OVERRIDES: Readonly<Record<string, readonly [string, string, string, string]>> = {
  marigold: ['Window launch', 'Influencer programme', 'Store anniversary', 'Gift guide'],
  sunnybrae: ['Brand refresh', 'Honey Loops launch', 'Retail toolkit', 'Breakfast club campaign'],
  tillwise: ['Tillwise Go launch', 'Merchant stories', 'Trade-show programme', 'Partner webinars'],
  holliswren: ['Home edit series', 'Store refit PR', 'Traffic campaign', 'Gift guide'],
  halvard: ['Festival activation', 'Nordlys IPA relaunch', 'Trade press programme', 'Halvard Hour creators'],
  voltaro: ['V4 teaser programme', 'Press drives', 'Owners community', 'V4 European launch'],
};
/**
 * Days before the seed each campaign starts (before a small per-account shift): the oldest is the
 * newest's edition of the year before. The stories name two of them.
 */
const CAMPAIGN_STARTS = [445, 330, 215, 100, 25] as const;
/** The campaign that ran over the last quarter (the stories' late work and incidents are in it). */
const QUARTER_CAMPAIGN = 3;
/** A campaign's deliverables, days after its start. */
const CAMPAIGN_STEPS: ReadonlyArray<readonly [string, number]> = [
  ['Brief response and plan', 8],
  ['Creative concepts', 22],
  ['Final assets', 40],
  ['Launch', 55],
  ['Results report', 75],
];
const CAMPAIGN_DAYS = 80;

interface Metric {
  name: string;
  goal: number;
  /** Decimals the goal and actual are written with. */
  decimals: number;
  higherIsBetter: boolean;
}
const metric = (name: string, goal: number, decimals = 0, higherIsBetter = true): Metric => ({ name, goal, decimals, higherIsBetter });
const METRICS: Readonly<Record<string, readonly [Metric, Metric]>> = {
  'beer & beverages': [metric('Earned media articles', 30), metric('Social engagement rate (%)', 4.5, 1)],
  fintech: [metric('Qualified leads', 120), metric('Share of voice (%)', 18, 1)],
  retail: [metric('Campaign reach (millions)', 3, 1), metric('Website sessions from social (thousands)', 40)],
  automotive: [metric('Earned media articles', 60), metric('Test-drive bookings', 400)],
  healthcare: [metric('App-store rating', 4.5, 1), metric('Review response time (hours)', 24, 0, false)],
  travel: [metric('Earned media articles', 25), metric('Care first-response time (minutes)', 60, 0, false)],
  software: [metric('Qualified leads', 200), metric('Earned media articles', 20)],
  fashion: [metric('Earned media articles', 40), metric('Instagram engagement rate (%)', 3.5, 1)],
  food: [metric('Campaign reach (millions)', 2.5, 1), metric('Earned media articles', 20)],
  energy: [metric('Earned media articles', 20), metric('Care first-response time (minutes)', 90, 0, false)],
  'sports & fitness': [metric('New members from campaigns', 1500), metric('Community engagement rate (%)', 5, 1)],
};
const MONTHLY_LEADS = metric('Marketing-qualified leads', 60);

const OLD_INCIDENTS: ReadonlyArray<[IncidentRecord['kind'], string]> = [
  ['missed_meeting', 'The weekly status call was missed: the account team was at a pitch.'],
  ['rework', 'Two social assets redone after the client spotted an outdated logo.'],
  ['report_error', 'A chart in the monthly report showed the wrong month; corrected the same day.'],
];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const round = (value: number, decimals: number): number => Math.round(value * 10 ** decimals) / 10 ** decimals;
const atHour = (day: number, hours: number): Date => new Date(day * DAY_MS + hours * HOUR_MS);

/** The ledger of every account that has a start date. */
export function demoLedger(accounts: readonly DemoLedgerAccount[], now: Date, newId: () => string): DemoLedger {
  const ledger: DemoLedger = { projects: [], deliverables: [], targets: [], incidents: [] };
  for (const account of accounts) {
    if (account.startedOn !== null) accountLedger(ledger, account, now, newId);
  }
  return ledger;
}

/** What a deliverable's lateness is decided by. */
interface Due {
  kind: 'report' | 'campaign';
  campaign: number;
  step: number;
  /** Days before the seed it is due. */
  daysAgo: number;
  /** Days after the account started that it is due. */
  daysSinceStart: number;
  /** Days before the loss it is due; null when the account is not lost. */
  daysBeforeLoss: number | null;
}

/**
 * Days late (0: on time), or 'never' for work not delivered by the seed (or by the loss).
 * `slips` holds the days-ago of the steady accounts' earlier slips, kept a third of a year apart.
 */
function lateness(profile: DeliveryProfile, due: Due, random: () => number, slips: number[]): number | 'never' {
  const r = random();
  const t = due.daysAgo;
  switch (profile) {
    case 'slipping':
      // Later and later: two days late eleven weeks ago, nine days late now (so the newest are overdue).
      return t >= 0 && t <= 75 ? 1 + Math.ceil((80 - t) / 10) : 0;
    case 'cosy':
      // Most work of the last four months a day to three late; "Oliver won't mind".
      return t >= 0 && t <= 110 && r < 0.6 ? 1 + Math.floor(random() * 3) : 0;
    case 'lapsing': {
      const l = due.daysBeforeLoss ?? t;
      // From three months before the loss: reports and campaign work later and later, the last never sent.
      if (l < 0 || l > 100) return 0;
      if (due.kind === 'report') return 4 + Math.round((100 - l) / 12);
      return l <= 40 ? 'never' : 3 + Math.round((100 - l) / 15);
    }
    case 'two_late':
      // The last quarter's campaign: its concepts and assets are the two late deliverables.
      if (due.kind === 'campaign' && due.campaign === QUARTER_CAMPAIGN && due.step === 1) return 4;
      if (due.kind === 'campaign' && due.campaign === QUARTER_CAMPAIGN && due.step === 2) return 6;
      return 0;
    case 'steady':
    case 'leads_missed': {
      // A rare slip of a day or two, only long ago, never two in the same few months.
      if (t <= 150 || r >= 0.08 || due.daysSinceStart < 120 || slips.some((s) => Math.abs(s - t) < 120)) return 0;
      slips.push(t);
      return 1 + Math.floor(random() * 2);
    }
  }
}

function accountLedger(ledger: DemoLedger, account: DemoLedgerAccount, now: Date, newId: () => string): void {
  const random = generator(hash(`ledger:${account.key}`));
  const profile: DeliveryProfile = DELIVERY_PROFILES[account.key] ?? 'steady';
  const today = dayNumber(now.toISOString());
  const nowMs = now.getTime();
  const startDay = dayNumber(account.startedOn ?? dayString(today));
  const lostDay = account.lostOn === null ? null : dayNumber(account.lostOn);
  const fromDay = Math.max(startDay, today - LEDGER_DAYS);
  const lastDay = lostDay ?? Infinity;
  const lead = account.ownerIds[0] ?? null;
  const owners = account.ownerIds.length > 0 ? account.ownerIds : [null];
  const deliverablesOf = new Map<string, Array<DemoRow<DeliverableRecord>>>();
  const slips: number[] = [];

  const addProject = (record: Omit<ProjectRecord, 'accountId'>): string => {
    const id = newId();
    ledger.projects.push({ id, createdBy: lead, record: { accountId: account.id, ...record } });
    deliverablesOf.set(id, []);
    return id;
  };
  const projectStatus = (start: number, end: number | null): ProjectRecord['status'] => {
    if (lostDay !== null && (end === null || end > lostDay)) return 'cancelled';
    if (start > today) return 'planned';
    return end !== null && end < today ? 'done' : 'active';
  };
  const day = (d: number | null): string | null => (d === null ? null : dayString(d));

  const addDeliverable = (projectId: string, title: string, dueDay: number, due: Omit<Due, 'daysAgo' | 'daysSinceStart' | 'daysBeforeLoss'>): DemoRow<DeliverableRecord> | null => {
    if (dueDay < fromDay || dueDay > lastDay) return null;
    const dueAt = atHour(dueDay, DUE_HOUR);
    const late = lateness(profile, { ...due, daysAgo: today - dueDay, daysSinceStart: dueDay - startDay, daysBeforeLoss: lostDay === null ? null : lostDay - dueDay }, random, slips);
    const ownerId = owners[Math.floor(random() * owners.length)] ?? null;
    let deliveredAt: Date | null = null;
    let approvedAt: Date | null = null;
    if (late !== 'never') {
      // On time: a few hours to two days early. Late: in the afternoon of the day it came.
      const at = late === 0 ? new Date(dueAt.getTime() - (2 + Math.floor(random() * 46)) * HOUR_MS) : new Date(dueAt.getTime() + late * DAY_MS - Math.floor(random() * 6) * HOUR_MS);
      const approval = new Date(at.getTime() + (20 + Math.floor(random() * 50)) * HOUR_MS);
      const isKnownBy = (t: Date) => t.getTime() <= nowMs && (lostDay === null || t.getTime() < (lostDay + 1) * DAY_MS);
      if (isKnownBy(at)) {
        deliveredAt = at;
        if (isKnownBy(approval)) approvedAt = approval;
      }
    }
    const status: DeliverableStatus | undefined = deliveredAt ? undefined : dueDay - today <= 10 ? 'in_progress' : 'planned';
    const { progress, problems } = settleProgress(undefined, { status, deliveredAt, approvedAt }, now);
    if (problems.length > 0) throw new Error(`Demo deliverable ${title} of ${account.key}: ${problems.map((p) => p.message).join('; ')}`);
    const row: DemoRow<DeliverableRecord> = {
      id: newId(),
      createdBy: lead,
      record: { projectId, accountId: account.id, title, ownerId, dueAt, ...progress, notes: '' },
    };
    ledger.deliverables.push(row);
    deliverablesOf.get(projectId)?.push(row);
    return row;
  };

  // The retainer and its monthly reports, due on the 5th for the month before.
  const retainerId = addProject({
    name: RETAINERS[account.category] ?? 'Always-on retainer',
    brief: `${firstSentence(account.notes)} A performance report by the 5th of every month.`,
    budget: null,
    startsOn: account.startedOn,
    endsOn: day(lostDay),
    status: lostDay === null ? 'active' : 'cancelled',
  });
  const reportsBy = new Map<number, string>();
  const first = new Date(fromDay * DAY_MS);
  for (let m = 0; ; m++) {
    const dueDate = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 5));
    const dueDay = dayNumber(dueDate.toISOString());
    if (dueDay > today + 40 || dueDay > lastDay) break;
    const month = new Date(Date.UTC(dueDate.getUTCFullYear(), dueDate.getUTCMonth() - 1, 1));
    // A report for a month before the retainer began is not due.
    if (dayNumber(month.toISOString()) < startDay) continue;
    const report = addDeliverable(retainerId, `Monthly performance report: ${MONTHS[month.getUTCMonth()]} ${month.getUTCFullYear()}`, dueDay, { kind: 'report', campaign: -1, step: -1 });
    if (report) reportsBy.set(dueDay, report.id);
  }

  // Four campaigns a year, each with its five deliverables.
  const names = CAMPAIGN_OVERRIDES[account.key] ?? CAMPAIGNS[account.category] ?? ['Campaign one', 'Campaign two', 'Campaign three', 'Campaign four'];
  const shift = (hash(account.key) >>> 0) % 11 - 5;
  const campaignIds: string[] = [];
  CAMPAIGN_STARTS.forEach((startsAgo, c) => {
    const planned = today - startsAgo + shift;
    // A campaign planned before the retainer began is its first campaign, from the first day.
    const start = planned < fromDay && planned + CAMPAIGN_DAYS - 30 > fromDay ? fromDay : planned;
    const end = start + CAMPAIGN_DAYS;
    if (start < fromDay || start > lastDay) return;
    const amount = account.value ? Math.max(2500, Math.round((account.value.amount * (0.5 + random())) / 500) * 500) : null;
    const name = names[(c + names.length - 1) % names.length] ?? `Campaign ${c + 1}`;
    const id = addProject({
      name,
      brief: `${name} for ${account.name}: objectives, audiences, channels and timings as agreed at the kick-off. Five deliverables, from the plan to the results report.`,
      budget: amount && account.value ? { amount, currency: account.value.currency } : null,
      startsOn: dayString(start),
      endsOn: dayString(end),
      status: projectStatus(start, end),
    });
    campaignIds[c] = id;
    CAMPAIGN_STEPS.forEach(([title, offset], step) => addDeliverable(id, title, start + offset, { kind: 'campaign', campaign: c, step }));
  });

  // KPI targets: two metrics per calendar quarter (Quillfire: its monthly lead target).
  const metrics = METRICS[account.category] ?? [metric('Earned media articles', 20), metric('Social engagement rate (%)', 4, 1)];
  const scale = 0.7 + ((hash(`scale:${account.key}`) >>> 0) % 1000) / 1000;
  const periods = profile === 'leads_missed' ? monthsBetween(fromDay, today) : quartersBetween(fromDay, today);
  const missedBefore = new Set<string>();
  const completed = periods.filter(([, end]) => end < today && end <= lastDay);
  periods.forEach(([periodStart, periodEnd], index) => {
    if (periodEnd > lastDay) return;
    const fromEnd = completed.length - 1 - completed.findIndex(([s]) => s === periodStart);
    const isOver = periodEnd < today;
    const list: ReadonlyArray<[Metric, number]> = profile === 'leads_missed' ? [[MONTHLY_LEADS, 0]] : metrics.map((m, i) => [m, i]);
    for (const [m, which] of list) {
      const goal = round(m.goal * scale * (1 + 0.03 * index), m.decimals);
      const missed = isOver && isMissed(profile, which, fromEnd, today - periodEnd, random, missedBefore.has(`${which}:${index - 1}`));
      if (missed) missedBefore.add(`${which}:${index}`);
      // Better than the goal by 2–22%, or worse by 10–35% (for lower-is-better metrics, the inverse).
      const factor = missed ? 0.65 + random() * 0.25 : 1.02 + random() * 0.2;
      const actual = isOver ? round(m.higherIsBetter ? goal * factor : goal / factor, m.decimals) : null;
      ledger.targets.push({
        id: newId(),
        createdBy: lead,
        record: {
          accountId: account.id,
          projectId: null,
          metric: m.name,
          periodStart: dayString(Math.max(periodStart, startDay)),
          periodEnd: dayString(periodEnd),
          goal,
          actual,
          higherIsBetter: m.higherIsBetter,
        },
      });
    }
  });

  // Incidents: the stories' own, and now and then a small one long ago.
  const addIncident = (kind: IncidentRecord['kind'], severity: number, daysAgo: number, description: string, deliverableId: string | null = null) => {
    const occurredDay = today - daysAgo;
    if (occurredDay < fromDay || occurredDay > lastDay) return;
    const occurredAt = atHour(occurredDay, 10 + Math.floor(random() * 7));
    if (occurredAt.getTime() > nowMs) return;
    ledger.incidents.push({ id: newId(), createdBy: lead, record: { accountId: account.id, deliverableId, kind, severity, description, occurredAt } });
  };
  /** The newest monthly report due on or before the day `daysAgo` days before the seed. */
  const reportBefore = (daysAgo: number): string | null => {
    const days = [...reportsBy.keys()].filter((d) => d <= today - daysAgo);
    return days.length > 0 ? (reportsBy.get(Math.max(...days)) ?? null) : null;
  };
  const stepOf = (c: number, step: number): string | null => {
    const id = campaignIds[c];
    return id ? (deliverablesOf.get(id)?.[step]?.id ?? null) : null;
  };
  const lossAgo = lostDay === null ? 0 : today - lostDay;
  switch (profile) {
    case 'slipping':
      addIncident('report_error', 2, 33, 'The monthly report double-counted paid and organic reach; Karen found it before her board meeting. A corrected version went out two days later.', reportBefore(33));
      addIncident('missed_deadline', 1, 18, 'The retail toolkit missed the in-store date agreed with the grocery buyers.', stepOf(QUARTER_CAMPAIGN, 3));
      addIncident('missed_meeting', 2, 12, 'Nobody joined the monthly status call: the account lead was double-booked and no one stood in.');
      break;
    case 'cosy':
      addIncident('report_error', 1, 40, 'The influencer report listed last season’s creator handles. Oliver laughed it off.', reportBefore(40));
      addIncident('rework', 1, 70, 'Window artwork exported at the wrong size; redone overnight before the install.', stepOf(QUARTER_CAMPAIGN, 2));
      break;
    case 'lapsing':
      addIncident('report_error', 2, lossAgo + 50, 'The leads figures in the monthly report used last year’s conversion rates; Vanessa’s team found it.', reportBefore(lossAgo + 50));
      addIncident('missed_meeting', 1, lossAgo + 20, 'Nobody from the agency joined the quarterly review call.');
      break;
    case 'two_late':
      addIncident('rework', 1, 50, 'Campaign assets redone after they went out with last season’s prices.', stepOf(QUARTER_CAMPAIGN, 2));
      break;
    case 'steady':
    case 'leads_missed':
      if ((hash(`incident:${account.key}`) >>> 0) % 3 === 0) {
        const [kind, description] = pickOne(random, OLD_INCIDENTS);
        addIncident(kind, 1, 170 + ((hash(account.key) >>> 0) % 150), description);
      }
      break;
  }
}

/** Whether a finished period's target was missed: `fromEnd` 0 is the last period over, 1 the one before, … */
function isMissed(profile: DeliveryProfile, metricIndex: number, fromEnd: number, daysSinceEnd: number, random: () => number, wasMissedBefore: boolean): boolean {
  const r = random();
  switch (profile) {
    case 'slipping':
      return metricIndex === 0 && fromEnd === 0; // reach, last quarter
    case 'cosy':
    case 'two_late':
      return metricIndex === 1 && fromEnd === 0; // site traffic, last quarter
    case 'lapsing':
      return metricIndex === 0 && fromEnd === 0; // qualified leads, the last quarter before the loss
    case 'leads_missed':
      return fromEnd <= 2; // three months running
    case 'steady':
      // Now and then long ago, one metric, never twice running; each metric's last two periods (what the score reads) are met.
      return metricIndex === 0 && daysSinceEnd > 200 && !wasMissedBefore && r < 0.2;
  }
}

/** Calendar quarters [first day, last day] (day numbers) that end on or after `from` and start on or before `to`. */
function quartersBetween(from: number, to: number): Array<[number, number]> {
  return periodsBetween(from, to, 3);
}

function monthsBetween(from: number, to: number): Array<[number, number]> {
  return periodsBetween(from, to, 1);
}

function periodsBetween(from: number, to: number, months: number): Array<[number, number]> {
  const start = new Date(from * DAY_MS);
  let year = start.getUTCFullYear();
  let month = Math.floor(start.getUTCMonth() / months) * months;
  const periods: Array<[number, number]> = [];
  for (;;) {
    const first = dayNumber(new Date(Date.UTC(year, month, 1)).toISOString());
    const last = dayNumber(new Date(Date.UTC(year, month + months, 0)).toISOString());
    if (first > to) break;
    if (last >= from) periods.push([first, last]);
    month += months;
    if (month >= 12) {
      month -= 12;
      year += 1;
    }
  }
  return periods;
}

/** The first sentence of a text (all of it when it has no full stop). */
function firstSentence(text: string): string {
  const end = text.indexOf('. ');
  return end === -1 ? text : text.slice(0, end + 1);
}
