import { describe, expect, it } from 'vitest';
import { addressesIn, describeMail, findForwardedHeader, intakeAddress, normalizeMessageId, parseLooseDate, tokenFromAddress, trustedDate, type ReceivedMail } from './mail.js';
import { snippetOf } from './unmatched-mail.js';

const TOKEN = '0123456789abcdef0123456789abcdef';

describe('tokenFromAddress', () => {
  it.each([
    [`log+${TOKEN}@rapport.example.com`, TOKEN],
    [`${TOKEN}@localhost`, TOKEN],
    [`LOG+${TOKEN.toUpperCase()}@Rapport.Example.com`, TOKEN],
    [`log+${TOKEN}@[127.0.0.1]`, TOKEN],
    [`log+${TOKEN.slice(1)}@x.test`, null],
    [`log+${TOKEN}0@x.test`, null],
    [`other+${TOKEN}@x.test`, null],
    [`log+${TOKEN.replace('a', 'g')}@x.test`, null],
    [`log+${TOKEN}`, null],
    ['postmaster@x.test', null],
    ['', null],
  ])('%s → %s', (address, token) => {
    expect(tokenFromAddress(address)).toBe(token);
  });

  it('round-trips with intakeAddress', () => {
    expect(tokenFromAddress(intakeAddress(TOKEN, 'mail.example.com'))).toBe(TOKEN);
  });
});

describe('addressesIn, normalizeMessageId, parseLooseDate, snippetOf', () => {
  it.each([
    ['Ann Agency <Ann@Agency.test>', ['ann@agency.test']],
    ['"Smith, Bob" <bob@client.test>; carol@client.test, Bob <BOB@client.test>', ['bob@client.test', 'carol@client.test']],
    ['John Smith [mailto:john.smith@client.co.uk]', ['john.smith@client.co.uk']],
    ['no address here', []],
  ])('addressesIn(%j)', (value, expected) => {
    expect(addressesIn(value)).toEqual(expected);
  });

  it.each([
    ['<abc.123@mail.client.test>', 'abc.123@mail.client.test'],
    ['  <abc@x>  ', 'abc@x'],
    ['abc@x', 'abc@x'],
  ])('normalizeMessageId(%j)', (id, expected) => {
    expect(normalizeMessageId(id, undefined)).toBe(expected);
  });

  it('a missing or huge Message-ID becomes a stable hash of the content', () => {
    const a = normalizeMessageId(null, Buffer.from('Subject: x\r\n\r\nbody'));
    expect(a).toMatch(/^[0-9a-f]{40}@generated\.rapport$/);
    expect(normalizeMessageId('', Buffer.from('Subject: x\r\n\r\nbody'))).toBe(a);
    expect(normalizeMessageId(null, Buffer.from('Subject: y\r\n\r\nbody'))).not.toBe(a);
    expect(normalizeMessageId(`<${'x'.repeat(1000)}@y>`, undefined)).toMatch(/@generated\.rapport$/);
  });

  it.each([
    ['Mon, 9 Mar 2026 10:15:00 +0100', '2026-03-09T09:15:00.000Z'],
    ['Mon, Mar 9, 2026 at 10:15 AM', '2026-03-09T10:15:00.000Z'],
    ['Monday, March 9, 2026 10:15 AM', '2026-03-09T10:15:00.000Z'],
    ['Mon, 9 Mar 2026 10:15:00 GMT', '2026-03-09T10:15:00.000Z'],
    ['gisteren', null],
    ['', null],
  ])('parseLooseDate(%j) → %s (no zone: UTC)', (value, expected) => {
    expect(parseLooseDate(value)?.toISOString() ?? null).toBe(expected);
  });

  it('snippetOf flattens and cuts at a word', () => {
    expect(snippetOf('Hi Ann,\n\n  see  below.')).toBe('Hi Ann, see below.');
    const long = snippetOf('word '.repeat(100));
    expect(long.length).toBeLessThanOrEqual(281);
    expect(long).toMatch(/word…$/);
  });
});

