import { describe, expect, it } from 'vitest';
import { lostAccountsPart, previewColumnLabel } from './labels';

describe('previewColumnLabel: the preview table speaks the mapping’s words, not field keys', () => {
  it.each([
    ['accounts', 'externalId', 'ID in your system'],
    ['accounts', 'aliases', 'Other names (aliases)'],
    ['accounts', 'value', 'Monthly value'],
    ['accounts', 'lossReasons', 'Why it was lost (loss reasons)'],
    // A contact read well: its addresses and the account it belongs to.
    ['contacts', 'emails', 'E-mails'],
    ['contacts', 'account', 'Account'],
    // A contact row that failed shows the fields it was read into.
    ['contacts', 'firstName', 'First name'],
    ['contacts', 'accountExternalId', 'Account (ID in your system)'],
    ['touchpoints', 'account', 'Account'],
    ['touchpoints', 'occurredAt', 'Date and time'],
    ['deliverables', 'dueAt', 'Due date'],
    ['targets', 'higherIsBetter', 'Higher is better (yes/no)'],
    ['incidents', 'severity', 'Severity (1–3)'],
  ] as const)('%s.%s → %s', (kind, key, label) => {
    expect(previewColumnLabel(kind, key)).toBe(label);
  });

  it('shows the file’s own column names while the file cannot be read as mapped', () => {
    expect(previewColumnLabel(null, 'Company name')).toBe('Company name');
  });
});

describe('lostAccountsPart: the accounts an import recorded lost, in the words rapport import uses', () => {
  it.each([
    [0, ''],
    [1, ' (1 of them as a lost account, with its loss record)'],
    [3, ' (3 of them as lost accounts, with their loss record)'],
    [1200, ' (1,200 of them as lost accounts, with their loss record)'],
  ])('%i → %j', (n, text) => {
    expect(lostAccountsPart(n)).toBe(text);
  });
});
