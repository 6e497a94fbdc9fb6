import { describe, expect, it } from 'vitest';
import { detectLayout, suggestMapping, type ImportKind, type ExternalSystem } from './layouts.js';
import {
  bindColumns,
  describeRowErrors,
  isBlankRow,
  mapRow,
  parseAccountStatus,
  parseAmount,
  parseChannel,
  parseDirection,
  parseMinutes,
  splitEmails,
  type Mapped,
  type Draft,
} from './map-row.js';

/** Maps one row of `header` with the layout the header is detected as (or an explicit mapping). */
function map(
  header: string[],
  row: string[],
  options: { mapping?: Record<string, string | null>; kind?: ImportKind; system?: ExternalSystem; dateOrder?: 'dmy' | 'mdy'; currency?: string } = {},
): Mapped<Draft> {
  const layout = detectLayout(header);
  const mapping = options.mapping ?? suggestMapping(layout, header);
  return mapRow(row, bindColumns(header, mapping), {
    kind: options.kind ?? layout?.kind ?? 'accounts',
    system: options.system ?? layout?.system ?? 'csv',
    headerLength: header.length,
    dateOrder: options.dateOrder,
    currency: options.currency,
  });
}
const errorsOf = (m: Mapped<Draft>) => (m.ok ? '' : describeRowErrors(m.errors));

const HUBSPOT_COMPANIES = ['Record ID', 'Company name', 'Company owner', 'Create Date', 'Phone Number', 'Last Activity Date', 'City', 'Country/Region', 'Industry'];
const HUBSPOT_CONTACTS = ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Contact owner', 'Primary Associated Company ID', 'Last Activity Date', 'Lead Status', 'Marketing contact status', 'Create Date', 'Associated Company'];
const TWENTY_PEOPLE = ['Id', 'Name / First Name', 'Name / Last Name', 'Emails / Primary Email', 'Emails / Additional Emails', 'Phones / Primary Phone Number', 'Phones / Primary Phone Country Code', 'Phones / Primary Phone Calling Code', 'Job Title', 'City', 'Company Id'];
const TWENTY_COMPANIES = ['Id', 'Name', 'Domain Name / Link URL', 'Annual Recurring Revenue / Amount', 'Annual Recurring Revenue / Currency'];
const TOUCHPOINTS = ['externalId', 'accountName', 'channel', 'direction', 'occurredAt', 'durationMinutes', 'subject', 'summary', 'contactEmails'];

