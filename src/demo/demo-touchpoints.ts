import type { NewTouchpoint } from '../touchpoints/repo.js';
import type { Channel, Direction } from '../touchpoints/touchpoint.js';
import type { ContactRole } from '../accounts/account.js';
import { toIsoDate } from '../platform/clock.js';
import { generator, hash, pickOne } from './demo-random.js';
import { DEMO_STORIES } from './demo-stories.js';

/**
 * The demo's touchpoint history, made deterministically (a seeded generator, dates counted back
 * from the seed day) so that the attention board and the health score show every pattern:
 * accounts touched on cadence, accounts going quiet, a client who stopped initiating,
 * single-threaded accounts, a relationship grown too cosy, a client drifting away before a loss.
 * Subjects and summaries are worded as people write them; the lexicon sentiment scorer
 * (health/sentiment.ts) reads the client's words. Pure: the seed inserts what this returns.
 */

export type DemoPattern = 'healthy' | 'quiet' | 'fading' | 'single' | 'sparse' | 'cosy' | 'lapsing';

/** Which accounts tell which story; every other open account is touched on cadence. */
export const DEMO_PATTERNS: Readonly<Record<string, DemoPattern>> = {
  copperline: 'fading', // champion left, the client stopped calling
  wrenfield: 'quiet',
  greenbarrow: 'quiet',
  pulsewise: 'quiet',
  skyvane: 'single',
  quillfire: 'single',
  aurelle: 'fading',
  [DEMO_STORIES.slipping]: 'quiet', // after a quarter of slipping work the client has gone quiet: at risk
  [DEMO_STORIES.cosy]: 'cosy', // frequent, warm, mostly the client's idea, for the last four months
  [DEMO_STORIES.lost]: 'lapsing', // senior contact gone, a gap, the client no longer calling, then lost
};

export interface DemoTouchAccount {
  key: string;
  id: string;
  status: string;
  cadenceDays: number;
  /** Days before the seed the relationship started (touches begin then, at most TOUCH_HISTORY_DAYS back). */
  startedDaysAgo: number | null;
  ownerIds: string[];
  contacts: Array<{ id: string; isPrimary: boolean; role: ContactRole; leftDaysAgo: number | null; joinedDaysAgo: number | null }>;
}

const DAY_MS = 86_400_000;
/** The share of today gone when touch days are counted back (19:12 UTC): a fixed hour, so the demo is the same whenever it is made. */
const SEED_HOUR_SHARE = 0.8;
const CHANNELS: Array<[Channel, number]> = [
  ['email', 40],
  ['call', 18],
  ['meeting', 14],
  ['video', 14],
  ['report', 6],
  ['chat', 8],
];

/** What people write when they log a touch: a subject and a summary ('' when logged without a note), by channel. */
type Wording = Partial<Record<Channel, ReadonlyArray<readonly [subject: string, summary: string]>>>;

/** What the agency's people write about a touch they started. */
const AGENCY: Wording = {
  email: [
    ['Campaign assets for review', 'Sent the assets for sign-off by Friday.'],
    ['Re: timings for the launch', 'Confirmed the launch timings with the team.'],
    ['Weekly status', 'Shared the week’s numbers and the next steps.'],
    ['Media plan v3', 'Sent the revised media plan with the new flighting.'],
    ['Press release draft for sign-off', ''],
    ['Coverage round-up', 'The week’s coverage, trade titles first.'],
  ],
  call: [
    ['Quick check-in', ''],
    ['Call about the brief', 'Went through the open questions on the brief.'],
    ['Catch-up on results', 'Walked through the month’s numbers.'],
    ['Call: launch timings', 'Agreed the launch date and who signs off.'],
  ],
  meeting: [
    ['Quarterly business review', 'Reviewed the quarter against the targets; actions agreed on both sides.'],
    ['Creative presentation', 'Presented three routes; feedback by next week.'],
    ['Workshop: next season', 'Planned the next season’s themes and budget split.'],
    ['Kick-off', 'Kick-off for the next campaign: scope, team and timings.'],
  ],
  video: [
    ['Status call', ''],
    ['Creative feedback round', 'Went through the client’s comments on the concepts.'],
    ['Planning session', 'Planned the next month’s content.'],
  ],
  report: [
    ['Monthly performance report', 'Sent the monthly report.'],
    ['Social listening report', ''],
    ['Coverage report', ''],
  ],
  chat: [
    ['Slack: quick question', ''],
    ['Slack: approval for post', 'Asked for approval on tomorrow’s post.'],
  ],
};