describe('findForwardedHeader', () => {
  it.each([
    [
      'Gmail',
      'FYI\n\n---------- Forwarded message ---------\nFrom: Bob Client <bob@client.test>\nDate: Mon, Mar 9, 2026 at 10:15 AM\nSubject: Budget 2026\nTo: Ann <ann@agency.test>\nCc: carol@client.test\n\nHi Ann, the budget is approved.',
      { from: 'bob@client.test', to: ['ann@agency.test'], cc: ['carol@client.test'], subject: 'Budget 2026', date: '2026-03-09T10:15:00.000Z' },
    ],
    [
      'Outlook',
      'See below.\n\n________________________________\nFrom: Bob Client <bob@client.test>\nSent: Monday, March 9, 2026 10:15 AM\nTo: Ann Agency <ann@agency.test>; Dan <dan@agency.test>\nSubject: RE: Budget 2026\n\nApproved.',
      { from: 'bob@client.test', to: ['ann@agency.test', 'dan@agency.test'], cc: [], subject: 'RE: Budget 2026', date: '2026-03-09T10:15:00.000Z' },
    ],
    [
      'Outlook plain text with mailto and bold names',
      '-----Original Message-----\n*From:* Bob Client [mailto:bob@client.test]\n*Sent:* Mon, 9 Mar 2026 10:15:00 +0100\n*To:* ann@agency.test\n*Subject:* Budget\n\nApproved.',
      { from: 'bob@client.test', to: ['ann@agency.test'], cc: [], subject: 'Budget', date: '2026-03-09T09:15:00.000Z' },
    ],
    [
      'Apple Mail',
      'Begin forwarded message:\n\nFrom: Bob Client <bob@client.test>\nSubject: Budget\nDate: 9 March 2026 at 10:15:00 GMT\nTo: Ann <ann@agency.test>\n\nApproved.',
      { from: 'bob@client.test', to: ['ann@agency.test'], cc: [], subject: 'Budget', date: '2026-03-09T10:15:00.000Z' },
    ],
    [
      'Thunderbird, To wrapped onto two lines',
      '-------- Forwarded Message --------\nSubject: Budget\nDate: Mon, 9 Mar 2026 10:15:00 +0100\nFrom: Bob Client <bob@client.test>\nTo: Ann <ann@agency.test>,\n Dan <dan@agency.test>\n\nApproved.',
      { from: 'bob@client.test', to: ['ann@agency.test', 'dan@agency.test'], cc: [], subject: 'Budget', date: '2026-03-09T09:15:00.000Z' },
    ],
    [
      'Dutch Outlook',
      '-----Oorspronkelijk bericht-----\nVan: Bob Client <bob@client.test>\nVerzonden: Mon, 9 Mar 2026 10:15:00 +0100\nAan: ann@agency.test\nOnderwerp: Begroting\n\nAkkoord.',
      { from: 'bob@client.test', to: ['ann@agency.test'], cc: [], subject: 'Begroting', date: '2026-03-09T09:15:00.000Z' },
    ],
    [
      'quoted with >',
      '> ---------- Forwarded message ---------\n> From: bob@client.test\n> To: ann@agency.test\n>\n> Hi',
      { from: 'bob@client.test', to: ['ann@agency.test'], cc: [], subject: null, date: null },
    ],
  ])('%s', (_label, text, expected) => {
    const header = findForwardedHeader(text);
    expect(header).toEqual({ ...expected, date: expected.date ? new Date(expected.date) : null });
  });

  it.each([
    ['no marker, no Fwd subject', 'From: bob@client.test\nTo: ann@agency.test\n\nHi', 'Budget'],
    ['a marker with no header block after it', '---------- Forwarded message ---------\nHello there\nFrom: bob@client.test', 'Fwd: Budget'],
    ['a header block without any address', '---------- Forwarded message ---------\nFrom: Bob Client\nTo: Ann\n\nHi', 'Fwd: Budget'],
    ['ordinary mail', 'Hi Ann,\n\nNote: the call is at 3.\nThanks', 'Call'],
  ])('none: %s', (_label, text, subject) => {
    expect(findForwardedHeader(text, subject)).toBeNull();
  });

  it('with a Fwd: subject, the first From: block counts even without a marker', () => {
    expect(findForwardedHeader('see below\n\nFrom: bob@client.test\nTo: ann@agency.test\n\nHi', 'Fwd: Budget')).toMatchObject({ from: 'bob@client.test', to: ['ann@agency.test'] });
  });
});

