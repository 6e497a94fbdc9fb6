import { createHash } from 'node:crypto';
import { EARLIEST_TIME, LATEST_TIME, LONE_SURROGATE } from '../platform/validation.js';

/**
 * Pure rules of the e-mail intake: which recipient addresses are intake addresses, what a received
 * mail says about who wrote to whom and when (reading a forwarded mail's original header block),
 * and the texts as they are stored. No I/O.
 */

/** How much of a mail's text becomes a touchpoint summary. */
export const SUMMARY_LIMIT = 2_000;
/** How much of an unmatched mail's text is kept for the person who assigns it. */
export const BODY_LIMIT = 5_000;
const SUBJECT_LIMIT = 500;
const MESSAGE_ID_LIMIT = 400;

/** An intake token: 32 lower-case hex characters (128 random bits), safe in any mail system. */
export const TOKEN_PATTERN = /^[0-9a-f]{32}$/;

/** The address users BCC or forward to: `log+<token>@<domain>`. */
export function intakeAddress(token: string, domain: string): string {
  return `log+${token}@${domain}`;
}

/**
 * The intake token in a recipient address, or null when it is not one: `log+<token>@any.domain`
 * or `<token>@any.domain`, in any letter case (some relays change it).
 */
export function tokenFromAddress(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const local = address.slice(0, at).toLowerCase();
  const token = local.startsWith('log+') ? local.slice(4) : local;
  return TOKEN_PATTERN.test(token) ? token : null;
}

/** What the SMTP shell hands over about one received mail. Addresses lower case. */
export interface ReceivedMail {
  /** The Message-ID header without angle brackets; null when the mail has none. */
  messageId: string | null;
  from: string | null;
  to: string[];
  cc: string[];
  /** MAIL FROM of the SMTP envelope (who actually sent it to the intake). */
  envelopeFrom: string | null;
  subject: string;
  text: string;
  /** The Date header. */
  date: Date | null;
  receivedAt: Date;
  /** The raw message, to name a mail without Message-ID by its content. */
  raw?: Buffer | undefined;
}

/** A received mail as the intake stores it: the original conversation when it was forwarded. */
export interface MailTouch {
  messageId: string;
  /** The author: the original sender when the mail was forwarded with its header block. */
  from: string | null;
  to: string[];
  cc: string[];
  subject: string;
  summary: string;
  body: string;
  occurredAt: Date;
  /** Who forwarded the mail, when it was a forward. */
  forwardedBy: string | null;
  /** Everyone in the conversation, author first: where contacts are looked for. */
  participants: string[];
  /** Addresses that may be team members: author, envelope sender, forwarder, recipients. */
  memberCandidates: string[];
}

const EMAIL = /[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;

/** Every e-mail address in a header value, lower case, in order, without repeats. */
export function addressesIn(value: string): string[] {
  const found = (value.match(EMAIL) ?? []).map((e) => e.toLowerCase().replace(/\.+$/, ''));
  return [...new Set(found)];
}

const LONE_SURROGATES = new RegExp(LONE_SURROGATE, 'g');

/**
 * Text PostgreSQL can store (no NUL, no unpaired surrogate from a badly encoded part), with Unix
 * line ends. A mail is refused only for what the sender can fix; odd bytes are not that.
 */
export function cleanText(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATES, '\uFFFD').replace(/\r\n?/g, '\n');
}

/** The Message-ID as stored: brackets and spaces off; long or missing ones become a content hash. */
export function normalizeMessageId(messageId: string | null, raw: Buffer | string | undefined): string {
  const id = cleanText(messageId ?? '').trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  if (id !== '' && id.length <= MESSAGE_ID_LIMIT) return id;
  const hash = createHash('sha256')
    .update(id !== '' ? id : (raw ?? ''))
    .digest('hex');
  return `${hash.slice(0, 40)}@generated.rapport`;
}