/** What the client writes or asks when they start a touch: mostly matter-of-fact, now and then pleased. */
const CLIENT: Wording = {
  email: [
    ['Re: timings for the launch', 'Asked for an update on the launch timings.'],
    ['Question about the media plan', 'Wants to move budget from print to social.'],
    ['Re: budget question', 'Question about next month’s budget split.'],
    ['Feedback on the draft', 'Sent comments on the draft; small changes only.'],
    ['Re: coverage round-up', 'Happy with the coverage so far; wants more of the trade titles.'],
  ],
  call: [
    ['Call from the client about the brief', 'Wants to add a new market to the brief.'],
    ['Quick question on next month', ''],
    ['Client called about the results', 'Shared the internal results deck; good numbers.'],
  ],
  meeting: [
    ['Client workshop', 'Their team ran a workshop on next year’s priorities and invited us.'],
    ['Lunch with the brand team', 'Their invitation; they are pleased with the work.'],
  ],
  video: [['Client asked for a quick call', 'Thanks for the quick turnaround on the assets.']],
  chat: [
    ['Slack: quick question', ''],
    ['Slack: can we add a post?', 'Asked to add a post about their event next week.'],
  ],
};

/** Marigold & Finch: the friendship with Oliver's team, warm words while the work slips. */
const COSY_CLIENT: Wording = {
  email: [
    ['Thank you!', 'Love the new concepts, you are all amazing.'],
    ['Re: drinks after the window launch', 'Great evening, the team loved it. Assets whenever you can.'],
    ['Re: photos from the party', 'Thanks for sorting the tickets, what a fun day!'],
  ],
  call: [
    ['Oliver called for a catch-up', 'Brilliant to catch up; happy to push the report a few days.'],
    ['Call: weekend plans and the window shoot', 'Happy with everything, see you at the match.'],
  ],
  meeting: [
    ['Lunch on Thursday', 'Lovely lunch, thanks so much. No rush on the window assets.'],
    ['Match on Saturday', 'Great day out, thanks so much. Happy to wait for the report.'],
  ],
  video: [['Catch-up with Oliver', 'Brilliant to catch up; happy to push the report a few days.']],
  chat: [
    ['Slack: you are a star', 'Love the new concepts, you are all amazing.'],
    ['Slack: window assets', 'Enjoy the weekend, the assets can wait!'],
  ],
};
const COSY_AGENCY: Wording = {
  email: [
    ['Photos from the evening', 'Fun evening with the brand team after the launch.'],
    ['Window assets: new date', 'Told Oliver the assets will be a couple of days late; he laughed it off.'],
  ],
  call: [['Catch-up with Oliver', 'Long chat with Oliver; more about holidays than the brief.']],
  meeting: [
    ['Golf day with the brand team', 'Great day; the window brief came up once, at the bar.'],
    ['Drinks with Oliver and Priyanka', 'Great catch-up over drinks; they are happy.'],
  ],
  video: [['Catch-up call', 'Walked Oliver through the late window assets; he said no rush.']],
  report: [['Monthly performance report', 'Sent the report a few days late; Oliver said not to worry.']],
  chat: [['Slack: the window assets', 'Told Oliver the assets will be a couple of days late; he laughed it off.']],
};

/** Sunnybrae: the client's patience running out over the last ten weeks. */
const CONCERNED_CLIENT: Wording = {
  email: [
    ['Re: retail toolkit timings', 'Karen is concerned the retail toolkit slipped again and needs a firm date.'],
    ['Errors in the monthly report', 'Dylan pointed out errors in the monthly report. Not happy.'],
    ['Reach numbers', 'Disappointed with the numbers; asked for a recovery plan.'],
  ],
  call: [
    ['Call: reviewing options', 'Karen mentioned they are reviewing options for next year.'],
    ['Karen called about the delays', 'Frustrated: the buyers are still waiting for the toolkit.'],
  ],
  meeting: [['Escalation meeting', 'Karen and Dylan want a recovery plan with firm dates. Tense.']],
  video: [['Call about the missed dates', 'Frustrated: the buyers are still waiting for the toolkit.']],
  chat: [['Slack: where is the toolkit?', 'Dylan asked again for the toolkit date.']],
};

