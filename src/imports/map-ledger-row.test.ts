import { describe, expect, it } from 'vitest';
import { detectLayout, suggestMapping } from './layouts.js';
import { bindColumns, describeRowErrors, mapRow, type Draft, type Mapped } from './map-row.js';
import { parseBoolean, parseDeliverableStatus, parseIncidentKind, parseNumber } from './map-ledger-row.js';

/** Maps one row of `header` with the layout the header is detected as. */
function map(header: string[], row: string[], dateOrder?: 'dmy' | 'mdy'): Mapped<Draft> {
  const layout = detectLayout(header);
  if (!layout) throw new Error(`no layout for ${header.join(',')}`);
  return mapRow(row, bindColumns(header, suggestMapping(layout, header)), { kind: layout.kind, system: layout.system, headerLength: header.length, dateOrder });
}
const errorsOf = (m: Mapped<Draft>) => (m.ok ? '' : describeRowErrors(m.errors));

const ACCOUNT_ID = '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b';

const DELIVERABLES = ['external_id', 'account', 'project', 'title', 'due_at', 'delivered_at', 'approved_at', 'status', 'owner_email', 'notes'];
const deliverable = (values: Partial<Record<(typeof DELIVERABLES)[number], string>>) =>
  DELIVERABLES.map((c) => values[c] ?? { account: 'Northwind', project: 'Always-on retainer', title: 'January report', due_at: '2024-02-05' }[c] ?? '');

describe('deliverables', () => {
  it('a full row: the account tried as external id then name, the times read as dates.ts reads them', () => {
    const m = map(DELIVERABLES, deliverable({ external_id: 'D-1', delivered_at: '05/02/2024 17:30', approved_at: '2024-02-06T09:00:00+01:00', owner_email: 'Ann@Agency.test', notes: 'On time' }), 'dmy');
    expect(m).toEqual({
      ok: true,
      draft: {
        externalId: 'D-1',
        accountRefs: [
          { by: 'externalId', value: 'Northwind', column: 'account' },
          { by: 'name', value: 'Northwind', column: 'account' },
        ],
        project: { value: 'Always-on retainer', column: 'project' },
        title: 'January report',
        dueAt: new Date('2024-02-05T00:00:00Z'),
        progress: { status: undefined, deliveredAt: new Date('2024-02-05T17:30:00Z'), approvedAt: new Date('2024-02-06T08:00:00Z') },
        ownerEmail: { value: 'ann@agency.test', column: 'owner_email' },
        notes: 'On time',
      },
    });
  });

  it('an account that is a Rapport id is tried as one first (then as an external id: Twenty ids are UUIDs too)', () => {
    const m = map(DELIVERABLES, deliverable({ account: ACCOUNT_ID.toUpperCase() }));
    expect(m.ok && m.draft).toMatchObject({ accountRefs: [{ by: 'id', value: ACCOUNT_ID }, { by: 'externalId' }, { by: 'name' }] });
  });

  it('explicit account columns say which way to look', () => {
    const header = ['account_id', 'account_external_id', 'account_name', 'project', 'title', 'due_at'];
    const m = map(header, [ACCOUNT_ID, 'hubspot:7', 'Northwind', 'Retainer', 'Report', '2024-02-05']);
    expect(m.ok && m.draft).toMatchObject({
      accountRefs: [
        { by: 'id', value: ACCOUNT_ID, column: 'account_id' },
        { by: 'externalId', value: 'hubspot:7', column: 'account_external_id' },
        { by: 'name', value: 'Northwind', column: 'account_name' },
      ],
    });
    expect(errorsOf(map(header, ['12', '', '', 'Retainer', 'Report', '2024-02-05']))).toBe(
      'account_id: not a Rapport account id ("12"): use the account\'s name or external id in another account column',
    );
  });

  it.each<[string, Partial<Record<string, string>>, string]>([
    ['no account', { account: '' }, 'account: required: the account (its name, external id or Rapport id)'],
    ['no project', { project: '' }, 'project: required'],
    ['no title', { title: '' }, 'title: required'],
    ['a title over 300 characters', { title: 'x'.repeat(301) }, 'title: too long (301 characters; at most 300)'],
    ['no due time', { due_at: '' }, 'due_at: required'],
    ['a bad due date', { due_at: '31/02/2024' }, 'due_at: not a date ("31/02/2024")'],
    ['an ambiguous date', { delivered_at: '03/04/2024' }, 'delivered_at: ambiguous date ("03/04/2024"): day and month could be either way round; write it as YYYY-MM-DD or choose the date order (day first or month first)'],
    ['an unknown status', { status: 'done' }, 'status: unknown status ("done"): use planned, in_progress, delivered, approved, cancelled'],
    ['approved before delivered', { delivered_at: '2024-02-06', approved_at: '2024-02-05' }, 'approved_at: cannot be before the delivery time'],
    ['approved without a delivery time', { approved_at: '2024-02-05' }, 'delivered_at: approved work needs its delivery time; clear approved_at too to reopen it'],
    ['planned with a delivery time', { status: 'planned', delivered_at: '2024-02-05' }, 'delivered_at: work that is planned has no delivery time; set status to delivered'],
    ['delivered with an approval time', { status: 'delivered', delivered_at: '2024-02-05', approved_at: '2024-02-06' }, 'approved_at: only approved work has an approval time; set status to approved'],
    ['an owner that is not an e-mail address', { owner_email: 'ann' }, 'owner_email: not an e-mail address ("ann")'],
    ['two owners', { owner_email: 'a@x.test; b@x.test' }, 'owner_email: one owner only (2 addresses)'],
    ['an external id over 500 characters', { external_id: 'x'.repeat(501) }, 'external_id: too long (501 characters; at most 500)'],
  ])('%s fails the row', (_label, values, message) => {
    expect(errorsOf(map(DELIVERABLES, deliverable(values)))).toBe(message);
  });

  it('a bad delivery date is the only complaint about the times (no echo from the status rules)', () => {
    expect(errorsOf(map(DELIVERABLES, deliverable({ delivered_at: 'soon', approved_at: '2024-02-06' })))).toBe('delivered_at: not a date ("soon")');
  });

  it('reports every problem of a row at once', () => {
    expect(errorsOf(map(DELIVERABLES, deliverable({ account: '', title: '', due_at: 'tomorrow' })))).toBe('account: required: the account (its name, external id or Rapport id); title: required; due_at: not a date ("tomorrow")');
  });

  it('a status in other words and case; a status with its time', () => {
    const m = map(DELIVERABLES, deliverable({ status: 'In Progress' }));
    expect(m.ok && (m.draft as { progress: unknown }).progress).toEqual({ status: 'in_progress', deliveredAt: undefined, approvedAt: undefined });
    expect(map(DELIVERABLES, deliverable({ status: 'approved', delivered_at: '2024-02-05' })).ok).toBe(true);
  });
});

