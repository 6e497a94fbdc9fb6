import type { NewTouchpoint } from '../touchpoints/repo.js';
import type { Channel, Direction } from '../touchpoints/touchpoint.js';

/**
 * The demo's touchpoint history, made deterministically (a seeded generator, dates counted back
 * from the seed day) so that the attention board shows every pattern: accounts touched on
 * cadence, accounts going quiet, a client who stopped initiating, single-threaded accounts.
 * Pure: the seed inserts what this returns.
 */

export type DemoPattern = 'healthy' | 'quiet' | 'fading' | 'single' | 'sparse';

/** Which accounts tell which story; every other open account is touched on cadence. */
export const DEMO_PATTERNS: Readonly<Record<string, DemoPattern>> = {
  copperline: 'fading', // champion left, the client stopped calling
  wrenfield: 'quiet',
  greenbarrow: 'quiet',
  pulsewise: 'quiet',
  tillwise: 'single',
  skyvane: 'single',
  quillfire: 'single',
  aurelle: 'fading',
};

export interface DemoTouchAccount {
  key: string;
  id: string;
  status: string;
  cadenceDays: number;
  /** Days before the seed the relationship started (touches begin then, at most 240 days back). */
  startedDaysAgo: number | null;
  ownerIds: string[];
  contacts: Array<{ id: string; isPrimary: boolean; leftDaysAgo: number | null }>;
}

const DAY_MS = 86_400_000;
const CHANNELS: Array<[Channel, number]> = [
  ['email', 40],
  ['call', 18],
  ['meeting', 14],
  ['video', 14],
  ['report', 6],
  ['chat', 8],
];
const SUBJECTS: Record<Channel, string[]> = {
  email: ['Campaign assets for review', 'Re: timings for the launch', 'Weekly status', 'Re: budget question', 'Media plan v3', 'Press release draft'],
  call: ['Quick check-in', 'Call about the brief', 'Catch-up on results', 'Escalation: late assets'],
  meeting: ['Quarterly business review', 'Creative presentation', 'Workshop: next season', 'Kick-off'],
  video: ['Status call', 'Creative feedback round', 'Planning session'],
  report: ['Monthly performance report', 'Social listening report', 'Coverage report'],
  chat: ['Slack: quick question', 'Slack: approval for post'],
  social: ['Reply on LinkedIn'],
  other: ['Note'],
};

/** mulberry32: a small, fast, seeded generator — the same seed gives the same history. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hash = (text: string): number => [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261);

function pick<T>(random: () => number, weighted: Array<[T, number]>): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r <= 0) return value;
  }
  return weighted[0]![0];
}

export function demoTouchpoints(accounts: readonly DemoTouchAccount[], today: Date, newId: () => string): NewTouchpoint[] {
  const out: NewTouchpoint[] = [];
  for (const account of accounts) {
    if (account.status === 'prospect' && account.startedDaysAgo === null) {
      // A prospect: a couple of pitch conversations.
      continue;
    }
    const random = generator(hash(account.key));
    const pattern: DemoPattern = DEMO_PATTERNS[account.key] ?? (account.status === 'prospect' ? 'sparse' : 'healthy');
    const span = Math.min(240, account.startedDaysAgo ?? 60);
    // Lost accounts fell silent two months ago; quiet ones well past twice their cadence.
    const lastDay = account.status === 'lost' ? 60 : pattern === 'quiet' ? account.cadenceDays * 2 + 9 : 0;
    const step = pattern === 'sparse' ? 20 : Math.max(2, account.cadenceDays * 0.55);
    for (let daysAgo = span; daysAgo > lastDay; daysAgo -= step * (0.6 + random() * 0.8)) {
      const at = new Date(today.getTime() - daysAgo * DAY_MS);
      at.setUTCHours(8 + Math.floor(random() * 9), Math.floor(random() * 4) * 15, 0, 0);
      if (at.getTime() > today.getTime()) continue;
      const channel = pick(random, CHANNELS);
      const recent = daysAgo <= 90;
      const clientShare = pattern === 'fading' ? (recent ? 0.05 : 0.5) : 0.4;
      const direction: Direction = channel !== 'report' && random() < clientShare ? 'client_initiated' : 'agency_initiated';
      const present = account.contacts.filter((c) => c.leftDaysAgo === null || c.leftDaysAgo < daysAgo);
      const primary = present.find((c) => c.isPrimary) ?? present[0];
      let people: string[] = [];
      if (pattern === 'single' && daysAgo <= 120) people = primary ? [primary.id] : [];
      else if (present.length > 0) {
        const count = 1 + Math.floor(random() * Math.min(3, present.length));
        const shuffled = [...present].sort(() => random() - 0.5);
        people = shuffled.slice(0, count).map((c) => c.id);
      }
      const subjects = SUBJECTS[channel];
      const subject = subjects[Math.floor(random() * subjects.length)] ?? 'Touch';
      const member = account.ownerIds[Math.floor(random() * account.ownerIds.length)];
      out.push({
        id: newId(),
        accountId: account.id,
        channel,
        direction,
        occurredAt: at,
        durationMinutes: channel === 'meeting' ? 60 : channel === 'call' || channel === 'video' ? 30 : null,
        subject,
        summary: direction === 'client_initiated' ? 'The client reached out.' : '',
        source: 'manual',
        externalId: `demo:${account.key}:${at.toISOString()}`,
        createdBy: member ?? null,
        contactIds: people,
        memberIds: member ? [member] : [],
      });
    }
  }
  return out;
}
