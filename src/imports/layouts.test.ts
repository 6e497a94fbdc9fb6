import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../platform/version.js';
import {
  checkMapping,
  detectDelimiter,
  detectFormat,
  detectLayout,
  kindOfLayout,
  kindOfMapping,
  normalizeHeader,
  suggestMapping,
  type ImportKind,
  type LayoutId,
} from './layouts.js';
import { readHeader } from './plan.js';

/** Real export headers, made outside this project (see ../shared/data/README.md). Not copied into the repository. */
const SHARED = join(PROJECT_ROOT, '..', 'shared', 'data', 'crm-exports');
const hasShared = existsSync(SHARED);

async function headerOf(file: string): Promise<string[]> {
  const text = readFileSync(join(SHARED, file), 'utf8');
  return readHeader(text, detectDelimiter(text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''));
}

describe('the real CRM export headers in ../shared/data/crm-exports/', () => {
  it.runIf(!hasShared)(`is absent: ${SHARED} is not there, so the detection of real export headers is NOT tested here`, () => {
    console.warn(`[imports] ${SHARED} is absent: layout detection against real export headers was skipped`);
    expect(hasShared).toBe(false);
  });

  const cases: Array<[file: string, layout: LayoutId, expected: Record<string, string>]> = [
    ['hubspot_companies_default_view_export.header.csv', 'hubspot_companies', { 'Record ID': 'externalId', 'Company name': 'name', Industry: 'category' }],
    [
      'hubspot_contacts_default_view_export.header.csv',
      'hubspot_contacts',
      { 'Record ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', 'Phone Number': 'phone', 'Primary Associated Company ID': 'accountExternalId', 'Associated Company': 'accountName' },
    ],
    [
      'hubspot_contacts_all_properties_export_2023-02-21.header.csv',
      'hubspot_contacts',
      { 'Record ID': 'externalId', Email: 'email', 'Job Title': 'title', 'Company Name': 'accountName', 'Associated Company IDs': 'accountExternalId', 'Mobile Phone Number': 'phone' },
    ],
    ['salesforce_Account_api_fields_describe_order.header.csv', 'salesforce_accounts', { Id: 'externalId', Name: 'name', Industry: 'category', Website: 'website', Type: 'status' }],
    [
      'salesforce_Contact_api_fields_describe_order.header.csv',
      'salesforce_contacts',
      { Id: 'externalId', AccountId: 'accountExternalId', FirstName: 'firstName', LastName: 'lastName', Email: 'email', Title: 'title', Phone: 'phone' },
    ],
    [
      'twenty_people_export.header.partial.csv',
      'twenty_people',
      { Id: 'externalId', 'Name / First Name': 'firstName', 'Emails / Primary Email': 'email', 'Emails / Additional Emails': 'email', 'Job Title': 'title', 'Company Id': 'accountExternalId' },
    ],
  ];

  it.runIf(hasShared).each(cases)('%s is %s', async (file, layout, expected) => {
    const header = await headerOf(file);
    const detected = detectLayout(header);
    expect(detected?.id).toBe(layout);
    const mapping = suggestMapping(detected, header);
    expect(mapping).toMatchObject(expected);
    // Every column of the file is in the mapping, mapped or not, so a screen can offer each one.
    expect(Object.keys(mapping)).toHaveLength(new Set(header).size);
    expect(checkMapping(mapping, header, detected!.kind)).toEqual([]);
  });

  it.runIf(hasShared)('an export with loss columns added (custom properties) maps them; the contacts export\'s `Close Date` (a won deal) is no loss day', async () => {
    const hubspot = [...(await headerOf('hubspot_companies_default_view_export.header.csv')), 'Lifecycle Stage', 'Churn date', 'Churn reason', 'Churn notes'];
    expect(detectLayout(hubspot)?.id).toBe('hubspot_companies');
    expect(suggestMapping(detectLayout(hubspot), hubspot)).toMatchObject({ 'Lifecycle Stage': 'status', 'Churn date': 'lostOn', 'Churn reason': 'lossReasons', 'Churn notes': 'lossNotes' });
    const salesforce = [...(await headerOf('salesforce_Account_api_fields_describe_order.header.csv')), 'Churn_Date__c', 'Closed_Lost_Reason__c'];
    expect(detectLayout(salesforce)?.id).toBe('salesforce_accounts');
    expect(suggestMapping(detectLayout(salesforce), salesforce)).toMatchObject({ Type: 'status', Churn_Date__c: 'lostOn', Closed_Lost_Reason__c: 'lossReasons' });
    const contacts = await headerOf('hubspot_contacts_all_properties_export_2023-02-21.header.csv');
    expect(contacts).toContain('Close Date');
    expect(detectLayout(contacts)?.id).toBe('hubspot_contacts');
    expect(suggestMapping(detectLayout(contacts), contacts)['Close Date']).toBeNull();
  });

  it.runIf(hasShared)('reads the Twenty header past its UTF-8 BOM (the first column is `Id`, not `\\uFEFFId`)', async () => {
    const raw = readFileSync(join(SHARED, 'twenty_people_export.header.partial.csv'));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((await headerOf('twenty_people_export.header.partial.csv'))[0]).toBe('Id');
  });

  it.runIf(hasShared)('reads HubSpot headers, where every field is quoted, without the quotes', async () => {
    const header = await headerOf('hubspot_contacts_default_view_export.header.csv');
    expect(header.slice(0, 3)).toEqual(['Record ID', 'First Name', 'Last Name']);
  });
});

