import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import type { Deps } from '../platform/deps.js';
import type { Logger } from '../platform/logger.js';
import { intakeRepo } from './repo.js';
import { addressesIn, describeMail, tokenFromAddress, trustedDate, type ReceivedMail } from './mail.js';
import { receiveMail } from './receive-mail.js';

/** The largest message the intake takes (advertised as SIZE; larger ones get 552). */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Recipients per message: a BCC to the intake needs one; more than this is not a team member's mail. */
const MAX_RECIPIENTS = 20;

export interface MailIntakeOptions {
  deps: Deps;
  logger: Logger;
  host: string;
  /** 0 picks a free port (tests); read the chosen one from `port` of the answer. */
  port: number;
  /** Our name in the greeting (RAPPORT_MAIL_DOMAIN). */
  name?: string;
  maxMessageBytes?: number;
}

export interface MailIntake {
  host: string;
  port: number;
  /** Stops taking connections and waits for messages being stored to finish. */
  close(): Promise<void>;
}

/** An SMTP reply to give instead of 250: smtp-server sends `responseCode` and the message. */
class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}
const smtpError = (responseCode: number, message: string): SmtpReply => new SmtpReply(responseCode, message);

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const emails = list.flatMap((o) => o.value.flatMap((a) => [a.address, ...(a.group ?? []).map((g) => g.address)]));
  return [...new Set(emails.filter((e): e is string => typeof e === 'string' && e.includes('@')).map((e) => e.toLowerCase()))];
}

/**
 * The SMTP intake: an authless SMTP server that takes mail for workspaces' secret intake addresses
 * (`log+<token>@…` or `<token>@…`) and logs it (receive-mail.ts). An unknown address is refused at
 * RCPT (550); a message over the size limit with 552; a message is acknowledged (250) only after
 * it is committed, and a database failure answers 451 so the sender tries again later.
 * No AUTH (the token is the credential) and no STARTTLS (see docs/decisions/0008-mail-intake.md).
 */
export async function startMailIntake(options: MailIntakeOptions): Promise<MailIntake> {
  const { deps, logger } = options;
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };

  async function workspacesOf(addresses: readonly string[]): Promise<Map<string, string>> {
    const tokens = addresses.map(tokenFromAddress).filter((t): t is string => t !== null);
    return intakeRepo(deps.db).workspacesByToken(tokens);
  }

  function onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const token = tokenFromAddress(address.address);
    if (!token) return callback(smtpError(550, '5.1.1 No such mailbox here'));
    track(workspacesOf([address.address]))
      .then((found) => callback(found.has(token) ? null : smtpError(550, '5.1.1 No such mailbox here')))
      .catch((error: unknown) => {
        logger.warn({ err: error, session: session.id }, 'mail intake: looking up a recipient failed');
        callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
      });
  }

  async function store(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const recipients = session.envelope.rcptTo.map((r) => r.address);
    const workspaces = await workspacesOf(recipients);
    const workspaceIds = [...new Set(workspaces.values())];
    // The address was rotated between RCPT and the end of DATA: nobody left to deliver to.
    if (workspaceIds.length === 0) throw smtpError(550, '5.1.1 No such mailbox here');
    let parsed;
    try {
      parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    } catch (error) {
      logger.info({ err: error, session: session.id }, 'mail intake: unreadable message');
      throw smtpError(554, '5.6.0 The message could not be read');
    }
    const mailFrom = session.envelope.mailFrom;
    const received: ReceivedMail = {
      messageId: parsed.messageId ?? null,
      from: addressesOf(parsed.from)[0] ?? null,
      to: addressesOf(parsed.to),
      cc: addressesOf(parsed.cc),
      envelopeFrom: mailFrom && mailFrom.address ? (addressesIn(mailFrom.address)[0] ?? null) : null,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      // As written: a parser reads "0050" as 1950 (trustedDate).
      date: trustedDate(parsed.date, parsed.headerLines.find((h) => h.key === 'date')?.line),
      receivedAt: deps.clock.now(),
      raw,
    };
    const mail = describeMail(received, new Set(recipients.map((r) => r.toLowerCase())));
    const outcomes = await receiveMail(deps, { workspaceIds, mail });
    logger.info({ session: session.id, messageId: mail.messageId, outcomes }, 'mail intake: message stored');
    return `2.0.0 OK: ${outcomes.map((o) => o.outcome).join(', ')}`;
  }

  function onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): void {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let answered = false;
    const answer = (error: Error | null, message?: string) => {
      if (answered) return;
      answered = true;
      callback(error, message);
    };
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // Past the limit the rest is only counted: the server answers 552 at the end.
      if (bytes <= maxBytes) chunks.push(chunk);
    });
    stream.on('error', (error) => {
      logger.warn({ err: error, session: session.id }, 'mail intake: message stream failed');
      answer(smtpError(451, '4.3.0 Temporary failure, try again later'));
    });
    stream.on('end', () => {
      if (stream.sizeExceeded || bytes > maxBytes) return answer(smtpError(552, `5.3.4 Message too big: the limit is ${maxBytes} bytes`));
      // Nothing is acknowledged before it is committed: the answer waits for the transaction.
      track(store(Buffer.concat(chunks), session))
        .then((message) => answer(null, message))
        .catch((error: unknown) => {
          if (error instanceof SmtpReply) return answer(error);
          logger.warn({ err: error, session: session.id }, 'mail intake: storing a message failed');
          answer(smtpError(451, '4.3.0 Temporary failure, try again later'));
        });
    });
  }

  const server = new SMTPServer({
    name: options.name ?? 'localhost',
    banner: 'Rapport mail intake',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    rejectOversized: true,
    maxRecipients: MAX_RECIPIENTS,
    maxClients: 200,
    closeTimeout: 5_000,
    disableReverseLookup: true,
    logger: false,
    onRcptTo,
    onData,
  });
  server.on('error', (error) => logger.warn({ err: error }, 'mail intake: connection error'));

  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.server.off('error', fail);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  logger.info({ host: options.host, port: address.port }, 'mail intake listening');

  return {
    host: options.host,
    port: address.port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
    },
  };
}
