import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { pino } from 'pino';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createTestDatabase } from '../../test/support/database.js';
import { createAccount, createContact, expectError } from '../../test/support/factories.js';
import { createRapport } from '../app.js';
import { loadConfig } from '../platform/config.js';
import { startMailIntake, type MailIntake } from './smtp-server.js';

const silent = pino({ level: 'silent' });

let t: TestApp;
let owner: TestMember;
let member: TestMember;
let intake: MailIntake;
let address: string;
let acme: { id: string };
let globex: { id: string };
let bob: { id: string };
let carol: { id: string };
let dan: { id: string };
let erin: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Intake Agency');
  member = await t.newMember(owner.workspaceId, 'member');
  acme = await createAccount(t, owner.token, { name: 'Acme' });
  globex = await createAccount(t, owner.token, { name: 'Globex' });
  bob = await createContact(t, owner.token, acme.id, { name: 'Bob Acme', emails: ['bob@acme.test'] });
  carol = await createContact(t, owner.token, acme.id, { name: 'Carol Acme', emails: ['carol@acme.test', 'c.acme@home.test'] });
  dan = await createContact(t, owner.token, globex.id, { name: 'Dan Globex', emails: ['dan@globex.test'] });
  erin = await createContact(t, owner.token, globex.id, { name: 'Erin Globex', emails: ['Erin@Globex.test'] });
  intake = await startMailIntake({ deps: t.rapport.deps, logger: silent, host: '127.0.0.1', port: 0 });
  const res = await t.request('GET', '/api/intake/address', { token: owner.token });
  expect(res.status).toBe(200);
  address = res.body.address;
});
afterAll(async () => {
  await intake?.close();
  await t?.close();
});

let sequence = 0;
const messageId = () => `<m${++sequence}.${Date.now()}@mail.test>`;

/** Sends one message to the intake over SMTP, as a mail server or a mail client would. */
function send(message: Mail.Options, port = intake.port) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return transport.sendMail({ messageId: messageId(), ...message });
}

/** The error `send` rejects with, asserting that it does. */
async function refusal(promise: Promise<unknown>): Promise<{ responseCode?: number; response?: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as { responseCode?: number; response?: string },
  );
  expect(error, 'the intake accepted what it should refuse').not.toBeNull();
  return error!;
}

async function touchpointsOf(accountId: string): Promise<any[]> {
  const res = await t.request('GET', `/api/touchpoints?accountId=${accountId}&limit=500`, { token: owner.token });
  expect(res.status).toBe(200);
  return res.body.items;
}
const bySubject = async (accountId: string, subject: string) => (await touchpointsOf(accountId)).filter((x) => x.subject === subject);
const unmatched = async (status = 'pending') => (await t.request('GET', `/api/intake/unmatched?status=${status}&limit=200`, { token: owner.token })).body.items as any[];

