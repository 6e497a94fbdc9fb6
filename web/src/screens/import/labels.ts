import type { ImportJob, ImportKind } from '../../api/types';

/** Names for the layouts the server detects; an unknown one is shown as sent, underscores as spaces. */
const LAYOUT_LABELS: Record<string, string> = {
  rapport_touchpoints: 'Rapport touchpoints',
  hubspot_contacts: 'HubSpot contacts',
  hubspot_companies: 'HubSpot companies',
  salesforce_accounts: 'Salesforce accounts',
  salesforce_contacts: 'Salesforce contacts',
  twenty_people: 'Twenty people',
  twenty_companies: 'Twenty companies',
  ics: 'Calendar (ICS)',
};
export const layoutLabel = (layout: string | null): string => (layout ? (LAYOUT_LABELS[layout] ?? layout.replace(/_/g, ' ')) : 'Not recognised');

/**
 * The part of an import's result that says how many of the rows imported were accounts recorded
 * lost with their loss record (decision 0021), as `rapport import` says it; empty when none.
 */
export function lostAccountsPart(accountsMarkedLost: number): string {
  if (accountsMarkedLost <= 0) return '';
  const n = accountsMarkedLost.toLocaleString('en');
  return accountsMarkedLost === 1 ? ` (${n} of them as a lost account, with its loss record)` : ` (${n} of them as lost accounts, with their loss record)`;
}

export const STATUS_LABELS: Record<ImportJob['status'], string> = {
  queued: 'Waiting',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

/** What the rows of an import become, in the words of the screen. */
export const KIND_LABELS: Record<ImportKind, string> = {
  accounts: 'Accounts',
  contacts: 'Contacts',
  touchpoints: 'Touchpoints',
  deliverables: 'Deliverables',
  targets: 'KPI targets',
  incidents: 'Quality incidents',
};

const ACCOUNT_REFS = {
  account: 'Account (name, ID in your system or Rapport ID)',
  accountId: 'Account (Rapport ID)',
  accountExternalId: 'Account (ID in your system)',
  accountName: 'Account (name)',
};

/**
 * Rapport's import fields (src/imports/layouts.ts FIELDS) as people call them, per kind: the same
 * key can mean another thing in another kind (`title`: a contact's job title, a deliverable's title).
 */
const FIELD_LABELS: Record<ImportKind, Record<string, string>> = {
  accounts: {
    externalId: 'ID in your system',
    name: 'Name',
    category: 'Category',
    website: 'Website',
    domain: 'Domain',
    aliases: 'Other names (aliases)',
    status: 'Status',
    value: 'Monthly value',
    annualValue: 'Annual value (divided by 12)',
    currency: 'Currency of the value',
    lostOn: 'Day it was lost (churn date)',
    lossReasons: 'Why it was lost (loss reasons)',
    lossNotes: 'Notes on the loss',
  },
  contacts: {
    externalId: 'ID in your system',
    name: 'Full name',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'E-mail',
    phone: 'Phone',
    phonePrefix: 'Phone country code',
    title: 'Job title',
    accountExternalId: ACCOUNT_REFS.accountExternalId,
    accountName: ACCOUNT_REFS.accountName,
  },
  touchpoints: {
    externalId: 'ID in your system',
    ...ACCOUNT_REFS,
    channel: 'Channel (call, e-mail, meeting…)',
    direction: 'Who started it (agency or client)',
    occurredAt: 'Date and time',
    durationMinutes: 'Duration (minutes)',
    subject: 'Subject',
    summary: 'Summary',
    contactEmails: 'Contacts’ e-mails',
    memberEmails: 'Team members’ e-mails',
  },
  deliverables: {
    externalId: 'ID in your system',
    ...ACCOUNT_REFS,
    project: 'Project',
    title: 'Title',
    dueAt: 'Due date',
    deliveredAt: 'Delivered on',
    approvedAt: 'Approved on',
    status: 'Status',
    ownerEmail: 'Owner’s e-mail',
    notes: 'Notes',
  },
  targets: {
    ...ACCOUNT_REFS,
    project: 'Project',
    metric: 'Metric',
    periodStart: 'Period start',
    periodEnd: 'Period end',
    goal: 'Goal',
    actual: 'Actual',
    higherIsBetter: 'Higher is better (yes/no)',
  },
  incidents: {
    ...ACCOUNT_REFS,
    deliverable: 'Deliverable',
    kind: 'Kind of incident',
    severity: 'Severity (1–3)',
    description: 'Description',
    occurredAt: 'Date and time',
  },
};

/** A field's label in a kind; a field the screen has no words for yet is shown by its key. */
export const fieldLabel = (kind: ImportKind, field: string): string => FIELD_LABELS[kind][field] ?? field;

/** What the preview shows under names of its own: the account reference (whichever columns gave it) and a contact's addresses. */
const PREVIEW_LABELS: Record<string, string> = { account: 'Account', emails: 'E-mails' };

/**
 * A column heading of the preview table. Its keys are the fields a row was read into (`externalId`,
 * `firstName` for a row that failed), or the file's own column names while the file cannot be read
 * as mapped (no kind): people read the words the mapping above uses, never a field's key.
 */
export function previewColumnLabel(kind: ImportKind | null, key: string): string {
  if (!kind) return key;
  return PREVIEW_LABELS[key] ?? fieldLabel(kind, key);
}

/**
 * A file-level problem in words: `mapping.Sector` names the column, `header` and `mapping` need no
 * prefix (the message says it). The raw path stays on the element for details and tests.
 */
export function problemText(problem: { path: string; message: string }): string {
  const column = /^mapping\.(.+)$/.exec(problem.path)?.[1];
  return column ? `Column “${column}”: ${problem.message}` : problem.message;
}