const TARGETS = ['account', 'project', 'metric', 'period_start', 'period_end', 'goal', 'actual', 'higher_is_better'];
const target = (values: Partial<Record<string, string>>) =>
  TARGETS.map((c) => values[c] ?? { account: 'Northwind', metric: 'Organic sessions', period_start: '2024-01-01', period_end: '2024-03-31', goal: '12000' }[c] ?? '');

describe('targets', () => {
  it('a full row: days, numbers as people write them, higher_is_better in words', () => {
    expect(map(TARGETS, target({ project: 'SEO', goal: '12,000', actual: '11.500,5', higher_is_better: 'No' }))).toEqual({
      ok: true,
      draft: {
        accountRefs: [
          { by: 'externalId', value: 'Northwind', column: 'account' },
          { by: 'name', value: 'Northwind', column: 'account' },
        ],
        project: { value: 'SEO', column: 'project' },
        metric: 'Organic sessions',
        periodStart: '2024-01-01',
        periodEnd: '2024-03-31',
        goal: 12000,
        actual: 11500.5,
        higherIsBetter: false,
      },
    });
  });

  it('defaults: no project, no actual, higher is better', () => {
    const m = map(TARGETS, target({ period_start: '1 Jan 2024', period_end: '31.03.2024' }));
    expect(m.ok && m.draft).toMatchObject({ project: null, actual: null, higherIsBetter: true, periodStart: '2024-01-01', periodEnd: '2024-03-31' });
  });

  it.each<[string, Partial<Record<string, string>>, string]>([
    ['a period ending before it starts', { period_start: '2024-03-01', period_end: '2024-02-29' }, 'period_end: cannot be before period_start (2024-02-29 is before 2024-03-01)'],
    ['a day with a time', { period_start: '2024-01-01 10:00' }, 'period_start: not a day ("2024-01-01 10:00"): write the day alone, e.g. 2024-01-31'],
    ['a bad day', { period_end: '2024-02-30' }, 'period_end: not a date ("2024-02-30")'],
    ['no metric', { metric: '' }, 'metric: required'],
    ['a goal that is not a number', { goal: 'lots' }, 'goal: not a number ("lots")'],
    ['a percentage', { goal: '95%' }, 'goal: not a number ("95%")'],
    ['a goal out of range', { goal: '2000000000000' }, 'goal: out of range ("2000000000000"): from -1,000,000,000,000 to 1,000,000,000,000'],
    ['an actual that is not a number', { actual: 'n/a' }, 'actual: not a number ("n/a")'],
    ['higher_is_better neither true nor false', { higher_is_better: 'maybe' }, 'higher_is_better: not true or false ("maybe"): use true/false, yes/no or 1/0'],
  ])('%s fails the row', (_label, values, message) => {
    expect(errorsOf(map(TARGETS, target(values)))).toBe(message);
  });
});