describe('mail to the intake becomes a touchpoint', () => {
  it('a team member BCCs a mail to a client: agency-initiated, on the contacts’ account, with the sender as member', async () => {
    const id = messageId();
    const info = await send({
      from: `Owner <${owner.email}>`,
      to: 'Bob <bob@acme.test>',
      cc: 'carol@acme.test',
      bcc: address,
      subject: 'Budget 2026',
      text: 'Hi Bob,\n\nHere is the budget we discussed.\n\nBest',
      date: new Date('2026-03-09T10:00:00Z'),
      messageId: id,
    });
    expect(info.accepted).toEqual([address]);
    expect(info.response).toMatch(/^250 .*touchpoint/);
    const [touchpoint, ...rest] = await bySubject(acme.id, 'Budget 2026');
    expect(rest).toEqual([]);
    expect(touchpoint).toMatchObject({
      accountId: acme.id,
      channel: 'email',
      direction: 'agency_initiated',
      source: 'email',
      externalId: `email:${id.slice(1, -1)}`,
      occurredAt: '2026-03-09T10:00:00.000Z',
      summary: 'Hi Bob,\n\nHere is the budget we discussed.\n\nBest',
      durationMinutes: null,
      createdBy: owner.userId,
    });
    expect(touchpoint.contacts.map((c: { id: string }) => c.id).sort()).toEqual([bob.id, carol.id].sort());
    expect(touchpoint.members.map((m: { userId: string }) => m.userId)).toEqual([owner.userId]);
  });

  it('a mail from a client (CC’d to the intake) is client-initiated; a contact’s second address counts', async () => {
    await send({ from: 'c.acme@home.test', to: owner.email, cc: address, subject: 'Question about the launch', text: 'When is it?' });
    const [touchpoint] = await bySubject(acme.id, 'Question about the launch');
    expect(touchpoint).toMatchObject({ direction: 'client_initiated', contacts: [{ id: carol.id, name: 'Carol Acme' }] });
    expect(touchpoint.members.map((m: { userId: string }) => m.userId)).toEqual([owner.userId]);
  });

  it('the account with the most contacts in the mail wins', async () => {
    await send({ from: owner.email, to: 'bob@acme.test', cc: ['dan@globex.test', 'erin@globex.test'], bcc: address, subject: 'Joint workshop', text: 'Agenda attached' });
    expect(await bySubject(acme.id, 'Joint workshop')).toEqual([]);
    const [touchpoint] = await bySubject(globex.id, 'Joint workshop');
    expect(touchpoint.contacts.map((c: { id: string }) => c.id).sort()).toEqual([dan.id, erin.id].sort());
  });

  it('a forwarded client mail: the original sender, recipients, date and subject; the forwarder as member', async () => {
    await send({
      from: member.email,
      to: address,
      subject: 'Fwd: Renewal',
      text: [
        'For the record.',
        '',
        '---------- Forwarded message ---------',
        'From: Dan Globex <dan@globex.test>',
        'Date: Sun, 8 Mar 2026 16:00:00 +0000',
        'Subject: Renewal',
        `To: <${member.email}>`,
        '',
        'We would like to renew for another year.',
      ].join('\n'),
    });
    const [touchpoint] = await bySubject(globex.id, 'Renewal');
    expect(touchpoint).toMatchObject({ direction: 'client_initiated', occurredAt: '2026-03-08T16:00:00.000Z', contacts: [{ id: dan.id }], createdBy: member.userId });
    expect(touchpoint.members.map((m: { userId: string }) => m.userId)).toEqual([member.userId]);
    expect(touchpoint.summary).toContain('We would like to renew');
  });

  it('the envelope sender is a team member even when the From header is a client', async () => {
    await send({ from: 'bob@acme.test', to: 'carol@acme.test', subject: 'Sent on behalf', text: 'x', envelope: { from: member.email, to: [address] } });
    const [touchpoint] = await bySubject(acme.id, 'Sent on behalf');
    expect(touchpoint).toMatchObject({ direction: 'client_initiated' });
    expect(touchpoint.members.map((m: { userId: string }) => m.userId)).toEqual([member.userId]);
  });

  it('an HTML-only mail gets its text as summary; a subject or body with odd characters is stored', async () => {
    await send({ from: owner.email, to: 'bob@acme.test', bcc: address, subject: 'HTML only \u0000✓', html: '<p>Hello <b>Bob</b>,</p><p>see you Tuesday.</p>' });
    const [touchpoint] = await bySubject(acme.id, 'HTML only ✓');
    expect(touchpoint.summary).toBe('Hello Bob,\n\nsee you Tuesday.');
  });

  it('the plain <token>@ form works, on any domain, in any letter case', async () => {
    const token = address.slice('log+'.length, address.indexOf('@'));
    await send({ from: owner.email, to: 'bob@acme.test', bcc: `${token.toUpperCase()}@some.other.domain`, subject: 'Plain form', text: 'x' });
    expect(await bySubject(acme.id, 'Plain form')).toHaveLength(1);
  });
});

describe('the Message-ID dedupes', () => {
  it('the same mail delivered twice is stored once', async () => {
    const id = messageId();
    const mail = { from: owner.email, to: 'bob@acme.test', bcc: address, subject: 'Delivered twice', text: 'x', messageId: id };
    expect((await send(mail)).response).toMatch(/touchpoint/);
    expect((await send(mail)).response).toMatch(/duplicate/);
    expect(await bySubject(acme.id, 'Delivered twice')).toHaveLength(1);
  });

  it('one mail to both forms of the address is stored once', async () => {
    const token = address.slice('log+'.length, address.indexOf('@'));
    const info = await send({ from: owner.email, to: 'bob@acme.test', bcc: [address, `${token}@localhost`], subject: 'Two addresses', text: 'x' });
    expect(info.accepted).toHaveLength(2);
    expect(await bySubject(acme.id, 'Two addresses')).toHaveLength(1);
  });

  it('a mail without Message-ID is named by its content', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: intake.port, ignoreTLS: true });
    const raw = `From: ${owner.email}\r\nTo: bob@acme.test\r\nSubject: No id\r\nDate: Mon, 9 Mar 2026 10:00:00 +0000\r\n\r\nNo Message-ID here.\r\n`;
    await transport.sendMail({ envelope: { from: owner.email, to: [address] }, raw });
    await transport.sendMail({ envelope: { from: owner.email, to: [address] }, raw });
    const stored = await bySubject(acme.id, 'No id');
    expect(stored).toHaveLength(1);
    expect(stored[0].externalId).toMatch(/^email:[0-9a-f]{40}@generated\.rapport$/);
  });
});