describe('describeMail', () => {
  const base: ReceivedMail = {
    messageId: '<m1@client.test>',
    from: 'ann@agency.test',
    to: ['bob@client.test'],
    cc: ['carol@client.test', `log+${TOKEN}@rapport.test`],
    envelopeFrom: 'ann@agency.test',
    subject: 'Budget 2026',
    text: 'Hi Bob,\r\n\r\nHere is the budget.\u0000',
    date: new Date('2026-03-09T10:00:00Z'),
    receivedAt: new Date('2026-03-09T10:00:05Z'),
  };

  it('a BCC: the mail itself is the conversation; intake addresses are no participants', () => {
    const mail = describeMail(base, new Set([`log+${TOKEN}@rapport.test`]));
    expect(mail).toEqual({
      messageId: 'm1@client.test',
      from: 'ann@agency.test',
      to: ['bob@client.test'],
      cc: ['carol@client.test', `log+${TOKEN}@rapport.test`],
      subject: 'Budget 2026',
      summary: 'Hi Bob,\n\nHere is the budget.',
      body: 'Hi Bob,\n\nHere is the budget.',
      occurredAt: new Date('2026-03-09T10:00:00Z'),
      forwardedBy: null,
      participants: ['ann@agency.test', 'bob@client.test', 'carol@client.test'],
      memberCandidates: ['ann@agency.test', 'bob@client.test', 'carol@client.test'],
    });
  });

  it('a forward: the original author, recipients, date and subject; the forwarder may be a member', () => {
    const mail = describeMail({
      ...base,
      to: [`log+${TOKEN}@rapport.test`],
      cc: [],
      subject: 'Fwd: Budget 2026',
      text: 'FYI\n\n---------- Forwarded message ---------\nFrom: Bob <bob@client.test>\nDate: Sun, 8 Mar 2026 16:00:00 +0000\nSubject: Budget 2026\nTo: Ann <ann@agency.test>\n\nApproved.',
    });
    expect(mail).toMatchObject({
      from: 'bob@client.test',
      to: ['ann@agency.test'],
      cc: [],
      subject: 'Budget 2026',
      occurredAt: new Date('2026-03-08T16:00:00Z'),
      forwardedBy: 'ann@agency.test',
      participants: ['bob@client.test', 'ann@agency.test'],
    });
    expect(mail.memberCandidates).toContain('ann@agency.test');
    expect(mail.summary).toContain('Approved.');
  });

  it('a Fwd: subject without a readable original keeps the mail as it is', () => {
    expect(describeMail({ ...base, subject: 'Fwd: Budget', text: 'see attachment' })).toMatchObject({ subject: 'Fwd: Budget', from: 'ann@agency.test', forwardedBy: null });
  });

  it('no Date header: the time it was received; a forwarded date in the future is not believed', () => {
    expect(describeMail({ ...base, date: null }).occurredAt).toEqual(base.receivedAt);
    const future = describeMail({ ...base, text: '---------- Forwarded message ---------\nFrom: bob@client.test\nDate: Mon, 9 Mar 2099 10:00:00 +0000\n\nHi' });
    expect(future.occurredAt).toEqual(base.date);
  });

  it('a date outside 1900–9999 is no date: the time it was received', () => {
    for (const date of [new Date(Date.UTC(10_000, 0, 1)), new Date(Date.UTC(1899, 11, 31)), new Date(Number.NaN)])
      expect(describeMail({ ...base, date }).occurredAt).toEqual(base.receivedAt);
  });

  it('no From: the envelope sender is the author; long text is cut for the summary', () => {
    const mail = describeMail({ ...base, from: null, text: 'x'.repeat(10_000) });
    expect(mail.from).toBe('ann@agency.test');
    expect(mail.summary).toHaveLength(2000);
    expect(mail.body).toHaveLength(5000);
  });
});

describe('trustedDate', () => {
  const at = (iso: string) => new Date(iso);
  it('keeps a date from 1900 to 9999 whose text names its year, or one beside it (a zone can move New Year)', () => {
    expect(trustedDate(at('2026-03-09T10:00:00Z'), 'Mon, 9 Mar 2026 10:00:00 +0000')).toEqual(at('2026-03-09T10:00:00Z'));
    expect(trustedDate(at('2027-01-01T03:00:00Z'), 'Thu, 31 Dec 2026 22:00:00 -0500')).toEqual(at('2027-01-01T03:00:00Z'));
    expect(trustedDate(at('1900-01-01T00:00:00Z'))).toEqual(at('1900-01-01T00:00:00Z'));
    expect(trustedDate(at('9999-12-31T23:59:59Z'))).toEqual(at('9999-12-31T23:59:59Z'));
  });

  it('trusts a text without a four-digit year, and does not take a zone (+2000) for one', () => {
    expect(trustedDate(at('2026-03-09T10:00:00Z'), 'Mon, 9 Mar 26 10:00:00 GMT')).toEqual(at('2026-03-09T10:00:00Z'));
    expect(trustedDate(at('2026-03-08T14:00:00Z'), 'Mon, 9 Mar 26 10:00:00 +2000')).toEqual(at('2026-03-08T14:00:00Z'));
  });

  it('refuses a date outside 1900–9999, an invalid one, and one whose text names another year', () => {
    expect(trustedDate(at('1899-12-31T23:59:59Z'))).toBeNull();
    expect(trustedDate(new Date(Date.UTC(10_000, 0, 1)))).toBeNull();
    expect(trustedDate(new Date(Number.NaN))).toBeNull();
    expect(trustedDate(null)).toBeNull();
    expect(trustedDate(at('1950-01-01T00:00:00Z'), 'Sat, 01 Jan 0050 00:00:00 +0000')).toBeNull();
  });

  it('parseLooseDate reads a forwarded date as written, or not at all ("Jan 1, 0001" is no 2001)', () => {
    expect(parseLooseDate('Mon, Mar 9, 2026 at 10:15 AM')).toEqual(at('2026-03-09T10:15:00Z'));
    expect(parseLooseDate('Jan 1, 0001 at 10:00 AM')).toBeNull();
    expect(parseLooseDate('Jan 1, 12026 at 10:00 AM')).toBeNull();
  });
});