// Lines that open a forwarded message in the clients people use (Gmail, Outlook, Apple Mail,
// Thunderbird), in English, Dutch, German, French and Spanish.
const FORWARD_MARKERS = [
  /^-{2,}\s*(forwarded message|original message|doorgestuurd bericht|oorspronkelijk bericht|weitergeleitete nachricht|ursprüngliche nachricht|message transféré|message d'origine|mensaje reenviado|mensaje original)\s*-{2,}\s*$/i,
  /^(begin forwarded message|début du message réexpédié|anfang der weitergeleiteten nachricht|begin doorgestuurd bericht)\s*:\s*$/i,
  /^_{10,}\s*$/,
];
const FORWARD_SUBJECT = /^\s*(fwd?|fw|wg|tr|doorst|rv)\s*:\s*/i;
const HEADER_NAMES: Record<string, 'from' | 'to' | 'cc' | 'date' | 'subject'> = {
  from: 'from',
  van: 'from',
  von: 'from',
  de: 'from',
  to: 'to',
  aan: 'to',
  an: 'to',
  à: 'to',
  para: 'to',
  cc: 'cc',
  date: 'date',
  sent: 'date',
  datum: 'date',
  verzonden: 'date',
  gesendet: 'date',
  envoyé: 'date',
  fecha: 'date',
  enviado: 'date',
  subject: 'subject',
  onderwerp: 'subject',
  betreff: 'subject',
  objet: 'subject',
  asunto: 'subject',
};
const HEADER_LINE = /^\s*(?:>\s*)*\*?([\p{L}]+)\*?\s*:\*?\s*(.*)$/u;

function headerOf(line: string): { name: 'from' | 'to' | 'cc' | 'date' | 'subject'; value: string } | null {
  const match = HEADER_LINE.exec(line);
  const name = match?.[1] ? HEADER_NAMES[match[1].toLowerCase()] : undefined;
  return match && name ? { name, value: (match[2] ?? '').trim() } : null;
}

/** The header block of a forwarded message: who wrote the original, to whom, when, about what. */
export interface ForwardedHeader {
  from: string | null;
  to: string[];
  cc: string[];
  date: Date | null;
  subject: string | null;
}

/**
 * Reads the original header block of a forwarded mail from its text: after a forward marker line,
 * or (when the subject says Fwd:) the first block of `From:` header lines. Null when there is none.
 */
export function findForwardedHeader(text: string, subject = ''): ForwardedHeader | null {
  const lines = cleanText(text).split('\n');
  let start = lines.findIndex((line) => FORWARD_MARKERS.some((marker) => marker.test(line.replace(/^(\s*>\s*)+/, '').trim())));
  if (start >= 0) start += 1;
  else if (FORWARD_SUBJECT.test(subject)) start = lines.findIndex((line) => headerOf(line)?.name === 'from');
  if (start < 0) return null;

  const fields: Partial<Record<'from' | 'to' | 'cc' | 'date' | 'subject', string>> = {};
  let last: keyof typeof fields | null = null;
  let seen = 0;
  for (let i = start; i < lines.length && i < start + 40; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || /^(\s*>\s*)+$/.test(line)) {
      if (seen > 0) break;
      continue;
    }
    const header = headerOf(line);
    if (header) {
      fields[header.name] = header.value;
      last = header.name;
      seen++;
    } else if (last && /^\s/.test(line)) {
      // A long header value wrapped onto an indented line.
      fields[last] = `${fields[last] ?? ''} ${line.trim()}`;
    } else if (seen > 0) {
      break;
    } else {
      return null;
    }
  }
  const from = fields.from ? (addressesIn(fields.from)[0] ?? null) : null;
  if (!from) return null;
  return {
    from,
    to: addressesIn(fields.to ?? ''),
    cc: addressesIn(fields.cc ?? ''),
    date: fields.date ? parseLooseDate(fields.date) : null,
    subject: fields.subject ?? null,
  };
}