describe('detectLayout on headers written from the documented formats', () => {
  it.each<[string, string[], LayoutId | null]>([
    ['Twenty companies', ['\uFEFFId', 'Name', 'Domain Name / Link URL', 'Domain Name / Link Label', 'Employees', 'Annual Recurring Revenue / Amount', 'Annual Recurring Revenue / Currency', 'Account Owner Id'], 'twenty_companies'],
    ['Twenty companies, older link label', ['Id', 'Name', 'Domain Name / Primary Link Url', 'Employees'], 'twenty_companies'],
    ['Twenty people, minimal', ['Id', 'Emails / Primary Email', 'Company Id'], 'twenty_people'],
    ['Salesforce contacts, a small export', ['Id', 'AccountId', 'FirstName', 'LastName', 'Email'], 'salesforce_contacts'],
    ['Salesforce accounts, a small export', ['Id', 'Name', 'Industry', 'Website'], 'salesforce_accounts'],
    ['HubSpot companies with domain and lifecycle', ['Record ID', 'Company name', 'Company Domain Name', 'Lifecycle Stage'], 'hubspot_companies'],
    ['HubSpot churned companies', ['Record ID', 'Company name', 'Lifecycle Stage', 'Churn date', 'Churn reason'], 'hubspot_companies'],
    ['Twenty companies with a churn date', ['Id', 'Name', 'Domain Name / Primary Link Url', 'Churn Date', 'Lost Reason'], 'twenty_companies'],
    ['account field names with the loss fields', ['name', 'status', 'lostOn', 'lossReasons', 'lossNotes'], 'fields_accounts'],
    ['Rapport touchpoints', ['externalId', 'accountName', 'channel', 'direction', 'occurredAt', 'subject'], 'rapport_touchpoints'],
    ['Rapport touchpoints in another case, any order', ['OCCURREDAT', 'Direction', 'Channel', 'AccountId'], 'rapport_touchpoints'],
    ['Rapport deliverables', ['external_id', 'account', 'project', 'title', 'due_at', 'delivered_at', 'approved_at', 'status', 'owner_email', 'notes'], 'rapport_deliverables'],
    ['Rapport deliverables, the required columns in another case and order', ['Due_At', 'TITLE', 'Project', 'account_name'], 'rapport_deliverables'],
    ['Rapport deliverables without an account column (detected; checkMapping asks for one)', ['project', 'title', 'due_at'], 'rapport_deliverables'],
    ['Rapport targets', ['account', 'project', 'metric', 'period_start', 'period_end', 'goal', 'actual', 'higher_is_better'], 'rapport_targets'],
    ['Rapport incidents', ['account', 'deliverable', 'kind', 'severity', 'description', 'occurred_at'], 'rapport_incidents'],
    // Rapport's incident CSV spells it occurred_at; these four are the incident fields' own names.
    ['incidents in camelCase are not Rapport incidents but incident field names', ['account', 'kind', 'severity', 'occurredAt'], 'fields_incidents'],
    ['deliverables without a due time: deliverable field names (checkMapping asks for the due time)', ['account', 'project', 'title'], 'fields_deliverables'],
    ['targets without a goal', ['account', 'metric', 'period_start', 'period_end'], null],
    ['Id and Name alone (Salesforce or Twenty? neither says)', ['Id', 'Name'], null],
    ['Record ID not first', ['Company name', 'Record ID'], null],
    ['touchpoints without a date: touchpoint field names (checkMapping asks for the date)', ['channel', 'direction', 'accountName'], 'fields_touchpoints'],
    ['account field names', ['name', 'category', 'value'], 'fields_accounts'],
    ['account field names in any case, with the header normalisation', ['\uFEFFName', ' CATEGORY ', 'annualValue', 'Currency'], 'fields_accounts'],
    ['contact field names', ['name', 'email', 'accountName'], 'fields_contacts'],
    ['fields of accounts and contacts alike: accounts, as a mapping of them would import', ['externalId', 'name'], 'fields_accounts'],
    ['fields of deliverables and targets alike: deliverables, the first of the two', ['account', 'project'], 'fields_deliverables'],
    ['target field names', ['account', 'metric', 'periodStart', 'periodEnd', 'goal'], 'fields_targets'],
    ['an empty column beside field names is ignored', ['name', '', 'website'], 'fields_accounts'],
    ['field names of two kinds mixed', ['name', 'category', 'email'], null],
    ['a field name with a column that is none', ['name', 'Sector'], null],
    ['only empty cells', ['', ''], null],
    ['an unknown spreadsheet', ['Client', 'Sector', 'Budget'], null],
    ['empty', [], null],
  ])('%s', (_label, header, expected) => {
    expect(detectLayout(header)?.id ?? null).toBe(expected);
  });

  it('maps the ledger columns to their fields, and leaves other columns out', () => {
    const header = ['external_id', 'account', 'project', 'title', 'due_at', 'delivered_at', 'approved_at', 'status', 'owner_email', 'notes', 'Comment'];
    expect(suggestMapping(detectLayout(header), header)).toEqual({
      external_id: 'externalId', account: 'account', project: 'project', title: 'title', due_at: 'dueAt', delivered_at: 'deliveredAt',
      approved_at: 'approvedAt', status: 'status', owner_email: 'ownerEmail', notes: 'notes', Comment: null,
    });
    const targets = ['account_external_id', 'metric', 'period_start', 'period_end', 'goal', 'actual', 'higher_is_better'];
    expect(suggestMapping(detectLayout(targets), targets)).toEqual({
      account_external_id: 'accountExternalId', metric: 'metric', period_start: 'periodStart', period_end: 'periodEnd', goal: 'goal', actual: 'actual', higher_is_better: 'higherIsBetter',
    });
    const incidents = ['account_id', 'deliverable', 'kind', 'severity', 'description', 'occurred_at'];
    expect(suggestMapping(detectLayout(incidents), incidents)).toEqual({
      account_id: 'accountId', deliverable: 'deliverable', kind: 'kind', severity: 'severity', description: 'description', occurred_at: 'occurredAt',
    });
  });

  it('maps a header of field names to those fields, as spelled in the file, and checks as any mapping', () => {
    const header = ['Name', 'category', 'VALUE'];
    const layout = detectLayout(header);
    expect(layout).toMatchObject({ id: 'fields_accounts', kind: 'accounts', system: 'csv', label: 'Accounts (Rapport field names)' });
    expect(suggestMapping(layout, header)).toEqual({ Name: 'name', category: 'category', VALUE: 'value' });
    expect(checkMapping(suggestMapping(layout, header), header, 'accounts')).toEqual([]);
    const noDate = ['channel', 'direction', 'accountName'];
    expect(checkMapping(suggestMapping(detectLayout(noDate), noDate), noDate, 'touchpoints')).toEqual([{ path: 'mapping', message: 'Map a column to occurredAt' }]);
  });

  it.each<[string, string[], Record<string, string | null>]>([
    ['HubSpot', ['Record ID', 'Company name', 'Lifecycle Stage', 'Closed lost date', 'Closed lost reason', 'Loss notes'], { 'Closed lost date': 'lostOn', 'Closed lost reason': 'lossReasons', 'Loss notes': 'lossNotes' }],
    ['HubSpot, other words', ['Record ID', 'Company name', 'Date lost', 'Lost reason'], { 'Date lost': 'lostOn', 'Lost reason': 'lossReasons' }],
    ['Salesforce custom fields', ['Id', 'Name', 'Type', 'Lost_On__c', 'Loss_Reason__c', 'Churn_Notes__c'], { Lost_On__c: 'lostOn', Loss_Reason__c: 'lossReasons', Churn_Notes__c: 'lossNotes' }],
    ['Twenty, labels in title case', ['Id', 'Name', 'Domain Name / Link URL', 'Churn Date', 'Churn Reason'], { 'Churn Date': 'lostOn', 'Churn Reason': 'lossReasons' }],
  ])('maps the loss columns of %s', (_label, header, expected) => {
    const layout = detectLayout(header);
    expect(layout?.kind).toBe('accounts');
    expect(suggestMapping(layout, header)).toMatchObject(expected);
  });

  it('a known layout wins over field names: a touchpoint CSV stays Rapport touchpoints', () => {
    expect(detectLayout(['channel', 'direction', 'occurredAt'])?.id).toBe('rapport_touchpoints');
    expect(detectLayout(['project', 'title', 'due_at', 'account'])?.id).toBe('rapport_deliverables');
  });

  it('a ledger header without an account column is detected, and its mapping asks for the account', () => {
    const header = ['project', 'title', 'due_at'];
    const layout = detectLayout(header);
    expect(checkMapping(suggestMapping(layout, header), header, 'deliverables')).toEqual([
      { path: 'mapping', message: expect.stringContaining('Map a column to account, accountId, accountExternalId or accountName') as string },
    ]);
  });
});

