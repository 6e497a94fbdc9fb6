/**
 * Which demo accounts tell which story of the health score and the post-mortem (PRODUCT.md M3, M4,
 * M6), chosen by what their notes say, and the records those stories need: how each account's
 * delivery went, and the losses with their reasons. The touch history (demo-touchpoints.ts) and the
 * delivery ledger (demo-ledger.ts) read this file, so the two agree on who is slipping, who is too
 * cosy and who was lost. Pure data.
 */
import type { AlertKind } from '../health/alert-rules.js';
import type { LossReason } from '../postmortems/reasons.js';
import type { TeamKey } from './demo-data.js';

/** The accounts the demo's stories are about, by the story they tell. */
export const DEMO_STORIES = {
  /** Deliverables later and later over the last quarter, the reach target missed, an error in a report, a missed call; then the client went quiet: at risk. */
  slipping: 'sunnybrae',
  /** Seed 001: a long friendship with the brand team, warm and frequent, papering over late work. */
  cosy: 'marigold',
  /** The champion who brought us in left three weeks ago. */
  championLeft: 'copperline',
  /** Lost after late reports, a missed target, an incident, a contact gap and a client who stopped calling. */
  lost: 'tillwise',
} as const;

/**
 * How an account's delivery went over the last year:
 * - steady: on time; a rare slip (a day or two) only long ago, a rare miss only in old quarters;
 * - slipping: on time until three months ago, then each deliverable later than the one before, the
 *   last still overdue; the reach target of the last quarter missed; a report error, a missed date
 *   and a missed call;
 * - cosy: on time until four months ago, then most work a day to three late, a target missed, two
 *   small incidents (nobody minded);
 * - lapsing: two monthly reports late and campaign work overdue in the months before the loss, the
 *   lead target missed, a report error and a missed review call;
 * - two_late: two late deliverables in the last quarter and the traffic target missed (Hollis & Wren's notes);
 * - leads_missed: a monthly lead target, missed the last three months running (Quillfire's notes).
 */
export type DeliveryProfile = 'steady' | 'slipping' | 'cosy' | 'lapsing' | 'two_late' | 'leads_missed';

export const DELIVERY_PROFILES: Readonly<Record<string, DeliveryProfile>> = {
  [DEMO_STORIES.slipping]: 'slipping',
  [DEMO_STORIES.cosy]: 'cosy',
  [DEMO_STORIES.lost]: 'lapsing',
  holliswren: 'two_late',
  quillfire: 'leads_missed',
};

export interface DemoLoss {
  key: string;
  lostDaysAgo: number;
  reasons: LossReason[];
  notes: string;
  /**
   * An alert someone acknowledged some days after it was raised, and did nothing more about: the
   * post-mortem's "someone saw it, nothing changed". The other alerts nobody acted on.
   */
  acknowledged?: { kind: AlertKind; by: TeamKey; daysAfterRaised: number; note: string };
}

/** Every lost account is marked lost with its reasons (the post-mortem needs the record). */
export const DEMO_LOSSES: readonly DemoLoss[] = [
  {
    key: DEMO_STORIES.lost,
    lostDaysAgo: 42,
    reasons: ['staff_change_client', 'quality', 'relationship'],
    notes:
      'Vanessa called on a Monday: after the agency review they are moving to the agency she worked with before. ' +
      'She mentioned the late monthly reports, the error in the leads figures and that "nobody senior had been in touch since Rachel left". ' +
      'We thought the relationship was fine — Tyler never complained.',
    acknowledged: {
      kind: 'delivery_slipping',
      by: 'sophie',
      daysAfterRaised: 2,
      note: 'Spoke to Tyler: the report dates are not a problem for them. Keeping an eye on it.',
    },
  },
  {
    key: 'aurelle',
    lostDaysAgo: 58,
    reasons: ['strategy_change'],
    notes: 'We resigned the account to take Skyvane Airways, a direct competitor with a larger budget. Ended on good terms: a loss the health score was never meant to foresee.',
  },
];

/**
 * Mail the intake could not match to a contact, waiting in the unmatched queue: a new person at a
 * client (assign it to the account, and add them as a contact), a lead who is no client yet, and a
 * client writing from a private address. Sent to the team, so the intake got a copy.
 */
export interface DemoUnmatchedMail {
  key: string;
  from: string;
  /** Team members (by key) it was sent to. */
  to: readonly string[];
  subject: string;
  text: string;
  daysAgo: number;
}

export const DEMO_UNMATCHED_MAILS: readonly DemoUnmatchedMail[] = [
  {
    key: 'greenbarrow-new-lead',
    from: 'hannah.cole@greenbarrow.example',
    to: ['tomas'],
    subject: 'Introduction: I am taking over the loyalty programme',
    text: 'Hi Tomás,\n\nI joined Greenbarrow last week as Head of Loyalty and will be your contact for the relaunch from now on. Could we find an hour next week to go through the plan and the reporting?\n\nBest,\nHannah Cole',
    daysAgo: 2,
  },
  {
    key: 'lead-fernhill',
    from: 'marcus.lindqvist@fernhillcider.example',
    to: ['priya'],
    subject: 'Looking for an agency for our cider launch',
    text: 'Hello Priya,\n\nA friend at Halvard Brewing recommended you. We launch two new ciders in spring and are looking for an agency for social and launch events. Would you have time for a call?\n\nMarcus Lindqvist\nFernhill Cider',
    daysAgo: 1,
  },
  {
    key: 'wellhaven-private',
    from: 'rebecca.stone.home@mailbox.example',
    to: ['priya'],
    subject: 'Re: Clinic opening campaign — feedback from the board',
    text: 'Priya,\n\nWriting from home, my work mail is down. The board liked the campaign draft; two changes to the headline, see below. Can we have the final version by Friday?\n\nRebecca',
    daysAgo: 0,
  },
];