describe('a Date header that cannot be stored as written', () => {
  const sendRaw = (from: string, subject: string, date: string, to = 'bob@acme.test') => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: intake.port, ignoreTLS: true });
    const raw = `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: ${date}\r\nMessage-ID: ${messageId()}\r\n\r\nHello.\r\n`;
    return transport.sendMail({ envelope: { from, to: [address] }, raw });
  };
  const justNow = (iso: string) => Math.abs(Date.parse(iso) - Date.now()) < 60_000;

  it.each([
    ['the year 10000, which PostgreSQL stores but no answer can carry', 'Sat, 01 Jan 10000 00:00:00 +0000'],
    ['the year 0050, which a parser reads as 1950', 'Sat, 01 Jan 0050 00:00:00 +0000'],
    ['the year 1800, before any date Rapport stores', 'Wed, 01 Jan 1800 00:00:00 +0000'],
  ])('%s: the mail is dated when it was received, and the lists still answer', async (_label, date) => {
    const subject = `Odd date ${date.slice(12, 17).trim()}`;
    expect((await sendRaw(owner.email, subject, date)).response).toMatch(/touchpoint/);
    const [touchpoint] = await bySubject(acme.id, subject);
    expect(justNow(touchpoint.occurredAt), touchpoint.occurredAt).toBe(true);
    expect((await t.request('GET', `/api/accounts/${acme.id}/timeline`, { token: owner.token })).status).toBe(200);

    expect((await sendRaw('nobody@unknown.test', `${subject} unmatched`, date, 'someone@unknown.test')).response).toMatch(/unmatched/);
    const mail = (await unmatched()).find((m) => m.subject === `${subject} unmatched`);
    expect(justNow(mail.sentAt), mail.sentAt).toBe(true);
  });
});