describe('accounts', () => {
  it('a HubSpot company: record id as hubspot:<id>, industry as category', () => {
    expect(map(HUBSPOT_COMPANIES, ['101', 'Acme Brewing', 'Ann', '2023-02-21 10:15', '+1 555', '', 'Boston', 'US', 'Beer'])).toEqual({
      ok: true,
      draft: { externalId: 'hubspot:101', name: 'Acme Brewing', category: 'Beer', website: null, aliases: [], status: 'prospect', value: null, loss: null },
    });
  });

  it('a Twenty company: the domain becomes website and alias, annual revenue a monthly value', () => {
    expect(map(TWENTY_COMPANIES, ['c1', 'Globex', 'https://www.globex.test', '120000', 'EUR'])).toEqual({
      ok: true,
      draft: { externalId: 'twenty:c1', name: 'Globex', category: null, website: 'https://www.globex.test', aliases: ['globex.test'], status: 'prospect', value: { amount: 10000, currency: 'EUR' }, loss: null },
    });
  });

  it('a Salesforce account type becomes a status', () => {
    const header = ['Id', 'Name', 'Type', 'Industry', 'Website'];
    const m = map(header, ['001A', 'Initech', 'Customer - Direct', 'Software', 'initech.test']);
    expect(m.ok && m.draft).toMatchObject({ externalId: 'salesforce:001A', status: 'active', website: 'https://initech.test', category: 'Software' });
  });

  it.each<[string, string[], string]>([
    ['no name', ['103', '', '', '', '', '', '', '', ''], 'Company name: an account needs a name'],
    ['a name over 200 characters', ['104', 'x'.repeat(201), '', '', '', '', '', '', ''], 'Company name: too long (201 characters; at most 200)'],
    ['a NUL in a value', ['105', 'Bad\u0000Name', '', '', '', '', '', '', ''], 'Company name: contains a NUL character, which cannot be stored'],
    ['half a UTF-16 pair in a value (a badly saved UTF-16 file)', ['106', 'Surr \uDC00 Brew', '', '', '', '', '', '', ''], 'Company name: contains a broken character (half of a UTF-16 pair), which cannot be stored: save the file again as UTF-8'],
  ])('refuses %s', (_label, row, message) => {
    expect(errorsOf(map(HUBSPOT_COMPANIES, row))).toBe(message);
  });

  it('refuses a bad website and an amount without a currency, naming each column', () => {
    const header = ['Company', 'Site', 'Retainer'];
    const m = map(header, ['Acme', 'not a site', '1200'], { mapping: { Company: 'name', Site: 'website', Retainer: 'value' }, kind: 'accounts' });
    expect(errorsOf(m)).toBe('Site: not a website address ("not a site"); Retainer: an amount needs a currency: choose one for the file, map a currency column, or write it with the amount (EUR 1200)');
  });

  it('an amount without a currency takes the one chosen for the file, marked as such; a row\'s own currency wins', () => {
    const header = ['name', 'value', 'currency'];
    const value = (row: string[], currency?: string) => {
      const m = map(header, row, currency === undefined ? {} : { currency });
      return m.ok ? (m.draft as { value: unknown }).value : errorsOf(m);
    };
    expect(value(['Acme', '1200', ''], 'GBP')).toEqual({ amount: 1200, currency: 'GBP', isDefaultCurrency: true });
    expect(value(['Acme', '1200', 'usd'], 'GBP')).toEqual({ amount: 1200, currency: 'USD' });
    expect(value(['Acme', '€ 1200', ''], 'GBP')).toEqual({ amount: 1200, currency: 'EUR' });
    expect(value(['Acme', '', ''], 'GBP')).toBeNull();
    expect(value(['Acme', '1200', ''])).toBe('value: an amount needs a currency: choose one for the file, map a currency column, or write it with the amount (EUR 1200)');
    expect(value(['Acme', '1200', 'euros'], 'GBP')).toBe('currency: not a currency code ("EUROS"): use a three-letter ISO 4217 code such as EUR');
  });

  it('reads a currency written with the amount', () => {
    const m = map(['Company', 'Retainer'], ['Acme', '€ 1.200,50'], { mapping: { Company: 'name', Retainer: 'value' }, kind: 'accounts' });
    expect(m.ok && (m.draft as { value: unknown }).value).toEqual({ amount: 1200.5, currency: 'EUR' });
  });
});