const INCIDENTS = ['account', 'deliverable', 'kind', 'severity', 'description', 'occurred_at'];
const incident = (values: Partial<Record<string, string>>) =>
  INCIDENTS.map((c) => values[c] ?? { account: 'Northwind', kind: 'missed_deadline', severity: '2', occurred_at: '2024-02-07T10:00:00Z' }[c] ?? '');

describe('incidents', () => {
  it('a full row; kinds in other case and spacing', () => {
    expect(map(INCIDENTS, incident({ deliverable: 'January report', kind: 'Report Error', severity: '3', description: 'Wrong totals' }))).toEqual({
      ok: true,
      draft: {
        accountRefs: [
          { by: 'externalId', value: 'Northwind', column: 'account' },
          { by: 'name', value: 'Northwind', column: 'account' },
        ],
        deliverable: { value: 'January report', column: 'deliverable' },
        kind: 'report_error',
        severity: 3,
        description: 'Wrong totals',
        occurredAt: new Date('2024-02-07T10:00:00Z'),
      },
    });
  });

  it.each<[string, Partial<Record<string, string>>, string]>([
    ['a severity of 4', { severity: '4' }, 'severity: not 1, 2 or 3 ("4"): 1 minor, 2 notable, 3 serious'],
    ['a severity of 0', { severity: '0' }, 'severity: not 1, 2 or 3 ("0"): 1 minor, 2 notable, 3 serious'],
    ['a severity in words', { severity: 'high' }, 'severity: not 1, 2 or 3 ("high"): 1 minor, 2 notable, 3 serious'],
    ['a fractional severity', { severity: '1.5' }, 'severity: not 1, 2 or 3 ("1.5"): 1 minor, 2 notable, 3 serious'],
    ['no severity', { severity: '' }, 'severity: required'],
    ['an unknown kind', { kind: 'fire' }, 'kind: unknown kind ("fire"): use report_error, missed_deadline, rework, missed_meeting, complaint, other'],
    ['a bad time', { occurred_at: 'yesterday' }, 'occurred_at: not a date ("yesterday")'],
    ['a year before 1900', { occurred_at: '1899-12-31' }, 'occurred_at: not a date in a plausible year ("1899-12-31")'],
  ])('%s fails the row', (_label, values, message) => {
    expect(errorsOf(map(INCIDENTS, incident(values)))).toBe(message);
  });

  it('a short row is a broken row, as for every layout', () => {
    expect(errorsOf(map(INCIDENTS, ['Northwind', '', 'other']))).toBe("the row has 3 of the header's 6 columns (a missing separator, or a line break outside quotes?)");
  });
});

describe('value parsers', () => {
  it.each<[string, number | null]>([
    ['1200', 1200],
    ['-3.5', -3.5],
    ['+7', 7],
    ['1,200.50', 1200.5],
    ['1.200,50', 1200.5],
    ['1 200', 1200],
    ['0,5', 0.5],
    ['1.234.567', 1234567],
    ['.5', 0.5],
    ['EUR 12', null],
    ['12%', null],
    ['1e3', null],
    ['', null],
    ['-', null],
  ])('parseNumber(%j) is %j', (text, n) => expect(parseNumber(text)).toBe(n));

  it.each<[string, boolean | null]>([
    ['true', true], ['YES', true], ['1', true], ['y', true],
    ['false', false], ['No', false], ['0', false], ['n', false],
    ['maybe', null], ['', null],
  ])('parseBoolean(%j) is %j', (text, b) => expect(parseBoolean(text)).toBe(b));

  it('statuses and kinds in other case and spacing', () => {
    expect(parseDeliverableStatus('In-Progress')).toBe('in_progress');
    expect(parseDeliverableStatus('done')).toBeNull();
    expect(parseIncidentKind('missed meeting')).toBe('missed_meeting');
    expect(parseIncidentKind('late')).toBeNull();
  });
});