/** Tillwise after Rachel left: only Tyler answers, and the agency does the chasing. */
const LAPSING_AGENCY: Wording = {
  email: [
    ['Chasing feedback on the report', 'Chased Tyler for feedback on the report; no reply yet.'],
    ['Follow-up: review call', 'Asked for a slot in the review; Tyler will check.'],
  ],
  call: [
    ['Voicemail for Vanessa', 'Left a voicemail for Vanessa; no call back.'],
    ['Call with Tyler', 'Tyler says things are busy since Vanessa arrived.'],
  ],
  meeting: [['Status meeting with Tyler', 'Went through the month with Tyler; Vanessa sent apologies.']],
  video: [['Status call with Tyler', 'Went through the month with Tyler; Vanessa sent apologies.']],
  report: [['Monthly performance report', 'Sent the report to Tyler; Vanessa not copied.']],
  chat: [['Slack: report question', 'Answered Tyler’s question on the report.']],
};

/** From when the lost account's senior people are out of the picture (days before the seed). */
const LAPSING_FROM = 130;

/** How a touch is worded: by the account's story, how long ago it was, and who started it. */
function wordingOf(key: string, pattern: DemoPattern, daysAgo: number, direction: Direction): Wording {
  const isClient = direction === 'client_initiated';
  if (pattern === 'cosy' && daysAgo <= 120) return isClient ? COSY_CLIENT : COSY_AGENCY;
  if (pattern === 'lapsing' && daysAgo <= LAPSING_FROM && !isClient) return LAPSING_AGENCY;
  if (key === DEMO_STORIES.slipping && daysAgo <= 75 && isClient) return CONCERNED_CLIENT;
  return isClient ? CLIENT : AGENCY;
}

function pick<T>(random: () => number, weighted: Array<[T, number]>): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r <= 0) return value;
  }
  return weighted[0]![0];
}

/** The client's share of the touches that are not reports, by pattern, how long ago and the cadence. */
function clientShareOf(pattern: DemoPattern, daysAgo: number, cadenceDays: number): number {
  switch (pattern) {
    case 'fading':
      return daysAgo <= 90 ? 0.05 : 0.5;
    case 'cosy':
      return daysAgo <= 120 ? 0.65 : 0.4;
    case 'lapsing':
      return daysAgo > 150 ? 0.45 : daysAgo > LAPSING_FROM ? 0.15 : 0;
    default:
      // Full marks for initiation (30% earns them), without looking warm (too_cosy reads 40% as
      // warm). A client talked to once or twice a month calls as often as we do: with a handful of
      // touches a quarter, a third would halve by chance and look like a client who stopped calling.
      return cadenceDays >= 21 ? 0.5 : 0.35;
  }
}

/** Tillwise heard nothing from anyone for a month, three to four months before the seed. */
const LAPSING_GAP = { from: 86, to: 118 } as const;

/**
 * How far back the touch history goes: the health history's first day (a year back) reads the 90
 * days of touches before it and the 90 before those (the client-initiated trend).
 */
export const TOUCH_HISTORY_DAYS = 365 + 180;
/**
 * The recent part of the history, drawn as it always was (the attention board's patterns); the part
 * before it comes from a generator of its own, so adding it changed none of the recent touches.
 */
const RECENT_DAYS = 240;

export function demoTouchpoints(accounts: readonly DemoTouchAccount[], today: Date, newId: () => string): NewTouchpoint[] {
  const out: NewTouchpoint[] = [];
  for (const account of accounts) {
    if (account.status === 'prospect' && account.startedDaysAgo === null) {
      // A prospect: a couple of pitch conversations.
      continue;
    }
    const pattern: DemoPattern = DEMO_PATTERNS[account.key] ?? (account.status === 'prospect' ? 'sparse' : 'healthy');
    // The words come from a generator of their own, so the dates, directions and people of the
    // history stay what they were before the words were added.
    const words = generator(hash(`words:${account.key}`));
    const started = account.startedDaysAgo ?? 60;
    const initiative = { owed: 0 };
    if (started > RECENT_DAYS) {
      const early = generator(hash(`early:${account.key}`));
      touchesBetween(out, account, pattern, { from: Math.min(TOUCH_HISTORY_DAYS, started), to: RECENT_DAYS }, { random: early, words, initiative }, today, newId);
    }
    // Lost accounts fell silent two months ago; quiet ones well past twice their cadence.
    const lastDay = account.status === 'lost' ? 60 : pattern === 'quiet' ? account.cadenceDays * 2 + 9 : 0;
    touchesBetween(out, account, pattern, { from: Math.min(RECENT_DAYS, started), to: lastDay }, { random: generator(hash(account.key)), words, initiative }, today, newId);
  }
  return out;
}