describe('detectFormat, detectDelimiter, normalizeHeader', () => {
  it.each<[string, 'csv' | 'ics']>([
    ['BEGIN:VCALENDAR\r\nVERSION:2.0', 'ics'],
    ['\uFEFFBEGIN:VCALENDAR\n', 'ics'],
    ['  \r\nbegin:vcalendar\n', 'ics'],
    ['Id,Name\n', 'csv'],
    ['"BEGIN:VCALENDAR",x', 'csv'],
    ['', 'csv'],
  ])('%j is %s', (start, format) => expect(detectFormat(start)).toBe(format));

  it.each<[string, string]>([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['a\tb\tc', '\t'],
    ['"a;b",c', ','],
    ['"x,y";"z,w";v', ';'],
    ['single', ','],
  ])('the separator of %j is %j', (line, delimiter) => expect(detectDelimiter(line)).toBe(delimiter));

  it('strips a BOM, Twenty’s zero-width joiner and extra spaces from header cells', () => {
    expect(normalizeHeader('\uFEFFId')).toBe('Id');
    expect(normalizeHeader('\u200D=Formula')).toBe('=Formula');
    expect(normalizeHeader('  Name  /   First Name ')).toBe('Name / First Name');
  });
});

describe('kindOfMapping and kindOfLayout', () => {
  it.each<[string, Record<string, string | null>, ImportKind | null, string]>([
    ['touchpoint fields make touchpoints', { When: 'occurredAt', Type: 'channel', Who: 'accountName' }, null, 'touchpoints'],
    ['contact fields make contacts', { Company: 'accountName', Mail: 'email' }, null, 'contacts'],
    ['name alone makes accounts', { Company: 'name', Sector: 'category' }, null, 'accounts'],
    ['a detected kind stays when the fields fit it', { 'Record ID': 'externalId', 'First Name': 'name' }, 'contacts', 'contacts'],
    ['a detected kind gives way to fields of another', { 'Record ID': 'externalId', When: 'occurredAt' }, 'contacts', 'touchpoints'],
    ['nulls are ignored', { A: null, B: 'name' }, null, 'accounts'],
    ['a due time makes deliverables', { Client: 'accountName', Job: 'project', What: 'title', Due: 'dueAt' }, null, 'deliverables'],
    ['a job title alone still makes contacts, not deliverables', { Company: 'accountName', Job: 'title', Mail: 'email' }, null, 'contacts'],
    ['a metric makes targets', { Client: 'account', KPI: 'metric', From: 'periodStart', To: 'periodEnd', Goal: 'goal' }, null, 'targets'],
    ['a severity makes incidents, though occurredAt is a touchpoint field too', { Client: 'accountName', When: 'occurredAt', Sev: 'severity', Type: 'kind' }, null, 'incidents'],
  ])('%s', (_label, mapping, detected, kind) => expect(kindOfMapping(mapping, detected)).toBe(kind));

  it.each<[string | null, string | null]>([
    ['hubspot_contacts', 'contacts'],
    ['salesforce_accounts', 'accounts'],
    ['rapport_touchpoints', 'touchpoints'],
    ['custom_contacts', 'contacts'],
    ['rapport_deliverables', 'deliverables'],
    ['rapport_targets', 'targets'],
    ['rapport_incidents', 'incidents'],
    ['custom_incidents', 'incidents'],
    ['fields_accounts', 'accounts'],
    ['fields_targets', 'targets'],
    ['ics', null],
    [null, null],
    ['nonsense', null],
  ])('layout %s imports %s', (layout, kind) => expect(kindOfLayout(layout)).toBe(kind));
});