describe('lost accounts', () => {
  const HUBSPOT_CHURNED = ['Record ID', 'Company name', 'Lifecycle Stage', 'Churn date', 'Churn reason', 'Churn notes'];
  const lost = (row: string[], options: { dateOrder?: 'dmy' | 'mdy' } = {}) => {
    const m = map(HUBSPOT_CHURNED, row, options);
    return m.ok ? (m.draft as { status: string; loss: unknown }) : errorsOf(m);
  };

  it('a churned company is lost with its loss record: the day, the reasons on the taxonomy, the notes', () => {
    expect(map(HUBSPOT_CHURNED, ['301', 'Acme Brewing', 'Churned', '2024-03-01', 'Price', 'New CFO cut agencies'])).toEqual({
      ok: true,
      draft: {
        externalId: 'hubspot:301',
        name: 'Acme Brewing',
        category: null,
        website: null,
        aliases: [],
        status: 'lost',
        value: null,
        loss: { lostOn: '2024-03-01', reasons: ['price'], notes: 'New CFO cut agencies', lostOnColumn: 'Churn date' },
      },
    });
  });

  it('keeps a reason\'s own words in the notes when they say more than its name, and unknown words as unknown', () => {
    expect(lost(['302', 'Globex', 'Former customer', '2024-03-01', 'Went with a cheaper agency', ''])).toMatchObject({
      status: 'lost',
      loss: { reasons: ['price', 'consolidation'], notes: 'Churn reason: Went with a cheaper agency' },
    });
    expect(lost(['303', 'Initech', 'churned', '2024-03-01', 'Timing', 'Their fiscal year ended'])).toMatchObject({
      loss: { reasons: ['unknown'], notes: 'Their fiscal year ended\n\nChurn reason: Timing' },
    });
    expect(lost(['304', 'Hooli', 'churned', '2024-03-01', '', ''])).toMatchObject({ loss: { reasons: ['unknown'], notes: '' } });
    expect(lost(['305', 'Umbrella', 'churned', '2024-03-01', 'Quality of work;Missed results', ''])).toMatchObject({ loss: { reasons: ['quality', 'missed_results'], notes: '' } });
  });

  it('takes the day of a date-time in UTC, and any date form the importer reads', () => {
    expect(lost(['306', 'A', 'churned', '2024-03-01 23:30', '', ''])).toMatchObject({ loss: { lostOn: '2024-03-01' } });
    expect(lost(['307', 'B', 'churned', '2024-03-01T23:30:00-05:00', '', ''])).toMatchObject({ loss: { lostOn: '2024-03-02' } });
    expect(lost(['308', 'C', 'churned', '1 Mar 2024', '', ''])).toMatchObject({ loss: { lostOn: '2024-03-01' } });
    expect(lost(['309', 'D', 'churned', '03/04/2024', '', ''], { dateOrder: 'dmy' })).toMatchObject({ loss: { lostOn: '2024-04-03' } });
  });

  it.each<[string, string[], string]>([
    ['a day nobody can read', ['311', 'Acme', 'Churned', '31/02/2024', '', ''], 'Churn date: not a date ("31/02/2024")'],
    ['an ambiguous day', ['312', 'Acme', 'Churned', '03/04/2024', '', ''], 'Churn date: ambiguous date ("03/04/2024"): day and month could be either way round; write it as YYYY-MM-DD or choose the date order (day first or month first)'],
    ['a day before 1900', ['313', 'Acme', 'Churned', '1899-12-31', '', ''], 'Churn date: not a date in a plausible year ("1899-12-31")'],
    ['notes past 20,000 characters', ['314', 'Acme', 'Churned', '2024-03-01', '', 'x'.repeat(20_001)], "Churn notes: too long: the notes and the reasons' own words come to 20001 characters (at most 20000)"],
    ['a bad day and no name: both said', ['315', '', 'Churned', 'soon', '', ''], 'Company name: an account needs a name; Churn date: not a date ("soon")'],
  ])('refuses %s', (_label, row, message) => {
    expect(lost(row)).toBe(message);
  });

  it('a lost row without its day carries why its loss cannot be recorded (the row fails where a record would be made: apply-batch.ts)', () => {
    expect(lost(['310', 'Acme', 'Churned', '', 'Price', ''])).toMatchObject({
      status: 'lost',
      loss: { lostOn: null, reasons: ['price'], missingDay: { column: 'Churn date', message: 'a lost account needs the day it was lost, and this row has none' } },
    });
    // A file without a column for the day: which column to map, said at the column that said lost.
    const hubspot = map(['Record ID', 'Company name', 'Lifecycle Stage'], ['316', 'Acme', 'Former customer']);
    expect(hubspot.ok && hubspot.draft).toMatchObject({
      loss: { lostOn: null, missingDay: { column: 'Lifecycle Stage', message: 'a lost account needs the day it was lost: map a column such as "Churn date" to the day it was lost (lostOn)' } },
    });
    const salesforce = map(['Id', 'Name', 'Type'], ['001X', 'Initech', 'Closed Lost']);
    expect(salesforce.ok && salesforce.draft).toMatchObject({ status: 'lost', loss: { lostOn: null, missingDay: { column: 'Type' } } });
  });

  it('a day without a status means lost; a status other than lost keeps its status, and the loss columns are not read', () => {
    expect(lost(['317', 'Acme', '', '2024-03-01', 'Price', ''])).toMatchObject({ status: 'lost', loss: { lostOn: '2024-03-01', reasons: ['price'] } });
    expect(lost(['318', 'Acme', 'Customer', '2023-01-01', 'Price', 'Came back in 2024'])).toMatchObject({ status: 'active', loss: null });
    expect(lost(['319', 'Acme', 'Customer', 'not a date', '', ''])).toMatchObject({ status: 'active', loss: null });
    expect(lost(['320', 'Acme', '', '', 'Price', ''])).toMatchObject({ status: 'prospect', loss: null });
    const twenty = map(['Id', 'Name', 'Domain Name / Link URL', 'Churn Date'], ['t1', 'Pied Piper', '', '2024-02-29T00:00:00.000Z']);
    expect(twenty.ok && twenty.draft).toMatchObject({ externalId: 'twenty:t1', status: 'lost', loss: { lostOn: '2024-02-29', reasons: ['unknown'] } });
  });

  it('Rapport field names: status lost, lostOn, lossReasons (the taxonomy\'s keys), lossNotes', () => {
    const header = ['name', 'status', 'lostOn', 'lossReasons', 'lossNotes'];
    const m = map(header, ['Acme', 'lost', '2024-03-01', 'in_housing; staff_change_client', 'Built a team of their own']);
    expect(m.ok && m.draft).toMatchObject({ status: 'lost', loss: { lostOn: '2024-03-01', reasons: ['staff_change_client', 'in_housing'], notes: 'Built a team of their own' } });
  });
});

