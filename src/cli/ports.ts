import { createServer } from 'node:net';
import { AppError } from '../platform/errors.js';

/** A port `serve` listens on, and how a person chooses another one. */
export interface PortUse {
  host: string;
  port: number;
  /** What listens there, for the message: "Rapport" or "The mail intake (SMTP)". */
  what: string;
  /** How to choose another: "--port 4001 (or PORT=4001)". */
  instead: string;
}

/**
 * What a failed listen means to the person who ran `rapport serve`, as an AppError (exit code and
 * no stack trace), or undefined for an error that is not about the address.
 */
export function listenFailure(error: unknown, use: PortUse): AppError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const where = `port ${use.port} on ${use.host}`;
  if (code === 'EADDRINUSE') {
    return new AppError('conflict', `${use.what} cannot start: ${where} is already in use (another Rapport, or another program). Stop it, or choose another port: ${use.instead}.`);
  }
  if (code === 'EACCES') {
    return new AppError('forbidden', `${use.what} cannot start: ${where} needs more rights than this user has (ports below 1024 usually do). Choose another port: ${use.instead}.`);
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AppError('invalid_input', `${use.what} cannot start: ${use.host} is not an address of this machine. Choose another with --host (or HOST), e.g. 127.0.0.1 or 0.0.0.0.`);
  }
  return undefined;
}

/**
 * Fails with `listenFailure`'s message when the port cannot be listened on now. `serve` asks before
 * it opens the database: on a first start it would otherwise seed the demo, print nothing, fail on
 * the port with a stack trace and keep running (the database and job workers were open), and the
 * demo's generated password, shown only at first start, was never seen.
 */
export async function assertPortFree(use: PortUse): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(listenFailure(error, use) ?? error));
    probe.listen({ host: use.host, port: use.port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