describe('checkMapping', () => {
  const header = ['Company', 'Sector', 'When', 'Mail'];
  it('accepts a mapping that names real columns and the fields a kind needs', () => {
    expect(checkMapping({ Company: 'name', Sector: 'category' }, header, 'accounts')).toEqual([]);
  });
  it.each<[string, Record<string, string | null>, ImportKind, string[]]>([
    ['a column the file does not have', { Company: 'name', Missing: 'category' }, 'accounts', ['mapping.Missing']],
    ['a field of another kind', { Company: 'name', When: 'occurredAt' }, 'accounts', ['mapping.When']],
    ['accounts without a name', { Sector: 'category' }, 'accounts', ['mapping']],
    ['contacts without an account', { Mail: 'email' }, 'contacts', ['mapping']],
    ['touchpoints without channel and direction', { When: 'occurredAt', Company: 'accountName' }, 'touchpoints', ['mapping', 'mapping']],
    ['deliverables without an account, a project and a due time', { Company: 'title' }, 'deliverables', ['mapping', 'mapping', 'mapping']],
    ['targets with a contact field', { Company: 'account', Sector: 'metric', When: 'periodStart', Mail: 'periodEnd', Missing: 'goal' }, 'targets', ['mapping.Missing']],
    ['incidents without kind and severity', { Company: 'account', When: 'occurredAt' }, 'incidents', ['mapping', 'mapping']],
    ['a touchpoint field in an incidents mapping', { Company: 'account', When: 'occurredAt', Sector: 'severity', Mail: 'kind', Missing: 'channel' }, 'incidents', ['mapping.Missing', 'mapping.Missing']],
  ])('names %s', (_label, mapping, kind, paths) => {
    expect(checkMapping(mapping, header, kind).map((p) => p.path)).toEqual(paths);
  });

  it('names a mapped column the header has twice, in any letter case: one of them would be dropped', () => {
    const twice = ['Company', 'Notes', 'Sector', 'notes'];
    expect(checkMapping({ Company: 'name', Notes: 'category' }, twice, 'accounts')).toEqual([
      { path: 'mapping.Notes', message: 'The header has this column 2 times (columns 2, 4): rename all but one, or leave it unmapped' },
    ]);
    expect(checkMapping({ Company: 'name', Notes: null }, twice, 'accounts')).toEqual([]);
    expect(checkMapping({ Company: 'name' }, twice, 'accounts')).toEqual([]);
  });
});