describe('contacts', () => {
  it('a HubSpot contact: linked by the company id first, then by the company name', () => {
    const m = map(HUBSPOT_CONTACTS, ['1', 'Jane', 'Doe', 'Jane@Acme.test', '+1 555 1', 'Ann', '101', '', '', '', '', 'Acme Brewing']);
    expect(m).toEqual({
      ok: true,
      draft: {
        externalId: 'hubspot:1',
        name: 'Jane Doe',
        emails: ['jane@acme.test'],
        phone: '+1 555 1',
        title: null,
        accountRefs: [
          { by: 'externalId', value: 'hubspot:101', column: 'Primary Associated Company ID' },
          { by: 'name', value: 'Acme Brewing', column: 'Associated Company' },
        ],
      },
    });
  });

  it('a Twenty person: JSON additional e-mails, the calling code before the number (formula guard removed)', () => {
    const m = map(TWENTY_PEOPLE, ['p1', 'Zoë', 'Ölund', 'zoe@globex.test', '["z.o@globex.test","zoe@globex.test"]', '612345678', 'FR', '\u200D+33', 'CMO', 'Paris', 'c1']);
    expect(m.ok && m.draft).toEqual({
      externalId: 'twenty:p1',
      name: 'Zoë Ölund',
      emails: ['zoe@globex.test', 'z.o@globex.test'],
      phone: '+33 612345678',
      title: 'CMO',
      accountRefs: [{ by: 'externalId', value: 'twenty:c1', column: 'Company Id' }],
    });
  });

  it('HubSpot lists several associated companies: the first one is used', () => {
    const header = ['Record ID', 'Email', 'Associated Company IDs'];
    const m = map(header, ['9', 'a@b.test', '555;666']);
    expect(m.ok && (m.draft as { accountRefs: unknown[] }).accountRefs).toEqual([{ by: 'externalId', value: 'hubspot:555', column: 'Associated Company IDs' }]);
  });

  it('a contact with only an e-mail is named by it', () => {
    const m = map(HUBSPOT_CONTACTS, ['2', '', '', 'solo@acme.test', '', '', '101', '', '', '', '', '']);
    expect(m.ok && (m.draft as { name: string }).name).toBe('solo@acme.test');
  });

  it.each<[string, string[], string]>([
    ['a bad e-mail', ['3', 'Bad', 'Mail', 'not-an-email', '', '', '101', '', '', '', '', ''], 'Email: not an e-mail address ("not-an-email")'],
    ['no account at all', ['4', 'No', 'Company', 'no@co.test', '', '', '', '', '', '', '', ''], 'Primary Associated Company ID: a contact needs an account: the company id and name are both empty'],
    ['neither name nor e-mail', ['5', '', '', '', '', '', '101', '', '', '', '', ''], 'First Name: a contact needs a name or an e-mail address'],
  ])('refuses %s', (_label, row, message) => {
    expect(errorsOf(map(HUBSPOT_CONTACTS, row))).toBe(message);
  });
});

