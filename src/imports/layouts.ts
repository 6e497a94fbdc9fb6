/**
 * Which file this is and what its columns mean: CSV or calendar by content, and for a CSV the
 * export layout (HubSpot, Salesforce, Twenty, Rapport's own touchpoints and delivery ledger) from
 * its header alone, with the column → field mapping that layout implies. Pure: no I/O. The CRM
 * and touchpoint layouts are written down in docs/decisions/0007-imports.md; the delivery ledger's
 * three (deliverables, targets, incidents) at `RAPPORT_DELIVERABLE_COLUMNS` and below.
 */

export type ImportFormat = 'csv' | 'ics';
export const IMPORT_KINDS = ['accounts', 'contacts', 'touchpoints', 'deliverables', 'targets', 'incidents'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/** The kinds of the delivery ledger (M3): rows of projects' deliverables, KPI targets, quality incidents. */
export const LEDGER_KINDS = ['deliverables', 'targets', 'incidents'] as const satisfies readonly ImportKind[];
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** The ledger's ways of naming an account: `account` takes a Rapport id, an external id or a name. */
const LEDGER_ACCOUNT_FIELDS = ['account', 'accountId', 'accountExternalId', 'accountName'] as const;

/** Where a row's ids come from: the prefix of the external ids it stores (`hubspot:123`). */
export type ExternalSystem = 'hubspot' | 'salesforce' | 'twenty' | 'csv';

/** The fields a column can map to, per kind of record. */
export const FIELDS = {
  accounts: ['externalId', 'name', 'category', 'website', 'domain', 'aliases', 'status', 'value', 'annualValue', 'currency', 'lostOn', 'lossReasons', 'lossNotes'],
  contacts: ['externalId', 'name', 'firstName', 'lastName', 'email', 'phone', 'phonePrefix', 'title', 'accountExternalId', 'accountName'],
  touchpoints: [
    'externalId', 'accountId', 'accountName', 'accountExternalId', 'channel', 'direction', 'occurredAt', 'durationMinutes',
    'subject', 'summary', 'contactEmails', 'memberEmails',
  ],
  deliverables: ['externalId', ...LEDGER_ACCOUNT_FIELDS, 'project', 'title', 'dueAt', 'deliveredAt', 'approvedAt', 'status', 'ownerEmail', 'notes'],
  targets: [...LEDGER_ACCOUNT_FIELDS, 'project', 'metric', 'periodStart', 'periodEnd', 'goal', 'actual', 'higherIsBetter'],
  incidents: [...LEDGER_ACCOUNT_FIELDS, 'deliverable', 'kind', 'severity', 'description', 'occurredAt'],
} as const satisfies Record<ImportKind, readonly string[]>;

export type AccountField = (typeof FIELDS.accounts)[number];
export type ContactField = (typeof FIELDS.contacts)[number];
export type TouchpointField = (typeof FIELDS.touchpoints)[number];
export type DeliverableField = (typeof FIELDS.deliverables)[number];
export type TargetField = (typeof FIELDS.targets)[number];
export type IncidentField = (typeof FIELDS.incidents)[number];
export type ImportField = AccountField | ContactField | TouchpointField | DeliverableField | TargetField | IncidentField;
export const ALL_FIELDS: readonly ImportField[] = [...new Set<ImportField>(IMPORT_KINDS.flatMap((kind): readonly ImportField[] => FIELDS[kind]))];

/** Column name → field; a column mapped to null (or absent) is not imported. */
export type ColumnMapping = Record<string, string | null>;

export const LAYOUT_IDS = [
  'hubspot_companies',
  'hubspot_contacts',
  'salesforce_accounts',
  'salesforce_contacts',
  'twenty_companies',
  'twenty_people',
  'rapport_touchpoints',
  'rapport_deliverables',
  'rapport_targets',
  'rapport_incidents',
  'fields_accounts',
  'fields_contacts',
  'fields_touchpoints',
  'fields_deliverables',
  'fields_targets',
  'fields_incidents',
  'custom_accounts',
  'custom_contacts',
  'custom_touchpoints',
  'custom_deliverables',
  'custom_targets',
  'custom_incidents',
  'ics',
] as const;
export type LayoutId = (typeof LAYOUT_IDS)[number];

export interface Layout {
  id: Exclude<LayoutId, 'ics' | `custom_${string}`>;
  label: string;
  kind: ImportKind;
  system: ExternalSystem;
  /** Column header → field. Headers are compared after `normalizeHeader`, case-insensitively. */
  columns: Record<string, ImportField>;
  /** Every one of these columns must be present. */
  required: readonly string[];
  /** At least one of these must be present (none: no such condition). */
  anyOf?: readonly string[];
  /** The first column must be this one (HubSpot's `Record ID`, Salesforce's and Twenty's `Id`). */
  first?: string;
  /** Twenty splits composite fields into `Field / Sub-field` columns; Salesforce never does. */
  composite?: 'required' | 'forbidden';
}

/** The account columns every ledger layout takes (one of them per row, checked by `checkMapping` and per row). */
const LEDGER_ACCOUNT_COLUMNS: Record<string, ImportField> = { account: 'account', account_id: 'accountId', account_external_id: 'accountExternalId', account_name: 'accountName' };

/**
 * Rapport's deliverable CSV (`rapport_deliverables`), one deliverable a row, columns in any order
 * and any case; recognised by `project`, `title` and `due_at`.
 *
 * | column | required | value |
 * |---|---|---|
 * | `account` | one of the four account columns | the account: its Rapport id, an external id (`hubspot:123` or `123`) or its name (case and accents ignored), tried in that order |
 * | `account_id`, `account_external_id`, `account_name` | | the same, said explicitly (as the touchpoint CSV's `accountId`, `accountExternalId`, `accountName`) |
 * | `project` | yes | the project's name within the account (case and accents ignored); a project not there yet is created (active, no brief), as a retainer would be |
 * | `title` | yes | at most 300 characters |
 * | `due_at` | yes | a date or date-time (the forms of dates.ts; no zone = UTC) |
 * | `delivered_at` | no | when it was delivered: marks it delivered |
 * | `approved_at` | no | when the client approved it: marks it approved; needs `delivered_at`, not before it |
 * | `status` | no | planned, in_progress, delivered, approved, cancelled; without one the times decide (approved, delivered, else planned), as the API does; `delivered`/`approved` without a time are stamped with the time of the import; planned, in_progress and cancelled take no times |
 * | `owner_email` | no | a member of the workspace (a non-member fails the row) |
 * | `notes` | no | at most 20,000 characters |
 * | `external_id` | no | your id for the deliverable (at most 500 characters), stored: a row whose external id the workspace has is the same deliverable whatever else changed; without one, a re-import finds a deliverable by its content (account, project, title, due day in UTC) |
 *
 * A deliverable already there (same account, project, title — case and accents ignored — and due
 * day) is left as it is: a re-import changes nothing, and edits made in Rapport stay.
 */
export const RAPPORT_DELIVERABLE_COLUMNS = ['external_id', 'account', 'project', 'title', 'due_at', 'delivered_at', 'approved_at', 'status', 'owner_email', 'notes'] as const;

/**
 * Rapport's target CSV (`rapport_targets`), one KPI target a row; recognised by `metric`,
 * `period_start`, `period_end` and `goal`.
 *
 * | column | required | value |
 * |---|---|---|
 * | `account` (or `account_id`, `account_external_id`, `account_name`) | yes | as for deliverables |
 * | `project` | no | one of the account's projects, by name (a project that is not there fails the row: targets do not create projects) |
 * | `metric` | yes | at most 200 characters, e.g. `Organic sessions` |
 * | `period_start`, `period_end` | yes | days (`2024-01-31`, `31/01/2024`, …; no time); the end not before the start |
 * | `goal` | yes | a number (`1200`, `1,200.5`, `1.200,5`), from -10^12 to 10^12 |
 * | `actual` | no | the measured value, as `goal`; empty: not measured yet |
 * | `higher_is_better` | no | true/false, yes/no, 1/0 (default true; false for costs, response times and the like) |
 *
 * A target already there (same account, metric — case and accents ignored — and period) is not
 * added again. Its actual is the one thing a re-import changes: a non-empty `actual` that differs
 * from the stored one replaces it (the row counts as imported); an empty `actual` never clears a
 * stored one, and goal, project and direction stay as stored. When a file holds the same target
 * twice, its first row counts and the later ones are unchanged, so importing a file again still
 * changes nothing.
 */
export const RAPPORT_TARGET_COLUMNS = ['account', 'project', 'metric', 'period_start', 'period_end', 'goal', 'actual', 'higher_is_better'] as const;

/**
 * Rapport's incident CSV (`rapport_incidents`), one quality incident a row; recognised by `kind`,
 * `severity` and `occurred_at`.
 *
 * | column | required | value |
 * |---|---|---|
 * | `account` (or `account_id`, `account_external_id`, `account_name`) | yes | as for deliverables |
 * | `deliverable` | no | one of the account's deliverables: its Rapport id, or its title (case and accents ignored; a title two deliverables share fails the row: give the id) |
 * | `kind` | yes | report_error, missed_deadline, rework, missed_meeting, complaint, other (any case; spaces or dashes for underscores) |
 * | `severity` | yes | 1 (minor), 2 (notable) or 3 (serious) |
 * | `description` | no | at most 20,000 characters |
 * | `occurred_at` | yes | a date or date-time (no zone = UTC) |
 *
 * An incident already there (same account, kind, time and description) is left as it is.
 */
export const RAPPORT_INCIDENT_COLUMNS = ['account', 'deliverable', 'kind', 'severity', 'description', 'occurred_at'] as const;

/**
 * Columns a CRM export of churned clients names the loss by (docs/decisions/0021-importing-lost-accounts.md):
 * the day (`lostOn`), the reasons (`lossReasons`, matched to the taxonomy by map-loss.ts) and notes
 * (`lossNotes`). None of them is a default property: each CRM has them as custom properties, named
 * by their label in HubSpot and Twenty exports and by an API name (`Churn_Date__c`) in Salesforce's.
 * Not `Close Date`: HubSpot's and Salesforce's close date is the day a deal was won.
 */
const LOSS_COLUMNS: Record<string, ImportField> = {
  'Churn date': 'lostOn',
  'Churned on': 'lostOn',
  'Date churned': 'lostOn',
  'Lost on': 'lostOn',
  'Lost date': 'lostOn',
  'Date lost': 'lostOn',
  'Loss date': 'lostOn',
  'Closed lost date': 'lostOn',
  'Churn reason': 'lossReasons',
  'Churn reasons': 'lossReasons',
  'Lost reason': 'lossReasons',
  'Loss reason': 'lossReasons',
  'Loss reasons': 'lossReasons',
  'Reason lost': 'lossReasons',
  'Closed lost reason': 'lossReasons',
  'Churn notes': 'lossNotes',
  'Churn details': 'lossNotes',
  'Loss notes': 'lossNotes',
  'Lost notes': 'lossNotes',
  'Closed lost notes': 'lossNotes',
};
/** The same as Salesforce custom fields: `Churn date` → `Churn_date__c` (headers compare case-insensitively). */
const SALESFORCE_LOSS_COLUMNS: Record<string, ImportField> = Object.fromEntries(Object.entries(LOSS_COLUMNS).map(([label, field]) => [`${label.replace(/ /g, '_')}__c`, field]));

const SALESFORCE_ACCOUNT_HINTS = ['IsDeleted', 'Type', 'Industry', 'Website', 'BillingCity', 'BillingCountry', 'OwnerId', 'AccountNumber', 'AnnualRevenue', 'ParentId', 'CreatedDate'];

/**
 * The known export layouts, most specific first. HubSpot quotes every field and puts `Record ID`
 * first; Salesforce data exports use API field names; Twenty starts with a BOM and `Id` and splits
 * composite fields as `Field / Sub-field` (the `Company` relation becomes `Company Id`).
 */
export const LAYOUTS: readonly Layout[] = [
  {
    id: 'hubspot_contacts',
    label: 'HubSpot contacts',
    kind: 'contacts',
    system: 'hubspot',
    first: 'Record ID',
    required: ['Record ID'],
    anyOf: ['Email', 'First Name', 'Last Name'],
    columns: {
      'Record ID': 'externalId',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Email: 'email',
      'Work email': 'email',
      'Phone Number': 'phone',
      'Mobile Phone Number': 'phone',
      'Job Title': 'title',
      'Primary Associated Company ID': 'accountExternalId',
      'Associated Company IDs': 'accountExternalId',
      'Company Name': 'accountName',
      'Associated Company': 'accountName',
    },
  },
  {
    id: 'hubspot_companies',
    label: 'HubSpot companies',
    kind: 'accounts',
    system: 'hubspot',
    first: 'Record ID',
    required: ['Record ID', 'Company name'],
    columns: {
      'Record ID': 'externalId',
      'Company name': 'name',
      Industry: 'category',
      'Company Domain Name': 'domain',
      'Website URL': 'website',
      'Lifecycle Stage': 'status',
      ...LOSS_COLUMNS,
    },
  },
  {
    id: 'salesforce_contacts',
    label: 'Salesforce contacts',
    kind: 'contacts',
    system: 'salesforce',
    first: 'Id',
    composite: 'forbidden',
    required: ['Id', 'AccountId'],
    anyOf: ['LastName', 'FirstName', 'Name', 'Email'],
    columns: {
      Id: 'externalId',
      AccountId: 'accountExternalId',
      Name: 'name',
      FirstName: 'firstName',
      LastName: 'lastName',
      Email: 'email',
      Phone: 'phone',
      MobilePhone: 'phone',
      Title: 'title',
    },
  },
  {
    id: 'salesforce_accounts',
    label: 'Salesforce accounts',
    kind: 'accounts',
    system: 'salesforce',
    first: 'Id',
    composite: 'forbidden',
    required: ['Id', 'Name'],
    anyOf: SALESFORCE_ACCOUNT_HINTS,
    columns: { Id: 'externalId', Name: 'name', Industry: 'category', Website: 'website', Type: 'status', ...SALESFORCE_LOSS_COLUMNS },
  },
  {
    id: 'twenty_people',
    label: 'Twenty people',
    kind: 'contacts',
    system: 'twenty',
    first: 'Id',
    composite: 'required',
    required: ['Id'],
    anyOf: ['Name / First Name', 'Name / Last Name', 'Emails / Primary Email'],
    columns: {
      Id: 'externalId',
      'Name / First Name': 'firstName',
      'Name / Last Name': 'lastName',
      'Emails / Primary Email': 'email',
      'Emails / Additional Emails': 'email',
      'Phones / Primary Phone Number': 'phone',
      'Phones / Primary Phone Calling Code': 'phonePrefix',
      'Job Title': 'title',
      'Company Id': 'accountExternalId',
    },
  },
  {
    id: 'twenty_companies',
    label: 'Twenty companies',
    kind: 'accounts',
    system: 'twenty',
    first: 'Id',
    composite: 'required',
    required: ['Id', 'Name'],
    columns: {
      Id: 'externalId',
      Name: 'name',
      'Domain Name / Link URL': 'domain',
      'Domain Name / Primary Link Url': 'domain',
      'Annual Recurring Revenue / Amount': 'annualValue',
      'Annual Recurring Revenue / Currency': 'currency',
      ...LOSS_COLUMNS,
    },
  },
  {
    id: 'rapport_touchpoints',
    label: 'Rapport touchpoints',
    kind: 'touchpoints',
    system: 'csv',
    required: ['channel', 'direction', 'occurredAt'],
    columns: Object.fromEntries(FIELDS.touchpoints.map((f) => [f, f])) as Record<string, ImportField>,
  },
  {
    id: 'rapport_deliverables',
    label: 'Rapport deliverables',
    kind: 'deliverables',
    system: 'csv',
    required: ['project', 'title', 'due_at'],
    columns: {
      external_id: 'externalId',
      ...LEDGER_ACCOUNT_COLUMNS,
      project: 'project',
      title: 'title',
      due_at: 'dueAt',
      delivered_at: 'deliveredAt',
      approved_at: 'approvedAt',
      status: 'status',
      owner_email: 'ownerEmail',
      notes: 'notes',
    },
  },
  {
    id: 'rapport_targets',
    label: 'Rapport targets',
    kind: 'targets',
    system: 'csv',
    required: ['metric', 'period_start', 'period_end', 'goal'],
    columns: {
      ...LEDGER_ACCOUNT_COLUMNS,
      project: 'project',
      metric: 'metric',
      period_start: 'periodStart',
      period_end: 'periodEnd',
      goal: 'goal',
      actual: 'actual',
      higher_is_better: 'higherIsBetter',
    },
  },
  {
    id: 'rapport_incidents',
    label: 'Rapport incidents',
    kind: 'incidents',
    system: 'csv',
    required: ['kind', 'severity', 'occurred_at'],
    columns: {
      ...LEDGER_ACCOUNT_COLUMNS,
      deliverable: 'deliverable',
      kind: 'kind',
      severity: 'severity',
      description: 'description',
      occurred_at: 'occurredAt',
    },
  },
];

/** The columns of Rapport's own touchpoint CSV, in the order `rapport export` and the docs use. */
export const RAPPORT_TOUCHPOINT_COLUMNS: readonly TouchpointField[] = [
  'externalId', 'accountId', 'accountName', 'accountExternalId', 'channel', 'direction', 'occurredAt', 'durationMinutes',
  'subject', 'summary', 'contactEmails', 'memberEmails',
];

/**
 * A header of Rapport's own field names (`name,category,value`), as a person writes it after
 * reading the field list: one layout per kind, every column mapped to the field it names. Tried
 * only when no layout above matches, so an export keeps its own layout (and external id prefix).
 */
export const FIELD_NAME_LAYOUTS: readonly Layout[] = IMPORT_KINDS.map((kind) => ({
  id: `fields_${kind}` as const,
  label: `${kind[0]?.toUpperCase()}${kind.slice(1)} (Rapport field names)`,
  kind,
  system: 'csv' as const,
  required: [],
  columns: Object.fromEntries(FIELDS[kind].map((f) => [f, f])) as Record<string, ImportField>,
}));

export const LAYOUT_LABELS: Record<LayoutId, string> = {
  ...(Object.fromEntries([...LAYOUTS, ...FIELD_NAME_LAYOUTS].map((l) => [l.id, l.label])) as Record<Layout['id'], string>),
  custom_accounts: 'Accounts (your column mapping)',
  custom_contacts: 'Contacts (your column mapping)',
  custom_touchpoints: 'Touchpoints (your column mapping)',
  custom_deliverables: 'Deliverables (your column mapping)',
  custom_targets: 'Targets (your column mapping)',
  custom_incidents: 'Incidents (your column mapping)',
  ics: 'Calendar (ICS)',
};

/** A header cell as people see it: no BOM or zero-width joiner (Twenty's formula guard), spaces collapsed. */
export function normalizeHeader(cell: string): string {
  return cell.replace(/^[\uFEFF\u200D]+/, '').replace(/\s+/g, ' ').trim();
}

const key = (cell: string) => normalizeHeader(cell).toLowerCase();

/** CSV or iCalendar, by content: a calendar starts with BEGIN:VCALENDAR (after an optional BOM). */
export function detectFormat(start: string): ImportFormat {
  return /^\uFEFF?\s*BEGIN:VCALENDAR/i.test(start) ? 'ics' : 'csv';
}

/**
 * The field separator of a CSV from its first line: comma, semicolon (spreadsheets in many
 * European locales) or tab, whichever appears most often outside quotes; comma on a tie.
 */
export function detectDelimiter(firstLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/**
 * The layout a header belongs to, or null. Every layout whose conditions hold is scored by how
 * many of the header's columns it maps; the best wins (earlier in LAYOUTS on a tie).
 */
export function detectLayout(header: readonly string[]): Layout | null {
  const keys = header.map(key);
  const present = new Set(keys);
  const hasComposite = header.some((h) => normalizeHeader(h).includes(' / '));
  let best: { layout: Layout; score: number } | null = null;
  for (const layout of LAYOUTS) {
    if (layout.first && keys[0] !== key(layout.first)) continue;
    if (!layout.required.every((c) => present.has(key(c)))) continue;
    if (layout.anyOf && !layout.anyOf.some((c) => present.has(key(c)))) continue;
    if (layout.composite === 'required' && !hasComposite) continue;
    if (layout.composite === 'forbidden' && hasComposite) continue;
    const mapped = new Set(Object.keys(layout.columns).map(key));
    const score = keys.filter((k) => mapped.has(k)).length;
    if (!best || score > best.score) best = { layout, score };
  }
  return best?.layout ?? detectFieldNames(keys);
}

/**
 * The field-name layout of a header whose every named column is a field of one kind (case
 * ignored), or null. A header that fits several kinds (`externalId,name`: accounts or contacts)
 * goes to the kind a mapping of those fields would import, else the first in IMPORT_KINDS.
 */
function detectFieldNames(keys: readonly string[]): Layout | null {
  const named = keys.filter((k) => k !== '');
  if (named.length === 0) return null;
  const fits = FIELD_NAME_LAYOUTS.filter((layout) => {
    const fields = new Set(Object.keys(layout.columns).map(key));
    return named.every((k) => fields.has(k));
  });
  if (fits.length === 0) return null;
  const fieldOf = new Map(ALL_FIELDS.map((f) => [key(f), f]));
  const kind = kindOfMapping(Object.fromEntries(named.map((k) => [k, fieldOf.get(k) ?? null])), null);
  return fits.find((l) => l.kind === kind) ?? fits[0] ?? null;
}

/** The mapping a layout implies for this header: every column, mapped or null. */
export function suggestMapping(layout: Layout | null, header: readonly string[]): ColumnMapping {
  const byKey = new Map(Object.entries(layout?.columns ?? {}).map(([column, field]) => [key(column), field]));
  const mapping: ColumnMapping = {};
  for (const cell of header) {
    const name = normalizeHeader(cell);
    if (name === '' || name in mapping) continue;
    mapping[name] = byKey.get(key(name)) ?? null;
  }
  return mapping;
}

const INCIDENT_ONLY = new Set<string>(['deliverable', 'kind', 'severity', 'description']);
const TARGET_ONLY = new Set<string>(['metric', 'periodStart', 'periodEnd', 'goal', 'actual', 'higherIsBetter']);
// Not `title` (a contact's job title too) nor `status` (an account's too): `dueAt` is required anyway.
const DELIVERABLE_ONLY = new Set<string>(['dueAt', 'deliveredAt', 'approvedAt', 'ownerEmail']);
const TOUCHPOINT_ONLY = new Set<string>(['accountId', 'channel', 'direction', 'occurredAt', 'durationMinutes', 'subject', 'summary', 'contactEmails', 'memberEmails']);
const CONTACT_ONLY = new Set<string>(['firstName', 'lastName', 'email', 'phone', 'phonePrefix', 'title', 'accountExternalId', 'accountName']);

/**
 * What a hand-made mapping imports: incidents, targets or deliverables when it maps a field only
 * they have (severity, metric, dueAt, …), else touchpoints when it maps any touchpoint field,
 * contacts when any contact field, else accounts. A detected layout keeps its own kind when every
 * mapped field is one of that kind's.
 */
export function kindOfMapping(mapping: ColumnMapping, detected: ImportKind | null): ImportKind {
  const fields = Object.values(mapping).filter((f): f is string => typeof f === 'string');
  if (detected && fields.every((f) => (FIELDS[detected] as readonly string[]).includes(f))) return detected;
  if (fields.some((f) => INCIDENT_ONLY.has(f))) return 'incidents';
  if (fields.some((f) => TARGET_ONLY.has(f))) return 'targets';
  if (fields.some((f) => DELIVERABLE_ONLY.has(f))) return 'deliverables';
  if (fields.some((f) => TOUCHPOINT_ONLY.has(f))) return 'touchpoints';
  if (fields.some((f) => CONTACT_ONLY.has(f))) return 'contacts';
  return 'accounts';
}

/** The kind of records a stored layout id imports (null for a calendar). */
export function kindOfLayout(layout: string | null): ImportKind | null {
  if (!layout || layout === 'ics') return null;
  const known = [...LAYOUTS, ...FIELD_NAME_LAYOUTS].find((l) => l.id === layout);
  if (known) return known.kind;
  const custom = /^custom_(accounts|contacts|touchpoints|deliverables|targets|incidents)$/.exec(layout);
  return custom ? (custom[1] as ImportKind) : null;
}

/** One problem with a mapping, naming the column or field. */
export interface MappingProblem {
  path: string;
  message: string;
}

/**
 * Checks a mapping against the header and the kind: every mapped column exists in the file, every
 * field is one of the kind's, and the fields a record cannot do without are mapped.
 */
export function checkMapping(mapping: ColumnMapping, header: readonly string[], kind: ImportKind): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const columns = new Set(header.map(key));
  const allowed = FIELDS[kind] as readonly string[];
  for (const [column, field] of Object.entries(mapping)) {
    if (field === null) continue;
    if (!columns.has(key(column))) problems.push({ path: `mapping.${column}`, message: 'The file has no such column' });
    // A mapping names a column by its header: with two alike, one of them would be read and the other dropped.
    const positions = header.flatMap((h, i) => (key(h) === key(column) ? [i + 1] : []));
    if (positions.length > 1) {
      problems.push({ path: `mapping.${column}`, message: `The header has this column ${positions.length} times (columns ${positions.join(', ')}): rename all but one, or leave it unmapped` });
    }
    if (!allowed.includes(field)) problems.push({ path: `mapping.${column}`, message: `Not a field of ${kind}: choose one of ${allowed.join(', ')}` });
  }
  const mapped = new Set(Object.values(mapping));
  const need = (label: string, ...fields: string[]) => {
    if (!fields.some((f) => mapped.has(f))) problems.push({ path: 'mapping', message: `Map a column to ${label}` });
  };
  if (kind === 'accounts') need('name', 'name');
  if (kind === 'contacts') {
    need('name, firstName, lastName or email', 'name', 'firstName', 'lastName', 'email');
    need('accountExternalId or accountName (the account the contact belongs to)', 'accountExternalId', 'accountName');
  }
  if (kind === 'touchpoints') {
    need('channel', 'channel');
    need('direction', 'direction');
    need('occurredAt', 'occurredAt');
  }
  if (isLedgerKind(kind)) need('account, accountId, accountExternalId or accountName (in Rapport\'s CSV: a column `account`, `account_id`, `account_external_id` or `account_name`)', ...LEDGER_ACCOUNT_FIELDS);
  if (kind === 'deliverables') {
    need('project', 'project');
    need('title', 'title');
    need('dueAt', 'dueAt');
  }
  if (kind === 'targets') {
    need('metric', 'metric');
    need('periodStart', 'periodStart');
    need('periodEnd', 'periodEnd');
    need('goal', 'goal');
  }
  if (kind === 'incidents') {
    need('kind', 'kind');
    need('severity', 'severity');
    need('occurredAt', 'occurredAt');
  }
  return problems;
}

export function isLedgerKind(kind: ImportKind): kind is LedgerKind {
  return (LEDGER_KINDS as readonly string[]).includes(kind);
}
