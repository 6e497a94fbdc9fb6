import type { ImportJob } from '../../api/types';

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

export const STATUS_LABELS: Record<ImportJob['status'], string> = {
  queued: 'Waiting',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};