describe('touchpoints', () => {
  const row = (overrides: Partial<Record<(typeof TOUCHPOINTS)[number], string>> = {}) =>
    TOUCHPOINTS.map((c) => ({ externalId: 't1', accountName: 'Acme', channel: 'call', direction: 'agency_initiated', occurredAt: '2024-03-01T10:00:00Z', durationMinutes: '30', subject: 'Kickoff', summary: 'Notes', contactEmails: 'jane@acme.test; JOHN@acme.test', ...overrides })[c] ?? '');

  it('a full row', () => {
    expect(map(TOUCHPOINTS, row())).toEqual({
      ok: true,
      draft: {
        externalId: 't1',
        account: { by: 'name', value: 'Acme', column: 'accountName' },
        channel: 'call',
        direction: 'agency_initiated',
        occurredAt: new Date('2024-03-01T10:00:00Z'),
        durationMinutes: 30,
        subject: 'Kickoff',
        summary: 'Notes',
        contactEmails: ['jane@acme.test', 'john@acme.test'],
        memberEmails: [],
      },
    });
  });

  it('synonyms for channel and direction, h:mm durations, no external id', () => {
    const m = map(TOUCHPOINTS, row({ externalId: '', channel: 'Phone call', direction: 'Inbound', durationMinutes: '1:30' }));
    expect(m.ok && m.draft).toMatchObject({ externalId: null, channel: 'call', direction: 'client_initiated', durationMinutes: 90 });
  });

  it('an account may come from the contacts alone', () => {
    const m = map(TOUCHPOINTS, row({ accountName: '' }));
    expect(m.ok && (m.draft as { account: unknown }).account).toBeNull();
  });

  it.each<[string, Partial<Record<string, string>>, string]>([
    ['a bad date', { occurredAt: '31/02/2024' }, 'occurredAt: not a date ("31/02/2024")'],
    ['an ambiguous date', { occurredAt: '03/04/2024' }, 'occurredAt: ambiguous date ("03/04/2024"): day and month could be either way round; write it as YYYY-MM-DD or choose the date order (day first or month first)'],
    ['an unknown channel', { channel: 'fax' }, 'channel: unknown channel ("fax"): use email, call, meeting, video, chat, social, report, other'],
    ['an unknown direction', { direction: 'sideways' }, 'direction: unknown direction ("sideways"): use agency_initiated or client_initiated'],
    ['a missing channel', { channel: '' }, 'channel: required'],
    ['a negative duration', { durationMinutes: '-5' }, 'durationMinutes: not a whole number of minutes from 0 to 100000 ("-5")'],
    ['a subject over 500 characters', { subject: 's'.repeat(501) }, 'subject: too long (501 characters; at most 500)'],
    ['a bad contact e-mail', { contactEmails: 'jane@acme.test, nope' }, 'contactEmails: not an e-mail address ("nope")'],
    ['no account and no contacts', { accountName: '', contactEmails: '' }, 'accountName: no account: give accountId, accountName or accountExternalId, or contactEmails of known contacts'],
    ['two problems at once', { channel: 'fax', occurredAt: 'soon' }, 'channel: unknown channel ("fax"): use email, call, meeting, video, chat, social, report, other; occurredAt: not a date ("soon")'],
  ])('refuses %s', (_label, overrides, message) => {
    expect(errorsOf(map(TOUCHPOINTS, row(overrides)))).toBe(message);
  });

  it('the date order settles an ambiguous date', () => {
    const m = map(TOUCHPOINTS, row({ occurredAt: '03/04/2024' }), { dateOrder: 'mdy' });
    expect(m.ok && (m.draft as { occurredAt: Date }).occurredAt.toISOString()).toBe('2024-03-04T00:00:00.000Z');
  });

  it('an accountId must be a Rapport id', () => {
    const header = ['accountId', 'channel', 'direction', 'occurredAt'];
    expect(errorsOf(map(header, ['123', 'call', 'in', '2024-01-01']))).toBe('accountId: not a Rapport account id ("123"): use accountName or accountExternalId for other ids');
  });
});