describe('what the intake refuses', () => {
  it('an unknown token is refused at RCPT with 550', async () => {
    const error = await refusal(send({ from: owner.email, to: 'bob@acme.test', bcc: 'log+00000000000000000000000000000000@localhost', subject: 'Unknown token', text: 'x' }));
    expect(error.responseCode).toBe(550);
    expect(await bySubject(acme.id, 'Unknown token')).toEqual([]);
  });

  it('an address that is no intake address at all is refused with 550', async () => {
    const error = await refusal(send({ from: owner.email, to: 'postmaster@localhost', subject: 'Not ours', text: 'x' }));
    expect(error.responseCode).toBe(550);
  });

  it('with one good and one unknown recipient, only the good one is accepted', async () => {
    const envelope = { from: owner.email, to: [address, 'log+ffffffffffffffffffffffffffffffff@localhost'] };
    const info = await send({ from: owner.email, to: 'bob@acme.test', subject: 'Half known', text: 'x', envelope });
    expect(info.accepted).toEqual([address]);
    expect(info.rejected).toEqual(['log+ffffffffffffffffffffffffffffffff@localhost']);
    expect(await bySubject(acme.id, 'Half known')).toHaveLength(1);
  });

  it('a message over 10 MB is refused with 552 and not stored', async () => {
    const error = await refusal(
      send({ from: owner.email, to: 'bob@acme.test', bcc: address, subject: 'Too big', text: 'x', attachments: [{ filename: 'big.bin', content: Buffer.alloc(8 * 1024 * 1024, 7) }] }),
    );
    expect(error.responseCode).toBe(552);
    expect(await bySubject(acme.id, 'Too big')).toEqual([]);
  });

  it('a rotated address is refused; the new one works; members cannot rotate, viewers cannot see it', async () => {
    expectError(await t.request('POST', '/api/intake/address/rotate', { token: member.token }), 403, 'forbidden');
    const viewer = await t.newMember(owner.workspaceId, 'viewer');
    expectError(await t.request('GET', '/api/intake/address', { token: viewer.token }), 403, 'forbidden');
    expect((await t.request('GET', '/api/intake/address', { token: member.token })).body.address).toBe(address);

    const rotated = await t.request('POST', '/api/intake/address/rotate', { token: owner.token });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ address: expect.stringMatching(/^log\+[0-9a-f]{32}@localhost$/), domain: 'localhost', smtp: { enabled: false, host: '127.0.0.1', port: 0 } });
    expect(rotated.body.address).not.toBe(address);
    const error = await refusal(send({ from: owner.email, to: 'bob@acme.test', bcc: address, subject: 'Old address', text: 'x' }));
    expect(error.responseCode).toBe(550);
    address = rotated.body.address;
    await send({ from: owner.email, to: 'bob@acme.test', bcc: address, subject: 'New address', text: 'x' });
    expect(await bySubject(acme.id, 'New address')).toHaveLength(1);
    const audit = await t.request('GET', '/api/audit?limit=500', { token: owner.token });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('mail_intake.rotated');
    expect(JSON.stringify(audit.body)).not.toContain(address.slice(4, 36));
  });

  it('another workspace has its own address; mail to it lands there only', async () => {
    const other = await t.newWorkspace('Other Agency');
    const otherAccount = await createAccount(t, other.token, { name: 'Other Acme' });
    await createContact(t, other.token, otherAccount.id, { emails: ['bob@acme.test'] });
    const otherAddress = (await t.request('GET', '/api/intake/address', { token: other.token })).body.address;
    expect(otherAddress).not.toBe(address);
    await send({ from: owner.email, to: 'bob@acme.test', bcc: [address, otherAddress], subject: 'Both workspaces', text: 'x' });
    expect(await bySubject(acme.id, 'Both workspaces')).toHaveLength(1);
    const theirs = await t.request('GET', `/api/touchpoints?accountId=${otherAccount.id}`, { token: other.token });
    expect(theirs.body.items.map((x: { subject: string }) => x.subject)).toEqual(['Both workspaces']);
    // The other workspace's owner is no member here: agency-initiated, without members.
    expect(theirs.body.items[0]).toMatchObject({ direction: 'agency_initiated', members: [] });
  });
});