/** The touches of one account from `from` days before `today` (the first one then) until after `to` days before it. */
function touchesBetween(
  out: NewTouchpoint[],
  account: DemoTouchAccount,
  pattern: DemoPattern,
  range: { from: number; to: number },
  draw: { random: () => number; words: () => number; initiative: { owed: number } },
  today: Date,
  newId: () => string,
): void {
  const { random, words, initiative } = draw;
  const stepOf = (daysAgo: number) => (pattern === 'sparse' ? 20 : pattern === 'cosy' && daysAgo <= 120 ? Math.max(2, account.cadenceDays * 0.4) : Math.max(2, account.cadenceDays * 0.55));
  for (let daysAgo = range.from; daysAgo > range.to; daysAgo -= stepOf(daysAgo) * (0.6 + random() * 0.8)) {
    // The day is counted from today's date as if it were evening (SEED_HOUR_SHARE of the day gone),
    // not from the moment of seeding: with `daysAgo` fractional, subtracting it from the clock put a
    // touch on another day when the demo was made just after midnight, and the demo's stories (a
    // silence of so many days before a loss) then changed with the hour it was made.
    const at = new Date(Date.parse(`${toIsoDate(today)}T00:00:00Z`) + Math.floor(SEED_HOUR_SHARE - daysAgo) * DAY_MS);
    at.setUTCHours(8 + Math.floor(random() * 9), Math.floor(random() * 4) * 15, 0, 0);
    if (at.getTime() > today.getTime()) continue;
    if (pattern === 'lapsing' && daysAgo > LAPSING_GAP.from && daysAgo < LAPSING_GAP.to) continue;
    const channel = pick(random, CHANNELS);
    let direction: Direction = 'agency_initiated';
    if (channel !== 'report') {
      // Who starts a touch follows the pattern's share closely (error diffusion, a little jitter):
      // a coin per touch would halve a share by chance now and then, and raise
      // client_stopped_initiating on accounts where nothing changed.
      initiative.owed += clientShareOf(pattern, daysAgo, account.cadenceDays);
      if (initiative.owed >= 0.4 + random() * 0.2) {
        direction = 'client_initiated';
        initiative.owed -= 1;
      }
    }
    const present = account.contacts.filter(
      (c) => (c.leftDaysAgo === null || c.leftDaysAgo < daysAgo) && (c.joinedDaysAgo === null || c.joinedDaysAgo >= daysAgo),
    );
    const primary = present.find((c) => c.isPrimary) ?? present[0];
    let people: string[] = [];
    if (pattern === 'single' && daysAgo <= 120) people = primary ? [primary.id] : [];
    else if (pattern === 'lapsing' && daysAgo <= LAPSING_FROM) {
      // No senior contact any more: only the people who use the work.
      people = present.filter((c) => c.role === 'user').map((c) => c.id);
    } else if (pattern === 'cosy' && daysAgo <= 120) {
      // The champion, the friend, is in almost every touch.
      const champion = present.find((c) => c.role === 'champion') ?? primary;
      const other = present.filter((c) => c !== champion);
      people = champion ? [champion.id] : [];
      if (other.length > 0 && random() < 0.5) people.push(other[Math.floor(random() * other.length)]!.id);
    } else if (present.length > 0) {
      const count = 1 + Math.floor(random() * Math.min(3, present.length));
      const shuffled = [...present].sort(() => random() - 0.5);
      people = shuffled.slice(0, count).map((c) => c.id);
    }
    // Drawn to keep the sequence of the history as it was; the words use their own generator.
    random();
    const [subject, summary] = pickOne(words, wordingOf(account.key, pattern, daysAgo, direction)[channel] ?? AGENCY[channel] ?? [['Note', '']]);
    const member = account.ownerIds[Math.floor(random() * account.ownerIds.length)];
    out.push({
      id: newId(),
      accountId: account.id,
      channel,
      direction,
      occurredAt: at,
      durationMinutes: channel === 'meeting' ? 60 : channel === 'call' || channel === 'video' ? 30 : null,
      subject,
      summary,
      source: 'manual',
      externalId: `demo:${account.key}:${at.toISOString()}`,
      createdBy: member ?? null,
      contactIds: people,
      memberIds: member ? [member] : [],
    });
  }
}