/**
 * A date as mail clients print it in a forwarded header ("Mon, Mar 9, 2026 at 10:15 AM"). Without
 * a zone it is read as UTC, like the calendar's floating times: the server's own zone means nothing.
 */
export function parseLooseDate(value: string): Date | null {
  const text = value.replace(/\bat\b/gi, ' ').replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const hasZone = /([+-]\d{2}:?\d{2}\b|\bGMT\b|\bUTC\b|\dZ\b)/.test(text);
  return trustedDate(new Date(Date.parse(hasZone ? text : `${text} UTC`)), text);
}

/** Four-digit numbers that are not part of a zone offset (+0100) or a longer number: the years a date's text names. */
const WRITTEN_YEAR = /(?<![+\-\d])\d{4}(?!\d)/g;

/**
 * A mail's date when it can be stored as written, else null (the caller falls back: the received
 * time for the mail, the mail's own date for a forwarded block). Both engines store 1900 to 9999
 * (validation.ts), and a parser reads a year like "0050" or "0001" as 1950 or 2001, so a date is
 * kept only when its text, if given, names its year (or one beside it: a zone can move the day
 * over New Year). A text without a four-digit year ("01 Jan 26", an old two-digit form) is trusted.
 */
export function trustedDate(date: Date | null | undefined, written?: string): Date | null {
  const ms = date?.getTime();
  if (ms === undefined || !Number.isFinite(ms) || ms < EARLIEST_TIME || ms >= LATEST_TIME) return null;
  const years = written ? [...written.matchAll(WRITTEN_YEAR)].map((m) => Number(m[0])) : [];
  const year = date!.getUTCFullYear();
  return years.length === 0 || years.some((y) => Math.abs(y - year) <= 1) ? date! : null;
}

/**
 * What one received mail records: for a forward whose original header block can be read, the
 * original conversation (author, recipients, date, subject) with the forwarder kept as a possible
 * team member; otherwise the mail itself. A mail BCC'd to the intake needs nothing special: its
 * From, To and Cc are the conversation. `intakeAddresses` are left out of the participants.
 */
export function describeMail(mail: ReceivedMail, intakeAddresses: ReadonlySet<string> = new Set()): MailTouch {
  const subject = cleanText(mail.subject).trim();
  const text = cleanText(mail.text).trim();
  const forwarded = findForwardedHeader(text, subject);
  const author = forwarded?.from ?? mail.from ?? mail.envelopeFrom;
  const to = forwarded ? forwarded.to : mail.to;
  const cc = forwarded ? forwarded.cc : mail.cc;
  const notIntake = (email: string) => !intakeAddresses.has(email) && tokenFromAddress(email) === null;
  const participants = [...new Set([...(author ? [author] : []), ...to, ...cc])].filter(notIntake);
  const forwardedBy = forwarded ? (mail.from ?? mail.envelopeFrom) : null;
  const originalDate = forwarded?.date && forwarded.date.getTime() <= mail.receivedAt.getTime() + 86_400_000 ? forwarded.date : null;
  const occurredAt = originalDate ?? trustedDate(mail.date) ?? mail.receivedAt;
  const originalSubject = forwarded?.subject ? cleanText(forwarded.subject).trim() : subject.replace(FORWARD_SUBJECT, '');
  const candidates = [author, mail.from, mail.envelopeFrom, forwardedBy, ...to, ...cc, ...mail.to, ...mail.cc].filter((e): e is string => !!e && notIntake(e));
  return {
    messageId: normalizeMessageId(mail.messageId, mail.raw),
    from: author,
    to,
    cc,
    subject: (forwarded ? originalSubject : subject).slice(0, SUBJECT_LIMIT),
    summary: text.slice(0, SUMMARY_LIMIT).trim(),
    body: text.slice(0, BODY_LIMIT),
    occurredAt,
    forwardedBy,
    participants,
    memberCandidates: [...new Set(candidates)],
  };
}