describe('the unmatched queue', () => {
  it('mail with no known contact waits in the queue, then is assigned to an account and shows on its timeline', async () => {
    const id = messageId();
    await send({ from: owner.email, to: 'Frank <frank@newco.test>', bcc: address, subject: 'Intro call', text: 'Nice to meet you, Frank.', date: new Date('2026-03-10T09:00:00Z'), messageId: id });
    const queued = (await unmatched()).find((m) => m.subject === 'Intro call');
    expect(queued).toMatchObject({
      messageId: id.slice(1, -1),
      from: owner.email,
      to: ['frank@newco.test'],
      cc: [],
      snippet: 'Nice to meet you, Frank.',
      bodyText: 'Nice to meet you, Frank.',
      sentAt: '2026-03-10T09:00:00.000Z',
      status: 'pending',
      touchpointId: null,
    });

    const newco = await createAccount(t, owner.token, { name: 'NewCo' });
    const frank = await createContact(t, owner.token, newco.id, { name: 'Frank', emails: ['frank@newco.test'] });
    const assigned = await t.request('POST', `/api/intake/unmatched/${queued.id}/assign`, { token: member.token, body: { accountId: newco.id } });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({
      accountId: newco.id,
      channel: 'email',
      source: 'email',
      direction: 'agency_initiated',
      occurredAt: '2026-03-10T09:00:00.000Z',
      subject: 'Intro call',
      externalId: `email:${id.slice(1, -1)}`,
      contacts: [{ id: frank.id }],
      members: [{ userId: owner.userId }],
      createdBy: member.userId,
    });
    const timeline = await t.request('GET', `/api/accounts/${newco.id}/timeline`, { token: owner.token });
    expect(timeline.body.items.map((e: any) => e.touchpoint.id)).toEqual([assigned.body.id]);
    expect((await unmatched()).map((m) => m.id)).not.toContain(queued.id);
    expect((await unmatched('assigned')).find((m) => m.id === queued.id)).toMatchObject({ status: 'assigned', touchpointId: assigned.body.id });

    // Assigned once: again is a conflict, and delivering the mail again changes nothing.
    expectError(await t.request('POST', `/api/intake/unmatched/${queued.id}/assign`, { token: owner.token, body: { accountId: newco.id } }), 409, 'conflict');
    expect((await send({ from: owner.email, to: 'frank@newco.test', bcc: address, subject: 'Intro call', text: 'Nice to meet you, Frank.', messageId: id })).response).toMatch(/duplicate/);
    expect(await bySubject(newco.id, 'Intro call')).toHaveLength(1);
    const audit = await t.request('GET', '/api/audit?limit=500', { token: owner.token });
    expect(audit.body.items.find((e: any) => e.action === 'unmatched_mail.assigned' && e.entityId === queued.id)).toBeTruthy();
  });

  it('assign takes contacts and direction; contacts of another account are refused naming the field', async () => {
    await send({ from: 'someone@unknown.test', to: owner.email, cc: address, subject: 'From a stranger', text: 'Hello' });
    const queued = (await unmatched()).find((m) => m.subject === 'From a stranger');
    expect(queued.from).toBe('someone@unknown.test');
    const wrong = await t.request('POST', `/api/intake/unmatched/${queued.id}/assign`, { token: owner.token, body: { accountId: acme.id, contactIds: [dan.id] } });
    expect(expectError(wrong, 400, 'invalid_input').details.map((d) => d.path)).toEqual(['contactIds.0']);
    const ok = await t.request('POST', `/api/intake/unmatched/${queued.id}/assign`, { token: owner.token, body: { accountId: acme.id, contactIds: [bob.id], direction: 'agency_initiated' } });
    expect(ok.status).toBe(201);
    // A stranger wrote it, but the person assigning it knows better.
    expect(ok.body).toMatchObject({ direction: 'agency_initiated', contacts: [{ id: bob.id }], members: [{ userId: owner.userId }] });
  });

  it('a stranger’s mail is client-initiated by default', async () => {
    await send({ from: 'buyer@prospect.test', to: member.email, cc: address, subject: 'Request for proposal', text: 'Can you send a quote?' });
    const queued = (await unmatched()).find((m) => m.subject === 'Request for proposal');
    const res = await t.request('POST', `/api/intake/unmatched/${queued.id}/assign`, { token: owner.token, body: { accountId: globex.id } });
    expect(res.body).toMatchObject({ direction: 'client_initiated', contacts: [], members: [{ userId: member.userId }] });
  });

  it('discard takes a mail off the queue; twice is a conflict; assign after discard too', async () => {
    await send({ from: owner.email, to: 'news@letters.test', bcc: address, subject: 'Newsletter', text: 'x' });
    const queued = (await unmatched()).find((m) => m.subject === 'Newsletter');
    const res = await t.request('POST', `/api/intake/unmatched/${queued.id}/discard`, { token: member.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: queued.id, status: 'discarded' });
    expectError(await t.request('POST', `/api/intake/unmatched/${queued.id}/discard`, { token: member.token }), 409, 'conflict');
    expectError(await t.request('POST', `/api/intake/unmatched/${queued.id}/assign`, { token: member.token, body: { accountId: acme.id } }), 409, 'conflict');
    expect((await unmatched()).map((m) => m.id)).not.toContain(queued.id);
    const audit = await t.request('GET', '/api/audit?limit=500', { token: owner.token });
    expect(audit.body.items.find((e: any) => e.action === 'unmatched_mail.discarded' && e.entityId === queued.id)).toBeTruthy();
  });

  it('another workspace’s mail is not found (404), and its queue shows nothing of ours', async () => {
    await send({ from: owner.email, to: 'x@nowhere.test', bcc: address, subject: 'Ours only', text: 'x' });
    const queued = (await unmatched()).find((m) => m.subject === 'Ours only');
    const stranger = await t.newWorkspace('Stranger Agency');
    const theirAccount = await createAccount(t, stranger.token, { name: 'Theirs' });
    expectError(await t.request('POST', `/api/intake/unmatched/${queued.id}/assign`, { token: stranger.token, body: { accountId: theirAccount.id } }), 404, 'not_found');
    expectError(await t.request('POST', `/api/intake/unmatched/${queued.id}/discard`, { token: stranger.token }), 404, 'not_found');
    expect((await t.request('GET', '/api/intake/unmatched', { token: stranger.token })).body).toEqual({ items: [], nextCursor: null });
    expect((await unmatched()).find((m) => m.id === queued.id)?.status).toBe('pending');
  });

  it('is paged newest first with a cursor', async () => {
    for (let i = 0; i < 3; i++) await send({ from: owner.email, to: `p${i}@paging.test`, bcc: address, subject: `Paging ${i}`, text: 'x' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await t.request('GET', `/api/intake/unmatched?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: owner.token });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((m: { subject: string }) => m.subject));
      cursor = res.body.nextCursor;
    } while (cursor);
    const paging = seen.filter((s) => s.startsWith('Paging'));
    expect(paging).toEqual(['Paging 2', 'Paging 1', 'Paging 0']);
    expect(new Set(seen).size).toBe(seen.length);
    expectError(await t.request('GET', '/api/intake/unmatched?cursor=garbage', { token: owner.token }), 400, 'invalid_input');
  });
});

describe('nothing is acknowledged before it is committed', () => {
  it('a database failure while storing answers 451 and stores nothing; the retry is stored once', async () => {
    const db = t.rapport.deps.db;
    await sql`create function intake_test_fail() returns trigger language plpgsql as $$ begin raise exception 'disk full (test)'; end $$`.execute(db);
    await sql`create trigger intake_test_fail before insert on touchpoints for each row execute function intake_test_fail()`.execute(db);
    const mail = { from: owner.email, to: 'bob@acme.test', bcc: address, subject: 'During an outage', text: 'x', messageId: messageId() };
    try {
      const error = await refusal(send(mail));
      expect(error.responseCode).toBe(451);
      expect(await bySubject(acme.id, 'During an outage')).toEqual([]);
      expect((await unmatched()).find((m) => m.subject === 'During an outage')).toBeUndefined();
      // An unmatched mail fails the same way when its queue insert fails.
    } finally {
      await sql`drop trigger intake_test_fail on touchpoints`.execute(db);
      await sql`drop function intake_test_fail()`.execute(db);
    }
    expect((await send(mail)).response).toMatch(/touchpoint/);
    expect((await send(mail)).response).toMatch(/duplicate/);
    expect(await bySubject(acme.id, 'During an outage')).toHaveLength(1);
  });

  it('with the database closed, the intake answers a temporary error and keeps running', async () => {
    const other = await createTestApp();
    const someone = await other.newWorkspace('Closing Agency');
    const otherAddress = (await other.request('GET', '/api/intake/address', { token: someone.token })).body.address;
    const otherIntake = await startMailIntake({ deps: other.rapport.deps, logger: silent, host: '127.0.0.1', port: 0 });
    try {
      await other.close();
      for (let i = 0; i < 2; i++) {
        const error = await refusal(send({ from: someone.email, to: 'bob@acme.test', bcc: otherAddress, subject: 'Database gone', text: 'x' }, otherIntake.port));
        expect(error.responseCode).toBe(451);
      }
    } finally {
      await otherIntake.close();
    }
  });
});

describe('createRapport runs the intake on RAPPORT_SMTP_PORT and close() stops it', () => {
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('listens, reports its port, answers, and frees the port on close', async () => {
    const port = await freePort();
    const database = await createTestDatabase();
    const rapport = await createRapport({
      config: loadConfig({ LOG_LEVEL: 'silent', RAPPORT_SMTP_PORT: String(port), RAPPORT_SMTP_HOST: '127.0.0.1', RAPPORT_MAIL_DOMAIN: 'Intake.Example.com' }),
      database,
      logger: silent,
      startJobs: false,
    });
    try {
      expect(rapport.mailIntake?.port).toBe(port);
      expect(rapport.config.RAPPORT_MAIL_DOMAIN).toBe('intake.example.com');
      const error = await refusal(send({ from: 'a@b.test', to: 'log+00000000000000000000000000000000@intake.example.com', subject: 'x', text: 'x' }, port));
      expect(error.responseCode).toBe(550);
    } finally {
      await rapport.close();
    }
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });

  it('RAPPORT_SMTP_PORT=0 runs no intake; the address says so', async () => {
    expect(t.rapport.mailIntake).toBeNull();
    expect((await t.request('GET', '/api/intake/address', { token: owner.token })).body.smtp).toEqual({ enabled: false, host: '127.0.0.1', port: 0 });
  });
});