describe('row shape', () => {
  it('a short row is a bad row saying how many columns it has', () => {
    expect(errorsOf(map(TOUCHPOINTS, ['t4', 'Acme']))).toBe("the row has 2 of the header's 9 columns (a missing separator, or a line break outside quotes?)");
  });
  it('a long row is a bad row unless the extra cells are empty', () => {
    expect(errorsOf(map(['channel', 'direction', 'occurredAt', 'accountName'], ['call', 'in', '2024-01-01', 'Acme', 'extra']))).toMatch(/^the row has 5 columns, the header 4/);
    expect(map(['channel', 'direction', 'occurredAt', 'accountName'], ['call', 'in', '2024-01-01', 'Acme', '', '']).ok).toBe(true);
  });
  it('blank rows are recognised', () => {
    expect(isBlankRow([''])).toBe(true);
    expect(isBlankRow([' ', '', '\t'])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });
});

describe('value parsers', () => {
  it.each<[string, { amount: number; currency: string | null } | null]>([
    ['1200', { amount: 1200, currency: null }],
    ['1,200', { amount: 1200, currency: null }],
    ['1,200.50', { amount: 1200.5, currency: null }],
    ['1.200,50', { amount: 1200.5, currency: null }],
    ['1,5', { amount: 1.5, currency: null }],
    ['1.234.567', { amount: 1234567, currency: null }],
    ['€ 1 200', { amount: 1200, currency: 'EUR' }],
    ['$99.99', { amount: 99.99, currency: 'USD' }],
    ['USD 1200', { amount: 1200, currency: 'USD' }],
    ['1200 chf', { amount: 1200, currency: 'CHF' }],
    ['abc', null],
    ['12 apples', null],
  ])('parseAmount(%j)', (text, expected) => expect(parseAmount(text)).toEqual(expected));

  it.each<[string, string | null]>([
    ['call', 'call'], ['Phone', 'call'], ['E-mail', 'email'], ['Zoom', 'video'], ['In person', 'meeting'], ['LinkedIn', 'social'], ['fax', null],
  ])('parseChannel(%j) is %s', (text, channel) => expect(parseChannel(text)).toBe(channel));

  it.each<[string, string | null]>([
    ['agency_initiated', 'agency_initiated'], ['Agency-initiated', 'agency_initiated'], ['outbound', 'agency_initiated'], ['client', 'client_initiated'], ['IN', 'client_initiated'], ['both', null],
  ])('parseDirection(%j) is %s', (text, direction) => expect(parseDirection(text)).toBe(direction));

  it.each<[string, number | null]>([['0', 0], ['45', 45], ['45.0', 45], ['1:30', 90], ['100000', 100000], ['100001', null], ['4.5', null], ['-1', null], ['1:75', null]])(
    'parseMinutes(%j) is %s',
    (text, minutes) => expect(parseMinutes(text)).toBe(minutes),
  );

  it.each<[string, string]>([
    ['Customer', 'active'], ['lead', 'prospect'], ['Former customer', 'lost'], ['at risk', 'at_risk'], ['at_risk', 'at_risk'], ['Channel Partner / Reseller', 'prospect'], ['', 'prospect'],
    ['Closed Lost', 'lost'], ['Closed Won', 'active'], ['Ex-client', 'lost'], ['Past customer', 'lost'], ['Churn', 'lost'],
  ])('parseAccountStatus(%j) is %s', (text, status) => expect(parseAccountStatus(text)).toBe(status));

  it.each<[string, string[]]>([
    ['a@x.io', ['a@x.io']],
    ['a@x.io; b@y.io,c@z.io', ['a@x.io', 'b@y.io', 'c@z.io']],
    ['["a@x.io","b@y.io"]', ['a@x.io', 'b@y.io']],
    ['[]', []],
    ['mailto:a@x.io', ['a@x.io']],
  ])('splitEmails(%j)', (text, emails) => expect(splitEmails(text)).toEqual(emails));
});
